import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseSoql, standinSession, startSalesforceStandin, type SalesforceStandin } from '../../../test/standins/salesforce';
import { CrmApiError } from '../http';
import { SalesforceAdapter } from './adapter';
import { apiName, containsPattern, eq, inList, like, literal, select } from './soql';

const NASTY = ["O'Brien", 'back\\slash', "x' OR Name != '", "\\' OR Id > '", 'quote"s', 'tab\tnew\nline\rcr', '100%_done', "'; DELETE FROM Contact --", 'ünï©ødé 😀'];

describe('SOQL literals', () => {
  it('escape backslashes first, then quotes and control characters, as the SOQL reference lists', () => {
    expect(literal("O'Brien")).toBe("'O\\'Brien'");
    expect(literal('a\\b')).toBe("'a\\\\b'");
    expect(literal("\\'")).toBe("'\\\\\\''");
    expect(literal('say "hi"\n')).toBe("'say \\\"hi\\\"\\n'");
    expect(literal('bell\u0007gone')).toBe("'bellgone'");
  });

  it.each(NASTY)('a value always parses back as one literal equal to itself: %j', (value) => {
    const where = parseSoql(select({ fields: ['Id'], from: 'Contact', where: [eq('Email', value)] })).where;
    expect(where).toEqual({ kind: 'cmp', field: 'Email', op: '=', value });
    expect(parseSoql(select({ fields: ['Id'], from: 'Contact', where: [inList('Email', [value, 'b'])] })).where).toMatchObject({ kind: 'in', values: [value, 'b'] });
  });

  it('LIKE patterns escape their own wildcards, so "100%" matches only a literal percent sign', () => {
    expect(containsPattern('100%_done')).toBe("'%100\\%\\_done%'");
    expect(parseSoql(select({ fields: ['Id'], from: 'Account', where: [like('Name', '100%')] })).where).toEqual({ kind: 'cmp', field: 'Name', op: 'LIKE', value: '%100\\%%' });
  });

  it('the stand-in parses only the SOQL the adapter writes and refuses the rest', () => {
    const refused = ["SELECT Id FROM Contact WHERE Name != 'x'", "SELECT Id FROM Contact WHERE A = 'x' AND B = 'y' OR C = 'z'", "SELECT Id FROM Contact WHERE Name = 'a\\qb'", 'SELECT Id FROM Contact; DELETE', "SELECT Id FROM Contact WHERE Name = 'open"];
    for (const q of refused) expect(() => parseSoql(q), q).toThrow();
  });

  it('field and object names from configuration must be API names', () => {
    expect(apiName('Countersign_Score__c')).toBe('Countersign_Score__c');
    for (const bad of ['Name FROM User --', "Email'", 'a b', '', '1abc']) expect(() => apiName(bad)).toThrow(CrmApiError);
    expect(() => new SalesforceAdapter({ auth: { headers: async () => ({}), instanceUrl: async () => '', refresh: async () => {} }, mapping: { contact: { email: 'Email) OR (Id' } } })).toThrow(/not a Salesforce API name/);
  });
});

describe('SOQL injection through search values', () => {
  let sf: SalesforceStandin;
  beforeEach(async () => {
    sf = await startSalesforceStandin();
    sf.seed('Contact', { FirstName: 'Ann', LastName: 'Lee', Email: 'ann@acme.test' });
    sf.seed('Contact', { FirstName: 'Bob', LastName: "O'Brien", Email: 'bob@acme.test' });
    sf.seed('Account', { Name: 'Acme', Website: 'https://www.acme.test' });
  });
  afterEach(async () => {
    expect(sf.takeViolations()).toEqual([]);
    await sf.close();
  });
  const adapter = () => new SalesforceAdapter({ auth: standinSession(sf).session });
  const lastWhere = () => sf.requests.filter((r) => r.soql).at(-1)!.soql!.where;

  it('a name that tries to close the quote and add OR matches nothing and stays one value', async () => {
    const attack = "x' OR LastName != '";
    expect(await adapter().search('contact', { name: attack })).toEqual([]);
    // Several words: first name LIKE the first, last name LIKE the last; each quote stays inside its literal.
    expect(lastWhere()).toEqual({
      kind: 'and',
      parts: [
        { kind: 'cmp', field: 'FirstName', op: 'LIKE', value: "%x'%" },
        { kind: 'cmp', field: 'LastName', op: 'LIKE', value: "%'%" },
      ],
    });
  });

  it('an email with a quote, a backslash and OR is compared as the whole string', async () => {
    for (const attack of ["ann@acme.test' OR Email != '", "\\' OR Id > '"]) {
      expect(await adapter().search('contact', { email: attack })).toEqual([]);
      expect(lastWhere()).toEqual({ kind: 'cmp', field: 'Email', op: '=', value: attack });
    }
  });

  it('a real apostrophe still finds its record', async () => {
    const found = await adapter().search('contact', { name: "O'Brien" });
    expect(found.map((c) => c.lastName)).toEqual(["O'Brien"]);
  });

  it('a domain with wildcards and quotes neither widens the match nor escapes the literal', async () => {
    expect(await adapter().search('company', { domain: "%' OR Name != '" })).toEqual([]);
    expect(await adapter().search('company', { domain: '_cme.test' })).toEqual([]);
    expect((await adapter().search('company', { domain: 'acme.test' })).map((c) => c.domain)).toEqual(['acme.test']);
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import { fault, standinSession } from '../../../test/standins/salesforce';
import { syncRecords } from '../batch-sync';
import type { Upsert } from '../model';
import { SalesforceAdapter, type SalesforceAdapterOptions } from './adapter';
import { waves } from './batch';
import { salesforceSuite } from '../../../test/salesforce-suite';

const sf = salesforceSuite();
const waits: number[] = [];
const adapter = (opts: Partial<SalesforceAdapterOptions> = {}) => new SalesforceAdapter({ auth: standinSession(sf()).session, sleep: async (ms) => void waits.push(ms), ...opts });
const byExternalId = () => adapter({ externalIdFields: { contact: 'Email_Key__c', company: 'Domain_Key__c' } });
const leads = (n: number, from = 0): Upsert<'contact'>[] => Array.from({ length: n }, (_, i) => ({ patch: { email: `lead${from + i}@example.com`, firstName: `Lead`, lastName: `No ${from + i}` } }));
const calls = (method: string, path: RegExp) => sf().requests.filter((r) => r.method === method && path.test(r.path));
const sizes = (method: string, path: RegExp) => calls(method, path).map((r) => (r.body as { records: unknown[] }).records.length);
const UPSERT = { method: 'PATCH', path: /\/composite\/sobjects\/Contact\/Email_Key__c$/ };
const CREATE = { method: 'POST', path: /\/composite\/sobjects$/ };
const UPDATE = { method: 'PATCH', path: /\/composite\/sobjects$/ };

/** The stand-in holds exactly the inputs' emails, once each, and every result points at its own record. */
function expectExactly(results: { index: number; ok: boolean; id?: string }[], n: number) {
  const contacts = sf().all('Contact');
  expect(contacts).toHaveLength(n);
  expect(new Set(contacts.map((c) => String(c.Email).toLowerCase())).size).toBe(n);
  const emailOf = new Map(contacts.map((c) => [c.Id, c.Email]));
  expect(results).toHaveLength(n);
  results.forEach((r, i) => {
    expect(r).toMatchObject({ index: i, ok: true });
    expect(emailOf.get(r.id!)).toBe(`lead${i}@example.com`);
  });
}

beforeEach(async () => {
  waits.length = 0;
});

describe('Salesforce batches through sObject Collections', () => {
  it('450 upserts by external id go out as 3 collection calls of 200, 200 and 50', async () => {
    const res = await byExternalId().batchUpsert('contact', leads(450));
    expect(sizes('PATCH', UPSERT.path)).toEqual([200, 200, 50]);
    expect(calls('PATCH', UPSERT.path).every((r) => (r.body as { allOrNone: boolean }).allOrNone === false)).toBe(true);
    expect(res.results.every((r) => r.ok && r.created)).toBe(true);
    expectExactly(res.results, 450);
    expect(sf().all('Contact')[0]).toMatchObject({ Email: 'lead0@example.com', Email_Key__c: 'lead0@example.com' });
  });

  it('450 upserts without an external id: looked up by email, created in 200/200/50; a second run updates the same 450', async () => {
    const first = await adapter().batchUpsert('contact', leads(450));
    expect(sizes('POST', CREATE.path)).toEqual([200, 200, 50]);
    expectExactly(first.results, 450);
    sf().requests.length = 0;
    const again = await adapter().batchUpsert('contact', leads(450).map((l) => ({ patch: { ...l.patch, email: l.patch.email!.toUpperCase(), title: 'VP' } })));
    expect(sizes('POST', CREATE.path)).toEqual([]);
    expect(sizes('PATCH', UPDATE.path)).toEqual([200, 200, 50]);
    expect(again.results.every((r) => r.ok && !r.created)).toBe(true);
    expect(sf().all('Contact')).toHaveLength(450);
    expect(sf().all('Contact').every((c) => c.Title === 'VP')).toBe(true);
  });

  it('batchUpdate by id goes in waves of 200 and reports an unknown id at its own index', async () => {
    const ids = Array.from({ length: 250 }, (_, i) => sf().seed('Contact', { LastName: `L${i}` }).Id);
    const items = ids.map((id) => ({ id, patch: { title: 'CEO' } }));
    items[17] = { id: '003000000000000AAA', patch: { title: 'CEO' } };
    items[201] = { id: 'not-an-id', patch: { title: 'CEO' } };
    const res = await adapter().batchUpdate('contact', items);
    expect(sizes('PATCH', UPDATE.path)).toEqual([200, 49]);
    expect(res.results.filter((r) => !r.ok)).toEqual([
      { index: 17, ok: false, retryable: false, error: 'invalid cross reference id (INVALID_CROSS_REFERENCE_KEY)' },
      { index: 201, ok: false, retryable: false, error: '"not-an-id" is not a Salesforce record id.' },
    ]);
    expect(res.results).toHaveLength(250);
  });

  it.each([
    ['by external id', byExternalId],
    ['by lookup', () => adapter()],
  ])('per-record failures (%s) land on the right input indices while the rest are written', async (_name, make) => {
    const items = leads(10);
    items[3] = { patch: { email: 'not-an-email', lastName: 'Bad' } };
    items[7] = { patch: { email: 'nolast@example.com', firstName: 'No last name' } };
    items[8] = { patch: { email: 'lead8@example.com', lastName: 'L8', properties: { Shoe_Size__c: '44' } } };
    const res = await make().batchUpsert('contact', items);
    expect(res.results.filter((r) => !r.ok)).toEqual([
      { index: 3, ok: false, retryable: false, error: 'Email: invalid email address: not-an-email (INVALID_EMAIL_ADDRESS: Email)' },
      { index: 7, ok: false, retryable: false, error: 'Required fields are missing: [LastName] (REQUIRED_FIELD_MISSING: LastName)' },
      { index: 8, ok: false, retryable: false, error: "No such column 'Shoe_Size__c' on sobject of type Contact (INVALID_FIELD: Shoe_Size__c)" },
    ]);
    const emailOf = new Map(sf().all('Contact').map((c) => [c.Id, c.Email]));
    for (const r of res.results) if (r.ok) expect(emailOf.get(r.id)).toBe(`lead${r.index}@example.com`);
    expect(sf().all('Contact')).toHaveLength(7);
  });

  it.each([
    ['by external id', byExternalId],
    ['by lookup', () => adapter()],
  ])('the same email twice in one call (%s) is one record, written in input order', async (_name, make) => {
    const res = await make().batchUpsert('contact', [{ patch: { email: 'a@x.test', lastName: 'Lee' } }, { patch: { email: 'A@X.test', lastName: 'Lee-Ng', title: 'CTO' } }]);
    expect(res.results.map((r) => r.ok && r.created)).toEqual([true, false]);
    expect(sf().all('Contact').map((c) => [c.LastName, c.Title])).toEqual([['Lee-Ng', 'CTO']]);
  });

  it('companies match on the host of Website; a matched Website keeps its own spelling', async () => {
    const acme = sf().seed('Account', { Name: 'Acme', Website: 'https://www.acme.test/' });
    const res = await adapter().batchUpsert('company', [{ patch: { domain: 'ACME.test', industry: 'Software' } }, { patch: { name: 'Globex', domain: 'http://globex.test/x' } }]);
    expect(res.results).toMatchObject([{ ok: true, id: acme.Id, created: false }, { ok: true, created: true }]);
    expect(sf().all('Account').map((a) => [a.Name, a.Website, a.Industry])).toEqual([['Acme', 'https://www.acme.test/', 'Software'], ['Globex', 'globex.test', null]]);
  });

  it('waves never put one key twice in a request and keep each key in input order', () => {
    const entries = ['a', 'b', 'a', null, 'a', 'c'].map((key, i) => ({ key, i }));
    expect(waves(entries, 2).map((w) => w.map((e) => e.i))).toEqual([[0, 1], [2, 3], [4, 5]]);
  });
});

describe('Salesforce batches under rate limits and outages', () => {
  it('a REQUEST_LIMIT_EXCEEDED storm and a 5xx burst during a 1,000-record upsert by external id lose and duplicate nothing', async () => {
    sf().inject(
      UPSERT,
      fault.requestLimit(), fault.requestLimit(), fault.requestLimit(), fault.pass(), // batch 1: 403 limit, waited out
      fault.pass(), // batch 2
      fault.serverError(502, true), fault.serverError(503, true), fault.pass(), // batch 3: applied, answers lost; repeated (idempotent)
      ...Array.from({ length: 6 }, () => fault.requestLimit()), // batch 4: outlasts the HTTP layer's attempts
      ...Array.from({ length: 6 }, () => fault.serverError(500, true)), // batch 5: applied six times, never acknowledged
    );
    const report = await syncRecords(byExternalId(), 'contact', leads(1000), { sleep: async () => {} });
    expectExactly(report.results, 1000);
    expect(report.rounds).toBe(2);
    const statuses = calls('PATCH', UPSERT.path).map((r) => r.status);
    expect(statuses.filter((s) => s === 403)).toHaveLength(9);
    expect(statuses.filter((s) => s >= 500)).toHaveLength(8);
    expect(waits.slice(0, 3)).toEqual([1000, 2000, 4000]);
  });

  it('the same storm and burst without an external id (look up, then create) lose and duplicate nothing', async () => {
    sf().inject({ method: 'GET', path: /\/query$/ }, fault.serverError(502), fault.serverError(503)); // lookups are reads: retried
    sf().inject(
      CREATE,
      fault.requestLimit(), fault.requestLimit(), fault.pass(), // batch 1: waited out (Salesforce did not act, so a create may repeat)
      fault.serverError(502, true), // batch 2: created, answer lost; not repeated blindly
      fault.pass(), // batch 3
      ...Array.from({ length: 6 }, () => fault.requestLimit()), // batch 4: outlasts the attempts
      fault.serverError(500), // batch 5: refused before acting
    );
    const report = await syncRecords(adapter(), 'contact', leads(1000), { sleep: async () => {} });
    expectExactly(report.results, 1000);
    expect(report.rounds).toBe(2);
    // Round 2 found batch 2's records by email and updated them instead of creating them again.
    expect(report.results.filter((r) => r.ok && !r.created)).toHaveLength(200);
    expect(report.results.slice(200, 400).every((r) => r.ok && !r.created)).toBe(true);
  });

  it('a deal create (no natural key) whose answer is lost is reported, not repeated, so no duplicate appears', async () => {
    const deals: Upsert<'deal'>[] = [1, 2, 3].map((i) => ({ patch: { name: `Deal ${i}`, stageId: 'Prospecting', closeDate: '2030-01-01' } }));
    sf().inject(CREATE, fault.serverError(504, true));
    const report = await syncRecords(adapter(), 'deal', deals, { sleep: async () => {} });
    expect(report.rounds).toBe(1);
    expect(report.results.every((r) => !r.ok && !r.retryable && /may have created this record/.test(r.error))).toBe(true);
    expect(sf().all('Opportunity')).toHaveLength(3);
    expect(calls('POST', CREATE.path)).toHaveLength(1);
  });

  it('a sign-in refused mid-batch keeps the results of what was already written and makes no further call', async () => {
    const deals: Upsert<'deal'>[] = Array.from({ length: 250 }, (_, i) => ({ patch: { name: `Deal ${i}`, stageId: 'Prospecting', closeDate: '2030-01-01' } }));
    sf().inject(CREATE, fault.pass(), fault.invalidSession(), fault.invalidSession());
    const res = await adapter().batchUpsert('deal', deals);
    expect(res.results.slice(0, 200).every((r) => r.ok && r.created)).toBe(true);
    expect(res.results.slice(200).every((r) => !r.ok && !r.retryable && /reconnect Salesforce/.test(r.error))).toBe(true);
    expect(sf().all('Opportunity')).toHaveLength(200);
    expect(calls('POST', CREATE.path).map((r) => r.status)).toEqual([200, 401, 401]);
  });

  it('a deal create refused for API limits is repeated and made once', async () => {
    sf().inject(CREATE, fault.requestLimit(), fault.requestLimit());
    const res = await adapter().batchUpsert('deal', [{ patch: { name: 'Deal', stageId: 'Prospecting', closeDate: '2030-01-01', amount: 100 } }]);
    expect(res.results).toMatchObject([{ ok: true, created: true }]);
    expect(sf().all('Opportunity')).toHaveLength(1);
    expect(calls('POST', CREATE.path).map((r) => r.status)).toEqual([403, 403, 200]);
  });
});

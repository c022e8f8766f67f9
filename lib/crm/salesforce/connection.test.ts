import { beforeEach, describe, expect, it } from 'vitest';
import { fault, standinSession } from '../../../test/standins/salesforce';
import { SalesforceAdapter, type SalesforceAdapterOptions } from './adapter';
import { salesforceSuite } from '../../../test/salesforce-suite';

const sf = salesforceSuite();
let clock = Date.parse('2030-01-01T00:00:00Z');
const adapter = (opts: Partial<SalesforceAdapterOptions> = {}) =>
  new SalesforceAdapter({ auth: standinSession(sf()).session, sleep: async () => {}, rateLimits: { now: () => clock }, ...opts });

beforeEach(async () => {
  clock = Date.parse('2030-01-01T00:00:00Z');
});

describe('Salesforce test connection', () => {
  it('reports who is connected, read and write permission, and API requests left, without writing anything', async () => {
    sf().daily.used = 41_000;
    const checks = await adapter().checkConnection();
    expect(checks).toEqual([
      { operation: 'auth', ok: true, detail: 'Connected as rep@example.com (org 00D5g000000StandEAA).' },
      { operation: 'read', ok: true, detail: 'Contacts, accounts and opportunities can be read.' },
      { operation: 'write', ok: true, detail: 'The connected user may create and edit contacts, accounts and opportunities.' },
      { operation: 'rate limit', ok: true, detail: '58,992 of 100,000 API requests left in the rolling 24 hours.' },
    ]);
    expect(sf().requests.every((r) => r.method === 'GET')).toBe(true);
    expect(sf().requests.map((r) => r.path.replace('/services/data/v62.0', ''))).toContain('/limits');
  });

  it('names the object the user may not write', async () => {
    sf().permissions.Opportunity = { createable: false, updateable: true };
    const write = (await adapter().checkConnection()).find((c) => c.operation === 'write');
    expect(write).toEqual({ operation: 'write', ok: false, detail: 'Can write: Contact, Account; cannot create Opportunity. Ask your Salesforce admin for these permissions.' });
  });

  it('without permission to read /limits, headroom comes from the Sforce-Limit-Info header', async () => {
    sf().limitsForbidden = true;
    sf().daily.used = 99_000;
    const checks = await adapter().checkConnection();
    expect(checks.at(-1)).toEqual({ operation: 'rate limit', ok: true, detail: '992 of 100,000 API requests left in the rolling 24 hours.' });
  });

  it('a sign-in that cannot be renewed fails auth and leaves the rest unchecked', async () => {
    const crm = adapter();
    sf().expireAccessToken();
    sf().refreshToken = 'revoked';
    const checks = await crm.checkConnection();
    expect(checks.map((c) => [c.operation, c.ok])).toEqual([['auth', false], ['read', false], ['write', false], ['rate limit', true]]);
    expect(checks[0]!.detail).toMatch(/reconnect Salesforce/);
  });
});

describe('Salesforce API limits', () => {
  it('tracks usage from the Sforce-Limit-Info header of every answer', async () => {
    const crm = adapter();
    sf().daily.used = 1234;
    await crm.search('contact', { email: 'a@b.test' });
    expect(crm.client.limits.headroom().daily).toEqual({ used: 1235, max: 100_000, remaining: 98_765 });
  });

  it('a short REQUEST_LIMIT_EXCEEDED (HTTP 403) is waited out with backoff, then the call goes through', async () => {
    const waits: number[] = [];
    sf().inject({ path: /\/query$/ }, fault.requestLimit(), fault.requestLimit());
    expect(await adapter({ sleep: async (ms) => void waits.push(ms) }).search('contact', { email: 'a@b.test' })).toEqual([]);
    expect(waits).toEqual([1000, 2000]);
  });

  it('the 24-hour limit is not slept through: a retryable error, then no calls until the probe time', async () => {
    const crm = adapter();
    sf().inject({ path: /\/query$/ }, fault.dailyLimit());
    await expect(crm.search('contact', { email: 'a@b.test' })).rejects.toMatchObject({ kind: 'rate_limit', retryable: true, userMessage: expect.stringMatching(/API request limit for this org is used up.*2030-01-01T01:00:00.000Z/) });
    const sent = sf().requests.length;
    await expect(crm.get('contact', '003000000000000AAA')).rejects.toMatchObject({ kind: 'rate_limit' });
    const check = await crm.checkConnection();
    expect(check.at(-1)).toEqual({ operation: 'rate limit', ok: false, detail: "The org's API request limit is used up; calls resume after 2030-01-01T01:00:00.000Z." });
    expect(sf().requests.length).toBe(sent);
    clock += 3_600_001;
    expect(await crm.get('contact', '003000000000000AAA')).toBeNull();
  });

  it('a batch caught by the 24-hour limit keeps every item, reported retryable', async () => {
    sf().inject({ method: 'POST', path: /\/composite\/sobjects$/ }, fault.dailyLimit());
    const res = await adapter().batchUpsert('deal', [1, 2].map((i) => ({ patch: { name: `D${i}`, stageId: 'Prospecting', closeDate: '2030-01-01' } })));
    expect(res.results).toEqual([0, 1].map((index) => ({ index, ok: false, retryable: true, error: expect.stringMatching(/keeps every pending change/) })));
    expect(sf().all('Opportunity')).toEqual([]);
  });
});

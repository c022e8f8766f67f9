import { describe, expect, it } from 'vitest';
import { pipedriveContract } from '../../../test/pipedrive-contract';
import { syncRecords } from '../batch-sync';
import { CrmApiError } from '../http';
import { PipedriveAdapter, pipedriveAuth } from './adapter';

// Scripted failures, still through Prism: the adapter's requests and the stand-in's answers
// (429s, 5xx, 401, odd bodies) are held to Pipedrive's specs; only statuses the specs do not
// declare are excused, and only for answers the stand-in marks as injected.
const contract = pipedriveContract();

const waits: number[] = [];
const connect = (token?: string) =>
  new PipedriveAdapter({
    baseUrl: 'https://api.pipedrive.com',
    auth: async () => pipedriveAuth({ apiToken: token ?? contract.current.standin.token }),
    fetch: contract.current.fetch,
    sleep: async (ms) => {
      waits.push(ms);
    },
  });

describe('Pipedrive contract checks fail closed', () => {
  it('a request the spec forbids is reported by Prism through the same wiring', async () => {
    const res = await contract.current.fetch('https://api.pipedrive.com/api/v2/persons?limit=lots&sort_by=name', { headers: { 'x-api-token': contract.current.standin.token } });
    expect(res.status).toBe(200);
    const found = contract.current.violations.splice(0);
    expect(found.map((v) => v.location.join('.'))).toEqual(expect.arrayContaining(['request.query.limit', 'request.query.sort_by']));
    await contract.current.fetch('https://api.pipedrive.com/v1/persons/1/merge', { method: 'PUT', headers: { 'x-api-token': contract.current.standin.token, 'content-type': 'application/json' }, body: '{}' });
    expect(contract.current.violations.splice(0).map((v) => v.message)).toEqual(expect.arrayContaining([expect.stringMatching(/merge_with_id/)]));
  });

  it('an answer the spec forbids is reported too, so the stand-in is held to the contract', async () => {
    contract.current.standin.failOn(() => true, { status: 200, body: { success: true, data: [{ id: 1, name: 'Lee', org_id: null, emails: 'lee@example.com' }], additional_data: { next_cursor: null } } });
    await connect().list('contact').catch(() => undefined);
    expect(contract.current.violations.splice(0).map((v) => v.location.join('.'))).toEqual(
      expect.arrayContaining(['response.body.data.0.org_id', 'response.body.data.0.emails', 'response.body.additional_data.next_cursor']),
    );
  });
});

describe('Pipedrive adapter under rate limits and failures', () => {
  it('waits out a 429 as Retry-After says, and by x-ratelimit-reset when there is none', async () => {
    waits.length = 0;
    contract.current.standin.seed('persons', { name: 'Rae', emails: [{ value: 'rae@example.com', primary: true, label: 'work' }] });
    contract.current.standin.failNext({ status: 429, headers: { 'retry-after': '3' } }, { status: 429, headers: { 'retry-after': '', 'x-ratelimit-reset': '1' } });
    expect(await connect().search('contact', { email: 'rae@example.com' })).toHaveLength(1);
    expect(waits).toEqual([3000, 1000]);
  });

  it('retries reads through a 5xx burst with backoff', async () => {
    waits.length = 0;
    contract.current.standin.failNext({ status: 502 }, { status: 503 }, { status: 500 });
    expect((await connect().list('company')).items).toEqual([]);
    expect(waits).toEqual([500, 1000, 2000]);
  });

  it('a create whose 503 hid a success is found by the list endpoint, not made twice', async () => {
    contract.current.standin.failOn((req) => req.method === 'POST', { status: 503, afterCommit: true });
    const { results } = await connect().batchUpsert('contact', [{ patch: { email: 'once@example.com', firstName: 'Once' } }]);
    expect(results).toEqual([{ index: 0, ok: true, id: expect.any(String), created: true }]);
    expect(contract.current.standin.tables.persons.size).toBe(1);
    const check = contract.current.standin.requests.at(-1);
    expect(check).toMatchObject({ method: 'GET', path: '/persons' });
    expect(Object.fromEntries(check?.query ?? [])).toMatchObject({ sort_by: 'update_time', sort_direction: 'desc', updated_since: expect.stringMatching(/Z$/) });
  });

  it('an unkeyed deal create that failed with a 5xx is not retried blindly', async () => {
    contract.current.standin.faults = (req) => (req.method === 'POST' ? { status: 502 } : undefined);
    const { results } = await connect().batchUpsert('deal', [{ patch: { name: 'Maybe made' } }]);
    expect(results).toEqual([{ index: 0, ok: false, error: expect.stringMatching(/may have been created anyway/), retryable: false }]);
  });

  it('401 asks the rep to reconnect; test connection says so and skips the rest', async () => {
    const error = await connect('revoked-token-000000').get('contact', '1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmApiError);
    expect(error).toMatchObject({ kind: 'auth', retryable: false, userMessage: 'Pipedrive sign-in expired or was revoked: reconnect Pipedrive in Countersign settings.' });
    expect(String((error as Error).message)).not.toContain('revoked-token-000000');
    const checks = await connect('revoked-token-000000').checkConnection();
    expect(checks.slice(0, 3)).toEqual([
      { operation: 'auth', ok: false, detail: expect.stringMatching(/reconnect Pipedrive/) },
      { operation: 'read', ok: false, detail: 'Not checked: sign-in failed.' },
      { operation: 'write', ok: false, detail: 'Not checked: sign-in failed.' },
    ]);
  });

  it('an answer missing a field gives an error naming it', async () => {
    const person = contract.current.standin.seed('persons', { name: 'Ghost' });
    contract.current.standin.failNext({ status: 200, body: { success: true, data: { name: 'Ghost' } } });
    await expect(connect().get('contact', String(person.id))).rejects.toMatchObject({ kind: 'invalid_response', userMessage: expect.stringMatching(/\(data\.id: .*expected number/i) });
    contract.current.standin.failOn((req) => req.path === '/stages', { status: 200, body: { success: true, data: [{ id: 1, name: 'Qualified', pipeline_id: 1 }] } });
    await expect(connect().pipelines()).rejects.toMatchObject({ kind: 'invalid_response', userMessage: expect.stringMatching(/data\[0\]\.order_nr/) });
  });

  it('a 429 storm and a 5xx burst during a sync lose and duplicate nothing (through Prism)', async () => {
    let n = 0;
    contract.current.standin.faults = (req) => {
      n += 1;
      if (n >= 20 && n < 30) return { status: 429 };
      if (n >= 50 && n < 56) return { status: 503, afterCommit: req.method === 'POST' };
      return n % 17 === 0 ? { status: 502, afterCommit: n % 2 === 0 } : undefined;
    };
    const items = Array.from({ length: 40 }, (_, i) => ({ patch: { email: `storm${i}@example.com`, firstName: `Storm${i}` } }));
    const report = await syncRecords(connect(), 'contact', items, { sleep: async () => {} });
    expect(report.results.map((r) => [r.index, r.ok])).toEqual(items.map((_, i) => [i, true]));
    const emails = [...contract.current.standin.tables.persons.values()].map((p) => (p.emails as { value: string }[])[0]?.value);
    expect(new Set(emails).size).toBe(40);
    expect(emails).toHaveLength(40);
  });
});

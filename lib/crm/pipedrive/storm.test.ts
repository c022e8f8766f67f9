import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../e2e/support/prism';
import { Upstream } from '../../../e2e/support/upstream';
import { PipedriveStandin, type Fault, type SeenRequest } from '../../../test/standins/pipedrive';
import { syncRecords } from '../batch-sync';
import { PipedriveAdapter, pipedriveAuth } from './adapter';

// 1,000 records make ~2,500 calls: this test talks to the stand-in over HTTP without Prism (Prism
// adds ~4 ms a call). The same fault mix runs through Prism, smaller, in errors.contract.test.ts.
let server: Upstream;
let baseUrl: string;
beforeAll(async () => {
  const port = await freePort();
  server = await Upstream.listen('pipedrive', port);
  baseUrl = `http://127.0.0.1:${port}`;
});
afterAll(() => server?.close());

/** A 429 storm longer than CrmHttp's attempts, a 5xx burst (half of the failed creates did happen), and scattered 502s. */
function faults() {
  const seen = { rateLimited: 0, failed: 0, hiddenCreates: 0 };
  let n = 0;
  let creates = 0;
  const pick = (req: SeenRequest): Fault | undefined => {
    n += 1;
    if (req.method === 'POST') creates += 1;
    if (n >= 300 && n < 340) return { status: 429, headers: { 'retry-after': '1' } };
    if (n >= 900 && n < 930) return { status: 503, afterCommit: req.method === 'POST' && creates % 2 === 0 };
    if (req.method === 'POST' && creates % 37 === 0) return { status: 502, afterCommit: creates % 74 === 0 };
    if (n % 97 === 0) return { status: 500 };
    return undefined;
  };
  const inject = (req: SeenRequest): Fault | undefined => {
    const fault = pick(req);
    if (fault?.status === 429) seen.rateLimited += 1;
    else if (fault) seen.failed += 1;
    if (fault?.afterCommit) seen.hiddenCreates += 1;
    return fault;
  };
  return { inject, seen };
}

describe('Pipedrive batch sync under fire', () => {
  it('a 429 storm and a 5xx burst during a 1,000-record upsert lose and duplicate nothing', async () => {
    const standin = new PipedriveStandin();
    const { inject, seen } = faults();
    standin.faults = inject;
    server.handler = standin.handle;
    const waits: number[] = [];
    const crm = new PipedriveAdapter({
      baseUrl,
      auth: async () => pipedriveAuth({ apiToken: standin.token }),
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    const items = Array.from({ length: 1000 }, (_, i) => ({ patch: { email: `lead${i}@example.com`, firstName: 'Lead', lastName: String(i) } }));
    const report = await syncRecords(crm, 'contact', items, { sleep: async () => {} });

    expect(report.results).toHaveLength(1000);
    expect(report.results.every((r, i) => r.index === i && r.ok)).toBe(true);
    const persons = [...standin.tables.persons.values()];
    const emails = persons.map((p) => (p.emails as { value: string }[])[0]?.value);
    expect(persons).toHaveLength(1000);
    expect(new Set(emails)).toEqual(new Set(items.map((i) => i.patch.email)));
    // The storm outlasted CrmHttp's attempts, so batch sync took a second round; waits came from Retry-After.
    expect(report.rounds).toBeGreaterThan(1);
    expect(waits).toContain(1000);
    expect(seen).toEqual({ rateLimited: 40, failed: expect.any(Number), hiddenCreates: expect.any(Number) });
    expect(seen.hiddenCreates).toBeGreaterThan(5);
  }, 60_000);
});

import { describe, expect, it } from 'vitest';
import { syncRecords } from './batch-sync';
import { CrmApiError } from './http';
import { LocalCrmAdapter } from './local/adapter';
import { openLocalCrmDb } from './local/db';
import type { CrmAdapter } from './model';

/** The local CRM behind an unreliable line: whole batches fail with 429s and 5xx bursts. */
function flaky(inner: CrmAdapter, failures: ('429' | '503' | 'partial' | 'ok')[]): CrmAdapter {
  const script = [...failures];
  return Object.assign(Object.create(inner) as CrmAdapter, {
    capabilities: { ...inner.capabilities, batchSize: 100 },
    async batchUpsert(type: Parameters<CrmAdapter['batchUpsert']>[0], items: Parameters<CrmAdapter['batchUpsert']>[1]) {
      const next = script.shift() ?? 'ok';
      if (next === '429') throw new CrmApiError('hubspot', 'rate_limit', 'HTTP 429', 'rate limited', true, 429);
      if (next === '503') throw new CrmApiError('hubspot', 'server', 'HTTP 503', 'down', true, 503);
      const res = await inner.batchUpsert(type, items);
      // 'partial': the CRM wrote everything but reported the second half as failed-retryable.
      if (next === 'partial') return { results: res.results.map((r, i) => (i >= items.length / 2 ? { index: r.index, ok: false as const, error: 'try again', retryable: true } : r)) };
      return res;
    },
  });
}

describe('batch sync', () => {
  it('a 429 storm and a 5xx burst during a 1,000-record sync lose and duplicate nothing', async () => {
    const db = openLocalCrmDb(`sync-${Math.random()}`);
    const crm = flaky(new LocalCrmAdapter(db), ['429', '429', '429', 'ok', '503', '503', 'partial', 'ok', '429', 'ok', '503', 'partial']);
    const items = Array.from({ length: 1000 }, (_, i) => ({ patch: { email: `lead${i}@example.com`, firstName: `Lead ${i}` } }));
    const report = await syncRecords(crm, 'contact', items, { sleep: async () => {} });
    expect(report.results).toHaveLength(1000);
    expect(report.results.every((r, i) => r.ok && r.index === i)).toBe(true);
    expect(await db.contacts.count()).toBe(1000);
    const emails = (await db.contacts.toArray()).map((c) => c.emailKey);
    expect(new Set(emails).size).toBe(1000);
  });

  it('items still failing after the last round are reported retryable, not dropped', async () => {
    const crm = flaky(new LocalCrmAdapter(openLocalCrmDb(`sync-${Math.random()}`)), Array(20).fill('503'));
    const report = await syncRecords(crm, 'contact', [{ patch: { email: 'a@b.co' } }], { sleep: async () => {}, maxRounds: 3 });
    expect(report.results).toEqual([{ index: 0, ok: false, retryable: true, error: expect.stringMatching(/kept for the next sync/) }]);
  });

  it('a non-retryable failure is reported for each item of the batch', async () => {
    const inner = new LocalCrmAdapter(openLocalCrmDb(`sync-${Math.random()}`));
    const crm = Object.assign(Object.create(inner) as CrmAdapter, {
      batchUpsert: async () => {
        throw new CrmApiError('hubspot', 'auth', 'HTTP 401', 'reconnect HubSpot', false, 401);
      },
    });
    const report = await syncRecords(crm, 'contact', [{ patch: { email: 'a@b.co' } }, { patch: { email: 'c@d.co' } }], { sleep: async () => {} });
    expect(report.results.map((r) => (r.ok ? 'ok' : r.error))).toEqual(['reconnect HubSpot', 'reconnect HubSpot']);
  });
});

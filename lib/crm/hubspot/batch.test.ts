import { describe, expect, it } from 'vitest';
import { hubspotSuite } from '../../../test/hubspot-suite';
import { fault } from '../../../test/standins/hubspot';
import { syncRecords } from '../batch-sync';
import { CrmApiError } from '../http';
import type { Upsert } from '../model';

const { hs, waits, adapter } = hubspotSuite();

const leads = (n: number, from = 0): Upsert<'contact'>[] => Array.from({ length: n }, (_, i) => ({ patch: { email: `lead${from + i}@example.com`, firstName: `Lead ${from + i}` } }));
const upsertCalls = () => hs().requests.filter((r) => r.path === '/crm/v3/objects/contacts/batch/upsert');
const UPSERT = { method: 'POST', path: /\/contacts\/batch\/upsert$/ };

describe('HubSpot batches', () => {
  it('250 upserts go out as 3 batches of 100, 100 and 50, with one result per input', async () => {
    const res = await adapter().batchUpsert('contact', leads(250));
    expect(upsertCalls().map((r) => (r.body as { inputs: unknown[] }).inputs.length)).toEqual([100, 100, 50]);
    expect(res.results.map((r) => r.index)).toEqual([...Array(250).keys()]);
    expect(res.results.every((r) => r.ok && r.created)).toBe(true);
    expect(hs().all('contacts')).toHaveLength(250);
  });

  it('a 207 multi-status answer is mapped to the right inputs, although HubSpot returns results out of order', async () => {
    const items = leads(10);
    items[3] = { patch: { email: 'not-an-email', firstName: 'Bad' } };
    items[7] = { patch: { email: 'also@bad', firstName: 'Bad' } };
    const res = await adapter().batchUpsert('contact', items);
    expect(upsertCalls()).toHaveLength(1);
    expect(upsertCalls()[0]!.status).toBe(207);
    expect(res.results.filter((r) => !r.ok)).toEqual([
      { index: 3, ok: false, retryable: false, error: expect.stringMatching(/email "not-an-email" is invalid.*\(email\)/) },
      { index: 7, ok: false, retryable: false, error: expect.stringMatching(/email "also@bad" is invalid/) },
    ]);
    const emailOf = new Map(hs().all('contacts').map((c) => [c.id, c.properties.email]));
    for (const r of res.results) if (r.ok) expect(emailOf.get(r.id)).toBe(`lead${r.index}@example.com`);
    expect(hs().all('contacts')).toHaveLength(8);
  });

  it('the same email twice in one call goes in separate batches, applied in order to one record', async () => {
    const res = await adapter().batchUpsert('contact', [{ patch: { email: 'a@x.test', firstName: 'Ann' } }, { patch: { email: 'A@x.test', lastName: 'Lee' } }]);
    expect(upsertCalls()).toHaveLength(2);
    expect(res.results.map((r) => r.ok && r.created)).toEqual([true, false]);
    expect(hs().all('contacts').map((c) => c.properties)).toEqual([{ email: 'A@x.test', firstname: 'Ann', lastname: 'Lee' }]);
  });

  it('a 429 storm and a 5xx burst during a 1,000-record sync lose and duplicate nothing', async () => {
    hs().inject(
      UPSERT,
      ...[fault.rateLimited(), fault.rateLimited(), fault.rateLimited('TEN_SECONDLY_ROLLING', { 'Retry-After': '3' })], // batch 1: waits, then goes through
      fault.pass(), // batch 1
      fault.pass(), // batch 2
      fault.serverError(502, true), fault.serverError(503, true), // batch 3: written, but the answers are lost; repeated
      fault.pass(),
      ...Array.from({ length: 6 }, () => fault.rateLimited()), // batch 4: outlasts the HTTP layer's attempts
      ...Array.from({ length: 6 }, () => fault.serverError(500, true)), // batch 5: written six times, never acknowledged
    );
    const crm = adapter();
    const items = leads(1000);
    const report = await syncRecords(crm, 'contact', items, { sleep: async () => {} });
    expect(report.results).toHaveLength(1000);
    expect(report.results.every((r, i) => r.ok && r.index === i)).toBe(true);
    expect(report.rounds).toBe(2);
    const contacts = hs().all('contacts');
    expect(contacts).toHaveLength(1000);
    expect(new Set(contacts.map((c) => c.properties.email!.toLowerCase())).size).toBe(1000);
    const emailOf = new Map(contacts.map((c) => [c.id, c.properties.email]));
    for (const r of report.results) expect(r.ok && emailOf.get(r.id)).toBe(`lead${r.index}@example.com`);
    const statuses = upsertCalls().map((r) => r.status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(9);
    expect(statuses.filter((s) => s >= 500)).toHaveLength(8);
    // Ten-second policy: the window the headers announce (10 s), or Retry-After when given.
    expect(waits.slice(0, 3)).toEqual([10_000, 10_000, 3_000]);
    expect(waits.filter((w) => w === 10_000).length).toBeGreaterThanOrEqual(7);
  });

  it('a plain create is never repeated after a 5xx (it may have happened), but is after a 429', async () => {
    hs().inject({ method: 'POST', path: /\/deals\/batch\/create$/ }, fault.serverError(502, true), fault.rateLimited());
    const crm = adapter();
    const first = await crm.batchUpsert('deal', [{ patch: { name: 'Pilot' } }]);
    expect(first.results).toEqual([{ index: 0, ok: false, retryable: false, error: expect.stringMatching(/HubSpot may have created it anyway: check HubSpot before retrying/) }]);
    expect(hs().requests.filter((r) => r.path.endsWith('/deals/batch/create'))).toHaveLength(1);
    const second = await crm.batchUpsert('deal', [{ patch: { name: 'Renewal' } }]);
    expect(second.results[0]).toMatchObject({ ok: true, created: true });
    expect(hs().all('deals').map((d) => d.properties.dealname)).toEqual(['Pilot', 'Renewal']);
  });

  it('the daily limit: the batch is kept as retryable, and nothing calls HubSpot again before the reset', async () => {
    let t = Date.parse('2026-05-01T12:00:00Z');
    const crm = adapter({ now: () => t });
    hs().inject(UPSERT, fault.rateLimited('DAILY'));
    const res = await crm.batchUpsert('contact', leads(3));
    expect(res.results.every((r) => !r.ok && r.retryable && /daily API limit/.test(r.error))).toBe(true);
    expect(crm.headroom().blockedUntil).toBe('2026-05-01T13:00:00.000Z');
    const calls = hs().requests.length;
    await expect(crm.get('contact', '1')).rejects.toMatchObject({ kind: 'rate_limit', retryable: true });
    expect((await crm.batchUpsert('contact', leads(3))).results.every((r) => !r.ok && r.retryable)).toBe(true);
    expect(hs().requests.length).toBe(calls);
    t += 3_600_001;
    expect((await crm.batchUpsert('contact', leads(3))).results.every((r) => r.ok)).toBe(true);
    expect(crm.headroom().blockedUntil).toBeNull();
  });

  it('after a DAILY 429, the wait runs to the reset time HubSpot reported for daily usage', async () => {
    const t = Date.parse('2030-01-02T01:00:00Z');
    const crm = adapter({ now: () => t });
    await crm.checkConnection(); // private app: reads /account-info/v3/api-usage/daily/private-apps (resetsAt 05:00Z)
    hs().inject(UPSERT, fault.rateLimited('DAILY'));
    await crm.batchUpsert('contact', leads(1));
    expect(crm.headroom().blockedUntil).toBe('2030-01-02T05:00:00.000Z');
  });

  it('401 during a batch stops it with an auth error asking to reconnect', async () => {
    hs().inject(UPSERT, fault.unauthorized());
    const error = await adapter().batchUpsert('contact', leads(2)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmApiError);
    expect(error).toMatchObject({ kind: 'auth', retryable: false, userMessage: expect.stringMatching(/reconnect HubSpot/) });
  });
});

import { describe, expect, it } from 'vitest';
import { HubspotRateLimits } from './rate-limit';

const res429 = (headers: Record<string, string> = {}) => new Response(null, { status: 429, headers });
const body = (policyName: string) => ({ status: 'error', message: `You have reached your ${policyName.toLowerCase()} limit.`, errorType: 'RATE_LIMIT', policyName });

describe('HubSpot rate limits', () => {
  it('TEN_SECONDLY_ROLLING waits Retry-After when given, else the announced window, else ten seconds', () => {
    const limits = new HubspotRateLimits();
    expect(limits.waitMs(res429({ 'Retry-After': '2' }), body('TEN_SECONDLY_ROLLING'))).toBe(2_000);
    expect(limits.waitMs(res429({ 'X-HubSpot-RateLimit-Interval-Milliseconds': '10000' }), body('TEN_SECONDLY_ROLLING'))).toBe(10_000);
    expect(limits.waitMs(res429(), body('TEN_SECONDLY_ROLLING'))).toBe(10_000);
    expect(limits.waitMs(res429(), body('SECONDLY'))).toBe(1_000);
    expect(limits.headroom().blockedUntil).toBeNull();
  });

  it('an unknown policy (e.g. the search endpoints) defers to Retry-After, else CrmHttp backoff', () => {
    const limits = new HubspotRateLimits();
    expect(limits.waitMs(res429({ 'Retry-After': '1' }), { message: 'slow down' })).toBe(1_000);
    expect(limits.waitMs(res429(), 'not json')).toBeNull();
  });

  it('DAILY blocks until Retry-After, a known reset, or a one-hour probe; the long wait surfaces as a retryable error', async () => {
    const t = Date.parse('2026-05-01T12:00:00Z');
    const limits = new HubspotRateLimits({ now: () => t });
    expect(limits.waitMs(res429(), body('DAILY'))).toBe(3_600_000);
    expect(limits.headroom()).toMatchObject({ blockedUntil: '2026-05-01T13:00:00.000Z', daily: { remaining: 0 } });
    limits.noteDailyReset('2026-05-02T04:00:00Z');
    expect(limits.waitMs(res429(), body('DAILY'))).toBe(16 * 3_600_000);
    expect(limits.waitMs(res429({ 'Retry-After': '120' }), body('DAILY'))).toBe(120_000);
    const slept: number[] = [];
    const sleep = limits.guardSleep(async (ms) => void slept.push(ms));
    await expect(sleep(120_000)).rejects.toMatchObject({ kind: 'rate_limit', retryable: true, userMessage: expect.stringMatching(/daily API limit .* used up.*keeps every pending change/) });
    await sleep(30_000);
    expect(slept).toEqual([30_000]);
    expect(() => limits.preflight()).toThrow(/DAILY limit reached/);
  });

  it('tracks headroom from X-HubSpot-RateLimit-* headers, and a success after the block clears it', () => {
    let t = Date.parse('2026-05-01T12:00:00Z');
    const limits = new HubspotRateLimits({ now: () => t });
    limits.onResponse(new Response('{}', { headers: { 'X-HubSpot-RateLimit-Max': '190', 'X-HubSpot-RateLimit-Remaining': '187', 'X-HubSpot-RateLimit-Interval-Milliseconds': '10000', 'X-HubSpot-RateLimit-Daily': '500000', 'X-HubSpot-RateLimit-Daily-Remaining': '499000' } }));
    expect(limits.headroom()).toEqual({ interval: { max: 190, remaining: 187, intervalMs: 10_000 }, daily: { max: 500_000, remaining: 499_000 }, blockedUntil: null, observedAt: '2026-05-01T12:00:00.000Z' });
    limits.waitMs(res429(), body('DAILY'));
    t += 3_600_001;
    expect(() => limits.preflight()).not.toThrow();
    limits.onResponse(new Response('{}', { headers: { 'X-HubSpot-RateLimit-Max': '190', 'X-HubSpot-RateLimit-Remaining': '189' } })); // OAuth: no daily headers
    expect(limits.headroom()).toMatchObject({ interval: { remaining: 189, intervalMs: 10_000 }, blockedUntil: null });
  });
});

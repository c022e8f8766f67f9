import { describe, expect, it } from 'vitest';
import { freshDb, healthyProbes } from '../../../test/fixtures';
import { humanActor } from '../../audit/log';
import type { ConnectionCheck } from '../../crm/model';
import { acknowledgeAlert, listAlerts } from './alerts';
import {
  applyHealth,
  checkBackgroundErrors,
  checkCrm,
  checkGmailAdapter,
  checkGmailToken,
  checkModel,
  checkQueueAge,
  checkQuota,
  HEALTH_THRESHOLDS,
  runHealthChecks,
} from './health';
import { ProbeTimeout, withTimeout } from './probe';

const T = { ...HEALTH_THRESHOLDS, probeTimeoutMs: 30 };
const HOUR = 3_600_000;
const hang = () => new Promise<never>(() => undefined);
const ok = (operation: string, detail = 'fine'): ConnectionCheck => ({ operation, ok: true, detail });
const bad = (operation: string, detail = 'broken'): ConnectionCheck => ({ operation, ok: false, detail });
const levels = (rs: { key: string; level: string | null }[]) => Object.fromEntries(rs.map((r) => [r.key, r.level]));

describe('health checks', () => {
  it('CRM: auth or permission failing → notification; rate-limit headroom low → badge; all fine → healthy', async () => {
    expect(levels(await checkCrm(async () => [ok('auth'), ok('read'), ok('write'), ok('rate limit')], T))).toEqual({ 'crm.connection': null, 'crm.rate_limit': null });
    expect(levels(await checkCrm(async () => [bad('auth', '401'), bad('read'), bad('write'), ok('rate limit')], T))).toEqual({ 'crm.connection': 'notification', 'crm.rate_limit': null });
    expect(levels(await checkCrm(async () => [ok('auth'), ok('read'), ok('write'), bad('rate limit', '3 of 100 left')], T))).toEqual({ 'crm.connection': null, 'crm.rate_limit': 'badge' });
  });

  it('CRM down (the check throws) → notification, and headroom is left unjudged', async () => {
    const rs = await checkCrm(async () => Promise.reject(new Error('fetch failed: ECONNREFUSED')), T);
    expect(rs).toEqual([expect.objectContaining({ key: 'crm.connection', level: 'notification', title: 'The CRM cannot be reached', detail: 'fetch failed: ECONNREFUSED' })]);
  });

  it('a hanging CRM becomes a finding within the probe deadline, and its request is aborted', async () => {
    let aborted = false;
    const started = Date.now();
    const rs = await checkCrm((signal) => {
      signal.addEventListener('abort', () => (aborted = true));
      return hang();
    }, T);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(rs[0]).toMatchObject({ key: 'crm.connection', level: 'notification', title: 'The CRM is not answering', measured: { timedOut: true } });
    expect(aborted).toBe(true);
  });

  it('model endpoint: timing out or unreachable → notification; slow at the threshold → info; just under → healthy', async () => {
    expect(levels(await checkModel(hang, T))).toEqual({ 'model.endpoint': 'notification' });
    expect(levels(await checkModel(async () => Promise.reject(new Error('ENOTFOUND')), T))).toEqual({ 'model.endpoint': 'notification' });
    const clockAt = (...ts: number[]) => () => ts.shift()!;
    expect(levels(await checkModel(async () => 'ok', T, clockAt(0, T.modelSlowMs)))).toEqual({ 'model.endpoint': null, 'model.latency': 'info' });
    expect(levels(await checkModel(async () => 'ok', T, clockAt(0, T.modelSlowMs - 1)))).toEqual({ 'model.endpoint': null, 'model.latency': null });
    expect(levels(await checkModel(null, T))).toEqual({ 'model.endpoint': null });
  });

  it('Gmail token: missing or expired when configured → notification; not configured → healthy', () => {
    const now = 10_000;
    expect(checkGmailToken({ configured: true, expiresAt: null }, now).level).toBe('notification');
    expect(checkGmailToken({ configured: true, expiresAt: now }, now).level).toBe('notification');
    expect(checkGmailToken({ configured: true, expiresAt: now + 1 }, now).level).toBeNull();
    expect(checkGmailToken({ configured: false, expiresAt: null }, now).level).toBeNull();
  });

  it('Gmail adapter degraded hooks → badge', () => {
    expect(checkGmailAdapter(['threadId', 'subject'])).toMatchObject({ key: 'gmail.adapter', level: 'badge', title: 'Gmail adapter degraded: threadId, subject' });
    expect(checkGmailAdapter([]).level).toBeNull();
  });

  it('IndexedDB quota: 80% → badge, 95% → notification, just under each → the level below; unknown → no judgement', () => {
    const at = (usage: number) => checkQuota({ usage, quota: 10_000 })[0]?.level;
    expect(at(7999)).toBeNull();
    expect(at(8000)).toBe('badge');
    expect(at(9499)).toBe('badge');
    expect(at(9500)).toBe('notification');
    expect(checkQuota({})).toEqual([]);
    expect(checkQuota({ usage: 5, quota: 0 })).toEqual([]);
  });

  it('queue age: the oldest pending approval at the threshold → badge; younger or none → healthy', () => {
    const now = 100 * HOUR;
    expect(checkQueueAge({ oldestPendingAt: now - 24 * HOUR }, now).level).toBe('badge');
    expect(checkQueueAge({ oldestPendingAt: now - 24 * HOUR + 1 }, now).level).toBeNull();
    expect(checkQueueAge({ oldestPendingAt: null }, now).level).toBeNull();
  });

  it('background errors: the threshold count inside the window → badge; older ones do not count', () => {
    const now = 10 * HOUR;
    const inWindow = [1, 2, 3, 4].map((i) => now - i * 60_000);
    expect(checkBackgroundErrors(inWindow, now).level).toBeNull();
    expect(checkBackgroundErrors([...inWindow, now - HOUR + 1], now).level).toBe('badge');
    expect(checkBackgroundErrors([...inWindow, now - HOUR], now).level).toBeNull();
  });

  it('withTimeout rejects with ProbeTimeout and passes through a probe that answers', async () => {
    await expect(withTimeout('x', 10, hang)).rejects.toBeInstanceOf(ProbeTimeout);
    await expect(withTimeout('x', 1000, async () => 7)).resolves.toBe(7);
  });
});


describe('a check run (fault tests)', () => {
  it('each fault raises its alert at its level in one run, even with a hanging probe', async () => {
    const now = 1_000 * HOUR;
    const results = await runHealthChecks(
      healthyProbes({
        crm: async () => Promise.reject(new Error('503 Service Unavailable')),
        model: hang,
        gmailToken: async () => ({ configured: true, expiresAt: now - 1 }),
        degradedHooks: async () => ['composeBox'],
        storageEstimate: async () => ({ usage: 96, quota: 100 }),
        outboxStats: async () => ({ oldestPendingAt: now - 30 * HOUR }),
        backgroundErrors: hang, // a local probe that hangs is a finding too
      }),
      now,
      T,
    );
    expect(levels(results)).toEqual({
      'crm.connection': 'notification',
      'model.endpoint': 'notification',
      'gmail.token': 'notification',
      'gmail.adapter': 'badge',
      'storage.quota': 'notification',
      'queue.age': 'badge',
      'background.errors': 'badge',
    });
    const db = freshDb();
    await applyHealth(db, results, now);
    expect(Object.fromEntries((await listAlerts(db)).map((a) => [a.key, a.level]))).toEqual(levels(results));
  });

  it('a fault clears only when the condition is gone and a person has seen it', async () => {
    const db = freshDb();
    const now = 1_000 * HOUR;
    await applyHealth(db, await runHealthChecks(healthyProbes({ crm: async () => [bad('auth', '401')] }), now, T), now);
    const [alert] = await listAlerts(db);
    expect(alert).toMatchObject({ key: 'crm.connection', state: 'open' });
    // Healthy again: the condition is gone, the alert stays until someone acknowledges it.
    await applyHealth(db, await runHealthChecks(healthyProbes(), now + HOUR, T), now + HOUR);
    expect(await db.alerts.get(alert!.id)).toMatchObject({ state: 'open', conditionPresent: false });
    await acknowledgeAlert(db, alert!.id, humanActor(), null, now + 2 * HOUR);
    expect(await db.alerts.get(alert!.id)).toMatchObject({ state: 'closed' });
    // Only the one fault raised anything.
    expect(await db.alerts.count()).toBe(1);
  });
});

import type { CountersignDb } from '../../db/schema';
import type { ConnectionCheck } from '../../crm/model';
import { clearCondition, raiseAlert } from './alerts';
import type { ConditionResult } from './model';
import { errorMessage, ProbeTimeout, withTimeout } from './probe';

/**
 * Sentinel's health checks. Each check judges what an injected probe reports and returns one
 * condition result per key it can judge (level null = healthy). Probes that reach out (CRM, model
 * endpoint) run under a deadline, so a hanging service becomes a finding.
 */

export const HEALTH_THRESHOLDS = {
  /** Deadline for any probe that reaches out. */
  probeTimeoutMs: 10_000,
  /** Model endpoint answered, but slower than this: info. */
  modelSlowMs: 5_000,
  /** Share of the IndexedDB quota in use: badge at, notification at. */
  quotaBadge: 0.8,
  quotaNotification: 0.95,
  /** Oldest pending approval older than this: badge. */
  queueAgeHours: 24,
  /** Background errors in the window at or above this count: badge. */
  backgroundErrors: 5,
  backgroundErrorWindowMs: 60 * 60_000,
} as const;
export type HealthThresholds = { -readonly [K in keyof typeof HEALTH_THRESHOLDS]: number };

const result = (r: ConditionResult): ConditionResult => r;
const HOUR = 3_600_000;

/** CRM auth, read and write permission, reachability → notification; rate-limit headroom low → badge. */
export async function checkCrm(probe: ((signal: AbortSignal) => Promise<ConnectionCheck[]>) | null, t: HealthThresholds = HEALTH_THRESHOLDS): Promise<ConditionResult[]> {
  const source = 'health.crm';
  if (!probe) return [result({ key: 'crm.connection', level: null, title: 'CRM connection', detail: 'No CRM to check.', source, measured: {} })];
  let checks: ConnectionCheck[];
  try {
    checks = await withTimeout('CRM connection check', t.probeTimeoutMs, probe);
  } catch (e) {
    const timedOut = e instanceof ProbeTimeout;
    return [
      result({
        key: 'crm.connection',
        level: 'notification',
        title: timedOut ? 'The CRM is not answering' : 'The CRM cannot be reached',
        detail: errorMessage(e),
        source,
        measured: { reachable: false, timedOut },
      }),
    ];
  }
  const failed = checks.filter((c) => c.operation !== 'rate limit' && !c.ok);
  const rate = checks.find((c) => c.operation === 'rate limit');
  const out: ConditionResult[] = [
    result({
      key: 'crm.connection',
      level: failed.length ? 'notification' : null,
      title: failed.length ? `CRM ${failed.map((c) => c.operation).join(', ')} failing` : 'CRM connection healthy',
      detail: failed.length ? failed.map((c) => `${c.operation}: ${c.detail}`).join(' ') : 'Auth, read and write checks passed.',
      source,
      measured: { reachable: true, failed: failed.map((c) => c.operation).join(',') },
    }),
  ];
  if (rate) {
    out.push(result({ key: 'crm.rate_limit', level: rate.ok ? null : 'badge', title: rate.ok ? 'CRM rate-limit headroom fine' : 'CRM rate-limit headroom low', detail: rate.detail, source, measured: { ok: rate.ok } }));
  }
  return out;
}

/** Model endpoint unreachable or timing out → notification; answering slowly → info. */
export async function checkModel(
  probe: ((signal: AbortSignal) => Promise<unknown>) | null,
  t: HealthThresholds = HEALTH_THRESHOLDS,
  clock: () => number = () => performance.now(),
): Promise<ConditionResult[]> {
  const source = 'health.model';
  if (!probe) return [result({ key: 'model.endpoint', level: null, title: 'Model endpoint', detail: 'No model endpoint configured.', source, measured: {} })];
  const started = clock();
  try {
    await withTimeout('Model endpoint', t.probeTimeoutMs, probe);
  } catch (e) {
    const timedOut = e instanceof ProbeTimeout;
    return [
      result({
        key: 'model.endpoint',
        level: 'notification',
        title: timedOut ? 'The model endpoint timed out' : 'The model endpoint cannot be reached',
        detail: errorMessage(e),
        source,
        measured: { reachable: false, timedOut, timeoutMs: t.probeTimeoutMs },
      }),
    ];
  }
  const latencyMs = Math.round(clock() - started);
  const slow = latencyMs >= t.modelSlowMs;
  return [
    result({ key: 'model.endpoint', level: null, title: 'Model endpoint reachable', detail: `Answered in ${latencyMs} ms.`, source, measured: { reachable: true, latencyMs } }),
    result({
      key: 'model.latency',
      level: slow ? 'info' : null,
      title: slow ? 'The model endpoint is slow' : 'Model latency fine',
      detail: `Answered in ${latencyMs} ms (threshold ${t.modelSlowMs} ms).`,
      source,
      measured: { latencyMs, thresholdMs: t.modelSlowMs },
    }),
  ];
}

export interface GmailTokenState {
  /** Whether the user set Gmail up (an OAuth client id and a connection). */
  configured: boolean;
  /** Expiry of the stored access token; null when there is none. */
  expiresAt: number | null;
}

/** Gmail configured but its token missing or expired → notification. */
export function checkGmailToken(s: GmailTokenState, now: number): ConditionResult {
  const source = 'health.gmail';
  const missing = s.configured && s.expiresAt === null;
  const expired = s.configured && s.expiresAt !== null && s.expiresAt <= now;
  const bad = missing || expired;
  return {
    key: 'gmail.token',
    level: bad ? 'notification' : null,
    title: missing ? 'Gmail is not connected' : expired ? 'The Gmail sign-in has expired' : 'Gmail sign-in valid',
    detail: bad ? 'Reconnect Gmail in settings: threads cannot be read and approved messages cannot be sent until then.' : s.configured ? 'The access token is valid.' : 'Gmail is not set up.',
    source,
    measured: { configured: s.configured, expiresAt: s.expiresAt },
  };
}

/** Gmail page hooks the content scripts reported as no longer matching → badge. */
export function checkGmailAdapter(degradedHooks: readonly string[]): ConditionResult {
  const n = degradedHooks.length;
  return {
    key: 'gmail.adapter',
    level: n ? 'badge' : null,
    title: n ? `Gmail adapter degraded: ${degradedHooks.join(', ')}` : 'Gmail adapter healthy',
    detail: n ? 'Gmail changed its page; the panel falls back to what the Gmail API gives.' : 'Every Gmail hook matches.',
    source: 'health.gmail',
    measured: { degradedHooks: degradedHooks.join(',') },
  };
}

/** navigator.storage.estimate()'s shape. */
export interface StorageEstimateLike {
  usage?: number;
  quota?: number;
}

/** IndexedDB quota use: ≥ 80% → badge, ≥ 95% → notification. Unknown quota: no judgement. */
export function checkQuota(e: StorageEstimateLike, t: HealthThresholds = HEALTH_THRESHOLDS): ConditionResult[] {
  if (!e.quota || e.usage === undefined) return [];
  const share = e.usage / e.quota;
  const level = share >= t.quotaNotification ? 'notification' : share >= t.quotaBadge ? 'badge' : null;
  const pct = `${(share * 100).toFixed(1)}%`;
  return [
    {
      key: 'storage.quota',
      level,
      title: level ? `Browser storage ${pct} full` : 'Browser storage fine',
      detail: `${pct} of the storage quota in use (${e.usage} of ${e.quota} bytes).`,
      source: 'health.storage',
      measured: { usage: e.usage, quota: e.quota, share },
    },
  ];
}

/** Oldest pending approval older than the threshold → badge. Takes outbox.stats' answer. */
export function checkQueueAge(stats: { oldestPendingAt: number | null }, now: number, t: HealthThresholds = HEALTH_THRESHOLDS): ConditionResult {
  const ageHours = stats.oldestPendingAt === null ? 0 : (now - stats.oldestPendingAt) / HOUR;
  const old = stats.oldestPendingAt !== null && ageHours >= t.queueAgeHours;
  return {
    key: 'queue.age',
    level: old ? 'badge' : null,
    title: old ? 'Approvals are waiting' : 'Approval queue moving',
    detail: stats.oldestPendingAt === null ? 'Nothing is waiting for approval.' : `The oldest pending approval has waited ${ageHours.toFixed(1)} hours (threshold ${t.queueAgeHours}).`,
    source: 'health.queue',
    measured: { oldestPendingAt: stats.oldestPendingAt, ageHours },
  };
}

/** Background errors (their times) in the window at or above the threshold → badge. */
export function checkBackgroundErrors(errorTimes: readonly number[], now: number, t: HealthThresholds = HEALTH_THRESHOLDS): ConditionResult {
  const count = errorTimes.filter((at) => at > now - t.backgroundErrorWindowMs && at <= now).length;
  const bad = count >= t.backgroundErrors;
  const minutes = Math.round(t.backgroundErrorWindowMs / 60_000);
  return {
    key: 'background.errors',
    level: bad ? 'badge' : null,
    title: bad ? 'Background errors' : 'No background errors to report',
    detail: `${count} errors in the background in the last ${minutes} minutes (threshold ${t.backgroundErrors}).`,
    source: 'health.background',
    measured: { count, windowMinutes: minutes },
  };
}

/** What the background hands Sentinel to look at: read-only probes, nothing that writes or sends. */
export interface HealthProbes {
  crm: ((signal: AbortSignal) => Promise<ConnectionCheck[]>) | null;
  model: ((signal: AbortSignal) => Promise<unknown>) | null;
  gmailToken(): Promise<GmailTokenState>;
  degradedHooks(): Promise<readonly string[]>;
  storageEstimate(): Promise<StorageEstimateLike>;
  outboxStats(): Promise<{ oldestPendingAt: number | null }>;
  backgroundErrors(): Promise<readonly number[]>;
}

/**
 * Runs every check. A local probe that throws or hangs (not expected) becomes a badge-level
 * "could not check" finding under that check's key rather than stopping the other checks; the next
 * successful check raises or clears the key as usual.
 */
export async function runHealthChecks(p: HealthProbes, now: number, t: HealthThresholds = HEALTH_THRESHOLDS, clock?: () => number): Promise<ConditionResult[]> {
  const local = async (key: string, what: string, fn: () => Promise<ConditionResult | ConditionResult[]>): Promise<ConditionResult[]> => {
    try {
      return [await withTimeout(what, t.probeTimeoutMs, fn)].flat();
    } catch (e) {
      return [{ key, level: 'badge', title: `Could not check ${what}`, detail: errorMessage(e), source: 'health', measured: {} }];
    }
  };
  const groups = await Promise.all([
    checkCrm(p.crm, t),
    checkModel(p.model, t, clock),
    local('gmail.token', 'the Gmail sign-in', async () => checkGmailToken(await p.gmailToken(), now)),
    local('gmail.adapter', 'the Gmail adapter', async () => checkGmailAdapter(await p.degradedHooks())),
    local('storage.quota', 'browser storage', async () => checkQuota(await p.storageEstimate(), t)),
    local('queue.age', 'the approval queue', async () => checkQueueAge(await p.outboxStats(), now, t)),
    local('background.errors', 'background errors', async () => checkBackgroundErrors(await p.backgroundErrors(), now, t)),
  ]);
  return groups.flat();
}

/**
 * Raises each finding with a level and clears each healthy one (a cleared condition's alert
 * stays until a person has acknowledged it). Conditions not in `results` are left as they are.
 */
export async function applyHealth(db: CountersignDb, results: readonly ConditionResult[], now: number): Promise<void> {
  for (const r of results) {
    if (r.level) await raiseAlert(db, { key: r.key, level: r.level, title: r.title, detail: r.detail, source: r.source }, now);
    else await clearCondition(db, r.key, now);
  }
}

import { CrmApiError, retryAfterMs } from '../http';
import { RateLimitBody } from './schemas';

/**
 * HubSpot rate limits, read from what HubSpot says (https://developers.hubspot.com/docs/api/usage-details):
 * - every response carries X-HubSpot-RateLimit-Max / -Remaining / -Interval-Milliseconds (the
 *   rolling burst window) and, for private apps, -Daily / -Daily-Remaining (OAuth apps have no
 *   daily limit, so no daily headers);
 * - a 429 body's `policyName` says which limit was hit.
 *
 * TEN_SECONDLY_ROLLING: wait Retry-After if given, else the window the headers announce, else
 * 10 s, then let CrmHttp retry. DAILY: hammering cannot help before the reset (midnight in the
 * account's time zone, which the 429 does not state), so we never sleep through it in-process.
 * The call fails with a *retryable* rate_limit error carrying the time we expect calls to work
 * again (Retry-After, else the `resetsAt` HubSpot reported for daily usage, else a one-hour
 * probe), and until then every call fails the same way without touching the network. Callers
 * keep the write (batch sync reports it retryable; the outbox keeps it queued): nothing is dropped.
 */
export interface HubspotHeadroom {
  /** The rolling burst window, as of the last response that carried the headers. */
  interval: { max: number; remaining: number; intervalMs: number } | null;
  /** Private apps only. */
  daily: { max: number; remaining: number } | null;
  /** After a DAILY 429: when calls are expected to work again (ISO). */
  blockedUntil: string | null;
  observedAt: string | null;
}

export interface RateLimitOptions {
  now?: () => number;
  /** Longer waits are not slept through in-process; they surface as a retryable error. */
  maxInlineWaitMs?: number;
  /** When a DAILY 429 gives no reset time and none is known: probe again after this long. */
  dailyProbeMs?: number;
}

const TEN_SECONDS = 10_000;

export class HubspotRateLimits {
  private readonly now: () => number;
  private readonly maxInlineWaitMs: number;
  private readonly dailyProbeMs: number;
  private interval: HubspotHeadroom['interval'] = null;
  private daily: HubspotHeadroom['daily'] = null;
  private observedAt: number | null = null;
  private blockedUntil: number | null = null;
  private dailyResetAt: number | null = null;

  constructor(opts: RateLimitOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.maxInlineWaitMs = opts.maxInlineWaitMs ?? 60_000;
    this.dailyProbeMs = opts.dailyProbeMs ?? 3_600_000;
  }

  /** CrmHttp `onResponse`: remembers the latest headroom. */
  readonly onResponse = (res: Response): void => {
    const h = (name: string) => {
      const value = res.headers.get(`x-hubspot-ratelimit-${name}`);
      const n = value === null ? NaN : Number(value);
      return Number.isFinite(n) ? n : null;
    };
    const [max, remaining, intervalMs, dailyMax, dailyRemaining] = [h('max'), h('remaining'), h('interval-milliseconds'), h('daily'), h('daily-remaining')];
    if (max !== null && remaining !== null) this.interval = { max, remaining, intervalMs: intervalMs ?? TEN_SECONDS };
    if (dailyMax !== null && dailyRemaining !== null) this.daily = { max: dailyMax, remaining: dailyRemaining };
    if (max !== null || dailyMax !== null) this.observedAt = this.now();
    if (res.ok && this.blockedUntil !== null) this.blockedUntil = null;
  };

  /** CrmHttp `rateLimitWaitMs`: how long to wait after a 429, by policy. */
  readonly waitMs = (res: Response, body: unknown): number | null => {
    const policy = RateLimitBody.safeParse(body).data?.policyName?.toUpperCase() ?? '';
    const retryAfter = retryAfterMs(res);
    if (policy === 'DAILY') {
      const known = this.dailyResetAt !== null && this.dailyResetAt > this.now() ? this.dailyResetAt - this.now() : null;
      const wait = retryAfter ?? known ?? this.dailyProbeMs;
      this.blockedUntil = this.now() + wait;
      this.daily = { max: this.daily?.max ?? 0, remaining: 0 };
      return wait;
    }
    if (policy.includes('SECONDLY')) {
      const windowMs = Number(res.headers.get('x-hubspot-ratelimit-interval-milliseconds'));
      return retryAfter ?? (Number.isFinite(windowMs) && windowMs > 0 ? windowMs : policy === 'SECONDLY' ? 1_000 : TEN_SECONDS);
    }
    // Other limits (the search endpoints have their own, without the standard headers): CrmHttp's default.
    return retryAfter;
  };

  /** The daily usage endpoint's `resetsAt`, used to time the wait after a DAILY 429. */
  noteDailyReset(resetsAt: string | undefined): void {
    const t = resetsAt ? Date.parse(resetsAt) : NaN;
    if (Number.isFinite(t)) this.dailyResetAt = t;
  }

  /** Wraps CrmHttp's `sleep`: waits beyond the inline limit become a retryable error instead. */
  guardSleep(sleep: (ms: number) => Promise<void>): (ms: number) => Promise<void> {
    return async (ms) => {
      if (ms > this.maxInlineWaitMs) {
        const daily = this.blockedUntil !== null && this.blockedUntil > this.now();
        throw this.blockedError(daily && this.blockedUntil !== null ? this.blockedUntil : this.now() + ms, daily);
      }
      await sleep(ms);
    };
  }

  /** Before any call: while the daily limit is known to be spent, fail fast instead of calling. */
  preflight(): void {
    if (this.blockedUntil !== null && this.blockedUntil > this.now()) throw this.blockedError(this.blockedUntil, true);
  }

  headroom(): HubspotHeadroom {
    const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
    const blocked = this.blockedUntil !== null && this.blockedUntil > this.now() ? this.blockedUntil : null;
    return { interval: this.interval, daily: this.daily, blockedUntil: iso(blocked), observedAt: iso(this.observedAt) };
  }

  private blockedError(until: number, daily: boolean): CrmApiError {
    const at = new Date(until).toISOString();
    return daily
      ? new CrmApiError('hubspot', 'rate_limit', `HubSpot DAILY limit reached; not calling again before ${at}`, `HubSpot's daily API limit for this account is used up. Countersign keeps every pending change and tries again after ${at}.`, true, 429)
      : new CrmApiError('hubspot', 'rate_limit', `HubSpot asked for a wait until ${at}`, `HubSpot is rate-limiting requests until ${at}; Countersign keeps every pending change and will retry.`, true, 429);
  }
}

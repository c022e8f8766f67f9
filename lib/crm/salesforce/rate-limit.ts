import { CrmApiError, retryAfterMs } from '../http';
import { ApiErrors } from './schemas';

/**
 * Salesforce API limits, read from what Salesforce says:
 * - every REST response carries `Sforce-Limit-Info: api-usage=used/max`, the org's rolling
 *   24-hour allocation (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_api_usage.htm);
 * - a call over a limit fails with HTTP 403 and errorCode REQUEST_LIMIT_EXCEEDED
 *   (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm). Its message
 *   says which limit: "TotalRequests Limit exceeded." is the 24-hour allocation; others (such as
 *   ConcurrentPerOrgLongTxn, too many long-running requests at once) clear within seconds.
 *
 * Salesforce did not act on a refused call, so it is safe to repeat even when it creates records.
 * Short limits are waited out in-process with backoff (Retry-After if sent). The 24-hour one cannot
 * be: the call fails with a *retryable* rate_limit error, and until the probe time every call fails
 * the same way without touching the network; callers keep the write (batch sync reports it
 * retryable). Nothing is dropped.
 */
export interface SalesforceHeadroom {
  /** From the latest Sforce-Limit-Info header or /limits answer. */
  daily: { used: number; max: number; remaining: number } | null;
  blockedUntil: string | null;
  observedAt: string | null;
}

export interface RateLimitOptions {
  now?: () => number;
  /** Longer waits are not slept through in-process; they surface as a retryable error. */
  maxInlineWaitMs?: number;
  /** After "TotalRequests Limit exceeded": try again after this long (Salesforce gives no reset time). */
  dailyProbeMs?: number;
}

export const isLimitError = (body: unknown) => ApiErrors.safeParse(body).data?.find((e) => e.errorCode === 'REQUEST_LIMIT_EXCEEDED') ?? null;

export class SalesforceLimits {
  private readonly now: () => number;
  private readonly maxInlineWaitMs: number;
  private readonly dailyProbeMs: number;
  private daily: SalesforceHeadroom['daily'] = null;
  private observedAt: number | null = null;
  private blockedUntil: number | null = null;

  constructor(opts: RateLimitOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.maxInlineWaitMs = opts.maxInlineWaitMs ?? 60_000;
    this.dailyProbeMs = opts.dailyProbeMs ?? 3_600_000;
  }

  /** CrmHttp `onResponse`: remembers the latest usage. */
  readonly onResponse = (res: Response): void => {
    const match = /api-usage=(\d+)\/(\d+)/i.exec(res.headers.get('sforce-limit-info') ?? '');
    if (match) this.note(Number(match[1]), Number(match[2]));
    if (res.ok) this.blockedUntil = null;
  };

  /** CrmHttp `rateLimitWaitMs`, for REQUEST_LIMIT_EXCEEDED answers (see `isRateLimited` in client.ts). */
  readonly waitMs = (res: Response, body: unknown, attempt: number): number | null => {
    const error = isLimitError(body);
    const retryAfter = retryAfterMs(res);
    if (error && /TotalRequests/i.test(error.message)) {
      const wait = retryAfter ?? this.dailyProbeMs;
      this.blockedUntil = this.now() + wait;
      if (this.daily) this.daily = { ...this.daily, remaining: 0 };
      return wait;
    }
    return retryAfter ?? Math.min(30_000, 1_000 * 2 ** (attempt - 1));
  };

  /** The /limits answer (DailyApiRequests). */
  noteDaily(max: number, remaining: number): void {
    this.note(max - remaining, max);
  }

  private note(used: number, max: number): void {
    this.daily = { used, max, remaining: Math.max(0, max - used) };
    this.observedAt = this.now();
  }

  /** Wraps CrmHttp's `sleep`: waits beyond the inline limit become a retryable error instead. */
  guardSleep(sleep: (ms: number) => Promise<void>): (ms: number) => Promise<void> {
    return async (ms) => {
      if (ms > this.maxInlineWaitMs) throw this.blockedError(this.blockedUntil ?? this.now() + ms);
      await sleep(ms);
    };
  }

  /** Before any call: while the 24-hour allocation is known to be spent, fail fast instead of calling. */
  preflight(): void {
    if (this.blockedUntil !== null && this.blockedUntil > this.now()) throw this.blockedError(this.blockedUntil);
  }

  headroom(): SalesforceHeadroom {
    const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
    const blocked = this.blockedUntil !== null && this.blockedUntil > this.now() ? this.blockedUntil : null;
    return { daily: this.daily, blockedUntil: iso(blocked), observedAt: iso(this.observedAt) };
  }

  private blockedError(until: number): CrmApiError {
    const at = new Date(until).toISOString();
    return new CrmApiError(
      'salesforce',
      'rate_limit',
      `Salesforce API request limit reached; not calling again before ${at}`,
      `Salesforce's API request limit for this org is used up. Countersign keeps every pending change and tries again after ${at}.`,
      true,
      403,
    );
  }
}

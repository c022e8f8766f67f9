import { retryAfterMs } from '../http';

/**
 * Pipedrive's rate limits (developers.pipedrive.com, "Rate limiting"): a daily token budget per
 * company (each endpoint costs tokens, `x-token-cost` in the specs) and a burst limit per token in
 * a rolling window. Every answer carries `x-ratelimit-limit`, `x-ratelimit-remaining` and
 * `x-ratelimit-reset` (seconds until the window resets); api-token requests also carry
 * `x-daily-requests-left`. A 429 carries Retry-After. Neither spec declares these headers.
 */
export interface Headroom {
  limit: number | null;
  remaining: number | null;
  /** When the current window resets (epoch ms). */
  resetAt: number | null;
  dailyLeft: number | null;
  seenAt: number;
}

const num = (res: Response, name: string): number | null => {
  const value = res.headers.get(name);
  if (value === null || value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
};

/** `x-ratelimit-reset` as milliseconds to wait: seconds from now; an epoch-seconds value is read as a time. */
function resetMs(res: Response, now: number): number | null {
  const reset = num(res, 'x-ratelimit-reset');
  if (reset === null || reset < 0) return null;
  return reset > 1_000_000_000 ? Math.max(0, reset * 1000 - now) : reset * 1000;
}

/** Past this, a 429 is the daily budget rather than the burst window: surface it, do not sleep on it. */
const MAX_WAIT_MS = 60_000;

export class RateLimitTracker {
  private last: Headroom | null = null;

  constructor(private readonly now: () => number = Date.now) {}

  /** CrmHttp's onResponse: remembers the latest headroom Pipedrive reported. */
  readonly onResponse = (res: Response): void => {
    const limit = num(res, 'x-ratelimit-limit');
    const remaining = num(res, 'x-ratelimit-remaining');
    const dailyLeft = num(res, 'x-daily-requests-left');
    if (limit === null && remaining === null && dailyLeft === null) return;
    const now = this.now();
    const reset = resetMs(res, now);
    this.last = { limit, remaining, resetAt: reset === null ? null : now + reset, dailyLeft, seenAt: now };
  };

  /** CrmHttp's rateLimitWaitMs: Retry-After, else the window reset, else CrmHttp's own backoff. */
  readonly waitMs = (res: Response): number | null => {
    const wait = retryAfterMs(res) ?? resetMs(res, this.now());
    if (wait === null) return null;
    // At least a moment (a "0" reset would spin), at most a minute per attempt.
    return Math.min(MAX_WAIT_MS, Math.max(250, wait));
  };

  get headroom(): Headroom | null {
    return this.last;
  }

  /** For the settings page: is there room to work, in words. */
  describe(): { ok: boolean; detail: string } {
    const h = this.last;
    if (!h) return { ok: true, detail: 'Pipedrive sent no rate-limit headers; no headroom to report.' };
    const parts: string[] = [];
    if (h.remaining !== null) parts.push(`${h.remaining}${h.limit === null ? '' : ` of ${h.limit}`} requests left in the current burst window`);
    if (h.resetAt !== null) parts.push(`window resets in ${Math.max(0, Math.ceil((h.resetAt - h.seenAt) / 1000))} s`);
    if (h.dailyLeft !== null) parts.push(`${h.dailyLeft} write requests left today`);
    const exhausted = h.dailyLeft === 0 || (h.remaining === 0 && h.resetAt !== null && h.resetAt - h.seenAt > MAX_WAIT_MS);
    return { ok: !exhausted, detail: `${parts.join('; ')}.` };
  }
}

import type { z } from 'zod';
import type { CrmKind } from './model';

export type CrmErrorKind = 'auth' | 'rate_limit' | 'server' | 'client' | 'not_found' | 'network' | 'timeout' | 'invalid_response';

const LABEL: Record<CrmKind, string> = { hubspot: 'HubSpot', salesforce: 'Salesforce', pipedrive: 'Pipedrive', local: 'The local CRM' };

/** A CRM call that failed. `userMessage` is for the rep; `message` carries context for logs. */
export class CrmApiError extends Error {
  constructor(
    readonly crm: CrmKind,
    readonly kind: CrmErrorKind,
    message: string,
    readonly userMessage: string,
    readonly retryable: boolean,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CrmApiError';
  }
}

export interface RequestSpec<S extends z.ZodType> {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | (string | number)[] | undefined>;
  body?: unknown;
  /** Schema of a successful JSON answer; omit for empty answers (204). */
  schema?: S;
  /**
   * Whether repeating the call is harmless. Reads, updates by id and upserts by key are; a plain
   * create is not (a 5xx may hide a success), so it is retried only on 429, which the server
   * promises it did not act on.
   */
  idempotent: boolean;
}

export interface HttpResult<T> {
  status: number;
  headers: Headers;
  data: T;
}

export interface CrmHttpOptions {
  crm: CrmKind;
  /** Fixed, or looked up per call (Salesforce's instance URL comes with the token). */
  baseUrl: string | (() => Promise<string>);
  /** Authorization headers; throws CrmApiError('auth') when not connected. */
  auth: () => Promise<Record<string, string>>;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Attempts before a retryable failure is surfaced (the caller keeps the write). */
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
  /**
   * Whether a failed answer other than 429 is the vendor's way of saying "rate limited" (Salesforce
   * answers an exceeded API limit with 403 REQUEST_LIMIT_EXCEEDED). Such answers are waited out
   * like a 429: the server did not act on the call.
   */
  isRateLimited?: (res: Response, body: unknown) => boolean;
  /** Vendor reading of a rate-limited answer: how long to wait. */
  rateLimitWaitMs?: (res: Response, body: unknown, attempt: number) => number | null;
  /** Sees every response's headers (rate-limit headroom tracking). */
  onResponse?: (res: Response) => void;
}

const formatPath = (path: PropertyKey[]) =>
  path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '') || '(root)';

export const retryAfterMs = (res: Response): number | null => {
  const value = res.headers.get('retry-after');
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : null;
};

const backoff = (attempt: number) => Math.min(30_000, 500 * 2 ** (attempt - 1));

/**
 * HTTP for CRM adapters: JSON in and out, every answer parsed with zod (a mismatch names the
 * field), 429s waited out as the vendor says, 5xx and network failures retried with backoff when
 * the call is idempotent. Tokens never appear in errors.
 */
export class CrmHttp {
  private readonly fetch: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  readonly label: string;

  constructor(private readonly opts: CrmHttpOptions) {
    this.fetch = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.label = LABEL[opts.crm];
  }

  async request<S extends z.ZodType>(op: string, spec: RequestSpec<S>): Promise<HttpResult<z.output<S>>> {
    const maxAttempts = this.opts.maxAttempts ?? 6;
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.once(op, spec, attempt);
      if (outcome.kind === 'done') return outcome.result;
      const error = outcome.error;
      const canRetry = error.kind === 'rate_limit' || (spec.idempotent && error.retryable);
      if (!canRetry || attempt >= maxAttempts) throw error;
      await this.sleep(outcome.waitMs ?? backoff(attempt));
    }
  }

  private async once<S extends z.ZodType>(
    op: string,
    spec: RequestSpec<S>,
    attempt: number,
  ): Promise<{ kind: 'done'; result: HttpResult<z.output<S>> } | { kind: 'retry'; error: CrmApiError; waitMs: number | null }> {
    const headers = await this.opts.auth();
    const base = (typeof this.opts.baseUrl === 'string' ? this.opts.baseUrl : await this.opts.baseUrl()).replace(/\/$/, '');
    const url = new URL(base + spec.path);
    for (const [k, v] of Object.entries(spec.query ?? {})) {
      if (v === undefined) continue;
      for (const item of Array.isArray(v) ? v : [v]) url.searchParams.append(k, String(item));
    }
    const secrets = Object.values(headers);
    let res: Response;
    let text: string;
    try {
      res = await this.fetch(url.toString(), {
        method: spec.method,
        headers: { Accept: 'application/json', ...(spec.body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 30_000),
      });
      text = await res.text();
    } catch (cause) {
      const timeout = cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError');
      const error = new CrmApiError(
        this.opts.crm,
        timeout ? 'timeout' : 'network',
        `${op}: ${timeout ? 'timed out' : `network error: ${redact(String(cause), secrets)}`}`,
        timeout ? `${this.label} did not answer in time; Countersign will retry.` : `Could not reach ${this.label}; Countersign will retry.`,
        true,
        undefined,
        { cause },
      );
      return { kind: 'retry', error, waitMs: null };
    }
    this.opts.onResponse?.(res);
    let json: unknown = undefined;
    if (text.trim()) {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }
    if (res.ok) {
      if (!spec.schema) return { kind: 'done', result: { status: res.status, headers: res.headers, data: undefined as z.output<S> } };
      if (json === undefined) {
        return { kind: 'retry', error: this.invalid(op, 'the answer is not JSON'), waitMs: null };
      }
      const parsed = spec.schema.safeParse(json);
      if (!parsed.success) {
        const detail = parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`).join('; ');
        return { kind: 'retry', error: this.invalid(op, detail), waitMs: null };
      }
      return { kind: 'done', result: { status: res.status, headers: res.headers, data: parsed.data } };
    }
    const vendorMessage = redact(extractMessage(json) ?? text.slice(0, 200), secrets);
    if (res.status === 429 || this.opts.isRateLimited?.(res, json)) {
      const wait = this.opts.rateLimitWaitMs?.(res, json, attempt) ?? retryAfterMs(res) ?? backoff(attempt);
      const error = new CrmApiError(this.opts.crm, 'rate_limit', `${op}: HTTP ${res.status} ${vendorMessage}`, `${this.label} is rate-limiting requests; Countersign will retry.`, true, res.status);
      return { kind: 'retry', error, waitMs: wait };
    }
    if (res.status === 401) {
      const error = new CrmApiError(this.opts.crm, 'auth', `${op}: HTTP 401 ${vendorMessage}`, `${this.label} sign-in expired or was revoked: reconnect ${this.label} in Countersign settings.`, false, 401);
      return { kind: 'retry', error, waitMs: null };
    }
    if (res.status === 403) {
      const error = new CrmApiError(this.opts.crm, 'auth', `${op}: HTTP 403 ${vendorMessage}`, `${this.label} refused this (HTTP 403): the connected account lacks permission. ${vendorMessage}`, false, 403);
      return { kind: 'retry', error, waitMs: null };
    }
    if (res.status === 404) {
      return { kind: 'retry', error: new CrmApiError(this.opts.crm, 'not_found', `${op}: HTTP 404 ${vendorMessage}`, `${this.label} has no such record.`, false, 404), waitMs: null };
    }
    if (res.status >= 500) {
      const error = new CrmApiError(this.opts.crm, 'server', `${op}: HTTP ${res.status} ${vendorMessage}`, `${this.label} is having trouble (HTTP ${res.status}); Countersign will retry.`, true, res.status);
      return { kind: 'retry', error, waitMs: retryAfterMs(res) };
    }
    const error = new CrmApiError(this.opts.crm, 'client', `${op}: HTTP ${res.status} ${vendorMessage}`, `${this.label} rejected the request (HTTP ${res.status}): ${vendorMessage}`, false, res.status);
    return { kind: 'retry', error, waitMs: null };
  }

  private invalid(op: string, detail: string): CrmApiError {
    return new CrmApiError(this.opts.crm, 'invalid_response', `${op}: unexpected answer: ${detail}`, `${this.label} answered in an unexpected shape (${detail}).`, false);
  }
}

/** The vendors' error bodies: HubSpot {message}, Salesforce [{message}], Pipedrive {error}. */
function extractMessage(json: unknown): string | null {
  if (Array.isArray(json)) return extractMessage(json[0]);
  if (json && typeof json === 'object') {
    const o = json as Record<string, unknown>;
    for (const key of ['message', 'error', 'error_info']) if (typeof o[key] === 'string') return o[key];
  }
  return null;
}

function redact(text: string, secrets: string[]): string {
  let out = text;
  for (const s of secrets) {
    const token = s.replace(/^(Bearer|OAuth)\s+/i, '');
    if (token.length >= 8) out = out.split(token).join('[redacted]');
  }
  return out;
}

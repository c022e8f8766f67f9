import { z } from 'zod';
import { toBase64Url } from './mime-build';

const BASE_URL = 'https://gmail.googleapis.com/gmail/v1/users/me';
const DEFAULT_TIMEOUT_MS = 30_000;

// Response schemas, after the Gmail v1 discovery document (../shared/specs/gmail-v1-openapi.json).
// Gmail marks nothing required; what Countersign relies on is required here, so a response
// missing it fails loudly at the boundary instead of deep in the code.

/** A message as lists and minimal resources give it: ids and labels, no content. */
export const GmailMessageRef = z.object({
  id: z.string(),
  threadId: z.string(),
  labelIds: z.array(z.string()).default([]),
});

/** users.threads.get?format=minimal: the thread's message ids in order, with labels. */
export const GmailThreadIds = z.object({
  id: z.string(),
  historyId: z.string(),
  messages: z.array(GmailMessageRef.extend({ snippet: z.string().default(''), internalDate: z.string().optional() })).default([]),
});
export type GmailThreadIds = z.infer<typeof GmailThreadIds>;

/** users.messages.get?format=raw: the whole RFC 5322 message, base64url. */
export const GmailRawMessage = z.object({
  id: z.string(),
  threadId: z.string(),
  labelIds: z.array(z.string()).default([]),
  snippet: z.string().default(''),
  historyId: z.string().optional(),
  /** Epoch milliseconds, as a decimal string. */
  internalDate: z.string().optional(),
  sizeEstimate: z.number().int().optional(),
  raw: z.string().regex(/^[A-Za-z0-9_-]*=*$/, 'raw is not base64url'),
});
export type GmailRawMessage = z.infer<typeof GmailRawMessage>;

const HistoryMessageChange = z.object({ message: GmailMessageRef });
const HistoryLabelChange = HistoryMessageChange.extend({ labelIds: z.array(z.string()).default([]) });

/** One mailbox change (History): which messages were added, deleted or relabelled. */
export const GmailHistory = z.object({
  id: z.string(),
  messages: z.array(GmailMessageRef).default([]),
  messagesAdded: z.array(HistoryMessageChange).default([]),
  messagesDeleted: z.array(HistoryMessageChange).default([]),
  labelsAdded: z.array(HistoryLabelChange).default([]),
  labelsRemoved: z.array(HistoryLabelChange).default([]),
});
export type GmailHistory = z.infer<typeof GmailHistory>;

/** users.history.list (ListHistoryResponse): Gmail omits `history` when nothing changed. */
export const GmailListHistoryResponse = z.object({
  history: z.array(GmailHistory).default([]),
  /** The mailbox's current history id. */
  historyId: z.string(),
  nextPageToken: z.string().optional(),
});
export type GmailListHistoryResponse = z.infer<typeof GmailListHistoryResponse>;

/** The change types thread sync follows. */
export const HISTORY_TYPES = ['messageAdded', 'messageDeleted', 'labelAdded', 'labelRemoved'] as const;

/** messages.list returns only ids. */
export const GmailListMessagesResponse = z.object({
  messages: z.array(z.object({ id: z.string(), threadId: z.string() })).default([]),
  nextPageToken: z.string().optional(),
  resultSizeEstimate: z.number().int().optional(),
});

export const GmailProfile = z.object({
  emailAddress: z.string(),
  historyId: z.string(),
  messagesTotal: z.number().int().optional(),
  threadsTotal: z.number().int().optional(),
});

export const GmailSentMessage = z.object({ id: z.string(), threadId: z.string() });

/** Google's error envelope: {error: {code, message, status, errors: [{reason}]}}. */
const GoogleErrorBody = z.object({
  error: z.object({
    code: z.number().optional(),
    message: z.string().optional(),
    status: z.string().optional(),
    errors: z.array(z.object({ reason: z.string().optional() })).optional(),
  }),
});

export type GmailErrorKind = 'auth' | 'rate_limit' | 'server' | 'client' | 'network' | 'timeout' | 'invalid_response';

/** A failed Gmail call. `message` carries context for logs; `userMessage` is for the sales rep. */
export class GmailApiError extends Error {
  readonly kind: GmailErrorKind;
  readonly status?: number;
  readonly retryable: boolean;
  readonly userMessage: string;
  /** From a Retry-After header, when Gmail sent one. */
  readonly retryAfterMs?: number;

  constructor(init: {
    kind: GmailErrorKind;
    message: string;
    userMessage: string;
    retryable: boolean;
    status?: number;
    retryAfterMs?: number;
    cause?: unknown;
  }) {
    super(init.message, { cause: init.cause });
    this.name = 'GmailApiError';
    this.kind = init.kind;
    this.retryable = init.retryable;
    this.userMessage = init.userMessage;
    if (init.status !== undefined) this.status = init.status;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
  }
}

const RATE_LIMIT_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded']);

function parseRetryAfter(value: string | null): number | undefined {
  if (value === null) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** `messages[0].payload.headers` from a zod issue path. */
const formatPath = (path: PropertyKey[]) =>
  path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '') ||
  '(root)';

export interface GmailClientOptions {
  getAccessToken: () => Promise<string>;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** The few Gmail REST calls Countersign makes, each response checked against its schema. */
export class GmailClient {
  readonly #getAccessToken: () => Promise<string>;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;

  constructor(opts: GmailClientOptions) {
    this.#getAccessToken = opts.getAccessToken;
    // Wrapped: a bare `fetch` detached from globalThis throws "Illegal invocation" in browsers.
    this.#fetch = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  getProfile(): Promise<z.infer<typeof GmailProfile>> {
    return this.#request('getProfile', 'GET', '/profile', GmailProfile);
  }

  /** The thread's message ids and labels, oldest first, and its historyId: no content. */
  getThreadIds(id: string): Promise<GmailThreadIds> {
    return this.#request('getThreadIds', 'GET', `/threads/${encodeURIComponent(id)}?format=minimal`, GmailThreadIds);
  }

  /** One message as its RFC 5322 source (base64url in `raw`). */
  getRawMessage(id: string): Promise<GmailRawMessage> {
    return this.#request('getRawMessage', 'GET', `/messages/${encodeURIComponent(id)}?format=raw`, GmailRawMessage);
  }

  /** Mailbox changes after `startHistoryId`; Gmail answers 404 when that id is too old to list from. */
  listHistory(startHistoryId: string, pageToken?: string): Promise<GmailListHistoryResponse> {
    const query = new URLSearchParams({ startHistoryId });
    for (const type of HISTORY_TYPES) query.append('historyTypes', type);
    if (pageToken !== undefined) query.set('pageToken', pageToken);
    return this.#request('listHistory', 'GET', `/history?${query}`, GmailListHistoryResponse);
  }

  /** Sends an RFC 5322 message; Gmail files it in `threadId` when the reply headers match. */
  sendMessage(raw: string, threadId: string | null): Promise<{ id: string; threadId: string }> {
    const body = threadId === null ? { raw: toBase64Url(raw) } : { raw: toBase64Url(raw), threadId };
    return this.#request('sendMessage', 'POST', '/messages/send', GmailSentMessage, body);
  }

  /** The Gmail id of the message carrying this Message-ID header (sent, spam and trash included), or null. */
  async findByRfc822MessageId(messageId: string): Promise<string | null> {
    const query = new URLSearchParams({ q: `rfc822msgid:${messageId.trim().replace(/^<|>$/g, '')}`, includeSpamTrash: 'true' });
    const list = await this.#request('findByRfc822MessageId', 'GET', `/messages?${query}`, GmailListMessagesResponse);
    return list.messages[0]?.id ?? null;
  }

  async #request<T extends z.ZodType>(op: string, method: 'GET' | 'POST', path: string, schema: T, body?: unknown): Promise<z.output<T>> {
    const token = await this.#getAccessToken();
    const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';

    let response: Response;
    let text: string;
    try {
      response = await this.#fetch(`${BASE_URL}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      text = await response.text();
    } catch (cause) {
      throw transportError(op, cause, this.#timeoutMs, token);
    }

    if (!response.ok) throw httpError(op, response, redact(text, token));

    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (cause) {
      throw invalidResponse(op, 'the body is not JSON', cause);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`).join('; ');
      throw invalidResponse(op, detail, parsed.error);
    }
    return parsed.data;
  }
}

/** Google's messages never contain the token, but a proxy's might: never let it reach a log. */
const redact = (text: string, token: string) => (token ? text.split(token).join('[redacted]') : text);

function transportError(op: string, cause: unknown, timeoutMs: number, token: string): GmailApiError {
  const name = cause instanceof Error ? cause.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new GmailApiError({
      kind: 'timeout',
      message: `Gmail ${op} timed out after ${timeoutMs} ms`,
      userMessage: 'Gmail did not answer in time; Countersign will retry.',
      retryable: true,
      cause,
    });
  }
  return new GmailApiError({
    kind: 'network',
    message: redact(`Gmail ${op} failed before a response: ${cause instanceof Error ? cause.message : String(cause)}`, token),
    userMessage: 'Could not reach Gmail: check the internet connection. Countersign will retry.',
    retryable: true,
    cause,
  });
}

function invalidResponse(op: string, detail: string, cause: unknown): GmailApiError {
  return new GmailApiError({
    kind: 'invalid_response',
    message: `Gmail ${op} returned an unexpected response: ${detail}`,
    userMessage: 'Gmail sent a reply Countersign could not read. Try again later; if it persists, report it.',
    retryable: false,
    cause,
  });
}

function httpError(op: string, response: Response, text: string): GmailApiError {
  const status = response.status;
  let google: z.infer<typeof GoogleErrorBody>['error'] | undefined;
  try {
    google = GoogleErrorBody.parse(JSON.parse(text)).error;
  } catch {
    google = undefined; // Not Google's envelope (an HTML error page, say): the status is enough.
  }
  const reasons = new Set((google?.errors ?? []).map((e) => e.reason ?? ''));
  const detail = [google?.status, google?.message].filter(Boolean).join(': ');
  const message = `Gmail ${op} failed: HTTP ${status}${detail ? ` ${detail}` : ''}`;
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
  const base = { message, status, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };

  if (status === 429 || (status === 403 && [...reasons].some((r) => RATE_LIMIT_REASONS.has(r)))) {
    return new GmailApiError({ ...base, kind: 'rate_limit', retryable: true, userMessage: 'Gmail is rate-limiting requests; Countersign will retry.' });
  }
  if (status === 401) {
    return new GmailApiError({ ...base, kind: 'auth', retryable: false, userMessage: 'Gmail sign-in expired: reconnect Gmail in Countersign settings.' });
  }
  if (status === 403) {
    return new GmailApiError({
      ...base,
      kind: 'auth',
      retryable: false,
      userMessage: 'Countersign is not allowed to do this in Gmail: reconnect Gmail in Countersign settings and grant the requested access.',
    });
  }
  if (status >= 500) {
    return new GmailApiError({ ...base, kind: 'server', retryable: true, userMessage: `Gmail is having trouble (HTTP ${status}); Countersign will retry.` });
  }
  const userMessage =
    status === 404
      ? 'Gmail could not find that thread or message; it may have been deleted.'
      : `Gmail refused the request (HTTP ${status})${google?.message ? `: ${google.message}` : '.'}`;
  return new GmailApiError({ ...base, kind: 'client', retryable: false, userMessage });
}

import type { ContractLog } from '../contract';
import type { StandinRequest, StandinResponse } from '../upstream';
import { googleError } from './google-errors';
import { HoldSlot, never, type Hold } from './hold';

/**
 * Scripted Gmail API (v1) state, answered behind Prism at https://gmail.googleapis.com/gmail/v1/...
 * Resources follow users.threads.get (format=full), users.messages.send/list, users.getProfile.
 */
export interface GmailMessageInput {
  id: string;
  from: string;
  to: string;
  cc?: string;
  subject: string;
  /** RFC 5322 date string or a Date. */
  date: string | Date;
  /** Message-ID header, with or without angle brackets. */
  messageId: string;
  inReplyTo?: string;
  references?: string;
  text: string;
  /** When given, the payload is multipart/alternative (text/plain + text/html). */
  html?: string;
  labelIds?: string[];
}

export interface GmailThreadInput { id: string; messages: GmailMessageInput[] }

export type GmailEndpoint = 'profile' | 'threads.get' | 'messages.list' | 'messages.send';

export interface GmailRequest { endpoint: GmailEndpoint | 'unknown'; method: string; path: string; query: URLSearchParams; authorization?: string; body: unknown }

export interface SentMessage { id: string; threadId: string; /** Decoded RFC 5322 text. */ raw: string }

export interface MessagePart { partId: string; mimeType: string; filename: string; headers: { name: string; value: string }[]; body: { size: number; data?: string }; parts?: MessagePart[] }
export interface GmailMessage { id: string; threadId: string; labelIds: string[]; snippet: string; historyId: string; internalDate: string; sizeEstimate: number; payload: MessagePart }
export interface GmailThread { id: string; historyId: string; snippet: string; messages: GmailMessage[] }

/** hold('messages.send', 'accepted'): Gmail records the message as sent, then the answer is held. */
export type SendHoldMode = 'before-accept' | 'accepted';

// Gmail sends body data as base64url with '=' padding.
const b64url = (text: string): string => {
  const bare = Buffer.from(text, 'utf8').toString('base64url');
  return bare + '='.repeat((4 - (bare.length % 4)) % 4);
};
const bracketed = (id: string): string => (id.startsWith('<') ? id : `<${id}>`);
const bare = (id: string): string => id.trim().replace(/^<|>$/g, '');
const snippetOf = (text: string): string => text.replace(/\s+/g, ' ').trim().slice(0, 120);

function textPart(partId: string, mimeType: string, content: string, headers: MessagePart['headers'] = [{ name: 'Content-Type', value: `${mimeType}; charset="UTF-8"` }]): MessagePart {
  return { partId, mimeType, filename: '', headers, body: { size: Buffer.byteLength(content), data: b64url(content) } };
}

/** Splits an RFC 5322 text into unfolded headers and body. */
export function parseRfc5322(raw: string): { headers: { name: string; value: string }[]; body: string } {
  const split = raw.search(/\r?\n\r?\n/);
  const head = split < 0 ? raw : raw.slice(0, split);
  const body = split < 0 ? '' : raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const headers: { name: string; value: string }[] = [];
  for (const line of head.split(/\r?\n/)) {
    const last = headers[headers.length - 1];
    if (/^[ \t]/.test(line) && last) last.value += ` ${line.trim()}`;
    else {
      const colon = line.indexOf(':');
      if (colon > 0) headers.push({ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() });
    }
  }
  return { headers, body };
}

export class GmailStandin {
  emailAddress = 'rep@countersign.test';
  readonly sent: SentMessage[] = [];
  readonly requests: GmailRequest[] = [];
  private readonly threads = new Map<string, GmailThread>();
  private readonly failures = new Map<GmailEndpoint, StandinResponse[]>();
  private readonly holds = new Map<GmailEndpoint, { slot: HoldSlot<GmailRequest>; mode: SendHoldMode }[]>();
  private readonly slots: HoldSlot<GmailRequest>[] = [];
  private historyId = 5000;
  private nextId = 0x18f0000000000000n;
  private token: string | undefined;

  constructor(private readonly log: ContractLog) {}

  /** Adds a thread and returns the users.threads.get resource it will be served as. */
  addThread(input: GmailThreadInput): GmailThread {
    const messages = input.messages.map((m) => this.messageResource(input.id, m));
    const thread: GmailThread = { id: input.id, historyId: messages.at(-1)?.historyId ?? String(++this.historyId), snippet: messages.at(-1)?.snippet ?? '', messages };
    this.threads.set(input.id, thread);
    return thread;
  }

  thread(id: string): GmailThread | undefined {
    return this.threads.get(id);
  }

  /** Only this bearer token is accepted from now on (others get Gmail's 401). */
  requireToken(token: string): void {
    this.token = token;
  }

  /** The next call to `endpoint` answers `status` with Google's error body (or the one given). */
  failNext(endpoint: GmailEndpoint, status: number, body: unknown = googleError(status), headers?: Record<string, string>): void {
    const queue = this.failures.get(endpoint) ?? [];
    queue.push({ status, body, headers, injected: true });
    this.failures.set(endpoint, queue);
  }

  /**
   * Parks the next call to `endpoint` until the test decides. For messages.send, 'before-accept'
   * (default) parks it before Gmail records anything; 'accepted' records it in `sent` first and
   * parks only the answer (Gmail sent it, the client never heard back).
   */
  hold(endpoint: GmailEndpoint, mode: SendHoldMode = 'before-accept'): Hold<GmailRequest> {
    const slot = new HoldSlot<GmailRequest>();
    const queue = this.holds.get(endpoint) ?? [];
    queue.push({ slot, mode });
    this.holds.set(endpoint, queue);
    this.slots.push(slot);
    return slot;
  }

  /** Test end: whatever is still parked is dropped, never processed. */
  dispose(): void {
    for (const slot of this.slots) slot.drop();
  }

  readonly handle = async (req: StandinRequest): Promise<StandinResponse> => {
    const match = /^\/gmail\/v1\/users\/([^/]+)\/(.+)$/.exec(req.path);
    const rest = match?.[2] ?? '';
    const endpoint: GmailEndpoint | 'unknown' =
      req.method === 'GET' && rest === 'profile' ? 'profile'
      : req.method === 'GET' && /^threads\/[^/]+$/.test(rest) ? 'threads.get'
      : req.method === 'GET' && rest === 'messages' ? 'messages.list'
      : req.method === 'POST' && rest === 'messages/send' ? 'messages.send'
      : 'unknown';
    let body: unknown = req.body;
    if (req.body && String(req.headers['content-type'] ?? '').includes('json')) {
      try { body = JSON.parse(req.body); } catch { /* Prism reports the bad body */ }
    }
    const request: GmailRequest = { endpoint, method: req.method, path: req.path, query: req.query, authorization: req.headers.authorization, body };
    this.requests.push(request);
    if (endpoint === 'unknown') {
      this.violation(req, `the Gmail stand-in has no script for ${req.method} ${req.path}`);
      return { status: 404, body: googleError(404), injected: true };
    }
    const user = decodeURIComponent(match?.[1] ?? '');
    if (this.token !== undefined && req.headers.authorization !== `Bearer ${this.token}`) return { status: 401, body: googleError(401), injected: true };
    if (user !== 'me' && user !== this.emailAddress) return { status: 403, body: googleError(403, 'Delegation denied for ' + this.emailAddress), injected: true };
    const failure = this.failures.get(endpoint)?.shift();
    if (failure) return failure;
    const held = this.holds.get(endpoint)?.shift();
    if (held && !(endpoint === 'messages.send' && held.mode === 'accepted')) {
      if ((await held.slot.reached(request)) === 'drop') return never();
    }
    const answer = this.answer(endpoint, req, request, rest);
    if (held && endpoint === 'messages.send' && held.mode === 'accepted') {
      if ((await held.slot.reached(request)) === 'drop') return never();
    }
    return answer;
  };

  private answer(endpoint: GmailEndpoint, req: StandinRequest, request: GmailRequest, rest: string): StandinResponse {
    switch (endpoint) {
      case 'profile': {
        const messagesTotal = [...this.threads.values()].reduce((n, t) => n + t.messages.length, 0);
        return { status: 200, body: { emailAddress: this.emailAddress, messagesTotal, threadsTotal: this.threads.size, historyId: String(this.historyId) } };
      }
      case 'threads.get': {
        const thread = this.threads.get(decodeURIComponent(rest.slice('threads/'.length)));
        if (!thread) return { status: 404, body: googleError(404), injected: true };
        return { status: 200, body: this.formatThread(thread, req.query.get('format') ?? 'full', req.query.getAll('metadataHeaders')) };
      }
      case 'messages.list':
        return this.list(req);
      case 'messages.send':
        return this.send(req, request.body);
    }
  }

  private list(req: StandinRequest): StandinResponse {
    const q = (req.query.get('q') ?? '').trim();
    const wanted = /^rfc822msgid:(\S+)$/.exec(q);
    if (!wanted?.[1]) {
      this.violation(req, `the Gmail stand-in only scripts q=rfc822msgid:<id>, got q=${JSON.stringify(q)}`);
      return { status: 200, body: { resultSizeEstimate: 0 } };
    }
    const id = bare(wanted[1]);
    const found: { id: string; threadId: string }[] = [];
    for (const message of this.sent) {
      const header = parseRfc5322(message.raw).headers.find((h) => h.name.toLowerCase() === 'message-id');
      if (header && bare(header.value) === id) found.push({ id: message.id, threadId: message.threadId });
    }
    for (const thread of this.threads.values()) {
      for (const message of thread.messages) {
        const header = message.payload.headers.find((h) => h.name.toLowerCase() === 'message-id');
        if (header && bare(header.value) === id && !found.some((f) => f.id === message.id)) found.push({ id: message.id, threadId: thread.id });
      }
    }
    return { status: 200, body: found.length ? { messages: found, resultSizeEstimate: found.length } : { resultSizeEstimate: 0 } };
  }

  private send(req: StandinRequest, body: unknown): StandinResponse {
    const raw = (body as { raw?: unknown } | null)?.raw;
    // The converted spec does not mark `raw` required; Gmail does ("'raw' RFC822 payload message string ... required").
    if (typeof raw !== 'string' || raw === '') {
      this.violation(req, 'messages.send without a `raw` string');
      return { status: 400, body: googleError(400, "'raw' RFC822 payload message string or uploading message via /upload/* URL required"), injected: true };
    }
    const decoded = Buffer.from(raw, 'base64url').toString('utf8');
    const id = (this.nextId++).toString(16);
    const given = (body as { threadId?: unknown }).threadId;
    const threadId = typeof given === 'string' && given !== '' ? given : id;
    this.sent.push({ id, threadId, raw: decoded });
    const parsed = parseRfc5322(decoded);
    const message: GmailMessage = {
      id, threadId, labelIds: ['SENT'], snippet: snippetOf(parsed.body), historyId: String(++this.historyId), internalDate: String(Date.now()), sizeEstimate: Buffer.byteLength(decoded),
      payload: { ...textPart('', (parsed.headers.find((h) => h.name.toLowerCase() === 'content-type')?.value ?? 'text/plain').split(';')[0]!.trim(), parsed.body), headers: parsed.headers },
    };
    const thread = this.threads.get(threadId);
    if (thread) { thread.messages.push(message); thread.historyId = message.historyId; thread.snippet = message.snippet; }
    else this.threads.set(threadId, { id: threadId, historyId: message.historyId, snippet: message.snippet, messages: [message] });
    return { status: 200, body: { id, threadId, labelIds: ['SENT'] } };
  }

  private messageResource(threadId: string, m: GmailMessageInput): GmailMessage {
    const date = typeof m.date === 'string' ? new Date(m.date) : m.date;
    if (Number.isNaN(date.getTime())) throw new Error(`addThread: unparseable date ${String(m.date)}`);
    const headers: MessagePart['headers'] = [
      { name: 'MIME-Version', value: '1.0' },
      { name: 'Date', value: typeof m.date === 'string' ? m.date : date.toUTCString().replace('GMT', '+0000') },
      { name: 'Message-ID', value: bracketed(m.messageId) },
      ...(m.inReplyTo ? [{ name: 'In-Reply-To', value: bracketed(m.inReplyTo) }] : []),
      ...(m.references ? [{ name: 'References', value: m.references }] : []),
      { name: 'Subject', value: m.subject },
      { name: 'From', value: m.from },
      { name: 'To', value: m.to },
      ...(m.cc ? [{ name: 'Cc', value: m.cc }] : []),
    ];
    const boundary = `00000000000${m.id}`;
    const payload: MessagePart = m.html === undefined
      ? { ...textPart('', 'text/plain', m.text), headers: [...headers, { name: 'Content-Type', value: 'text/plain; charset="UTF-8"' }] }
      : {
          partId: '', mimeType: 'multipart/alternative', filename: '', body: { size: 0 },
          headers: [...headers, { name: 'Content-Type', value: `multipart/alternative; boundary="${boundary}"` }],
          parts: [textPart('0', 'text/plain', m.text), textPart('1', 'text/html', m.html)],
        };
    const sizeEstimate = headers.reduce((n, h) => n + h.name.length + h.value.length + 4, 0) + Buffer.byteLength(m.text) + Buffer.byteLength(m.html ?? '');
    const labelIds = m.labelIds ?? (m.from.includes(this.emailAddress) ? ['SENT'] : ['INBOX', 'CATEGORY_PERSONAL']);
    return { id: m.id, threadId, labelIds, snippet: snippetOf(m.text), historyId: String(++this.historyId), internalDate: String(date.getTime()), sizeEstimate, payload };
  }

  private formatThread(thread: GmailThread, format: string, metadataHeaders: string[]): GmailThread {
    if (format === 'full') return thread;
    const wanted = metadataHeaders.map((h) => h.toLowerCase());
    return {
      ...thread,
      messages: thread.messages.map(({ payload, ...rest }) => {
        if (format === 'minimal') return rest as GmailMessage;
        const headers = wanted.length ? payload.headers.filter((h) => wanted.includes(h.name.toLowerCase())) : payload.headers;
        return { ...rest, payload: { partId: payload.partId, mimeType: payload.mimeType, filename: payload.filename, headers, body: { size: 0 } } };
      }),
    };
  }

  private violation(req: StandinRequest, message: string): void {
    this.log.record({ vendor: 'gmail', request: `${req.method} ${req.path}`, source: 'standin', location: ['request'], severity: 'Error', message });
  }
}

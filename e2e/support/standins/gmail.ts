import type { ContractLog } from '../contract';
import type { StandinRequest, StandinResponse } from '../upstream';
import { googleError } from './google-errors';
import { b64url, buildRfc822, parseRfc5322, payloadOf, snippetOf, type GmailMessageInput, type MessagePart } from './gmail-mime';
import { HoldSlot, never, type Hold } from './hold';

/**
 * Scripted Gmail API (v1) state, answered behind Prism at https://gmail.googleapis.com/gmail/v1/...
 * One store of raw RFC 5322 messages (real .eml files verbatim, messages built from fields, and
 * what the extension sends), served as Gmail serves it: users.threads.get and users.messages.get in
 * every format (full, metadata, minimal, raw), users.history.list (with a floor below which it
 * answers 404, as Gmail does for history it no longer keeps), users.messages.send/list,
 * users.getProfile.
 */
export { parseRfc5322, type GmailMessageInput, type MessagePart };

export interface GmailThreadInput { id: string; messages: GmailMessageInput[] }

export type GmailEndpoint = 'profile' | 'threads.get' | 'messages.get' | 'messages.list' | 'messages.send' | 'history.list';

export interface GmailRequest { endpoint: GmailEndpoint | 'unknown'; method: string; path: string; query: URLSearchParams; authorization?: string; body: unknown }

export interface SentMessage { id: string; threadId: string; /** Decoded RFC 5322 text. */ raw: string }

export interface GmailMessage { id: string; threadId: string; labelIds: string[]; snippet: string; historyId: string; internalDate: string; sizeEstimate: number; payload?: MessagePart; raw?: string }
export interface GmailThread { id: string; historyId: string; snippet: string; messages: GmailMessage[] }

/** hold('messages.send', 'accepted'): Gmail records the message as sent, then the answer is held. */
export type SendHoldMode = 'before-accept' | 'accepted';

interface Stored { id: string; threadId: string; labelIds: string[]; historyId: number; internalDate: number; raw: Buffer; payload: MessagePart }
type HistoryType = 'messageAdded' | 'labelAdded' | 'labelRemoved';
interface HistoryRecord { id: number; type: HistoryType; message: { id: string; threadId: string; labelIds: string[] }; labelIds: string[] }

const HISTORY_FIELD: Record<HistoryType, string> = { messageAdded: 'messagesAdded', labelAdded: 'labelsAdded', labelRemoved: 'labelsRemoved' };
const bare = (id: string): string => id.trim().replace(/^<|>$/g, '');

export class GmailStandin {
  emailAddress = 'rep@countersign.test';
  readonly sent: SentMessage[] = [];
  readonly requests: GmailRequest[] = [];
  /** Every message, in the order Gmail received it; a thread is its messages in that order. */
  private readonly messages = new Map<string, Stored>();
  private readonly history: HistoryRecord[] = [];
  private readonly failures = new Map<GmailEndpoint, StandinResponse[]>();
  private readonly holds = new Map<GmailEndpoint, { slot: HoldSlot<GmailRequest>; mode: SendHoldMode }[]>();
  private readonly slots: HoldSlot<GmailRequest>[] = [];
  private historyId = 5000;
  /** history.list answers 404 for a startHistoryId below this. */
  private historyFloor = 5000;
  private nextId = 0x18f0000000000000n;
  private token: string | undefined;

  constructor(private readonly log: ContractLog) {}

  /** Adds a thread of messages given by fields; returns the users.threads.get (full) resource. */
  addThread(input: GmailThreadInput): GmailThread {
    for (const m of input.messages) {
      const date = typeof m.date === 'string' ? new Date(m.date) : m.date;
      if (Number.isNaN(date.getTime())) throw new Error(`addThread: unparseable date ${String(m.date)}`);
      const labelIds = m.labelIds ?? (m.from.includes(this.emailAddress) ? ['SENT'] : ['INBOX', 'CATEGORY_PERSONAL']);
      this.store(input.id, buildRfc822(m), labelIds, m.id);
    }
    return this.thread(input.id)!;
  }

  /** Adds a real RFC 5322 message (an .eml, byte for byte) to a thread, as Gmail receives mail. Returns its id. */
  addRawMessage(threadId: string, rfc822: string | Buffer, labelIds: string[] = ['INBOX', 'CATEGORY_PERSONAL']): string {
    return this.store(threadId, typeof rfc822 === 'string' ? Buffer.from(rfc822, 'utf8') : rfc822, labelIds).id;
  }

  /** A label change on a message, recorded in history as Gmail does. */
  relabel(messageId: string, change: { add?: string[]; remove?: string[] }): void {
    const m = this.messages.get(messageId);
    if (!m) throw new Error(`relabel: no message ${messageId}`);
    const add = (change.add ?? []).filter((l) => !m.labelIds.includes(l));
    const remove = (change.remove ?? []).filter((l) => m.labelIds.includes(l));
    m.labelIds = [...m.labelIds.filter((l) => !remove.includes(l)), ...add];
    if (add.length) this.record('labelAdded', m, add);
    if (remove.length) this.record('labelRemoved', m, remove);
  }

  /** Gmail keeps history for a limited time: from now on, a startHistoryId before the current one gets 404. */
  expireHistory(): void {
    this.historyFloor = this.historyId;
  }

  /** The users.threads.get (format=full) resource of a thread, or undefined. */
  thread(id: string): GmailThread | undefined {
    return this.threadResource(id, 'full', []);
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
      : req.method === 'GET' && /^messages\/[^/]+$/.test(rest) ? 'messages.get'
      : req.method === 'GET' && rest === 'messages' ? 'messages.list'
      : req.method === 'GET' && rest === 'history' ? 'history.list'
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
    const format = req.query.get('format') ?? 'full';
    const id = decodeURIComponent(rest.slice(rest.indexOf('/') + 1));
    switch (endpoint) {
      case 'profile': {
        const threadsTotal = new Set([...this.messages.values()].map((m) => m.threadId)).size;
        return { status: 200, body: { emailAddress: this.emailAddress, messagesTotal: this.messages.size, threadsTotal, historyId: String(this.historyId) } };
      }
      case 'threads.get': {
        if (format === 'raw') this.violation(req, 'users.threads.get has no format=raw');
        const thread = this.threadResource(id, format, req.query.getAll('metadataHeaders'));
        return thread ? { status: 200, body: thread } : { status: 404, body: googleError(404), injected: true };
      }
      case 'messages.get': {
        const m = this.messages.get(id);
        return m ? { status: 200, body: this.messageResource(m, format, req.query.getAll('metadataHeaders')) } : { status: 404, body: googleError(404), injected: true };
      }
      case 'history.list':
        return this.listHistory(req);
      case 'messages.list':
        return this.list(req);
      case 'messages.send':
        return this.send(req, request.body);
    }
  }

  private store(threadId: string, raw: Buffer, labelIds: string[], id = (this.nextId++).toString(16)): Stored {
    const dateHeader = parseRfc5322(raw.toString('latin1')).headers.find((h) => h.name.toLowerCase() === 'date')?.value;
    const date = dateHeader ? Date.parse(dateHeader) : NaN;
    const stored: Stored = { id, threadId, labelIds: [...labelIds], historyId: 0, internalDate: Number.isNaN(date) ? Date.now() : date, raw, payload: payloadOf(raw, `ANGjdJ_${id}`) };
    this.messages.set(id, stored);
    this.record('messageAdded', stored, []);
    return stored;
  }

  private record(type: HistoryType, m: Stored, labelIds: string[]): void {
    m.historyId = ++this.historyId;
    this.history.push({ id: this.historyId, type, message: { id: m.id, threadId: m.threadId, labelIds: [...m.labelIds] }, labelIds });
  }

  private messageResource(m: Stored, format: string, metadataHeaders: string[]): GmailMessage {
    const base = { id: m.id, threadId: m.threadId, labelIds: [...m.labelIds], snippet: snippetOf(m.payload), historyId: String(m.historyId), internalDate: String(m.internalDate), sizeEstimate: m.raw.length };
    if (format === 'minimal') return base;
    if (format === 'raw') return { ...base, raw: b64url(m.raw) };
    if (format === 'metadata') {
      const wanted = metadataHeaders.map((h) => h.toLowerCase());
      const headers = wanted.length ? m.payload.headers.filter((h) => wanted.includes(h.name.toLowerCase())) : m.payload.headers;
      return { ...base, payload: { partId: '', mimeType: m.payload.mimeType, filename: '', headers, body: { size: 0 } } };
    }
    return { ...base, payload: m.payload };
  }

  private threadResource(id: string, format: string, metadataHeaders: string[]): GmailThread | undefined {
    const list = [...this.messages.values()].filter((m) => m.threadId === id);
    if (!list.length) return undefined;
    const messages = list.map((m) => this.messageResource(m, format, metadataHeaders));
    return { id, historyId: String(Math.max(...list.map((m) => m.historyId))), snippet: messages.at(-1)?.snippet ?? '', messages };
  }

  private listHistory(req: StandinRequest): StandinResponse {
    const start = req.query.get('startHistoryId') ?? '';
    if (!/^\d+$/.test(start)) {
      this.violation(req, 'users.history.list without a numeric startHistoryId (Gmail requires one)');
      return { status: 400, body: googleError(400, 'Invalid startHistoryId'), injected: true };
    }
    if (Number(start) < this.historyFloor) return { status: 404, body: googleError(404), injected: true };
    const types = req.query.getAll('historyTypes');
    const label = req.query.get('labelId');
    const matching = this.history.filter((h) => h.id > Number(start) && (!types.length || types.includes(h.type)) && (!label || h.message.labelIds.includes(label)));
    const size = Math.min(Number(req.query.get('maxResults') ?? 100) || 100, 500);
    const from = Number(req.query.get('pageToken') ?? 0);
    const page = matching.slice(from, from + size).map((h) => ({
      id: String(h.id),
      messages: [{ id: h.message.id, threadId: h.message.threadId }],
      [HISTORY_FIELD[h.type]]: [h.type === 'messageAdded' ? { message: h.message } : { message: h.message, labelIds: h.labelIds }],
    }));
    // Gmail leaves out `history` when there is none, and `nextPageToken` on the last page.
    const next = from + size < matching.length ? { nextPageToken: String(from + size) } : {};
    return { status: 200, body: { ...(page.length ? { history: page } : {}), historyId: String(this.historyId), ...next } };
  }

  private list(req: StandinRequest): StandinResponse {
    const q = (req.query.get('q') ?? '').trim();
    const wanted = /^rfc822msgid:(\S+)$/.exec(q);
    if (!wanted?.[1]) {
      this.violation(req, `the Gmail stand-in only scripts q=rfc822msgid:<id>, got q=${JSON.stringify(q)}`);
      return { status: 200, body: { resultSizeEstimate: 0 } };
    }
    const id = bare(wanted[1]);
    const found = [...this.messages.values()]
      .filter((m) => m.payload.headers.some((h) => h.name.toLowerCase() === 'message-id' && bare(h.value) === id))
      .map((m) => ({ id: m.id, threadId: m.threadId }));
    return { status: 200, body: found.length ? { messages: found, resultSizeEstimate: found.length } : { resultSizeEstimate: 0 } };
  }

  private send(req: StandinRequest, body: unknown): StandinResponse {
    const raw = (body as { raw?: unknown } | null)?.raw;
    // The converted spec does not mark `raw` required; Gmail does ("'raw' RFC822 payload message string ... required").
    if (typeof raw !== 'string' || raw === '') {
      this.violation(req, 'messages.send without a `raw` string');
      return { status: 400, body: googleError(400, "'raw' RFC822 payload message string or uploading message via /upload/* URL required"), injected: true };
    }
    const bytes = Buffer.from(raw, 'base64url');
    const id = (this.nextId++).toString(16);
    const given = (body as { threadId?: unknown }).threadId;
    const threadId = typeof given === 'string' && given !== '' ? given : id;
    this.sent.push({ id, threadId, raw: bytes.toString('utf8') });
    this.store(threadId, bytes, ['SENT'], id);
    return { status: 200, body: { id, threadId, labelIds: ['SENT'] } };
  }

  private violation(req: StandinRequest, message: string): void {
    this.log.record({ vendor: 'gmail', request: `${req.method} ${req.path}`, source: 'standin', location: ['request'], severity: 'Error', message });
  }
}

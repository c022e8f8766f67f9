import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { freshDb } from '../../test/fixtures';
import { json, localServer, type Handler } from '../../test/http';
import type { CountersignDb } from '../db/schema';
import { GmailApiError, GmailClient } from './gmail-api';
import { UNDECODABLE_TEXT } from './message-parse';
import { ThreadSync } from './thread-sync';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SHARED_DIR = process.env.SHARED_DIR ?? path.resolve(repoRoot, '../shared');
const AUTO_REPLY = readFileSync(path.join(SHARED_DIR, 'fixtures/emails/rfc3834-02.eml'));

const NOW = Date.UTC(2026, 0, 2);
const THREAD = '18c2f1a9b7e4d3c0';

const rfc822 = (from: string, subject: string, body: string, id: string) =>
  Buffer.from(`From: ${from}\r\nTo: sam.rep@example.com\r\nSubject: ${subject}\r\nDate: Mon, 2 Jun 2025 10:00:00 -0700\r\nMessage-ID: <${id}@example.com>\r\n\r\n${body}\r\n`);

interface Stored { id: string; threadId: string; labelIds: string[]; raw: Buffer; historyId: number }
type Change = { message: { id: string; threadId: string; labelIds?: string[] }; labelIds?: string[] };
type Record = { id: string; messagesAdded?: Change[]; labelsRemoved?: Change[] };

/** A small Gmail mailbox behind a real local HTTP server, answering the calls thread sync makes. */
async function fakeGmail() {
  const server = await localServer();
  const messages = new Map<string, Stored>();
  const history: Record[] = [];
  let historyId = 100;
  let oldestListable = 100;
  let inFlight = 0;
  const state = { maxInFlight: 0, rawDelayMs: 0, dropNext: null as RegExp | null };

  const thread = (threadId: string) => [...messages.values()].filter((m) => m.threadId === threadId);

  const route: Handler = (req, res) => {
    const url = new URL(req.url ?? '', server.url);
    const rest = url.pathname.replace('/gmail/v1/users/me', '');
    if (state.dropNext?.test(rest)) {
      state.dropNext = null;
      res.socket?.destroy(); // the connection dies: a network error, not an HTTP one
      return;
    }
    if (rest === '/profile') return json(200, { emailAddress: 'sam.rep@example.com', historyId: String(historyId) })(req, res);
    if (rest === '/history') {
      const start = Number(url.searchParams.get('startHistoryId'));
      if (start < oldestListable) return json(404, { error: { code: 404, message: 'Requested entity was not found.', status: 'NOT_FOUND' } })(req, res);
      const after = history.filter((h) => Number(h.id) > start);
      const from = Number(url.searchParams.get('pageToken') ?? 0);
      const page = after.slice(from, from + 2);
      return json(200, { ...(page.length ? { history: page } : {}), historyId: String(historyId), ...(from + 2 < after.length ? { nextPageToken: String(from + 2) } : {}) })(req, res);
    }
    const threadMatch = /^\/threads\/([^/]+)$/.exec(rest);
    if (threadMatch) {
      const list = thread(threadMatch[1]!);
      if (!list.length) return json(404, { error: { code: 404, message: 'Not Found' } })(req, res);
      return json(200, { id: threadMatch[1], historyId: String(Math.max(...list.map((m) => m.historyId))), messages: list.map((m) => ({ id: m.id, threadId: m.threadId, labelIds: m.labelIds, snippet: '' })) })(req, res);
    }
    const rawMatch = /^\/messages\/([^/]+)$/.exec(rest);
    const m = rawMatch && messages.get(rawMatch[1]!);
    if (!m) return json(404, { error: { code: 404, message: 'Not Found' } })(req, res);
    inFlight += 1;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    setTimeout(() => {
      inFlight -= 1;
      json(200, { id: m.id, threadId: m.threadId, labelIds: m.labelIds, snippet: '', internalDate: String(NOW), raw: m.raw.toString('base64url') })(req, res);
    }, state.rawDelayMs);
  };
  server.next(...Array<Handler>(500).fill(route));

  return {
    server,
    state,
    add(threadId: string, id: string, raw: Buffer, labelIds = ['INBOX']) {
      historyId += 1;
      messages.set(id, { id, threadId, labelIds, raw, historyId });
      history.push({ id: String(historyId), messagesAdded: [{ message: { id, threadId, labelIds } }] });
    },
    unlabel(id: string, label: string) {
      const m = messages.get(id)!;
      historyId += 1;
      m.labelIds = m.labelIds.filter((l) => l !== label);
      m.historyId = historyId;
      history.push({ id: String(historyId), labelsRemoved: [{ message: { id, threadId: m.threadId }, labelIds: [label] }] });
    },
    /** Gmail keeps history for a limited time: start ids before the current position get a 404. */
    forgetHistory() {
      oldestListable = historyId;
    },
    /** Paths requested since the last call, e.g. "/threads/t1?format=minimal". */
    take(): string[] {
      const paths = server.requests.splice(0).map((r) => r.url.replace('/gmail/v1/users/me', ''));
      return paths;
    },
  };
}

let db: CountersignDb;
let gmail: Awaited<ReturnType<typeof fakeGmail>>;
let sync: ThreadSync;

beforeEach(async () => {
  db = freshDb();
  gmail = await fakeGmail();
  const client = new GmailClient({
    getAccessToken: async () => 'token',
    fetch: (input, init) => fetch(String(input).replace('https://gmail.googleapis.com', gmail.server.url), init),
  });
  sync = new ThreadSync(db, client, () => NOW);
  gmail.add(THREAD, 'm1', rfc822('Sam Rep <sam.rep@example.com>', 'Pricing', 'Pilot next month?', 'm1'), ['SENT']);
  gmail.add(THREAD, 'm2', AUTO_REPLY);
});

afterEach(async () => {
  await gmail.server.close();
  db.close();
  vi.restoreAllMocks();
});

/** Loads THREAD once and forgets the requests that took. */
async function loaded() {
  const first = await sync.refresh(THREAD);
  gmail.take();
  return first;
}

describe('ThreadSync', () => {
  it('a thread not yet cached is loaded in full: position, ids, then each message raw, decoded', async () => {
    expect(await sync.cached(THREAD)).toBeNull();
    const { snapshot, changed } = await sync.refresh(THREAD);
    expect(changed).toBe(true);
    expect(gmail.take().sort()).toEqual(['/messages/m1?format=raw', '/messages/m2?format=raw', '/profile', `/threads/${THREAD}?format=minimal`]);
    expect(snapshot).toMatchObject({ id: THREAD, subject: 'Pricing', historyId: '102', fetchedAt: NOW });
    expect(snapshot.messages.map((m) => [m.id, m.labelIds])).toEqual([['m1', ['SENT']], ['m2', ['INBOX']]]);
    expect(snapshot.messages[1]).toMatchObject({ from: { email: 'nekonyaan@example.org' }, body: "I'm out of the office Friday. For pressing news matters, Nyaan.", attachments: [] });
    expect(await db.messages.where('threadId').equals(THREAD).count()).toBe(2);
  });

  it('a cached thread answers without any network', async () => {
    const { snapshot } = await loaded();
    expect(await sync.cached(THREAD)).toEqual(snapshot);
    expect(gmail.take()).toEqual([]);
  });

  it('history with no change to this thread does not refetch it', async () => {
    await loaded();
    gmail.add('other-thread', 'x1', rfc822('a@example.com', 'Other', 'x', 'x1'));
    const { snapshot, changed } = await sync.refresh(THREAD);
    expect(changed).toBe(false);
    expect(snapshot.messages).toHaveLength(2);
    const [history, ...rest] = gmail.take();
    expect(new URL(history!, 'http://x').searchParams.get('startHistoryId')).toBe('102');
    expect(rest).toEqual([]);
    // The cursor moved on: the next refresh lists from the mailbox's new position.
    await sync.refresh(THREAD);
    expect(new URL(gmail.take()[0]!, 'http://x').searchParams.get('startHistoryId')).toBe('103');
  });

  it('a new message in the thread is fetched alone; the others come from the cache', async () => {
    await loaded();
    gmail.add(THREAD, 'm3', rfc822('Dana <dana@northwind-logistics.com>', 'Re: Pricing', 'Yes, 12 seats.\n\nOn Mon, Jun 2, 2025 at 10:00 AM Sam <sam.rep@example.com> wrote:\n> Pilot next month?', 'm3'));
    const { snapshot, changed } = await sync.refresh(THREAD);
    expect(changed).toBe(true);
    expect(gmail.take().map((p) => p.split('?')[0])).toEqual(['/history', `/threads/${THREAD}`, '/messages/m3']);
    expect(snapshot.messages.map((m) => m.id)).toEqual(['m1', 'm2', 'm3']);
    expect(snapshot.messages[2]).toMatchObject({ body: 'Yes, 12 seats.', quoted: expect.stringContaining('> Pilot next month?') });
    expect(await sync.cached(THREAD)).toEqual(snapshot);
  });

  it('a label change refetches the id list only, and the snapshot carries the new labels', async () => {
    await loaded();
    gmail.unlabel('m2', 'INBOX');
    const { snapshot, changed } = await sync.refresh(THREAD);
    expect(changed).toBe(true);
    expect(gmail.take().map((p) => p.split('?')[0])).toEqual(['/history', `/threads/${THREAD}`]);
    expect(snapshot.messages[1]?.labelIds).toEqual([]);
  });

  it('pages through history until a record touches the thread', async () => {
    await loaded();
    for (let i = 0; i < 5; i += 1) gmail.add('other-thread', `x${i}`, rfc822('a@example.com', 'Other', 'x', `x${i}`));
    gmail.add(THREAD, 'm3', rfc822('dana@northwind-logistics.com', 'Re: Pricing', 'Yes.', 'm3'));
    await sync.refresh(THREAD);
    const paths = gmail.take();
    expect(paths.filter((p) => p.startsWith('/history')).map((p) => new URL(p, 'http://x').searchParams.get('pageToken'))).toEqual([null, '2', '4']);
    expect(paths.filter((p) => p.startsWith('/messages'))).toEqual(['/messages/m3?format=raw']);
  });

  it('a 404 from history.list (start id too old) means a full refresh, still without refetching cached messages', async () => {
    await loaded();
    gmail.add(THREAD, 'm3', rfc822('dana@northwind-logistics.com', 'Re: Pricing', 'Yes.', 'm3'));
    gmail.forgetHistory();
    const { snapshot, changed } = await sync.refresh(THREAD);
    expect(changed).toBe(true);
    expect(gmail.take().map((p) => p.split('?')[0])).toEqual(['/history', '/profile', `/threads/${THREAD}`, '/messages/m3']);
    expect(snapshot.messages).toHaveLength(3);
    // Resumes from the position read during the full refresh.
    await sync.refresh(THREAD);
    expect(gmail.take().map((p) => p.split('?')[0])).toEqual(['/history']);
  });

  it('a network error leaves the cache as it was; the next refresh completes the sync', async () => {
    const { snapshot: before } = await loaded();
    gmail.add(THREAD, 'm3', rfc822('dana@northwind-logistics.com', 'Re: Pricing', 'Yes.', 'm3'));
    gmail.state.dropNext = /^\/messages\/m3$/;
    const error = await sync.refresh(THREAD).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GmailApiError);
    expect(error).toMatchObject({ kind: 'network', retryable: true });
    expect(await sync.cached(THREAD)).toEqual(before);
    gmail.take();
    const { snapshot } = await sync.refresh(THREAD);
    expect(snapshot.messages.map((m) => m.id)).toEqual(['m1', 'm2', 'm3']);
    expect(gmail.take().filter((p) => p.startsWith('/messages'))).toEqual(['/messages/m3?format=raw']);
  });

  it('fetches missing messages at most four at a time', async () => {
    for (let i = 3; i <= 12; i += 1) gmail.add(THREAD, `m${i}`, rfc822('dana@northwind-logistics.com', 'Re: Pricing', `n${i}`, `m${i}`));
    gmail.state.rawDelayMs = 20;
    const { snapshot } = await sync.refresh(THREAD);
    expect(snapshot.messages.map((m) => m.body)).toEqual(['Pilot next month?', "I'm out of the office Friday. For pressing news matters, Nyaan.", ...Array.from({ length: 10 }, (_, i) => `n${i + 3}`)]);
    expect(gmail.state.maxInFlight).toBe(4);
  });

  it('a message that cannot be decoded stays in the thread with its headers', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const deep = Array.from({ length: 300 }, (_, i) => `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n`).join('');
    gmail.add(THREAD, 'm3', Buffer.from(`From: dana@northwind-logistics.com\r\nSubject: Re: Pricing\r\n${deep}\r\nx`));
    const { snapshot } = await sync.refresh(THREAD);
    expect(snapshot.messages[2]).toMatchObject({ id: 'm3', from: { email: 'dana@northwind-logistics.com' }, subject: 'Re: Pricing', text: UNDECODABLE_TEXT });
  });

  it('concurrent refreshes of one thread share one sync', async () => {
    const [a, b] = await Promise.all([sync.refresh(THREAD), sync.refresh(THREAD)]);
    expect(a).toBe(b);
    expect(gmail.take().filter((p) => p.startsWith('/messages'))).toHaveLength(2);
  });

  it('hands each message to the new-message hook once, with its raw source, the first time it is fetched', async () => {
    const seen: { id: string; threadId: string; raw: string }[] = [];
    const hooked = new ThreadSync(db, new GmailClient({ getAccessToken: async () => 'token', fetch: (input, init) => fetch(String(input).replace('https://gmail.googleapis.com', gmail.server.url), init) }), () => NOW, async (e) => {
      seen.push({ id: e.message.id, threadId: e.threadId, raw: e.raw });
    });
    await hooked.refresh(THREAD);
    expect(seen.map((e) => e.id).sort()).toEqual(['m1', 'm2']);
    expect(Buffer.from(seen.find((e) => e.id === 'm1')!.raw, 'base64url').toString()).toMatch(/^From: Sam Rep/);
    gmail.add(THREAD, 'm3', rfc822('Dana <dana@example.com>', 'Re: Pricing', 'Yes please', 'm3'));
    await hooked.refresh(THREAD);
    expect(seen.map((e) => e.id).sort()).toEqual(['m1', 'm2', 'm3']);
  });

  it('a failing new-message hook fails the sync without caching the message, so the next refresh hands it over again', async () => {
    let fail = true;
    const seen: string[] = [];
    const hooked = new ThreadSync(db, new GmailClient({ getAccessToken: async () => 'token', fetch: (input, init) => fetch(String(input).replace('https://gmail.googleapis.com', gmail.server.url), init) }), () => NOW, async (e) => {
      if (fail && e.message.id === 'm2') throw new Error('disk full');
      seen.push(e.message.id);
    });
    await expect(hooked.refresh(THREAD)).rejects.toThrow('disk full');
    expect(await db.messages.get('m2')).toBeUndefined();
    fail = false;
    await hooked.refresh(THREAD);
    expect(seen.filter((id) => id === 'm2')).toEqual(['m2']);
  });

  it('a thread row from before v3 (no history cursor) is loaded in full once', async () => {
    const { snapshot } = await loaded();
    await db.threads.put({ id: THREAD, snapshot, updatedAt: NOW });
    await sync.refresh(THREAD);
    expect(gmail.take().map((p) => p.split('?')[0])).toEqual(['/profile', `/threads/${THREAD}`]);
  });
});

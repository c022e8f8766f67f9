import type { CountersignDb, ThreadRow } from '../db/schema';
import { GmailApiError, type GmailClient, type GmailHistory, type GmailListHistoryResponse, type GmailThreadIds } from './gmail-api';
import { parseGmailRaw } from './message-parse';
import { DecodedMessage, ThreadSnapshot } from './thread';

/** The Gmail calls thread sync makes. */
export type ThreadSource = Pick<GmailClient, 'getProfile' | 'getThreadIds' | 'getRawMessage' | 'listHistory'>;

export interface SyncResult {
  snapshot: ThreadSnapshot;
  /** False when the thread is as it was in the cache (same messages, same labels). */
  changed: boolean;
}

/**
 * Called once for each message this cache has not seen before, with its raw RFC 5322 source
 * (Gmail's base64url `raw`), before the message is cached: when it throws, the sync fails and the
 * message is fetched again (and handed over again) on the next refresh.
 */
export type NewMessageHook = (event: { threadId: string; raw: string; message: DecodedMessage }) => Promise<void>;

/** Raw messages fetched at once: enough to hide latency, few enough to stay clear of Gmail's rate limits. */
const RAW_CONCURRENCY = 4;
/** A longer backlog of mailbox changes costs more to page through than re-reading the thread's ids. */
const MAX_HISTORY_PAGES = 10;

/**
 * The open thread, from Gmail to IndexedDB, incrementally. Messages never change, so each is
 * fetched once (`format=raw`), decoded and kept per message; a thread is its list of message ids
 * and labels (`threads.get?format=minimal`), refetched only when `history.list` says a change
 * touched it. A cached thread answers without any network.
 */
export class ThreadSync {
  readonly #db: CountersignDb;
  readonly #gmail: ThreadSource;
  readonly #now: () => number;
  readonly #onNewMessage: NewMessageHook | undefined;
  readonly #running = new Map<string, Promise<SyncResult>>();

  constructor(db: CountersignDb, gmail: ThreadSource, now: () => number, onNewMessage?: NewMessageHook) {
    this.#db = db;
    this.#gmail = gmail;
    this.#now = now;
    this.#onNewMessage = onNewMessage;
  }

  /** The cached snapshot, or null when there is none (or it no longer parses). */
  async cached(threadId: string): Promise<ThreadSnapshot | null> {
    return snapshotOf(await this.#db.threads.get(threadId));
  }

  /** Brings the cached thread up to date with Gmail; concurrent calls for one thread share one sync. */
  refresh(threadId: string): Promise<SyncResult> {
    const running = this.#running.get(threadId);
    if (running) return running;
    const sync = this.#refresh(threadId).finally(() => this.#running.delete(threadId));
    this.#running.set(threadId, sync);
    return sync;
  }

  async #refresh(threadId: string): Promise<SyncResult> {
    const row = await this.#db.threads.get(threadId);
    const previous = snapshotOf(row);
    if (row && previous && row.historyCursor !== undefined) {
      const since = await this.#changesSince(threadId, row.historyCursor);
      if (since && !since.touched) {
        const snapshot = { ...previous, fetchedAt: this.#now() };
        await this.#db.threads.put({ ...row, snapshot, updatedAt: snapshot.fetchedAt, historyCursor: since.cursor });
        return { snapshot, changed: false };
      }
      if (since) return this.#load(threadId, previous, since.cursor);
    }
    // No cache, or a cursor Gmail no longer lists from: read the mailbox's position first, so no
    // change made while the thread loads can fall between the load and the next history.list.
    const { historyId } = await this.#gmail.getProfile();
    return this.#load(threadId, previous, historyId);
  }

  /** Whether a change after `cursor` touched the thread; null when Gmail no longer has that history (404). */
  async #changesSince(threadId: string, cursor: string): Promise<{ touched: boolean; cursor: string } | null> {
    let next: string | undefined;
    let latest: string | undefined;
    for (let page = 0; page === 0 || next !== undefined; page += 1) {
      let list: GmailListHistoryResponse;
      try {
        list = await this.#gmail.listHistory(cursor, next);
      } catch (e) {
        if (e instanceof GmailApiError && e.status === 404) return null;
        throw e;
      }
      // The first page's position is safe to resume from: later changes are listed after it.
      latest ??= list.historyId;
      if (list.history.some((h) => touches(h, threadId))) return { touched: true, cursor: latest };
      next = list.nextPageToken;
      if (next !== undefined && page + 1 >= MAX_HISTORY_PAGES) return { touched: true, cursor: latest };
    }
    return { touched: false, cursor: latest ?? cursor };
  }

  async #load(threadId: string, previous: ThreadSnapshot | null, cursor: string): Promise<SyncResult> {
    const thread = await this.#gmail.getThreadIds(threadId);
    const fetchedAt = this.#now();
    const ids = thread.messages.map((m) => m.id);
    const known = new Map<string, DecodedMessage>();
    for (const row of await this.#db.messages.bulkGet(ids)) {
      const parsed = DecodedMessage.safeParse(row?.message);
      if (row && parsed.success) known.set(row.id, parsed.data);
    }
    await eachLimited(
      thread.messages.filter((m) => !known.has(m.id)),
      RAW_CONCURRENCY,
      async (ref) => {
        const raw = await this.#gmail.getRawMessage(ref.id);
        const meta = { id: ref.id, threadId, labelIds: raw.labelIds, snippet: raw.snippet, internalDate: raw.internalDate };
        const message = await parseGmailRaw(raw.raw, meta, fetchedAt);
        await this.#onNewMessage?.({ threadId, raw: raw.raw, message });
        await this.#db.messages.put({ id: ref.id, threadId, message, fetchedAt });
        known.set(ref.id, message);
      },
    );
    const snapshot = toSnapshot(thread, known, fetchedAt);
    await this.#db.transaction('rw', this.#db.threads, this.#db.messages, async () => {
      await this.#db.threads.put({ id: threadId, snapshot, updatedAt: fetchedAt, historyCursor: cursor });
      // Messages deleted from the thread in Gmail leave the cache with it.
      await this.#db.messages.where('threadId').equals(threadId).filter((r) => !ids.includes(r.id)).delete();
    });
    return { snapshot, changed: previous === null || fingerprint(previous) !== fingerprint(snapshot) };
  }
}

function snapshotOf(row: ThreadRow | undefined): ThreadSnapshot | null {
  const parsed = ThreadSnapshot.safeParse(row?.snapshot);
  return parsed.success ? parsed.data : null;
}

function toSnapshot(thread: GmailThreadIds, known: Map<string, DecodedMessage>, fetchedAt: number): ThreadSnapshot {
  // Labels change over a message's life (read, starred, archived): the thread's list is current.
  const messages = thread.messages.flatMap((ref) => {
    const message = known.get(ref.id);
    return message ? [{ ...message, labelIds: ref.labelIds }] : [];
  });
  return { id: thread.id, subject: messages[0]?.subject ?? '', historyId: thread.historyId, messages, fetchedAt };
}

const fingerprint = (s: ThreadSnapshot) => JSON.stringify([s.historyId, s.messages.map((m) => [m.id, m.labelIds])]);

function touches(h: GmailHistory, threadId: string): boolean {
  const changed = [...h.messages, ...[...h.messagesAdded, ...h.messagesDeleted, ...h.labelsAdded, ...h.labelsRemoved].map((c) => c.message)];
  return changed.some((m) => m.threadId === threadId);
}

/** Runs `task` on every item, at most `limit` at a time; stops starting new ones after a failure. */
async function eachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const item = items[next++] as T;
      try {
        await task(item);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

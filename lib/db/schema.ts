import Dexie, { type EntityTable } from 'dexie';
import type { DecodedMessage, ThreadSnapshot } from '../mail/thread';
import type { OutgoingMessage } from '../mail/outgoing';

export type Actor = { type: 'human'; id: string } | { type: 'agent'; id: AgentName } | { type: 'system'; id: string };
export type AgentName = 'scout' | 'herald' | 'cipher' | 'sentinel';

export interface ContactRow {
  id: string;
  email: string;
  name: string;
  company: string;
  updatedAt: number;
}

export interface ThreadRow {
  id: string;
  snapshot: ThreadSnapshot;
  updatedAt: number;
  /**
   * Mailbox history id to list changes from on the next refresh (users.history.list). Absent in
   * rows written before v3: such a thread is loaded in full once.
   */
  historyCursor?: string;
}

/** A decoded Gmail message. Messages never change once sent, so each is fetched and parsed once. */
export interface MessageRow {
  id: string;
  threadId: string;
  message: DecodedMessage;
  fetchedAt: number;
}

export type DraftStatus = 'draft' | 'queued' | 'discarded';
export interface DraftRow {
  id: string;
  threadId: string;
  agent: AgentName;
  message: OutgoingMessage;
  /** Why the agent wrote what it wrote: each personal line and the thread text it rests on. */
  evidence: { claim: string; source: string }[];
  status: DraftStatus;
  createdAt: number;
  updatedAt: number;
}

/**
 * The outbox. States: pending (in review) → approved → sending → sent; pending → denied;
 * failed (a send error a human must look at). An edit of an approved item returns it to pending
 * and voids the approval (approvedHash cleared).
 */
export type ApprovalState = 'pending' | 'approved' | 'sending' | 'sent' | 'denied' | 'failed';
export interface ApprovalRow {
  id: string;
  kind: 'email';
  draftId: string;
  threadId: string | null;
  message: OutgoingMessage;
  /** contentHash(message), kept in step with every edit. */
  contentHash: string;
  /** The hash the human approved; sending requires it to equal a fresh contentHash(message). */
  approvedHash: string | null;
  approvedAt: number | null;
  state: ApprovalState;
  /** RFC 5322 Message-ID used for the send: lets a restarted worker ask Gmail whether it went out. */
  messageIdHeader: string;
  gmailMessageId: string | null;
  attempts: number;
  nextAttemptAt: number | null;
  lastError: string | null;
  denyReason: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface AuditRow {
  seq?: number;
  at: number;
  actor: Actor;
  action: string;
  subjectId: string;
  contentHash: string | null;
  detail: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export interface SecretRow {
  key: string;
  value: string;
}

export type CountersignDb = Dexie & {
  contacts: EntityTable<ContactRow, 'id'>;
  threads: EntityTable<ThreadRow, 'id'>;
  messages: EntityTable<MessageRow, 'id'>;
  drafts: EntityTable<DraftRow, 'id'>;
  approvals: EntityTable<ApprovalRow, 'id'>;
  audit: EntityTable<AuditRow, 'seq'>;
  secrets: EntityTable<SecretRow, 'key'>;
};

export const DB_NAME = 'countersign';

/**
 * Schema versions. Never edit a released version: add the next one with its upgrade function.
 * v1: first release. v2: approvals gain retry scheduling (attempts/nextAttemptAt) and a
 * compound [state+updatedAt] index for the outbox worker; old rows are backfilled.
 * v3: a per-message cache of decoded Gmail messages (thread sync); thread rows are kept and
 * refreshed in full once, as they have no history cursor yet.
 */
export function openDb(name = DB_NAME): CountersignDb {
  const db = new Dexie(name) as CountersignDb;
  db.version(1).stores({
    contacts: 'id, &email',
    threads: 'id, updatedAt',
    drafts: 'id, threadId, status, updatedAt',
    approvals: 'id, state, draftId, updatedAt',
    audit: '++seq, action, subjectId, at',
    secrets: 'key',
  });
  db.version(2)
    .stores({ approvals: 'id, state, draftId, updatedAt, [state+updatedAt]' })
    .upgrade((tx) =>
      tx
        .table('approvals')
        .toCollection()
        .modify((row: Partial<ApprovalRow>) => {
          row.attempts ??= 0;
          row.nextAttemptAt ??= null;
        }),
    );
  db.version(3).stores({ messages: 'id, threadId' });
  return db;
}

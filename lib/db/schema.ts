import type { QualityReport } from '../agents/herald/quality/model';
import Dexie, { type EntityTable } from 'dexie';
import type { DecodedMessage, ThreadSnapshot } from '../mail/thread';
import type { OutgoingMessage } from '../mail/outgoing';
import type { Evidence, Flag, FlagKind, Signal, SuppressionReason, TriageResult } from '../agents/scout/model';
import type {
  EnrolmentState,
  OutcomeKind,
  SendWindow,
  SequencePause,
  SequenceState,
  SequenceStep,
  StepRecordState,
} from '../agents/herald/sequences/model';
import type { AlertLevel, AlertState } from '../agents/sentinel/model';

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
  /**
   * Herald's quality report of the content at queue time (lib/agents/herald/quality), shown to
   * the approver; null after an edit in review (the approver wrote that text) or for older items.
   */
  quality?: QualityReport | null;
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

/**
 * What Scout knows about one lead (a person, keyed by lower-case email): the signals and flags
 * extracted from threads and the CRM. Scores are computed from these on read (lib/agents/scout/score).
 */
export interface LeadRow {
  /** Lower-case email address. */
  contactKey: string;
  email: string;
  name: string;
  company: string;
  signals: Signal[];
  flags: Flag[];
  /** Gmail thread ids the signals came from. */
  threadIds: string[];
  updatedAt: number;
}

/** A human's correction of a score or a flag, with a reason; kept until it expires or is revoked. */
export interface OverrideRow {
  id: string;
  contactKey: string;
  target: { type: 'score'; value: number } | { type: 'flag'; kind: FlagKind; action: 'add' | 'dismiss'; detail?: string };
  reason: string;
  by: Actor;
  at: number;
  /** Epoch ms after which the override no longer applies; null: until revoked. */
  expiresAt: number | null;
  revokedAt: number | null;
}

/** Addresses nothing may be queued or sent to (opt-outs, hard bounces, complaints, manual). */
export interface SuppressionRow {
  /** Lower-case email address. */
  email: string;
  reason: SuppressionReason;
  evidence: Evidence | null;
  by: Actor;
  at: number;
}

/** The triage of one inbound Gmail message. */
export interface TriageRow {
  /** Gmail message id. */
  messageId: string;
  threadId: string;
  /** Lower-case sender address. */
  from: string;
  result: TriageResult;
  at: number;
}

/** A Herald outreach sequence (lib/agents/herald/sequences). Only a human resumes a paused one. */
export interface SequenceRow {
  id: string;
  name: string;
  mailbox: { name: string; email: string };
  /** Lower-case mailbox address (index). */
  mailboxKey: string;
  /** The mailbox's IANA zone. */
  timeZone: string;
  window: SendWindow;
  steps: SequenceStep[];
  state: SequenceState;
  pause: SequencePause | null;
  /** When a human last reviewed (or resumed) it: the review clock. */
  reviewedAt: number;
  /** When a human last resumed it: outcomes before this were already seen. */
  resumedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

/** One contact in one sequence. */
export interface EnrolmentRow {
  id: string;
  sequenceId: string;
  /** Lower-case address (index). */
  email: string;
  contact: { email: string; name: string; company: string; timeZone: string | null; threadId: string | null };
  state: EnrolmentState;
  /** Index of the next step to queue (= steps queued so far). */
  nextStep: number;
  /** Index of the last step that went out, -1 before the first. */
  lastSentStep: number;
  lastSentAt: number | null;
  /**
   * When the next step falls due (active), or when an out-of-office pause ends (paused_ooo);
   * null while waiting for a queued step to be approved and sent, or when stopped/done.
   */
  dueAt: number | null;
  pausedUntil: number | null;
  stopReason: string | null;
  enrolledAt: number;
  updatedAt: number;
}

/** A step queued for one enrolment: written in the same transaction as its draft and approval item. */
export interface SequenceStepRow {
  /** `${enrolmentId}#${stepIndex}`: a step is queued at most once. */
  id: string;
  enrolmentId: string;
  sequenceId: string;
  stepIndex: number;
  mailboxKey: string;
  email: string;
  draftId: string;
  approvalId: string;
  state: StepRecordState;
  queuedAt: number;
  sentAt: number | null;
}

/** A measured outcome (a send, a bounce, an opt-out, a reply…) for sequence and mailbox monitoring. */
export interface SequenceEventRow {
  id: string;
  kind: OutcomeKind;
  sequenceId: string | null;
  mailboxKey: string;
  /** Lower-case recipient address. */
  email: string;
  /** The send it is about (for a send, its own approval id); null when no send could be matched. */
  approvalId: string | null;
  /** The triaged Gmail message id, for outcomes. */
  ref: string | null;
  at: number;
}

/**
 * Cipher's proposals to change the CRM (lib/agents/cipher): a sync change set, a cleanup plan or
 * a stage change. Nothing in one reaches the CRM before a person approves its exact content
 * (`approvedHash` = SHA-256 of `proposal`); per-record outcomes are kept so a run cut short resumes.
 */
export type CrmChangeKind = 'sync' | 'cleanup' | 'pipeline';
export type CrmChangeState = 'proposed' | 'approved' | 'applying' | 'applied' | 'partial' | 'denied' | 'rolled_back' | 'superseded';
export interface CrmChangeRow {
  id: string;
  kind: CrmChangeKind;
  crm: 'hubspot' | 'salesforce' | 'pipedrive' | 'local';
  state: CrmChangeState;
  /** What would change, per record (kind-specific, JSON). */
  proposal: unknown;
  proposalHash: string;
  approvedHash: string | null;
  /** Per-record outcome by record key, written as each one is applied (kind-specific, JSON). */
  results: Record<string, unknown>;
  proposedBy: Actor;
  createdAt: number;
  updatedAt: number;
}

/** A record as it was before Cipher touched it: fields and associations, for one-click rollback. */
export interface CrmSnapshotRow {
  /** `${changeId}:${type}:${recordId}` */
  id: string;
  changeId: string;
  crm: CrmChangeRow['crm'];
  type: 'contact' | 'company' | 'deal';
  recordId: string;
  /** The record's fields as read just before the change (null: it did not exist). */
  record: unknown;
  /** Associated record ids by type, as read just before the change. */
  associations: Record<string, string[]>;
  takenAt: number;
}

/**
 * A Sentinel alert (lib/agents/sentinel/alerts): at most one not-closed alert per condition key.
 * Never deleted and never closed without a person: it closes only once acknowledged by a human
 * and its condition is gone; a condition that returns after that raises a new alert.
 */
export interface AlertRow {
  id: string;
  /** Condition key ('crm.connection', 'bounce.spike:sam@example.com'). */
  key: string;
  /** The highest level reached; it only ever goes up. */
  level: AlertLevel;
  title: string;
  detail: string;
  /** The check that raised it ('health.crm', 'deliverability'). */
  source: string;
  state: AlertState;
  /** Whether the last check still found the condition. */
  conditionPresent: boolean;
  raisedAt: number;
  lastSeenAt: number;
  /** When the condition was last found gone; null while present. */
  clearedAt: number | null;
  acknowledgedAt: number | null;
  acknowledgedBy: Actor | null;
  ackNote: string | null;
  /** The level at raise time, then each escalation. */
  escalations: { level: AlertLevel; at: number }[];
}

/** What a chat answer cites or links: a record a tool read or a proposal a tool made in that turn. */
export interface ChatLink {
  kind: 'thread' | 'lead' | 'deal' | 'audit' | 'approval' | 'cleanup' | 'sync';
  id: string;
  label: string;
}

/** One message of the operator chat (lib/chat): the rep's question or an agent's answer. */
export interface ChatMessageRow {
  id: string;
  conversationId: string;
  role: 'user' | 'agent';
  text: string;
  /** The agent that answered (null for the rep's own messages). */
  agent: AgentName | null;
  sources: ChatLink[];
  /** Proposals made in this turn (a queued draft, a cleanup or sync change set): links, never actions. */
  proposals: ChatLink[];
  /** Tools the model asked for that were refused (outside the agent's list, or executing). */
  refused: string[];
  at: number;
}

export type CountersignDb = Dexie & {
  contacts: EntityTable<ContactRow, 'id'>;
  threads: EntityTable<ThreadRow, 'id'>;
  messages: EntityTable<MessageRow, 'id'>;
  drafts: EntityTable<DraftRow, 'id'>;
  approvals: EntityTable<ApprovalRow, 'id'>;
  audit: EntityTable<AuditRow, 'seq'>;
  secrets: EntityTable<SecretRow, 'key'>;
  leads: EntityTable<LeadRow, 'contactKey'>;
  overrides: EntityTable<OverrideRow, 'id'>;
  suppressions: EntityTable<SuppressionRow, 'email'>;
  triage: EntityTable<TriageRow, 'messageId'>;
  sequences: EntityTable<SequenceRow, 'id'>;
  enrolments: EntityTable<EnrolmentRow, 'id'>;
  sequenceSteps: EntityTable<SequenceStepRow, 'id'>;
  sequenceEvents: EntityTable<SequenceEventRow, 'id'>;
  crmChanges: EntityTable<CrmChangeRow, 'id'>;
  crmSnapshots: EntityTable<CrmSnapshotRow, 'id'>;
  alerts: EntityTable<AlertRow, 'id'>;
  chatMessages: EntityTable<ChatMessageRow, 'id'>;
};

export const DB_NAME = 'countersign';

/**
 * Schema versions. Never edit a released version: add the next one with its upgrade function.
 * v1: first release. v2: approvals gain retry scheduling (attempts/nextAttemptAt) and a
 * compound [state+updatedAt] index for the outbox worker; old rows are backfilled.
 * v3: a per-message cache of decoded Gmail messages (thread sync); thread rows are kept and
 * refreshed in full once, as they have no history cursor yet.
 * v4: Scout: leads (signals and flags per person), human overrides, the suppression list and
 * per-message triage results.
 * v5: Herald sequences: sequences, enrolments (due steps by [state+dueAt]), the steps each
 * enrolment queued (one row per step, keyed so a step is queued once), and measured outcomes
 * (sends, bounces, opt-outs, complaints, replies) by sequence and by mailbox.
 * v6: Cipher's CRM change sets and the record snapshots they roll back to.
 * v7: Sentinel's alerts (by condition key, state and level); no existing table changes.
 * v8: the operator chat's conversation, kept locally (by conversation, in order); no existing table changes.
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
  db.version(4).stores({
    leads: 'contactKey, updatedAt',
    overrides: 'id, contactKey, expiresAt',
    suppressions: 'email, reason, at',
    triage: 'messageId, threadId, from, at',
  });
  db.version(5).stores({
    sequences: 'id, state, mailboxKey',
    enrolments: 'id, sequenceId, email, [state+dueAt]',
    sequenceSteps: 'id, enrolmentId, approvalId, state, [mailboxKey+queuedAt]',
    sequenceEvents: 'id, approvalId, email, [sequenceId+kind+at], [mailboxKey+kind+at]',
  });
  db.version(6).stores({
    crmChanges: 'id, kind, state, updatedAt',
    crmSnapshots: 'id, changeId',
  });
  db.version(7).stores({
    alerts: 'id, key, state, level, raisedAt',
  });
  db.version(8).stores({
    chatMessages: 'id, conversationId, at, [conversationId+at]',
  });
  return db;
}

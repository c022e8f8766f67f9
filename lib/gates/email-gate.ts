import { appendAudit, auditedTransaction } from '../audit/log';
import type { Actor, ApprovalRow, CountersignDb, DraftRow } from '../db/schema';
import { OutgoingMessage } from '../mail/outgoing';
import { conflict, notFound, UserFacingError } from '../protocol/errors';
import { contentHash } from './content-hash';
import { assertNotSuppressed } from './suppression';
import type { QualityReport } from '../agents/herald/quality/model';

/**
 * The email approval gate: Draft → Queue → Review → Approve/Deny → Send. Every transition is one
 * IndexedDB transaction together with its audit entry, so what is acknowledged is durable.
 */

const newId = () => crypto.randomUUID();
const messageIdFor = (approvalId: string, from: string) => `<cs-${approvalId}@${from.split('@')[1] ?? 'countersign.invalid'}>`;

/**
 * Herald's quality report (lib/agents/herald/draft-quality.ts) and the words it was computed on.
 * It is worked out before the queue transaction (it reads other tables and the near-copy index);
 * the gate checks it is about this exact subject and body, and refuses what it blocks.
 */
export interface QualityCheck {
  subject: string;
  body: string;
  report: QualityReport;
}

export async function queueDraft(db: CountersignDb, draftId: string, actor: Actor, check: QualityCheck): Promise<ApprovalRow> {
  return auditedTransaction(db, ['drafts', 'approvals', 'suppressions'], async () => {
    const draft = await db.drafts.get(draftId);
    if (!draft) throw notFound('That draft');
    if (draft.status !== 'draft') throw conflict(`That draft is already ${draft.status}.`);
    const message = OutgoingMessage.parse(draft.message);
    if (check.subject !== message.subject || check.body !== message.body) throw conflict('The draft changed while it was being checked. Queue it again.');
    if (check.report.verdict === 'blocked') {
      throw new UserFacingError('invalid_request', `Fix this before queueing: ${check.report.blocking.map((f) => f.message).join(' ')}`);
    }
    await assertNotSuppressed(db, message, 'queued');
    const now = Date.now();
    const id = newId();
    const row: ApprovalRow = {
      id,
      kind: 'email',
      draftId,
      threadId: message.threadId,
      message,
      contentHash: contentHash(message),
      approvedHash: null,
      approvedAt: null,
      state: 'pending',
      messageIdHeader: messageIdFor(id, message.from.email),
      gmailMessageId: null,
      attempts: 0,
      nextAttemptAt: null,
      lastError: null,
      denyReason: null,
      quality: check.report,
      createdAt: now,
      updatedAt: now,
    };
    await db.approvals.add(row);
    await db.drafts.update(draftId, { status: 'queued', updatedAt: now });
    await appendAudit(db, { actor, action: 'email.queued', subjectId: id, contentHash: row.contentHash, detail: { draftId, quality: check.report.verdict, warnings: check.report.warnings.map((f) => f.code) } });
    return row;
  });
}

async function load(db: CountersignDb, approvalId: string): Promise<ApprovalRow> {
  const row = await db.approvals.get(approvalId);
  if (!row) throw notFound('That approval item');
  return row;
}

/**
 * Approve exactly what the approver saw: `shownHash` is the hash the panel displayed. It must
 * equal the stored hash and a fresh hash of the stored message.
 */
export async function approve(db: CountersignDb, approvalId: string, shownHash: string, actor: Actor): Promise<ApprovalRow> {
  return auditedTransaction(db, ['approvals', 'suppressions'], async () => {
    const row = await load(db, approvalId);
    if (row.state !== 'pending') throw conflict(`This item is ${row.state}; only items in review can be approved.`);
    const fresh = contentHash(row.message);
    if (shownHash !== row.contentHash || fresh !== row.contentHash) {
      throw conflict('The message changed since you opened it. Review the current version and approve again.');
    }
    await assertNotSuppressed(db, row.message, 'approved');
    const next: ApprovalRow = { ...row, state: 'approved', approvedHash: fresh, approvedAt: Date.now(), updatedAt: Date.now() };
    await db.approvals.put(next);
    await appendAudit(db, { actor, action: 'email.approved', subjectId: approvalId, contentHash: fresh });
    return next;
  });
}

export async function deny(db: CountersignDb, approvalId: string, reason: string, actor: Actor): Promise<ApprovalRow> {
  const why = reason.trim();
  if (!why) throw new UserFacingError('invalid_request', 'Say why you are denying it: the reason goes in the audit log.');
  return auditedTransaction(db, ['approvals', 'drafts'], async () => {
    const row = await load(db, approvalId);
    if (row.state !== 'pending' && row.state !== 'approved' && row.state !== 'failed') {
      throw conflict(`This item is ${row.state} and can no longer be denied.`);
    }
    const next: ApprovalRow = { ...row, state: 'denied', approvedHash: null, denyReason: why, updatedAt: Date.now() };
    await db.approvals.put(next);
    await appendAudit(db, { actor, action: 'email.denied', subjectId: approvalId, contentHash: row.contentHash, detail: { reason: why } });
    return next;
  });
}

export type EmailEdit = Pick<OutgoingMessage, 'to' | 'cc' | 'subject' | 'body'>;

/** An edit returns the item to review. If it was approved, that approval is void. */
export async function edit(db: CountersignDb, approvalId: string, changes: EmailEdit, actor: Actor): Promise<ApprovalRow> {
  return auditedTransaction(db, ['approvals'], async () => {
    const row = await load(db, approvalId);
    if (row.state === 'sending' || row.state === 'sent') throw conflict(`This message is ${row.state}; it can no longer be edited.`);
    if (row.state === 'denied') throw conflict('This item was denied; it can no longer be edited.');
    const parsed = OutgoingMessage.safeParse({ ...row.message, ...changes });
    if (!parsed.success) throw new UserFacingError('invalid_request', `Edit not saved: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const hash = contentHash(parsed.data);
    const wasApproved = row.approvedHash !== null;
    const next: ApprovalRow = {
      ...row,
      message: parsed.data,
      contentHash: hash,
      state: 'pending',
      approvedHash: null,
      approvedAt: null,
      nextAttemptAt: null,
      quality: null,
      updatedAt: Date.now(),
    };
    await db.approvals.put(next);
    if (wasApproved) {
      await appendAudit(db, { actor, action: 'email.approval_voided', subjectId: approvalId, contentHash: row.approvedHash, detail: { why: 'edited after approval' } });
    }
    await appendAudit(db, { actor, action: 'email.edited', subjectId: approvalId, contentHash: hash, detail: { previousHash: row.contentHash } });
    return next;
  });
}

/**
 * A failed send goes back to the outbox on an explicit retry; the approval must still bind. An
 * item held before it was ever approved (a suppression arrived while it was in review) goes back
 * to review instead.
 */
export async function retry(db: CountersignDb, approvalId: string, actor: Actor): Promise<ApprovalRow> {
  return auditedTransaction(db, ['approvals', 'suppressions'], async () => {
    const row = await load(db, approvalId);
    if (row.state !== 'failed') throw conflict(`Only failed sends can be retried; this item is ${row.state}.`);
    await assertNotSuppressed(db, row.message, row.approvedHash ? 'sent' : 'queued');
    const next: ApprovalRow = { ...row, state: row.approvedHash ? 'approved' : 'pending', nextAttemptAt: null, updatedAt: Date.now() };
    await db.approvals.put(next);
    await appendAudit(db, { actor, action: 'email.retry_requested', subjectId: approvalId, contentHash: row.approvedHash });
    return next;
  });
}

export function saveDraft(db: CountersignDb, draft: DraftRow): Promise<DraftRow> {
  return auditedTransaction(db, ['drafts'], async () => {
    await db.drafts.put(draft);
    await appendAudit(db, {
      actor: { type: 'agent', id: draft.agent },
      action: 'email.drafted',
      subjectId: draft.id,
      contentHash: contentHash(draft.message),
      detail: { threadId: draft.threadId },
    });
    return draft;
  });
}

export { newId };

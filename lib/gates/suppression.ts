import { appendAudit, auditedTransaction, systemActor } from '../audit/log';
import type { Actor, ApprovalRow, CountersignDb, SuppressionRow } from '../db/schema';
import type { Evidence, SuppressionReason } from '../agents/scout/model';
import type { OutgoingMessage } from '../mail/outgoing';
import { UserFacingError } from '../protocol/errors';

/**
 * The suppression list: addresses nothing may be queued, approved or sent to. Every gate step
 * checks it (queue, approve, the outbox right before a send), since a suppression can arrive
 * after approval. Adding an address holds what is already in the outbox for it.
 */

export const suppressionKey = (email: string) => email.trim().toLowerCase();

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

const VERB: Record<SuppressionReason, string> = {
  opt_out: 'opted out',
  hard_bounce: 'hard-bounced',
  complaint: 'reported our mail as spam',
  manual: 'was put on the suppression list by hand',
};

/** One line a rep reads: "dana@… opted out on 2026-01-02 (\"please unsubscribe me\")". */
export function describeSuppression(row: SuppressionRow): string {
  const quote = row.evidence?.quote.trim();
  return `${row.email} ${VERB[row.reason]} on ${isoDay(row.at)}${quote ? ` ("${quote.length > 120 ? `${quote.slice(0, 119)}…` : quote}")` : ''}`;
}

/** The suppressed addresses among a message's To, Cc and Bcc. */
export async function suppressedRecipients(db: CountersignDb, message: Pick<OutgoingMessage, 'to' | 'cc' | 'bcc'>): Promise<SuppressionRow[]> {
  const emails = [...new Set([...message.to, ...message.cc, ...message.bcc].map((a) => suppressionKey(a.email)))];
  return (await db.suppressions.bulkGet(emails)).filter((r): r is SuppressionRow => r !== undefined);
}

/** Refuses (UserFacingError naming each address and why) when any recipient is suppressed. */
export async function assertNotSuppressed(db: CountersignDb, message: Pick<OutgoingMessage, 'to' | 'cc' | 'bcc'>, step: 'queued' | 'approved' | 'sent'): Promise<void> {
  const hits = await suppressedRecipients(db, message);
  if (!hits.length) return;
  throw new UserFacingError(
    'conflict',
    `Not ${step}: ${hits.map(describeSuppression).join('; ')}. Countersign sends nothing to a suppressed address: remove it from the recipients, or from the suppression list if that is wrong.`,
  );
}

export interface SuppressionInput {
  email: string;
  reason: SuppressionReason;
  evidence: Evidence | null;
  by: Actor;
  at: number;
  /** Why, in a person's words (manual suppressions); kept in the audit entry. */
  note?: string;
}

export interface SuppressionOutcome {
  row: SuppressionRow;
  /** False when the address was already suppressed (the first reason is kept). */
  added: boolean;
  /** Outbox items moved to 'failed' for a human to look at. */
  held: string[];
}

const holder = systemActor('suppression');
const addresses = (m: OutgoingMessage) => [...m.to, ...m.cc, ...m.bcc].map((a) => suppressionKey(a.email));

/**
 * Suppresses an address and holds every pending or approved outbox item to it ('failed', with
 * the reason as lastError: a human edits the recipients or denies it), all in one transaction
 * with their audit entries. Call inside a wider transaction to make it part of that one.
 */
export function addSuppression(db: CountersignDb, input: SuppressionInput): Promise<SuppressionOutcome> {
  const email = suppressionKey(input.email);
  return auditedTransaction(db, ['suppressions', 'approvals'], async () => {
    const existing = await db.suppressions.get(email);
    const row: SuppressionRow = existing ?? { email, reason: input.reason, evidence: input.evidence, by: input.by, at: input.at };
    if (!existing) {
      await db.suppressions.add(row);
      await appendAudit(db, {
        actor: input.by,
        action: 'suppression.added',
        subjectId: email,
        at: input.at,
        detail: { reason: row.reason, evidence: row.evidence, ...(input.note ? { note: input.note } : {}) },
      });
    }
    const open = await db.approvals.where('state').anyOf('pending', 'approved').toArray();
    const held: string[] = [];
    for (const item of open.filter((a) => addresses(a.message).includes(email))) {
      const next: ApprovalRow = { ...item, state: 'failed', nextAttemptAt: null, lastError: `Held: ${describeSuppression(row)}. Edit the recipients or deny this item.`, updatedAt: input.at };
      await db.approvals.put(next);
      await appendAudit(db, { actor: holder, action: 'email.held', subjectId: item.id, at: input.at, contentHash: item.contentHash, detail: { email, reason: row.reason, wasState: item.state } });
      held.push(item.id);
    }
    return { row, added: !existing, held };
  });
}

/** Takes an address off the list (a human's call, with a reason). Held items stay held until retried. */
export async function removeSuppression(db: CountersignDb, email: string, reason: string, by: Actor, at = Date.now()): Promise<SuppressionRow> {
  const key = suppressionKey(email);
  const why = reason.trim();
  if (!why) throw new UserFacingError('invalid_request', 'Say why the address may be written to again: the reason goes in the audit log.');
  return auditedTransaction(db, ['suppressions'], async () => {
    const row = await db.suppressions.get(key);
    if (!row) throw new UserFacingError('not_found', `${key} is not on the suppression list.`);
    await db.suppressions.delete(key);
    await appendAudit(db, { actor: by, action: 'suppression.removed', subjectId: key, at, detail: { reason: why, was: row.reason } });
    return row;
  });
}

import { appendAudit, auditedTransaction } from '../../../audit/log';
import type { Actor, CountersignDb, TriageRow } from '../../../db/schema';
import { addSuppression, suppressionKey } from '../../../gates/suppression';
import type { Evidence, SuppressionReason, TriageResult } from '../model';
import { detectComplaint } from './complaint';
import { readInbound } from './inbound';
import { triageRaw } from './triage';

export interface InboundToTriage {
  /** Gmail message id. */
  messageId: string;
  threadId: string;
  /** The sender's address as decoded. */
  from: string;
  /** The message's RFC 5322 source. */
  raw: Uint8Array | string;
}

export interface TriageOutcome {
  row: TriageRow;
  /** False when the message had been triaged before (nothing was written). */
  recorded: boolean;
  /** The address the result put on the suppression list, if any. */
  suppressed: { email: string; reason: SuppressionReason } | null;
  /** Outbox items held because of that suppression. */
  held: string[];
}

const SCOUT: Actor = { type: 'agent', id: 'scout' };
const looksLikeAddress = (s: string | null | undefined): s is string => typeof s === 'string' && /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/.test(s.trim());

/**
 * Which address a triage result puts on the suppression list, and why: the sender who asked to
 * unsubscribe; the failed recipient of a hard bounce (never the mail system that reported it);
 * the complainant a spam report names (the report's sender is the mailbox provider). A report
 * that names no usable address suppresses nothing, and says so in the audit log.
 */
async function suppressionFor(result: TriageResult, input: InboundToTriage): Promise<{ email: string; reason: SuppressionReason } | { skipped: string } | null> {
  if (result.class === 'unsubscribe') return looksLikeAddress(input.from) ? { email: suppressionKey(input.from), reason: 'opt_out' } : { skipped: 'the sender has no usable address' };
  if (result.class === 'bounce' && result.bounce?.type === 'hard') {
    const to = result.bounce.recipient;
    return looksLikeAddress(to) ? { email: suppressionKey(to), reason: 'hard_bounce' } : { skipped: 'the bounce names no recipient' };
  }
  if (result.class === 'complaint') {
    const to = detectComplaint(await readInbound(input.raw))?.recipient;
    return looksLikeAddress(to) ? { email: suppressionKey(to), reason: 'complaint' } : { skipped: 'the report names no usable recipient (often redacted)' };
  }
  return null;
}

/**
 * Scout's triage of one inbound message, stored once per Gmail message id with its audit entry;
 * an opt-out, a hard bounce or a complaint suppresses the address in the same transaction (and
 * holds outbox items to it). Idempotent: a message triaged before is left as it was.
 */
export async function triageInbound(db: CountersignDb, input: InboundToTriage, now: number): Promise<TriageOutcome> {
  const before = await db.triage.get(input.messageId);
  if (before) return { row: before, recorded: false, suppressed: null, held: [] };
  const result = await triageRaw(input.raw, { now: new Date(now) });
  const suppression = await suppressionFor(result, input).catch(() => ({ skipped: 'the message could not be read again' }));
  const row: TriageRow = { messageId: input.messageId, threadId: input.threadId, from: suppressionKey(input.from), result, at: now };
  const evidence: Evidence = { source: 'triage', ref: input.messageId, quote: result.reason.slice(0, 500) };

  return auditedTransaction(db, ['triage', 'suppressions', 'approvals'], async () => {
    const raced = await db.triage.get(input.messageId);
    if (raced) return { row: raced, recorded: false, suppressed: null, held: [] };
    await db.triage.add(row);
    await appendAudit(db, {
      actor: SCOUT,
      action: 'triage.classified',
      subjectId: input.messageId,
      at: now,
      detail: {
        threadId: input.threadId,
        from: row.from,
        class: result.class,
        method: result.method,
        reason: result.reason,
        ...(suppression && 'skipped' in suppression ? { suppression: `not suppressed: ${suppression.skipped}` } : {}),
      },
    });
    if (!suppression || 'skipped' in suppression) return { row, recorded: true, suppressed: null, held: [] };
    const { held } = await addSuppression(db, { ...suppression, evidence, by: SCOUT, at: now });
    return { row, recorded: true, suppressed: suppression, held };
  });
}

/**
 * The model's second look at a message the rules left as 'other' (see model-triage.ts): the row
 * takes the model's class, or is marked as looked at when the model had none, so each message is
 * asked about once. An opt-out the model found is honoured like a rule's. Audited; idempotent.
 */
export async function recordModelTriage(db: CountersignDb, messageId: string, result: TriageResult | null, now: number): Promise<TriageOutcome | null> {
  return auditedTransaction(db, ['triage', 'suppressions', 'approvals'], async () => {
    const row = await db.triage.get(messageId);
    if (!row || row.result.class !== 'other' || row.result.method !== 'rule') return null;
    const next: TriageRow = {
      ...row,
      result: result ?? { ...row.result, method: 'model', reason: `${row.result.reason.slice(0, 200)}; model: no class the sender's words support` },
      at: now,
    };
    await db.triage.put(next);
    await appendAudit(db, {
      actor: SCOUT,
      action: 'triage.reclassified',
      subjectId: messageId,
      at: now,
      detail: { threadId: row.threadId, from: row.from, before: row.result.class, class: next.result.class, method: 'model', reason: next.result.reason },
    });
    if (next.result.class !== 'unsubscribe' || !looksLikeAddress(row.from)) return { row: next, recorded: true, suppressed: null, held: [] };
    const suppressed = { email: suppressionKey(row.from), reason: 'opt_out' as const };
    const evidence: Evidence = { source: 'triage', ref: messageId, quote: next.result.reason.slice(0, 500) };
    const { held } = await addSuppression(db, { ...suppressed, evidence, by: SCOUT, at: now });
    return { row: next, recorded: true, suppressed, held };
  });
}

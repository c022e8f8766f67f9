import { appendAudit, auditedTransaction } from '../../../audit/log';
import type { Actor, CountersignDb, SequenceRow } from '../../../db/schema';
import { forbidden, notFound, UserFacingError } from '../../../protocol/errors';
import { DEFAULT_THRESHOLDS, SequenceThresholds } from './model';
import { MONITOR, pauseInTx } from './monitoring';

const DAY = 86_400_000;

/** Pauses every active sequence nobody has reviewed for `reviewEveryDays`. Returns the ids paused. */
export async function pauseOverdueReviews(db: CountersignDb, now: number, thresholds: SequenceThresholds = DEFAULT_THRESHOLDS): Promise<string[]> {
  const t = SequenceThresholds.parse(thresholds);
  const limit = t.reviewEveryDays * DAY;
  return auditedTransaction(db, ['sequences'], async () => {
    const paused: string[] = [];
    for (const seq of await db.sequences.where('state').equals('active').toArray()) {
      if (now - seq.reviewedAt < limit) continue;
      const days = Math.floor((now - seq.reviewedAt) / DAY);
      await pauseInTx(db, seq, { kind: 'review_overdue', reason: `review overdue: not reviewed for ${days} days (every ${t.reviewEveryDays} days required)`, level: 'warning' }, MONITOR, now);
      paused.push(seq.id);
    }
    return paused;
  });
}

export interface Review {
  reviewer: Actor;
  note: string;
}

function assertHuman(reviewer: Actor): void {
  if (reviewer.type !== 'human') {
    throw forbidden(`Only a person can resume or review a sequence; ${reviewer.type} "${reviewer.id}" cannot.`);
  }
}

/**
 * The only way back to active: a person looks at why it paused and resumes it (or, for an
 * active sequence, signs off a review). Either resets the review clock. Steps already queued
 * stayed in the approval queue throughout; nothing new was queued while it was paused.
 */
export async function resumeSequence(db: CountersignDb, sequenceId: string, review: Review, now: number): Promise<SequenceRow> {
  assertHuman(review.reviewer);
  const note = review.note.trim();
  if (!note) throw new UserFacingError('invalid_request', 'Say what you checked before resuming: the note goes in the audit log.');
  return auditedTransaction(db, ['sequences'], async () => {
    const seq = await db.sequences.get(sequenceId);
    if (!seq) throw notFound('That sequence');
    const next: SequenceRow = { ...seq, state: 'active', pause: null, reviewedAt: now, resumedAt: seq.state === 'paused' ? now : seq.resumedAt, updatedAt: now };
    await db.sequences.put(next);
    await appendAudit(db, {
      actor: review.reviewer,
      action: seq.state === 'paused' ? 'sequence.resumed' : 'sequence.reviewed',
      subjectId: seq.id,
      at: now,
      detail: { note, before: { state: seq.state, pause: seq.pause, reviewedAt: seq.reviewedAt }, after: { state: next.state, reviewedAt: now } },
    });
    return next;
  });
}

/** A person pauses a sequence by hand. */
export async function pauseSequence(db: CountersignDb, sequenceId: string, review: Review, now: number): Promise<SequenceRow> {
  assertHuman(review.reviewer);
  return auditedTransaction(db, ['sequences'], async () => {
    const seq = await db.sequences.get(sequenceId);
    if (!seq) throw notFound('That sequence');
    if (seq.state === 'paused') return seq;
    return pauseInTx(db, seq, { kind: 'manual', reason: review.note.trim() || 'paused by hand', level: 'warning' }, review.reviewer, now);
  });
}

import { appendAudit, auditedTransaction } from '../../../audit/log';
import type { Actor, CountersignDb, EnrolmentRow, SequenceRow } from '../../../db/schema';
import { suppressionKey } from '../../../gates/suppression';
import { notFound } from '../../../protocol/errors';
import { stepDueAt } from './business-time';
import { EnrolContact, NewSequence } from './model';

export const HERALD: Actor = { type: 'agent', id: 'herald' };

export async function createSequence(db: CountersignDb, input: NewSequence, by: Actor, now: number): Promise<SequenceRow> {
  const parsed = NewSequence.parse(input);
  const row: SequenceRow = {
    id: crypto.randomUUID(),
    ...parsed,
    mailboxKey: suppressionKey(parsed.mailbox.email),
    state: 'active',
    pause: null,
    reviewedAt: now,
    resumedAt: null,
    createdAt: now,
    updatedAt: now,
  };
  return auditedTransaction(db, ['sequences'], async () => {
    await db.sequences.add(row);
    await appendAudit(db, { actor: by, action: 'sequence.created', subjectId: row.id, at: now, detail: { name: row.name, mailbox: row.mailboxKey, steps: row.steps.length } });
    return row;
  });
}

export const contactZone = (seq: SequenceRow, enrolment: Pick<EnrolmentRow, 'contact'>) => enrolment.contact.timeZone ?? seq.timeZone;

/**
 * When the enrolment's next step falls due, or null while it waits for the previous step to be
 * approved and sent (or has no step left).
 */
export function nextDueAt(seq: SequenceRow, e: Pick<EnrolmentRow, 'nextStep' | 'lastSentStep' | 'lastSentAt' | 'enrolledAt' | 'contact'>): number | null {
  const step = seq.steps[e.nextStep];
  if (!step) return null;
  const anchor = e.nextStep === 0 ? e.enrolledAt : e.lastSentStep === e.nextStep - 1 ? e.lastSentAt : null;
  return anchor === null ? null : stepDueAt(anchor, step.delayBusinessDays, contactZone(seq, e), seq.window);
}

export interface EnrolResult {
  enrolled: EnrolmentRow[];
  /** Addresses already in this sequence: left as they are. */
  skipped: string[];
}

/** Enrols contacts (each once per sequence). Nothing is drafted here: runDue does that when a step is due. */
export async function enrol(db: CountersignDb, sequenceId: string, contacts: EnrolContact[], by: Actor, now: number): Promise<EnrolResult> {
  const parsed = contacts.map((c) => EnrolContact.parse(c));
  return auditedTransaction(db, ['sequences', 'enrolments'], async () => {
    const seq = await db.sequences.get(sequenceId);
    if (!seq) throw notFound('That sequence');
    const existing = new Set((await db.enrolments.where('sequenceId').equals(sequenceId).toArray()).map((e) => e.email));
    const enrolled: EnrolmentRow[] = [];
    const skipped: string[] = [];
    for (const c of parsed) {
      const email = suppressionKey(c.email);
      if (existing.has(email)) {
        skipped.push(email);
        continue;
      }
      existing.add(email);
      const base = {
        id: crypto.randomUUID(),
        sequenceId,
        email,
        contact: { email: c.email, name: c.name, company: c.company, timeZone: c.timeZone ?? null, threadId: c.threadId ?? null },
        state: 'active' as const,
        nextStep: 0,
        lastSentStep: -1,
        lastSentAt: null,
        pausedUntil: null,
        stopReason: null,
        enrolledAt: now,
        updatedAt: now,
      };
      enrolled.push({ ...base, dueAt: nextDueAt(seq, base) });
    }
    await db.enrolments.bulkAdd(enrolled);
    await appendAudit(db, { actor: by, action: 'sequence.enrolled', subjectId: sequenceId, at: now, detail: { count: enrolled.length, skipped: skipped.length } });
    return { enrolled, skipped };
  });
}

/** Stops an enrolment, with its audit entry; call inside a transaction holding enrolments and audit. */
export async function stopEnrolment(db: CountersignDb, e: EnrolmentRow, reason: string, by: Actor, now: number, detail: Record<string, unknown> = {}): Promise<void> {
  await db.enrolments.put({ ...e, state: 'stopped', stopReason: reason, dueAt: null, pausedUntil: null, updatedAt: now });
  await appendAudit(db, { actor: by, action: 'sequence.enrolment_stopped', subjectId: e.id, at: now, detail: { sequenceId: e.sequenceId, email: e.email, reason, wasState: e.state, ...detail } });
}

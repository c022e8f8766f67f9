import { appendAudit, auditedTransaction } from '../../../audit/log';
import type { CountersignDb, EnrolmentRow, SequenceRow, TriageRow } from '../../../db/schema';
import { suppressionKey } from '../../../gates/suppression';
import type { TriageResult } from '../../scout/model';
import { addBusinessDays, localDate, nextWindowOpening, parseIsoDate, zonedTime } from './business-time';
import { DEFAULT_OOO_PAUSE_BUSINESS_DAYS, DEFAULT_THRESHOLDS, SequenceThresholds, type OutcomeKind } from './model';
import { judge, MONITOR, type MonitorOptions } from './monitoring';
import { contactZone, stopEnrolment } from './sequences';

/**
 * What a triaged inbound message does to the contact's sequences: any human reply, an opt-out,
 * a complaint or a bounce stops them; an out-of-office pauses them until the return date (or a
 * few business days); "not now, try in March" pauses them until then. The outcome is recorded
 * against the send it answers, which may pause the sequence itself.
 */

export type TriageForSequences = Pick<TriageRow, 'messageId' | 'threadId' | 'from' | 'result'> & {
  /**
   * The address the message is about when it is not the sender: a complaint's complainant (the
   * address triage suppressed). A bounce names its failed recipient itself.
   */
  recipient?: string | null;
  /**
   * When the message was written (its Date header, epoch ms). A message from before a contact was
   * enrolled says nothing about the sequence: it neither stops nor pauses that enrolment.
   */
  writtenAt?: number | null;
};

type Action = { kind: 'stop'; reason: string } | { kind: 'pause'; until: CivilOrDays; reason: string } | { kind: 'none' };
type CivilOrDays = { iso: string | null };

function subjectAddress(input: TriageForSequences): string | null {
  const r = input.result;
  const addr = r.class === 'bounce' ? (r.bounce?.recipient ?? input.recipient) : r.class === 'complaint' ? input.recipient : input.from;
  return addr ? suppressionKey(addr) : null;
}

function outcomeOf(r: TriageResult): OutcomeKind {
  switch (r.class) {
    case 'bounce':
      return r.bounce?.type === 'hard' ? 'hard_bounce' : 'soft_bounce';
    case 'complaint':
      return 'complaint';
    case 'unsubscribe':
      return 'opt_out';
    case 'auto_reply':
      return 'auto_reply';
    default:
      return 'reply';
  }
}

function actionOf(r: TriageResult): Action {
  switch (r.class) {
    case 'bounce':
      return { kind: 'stop', reason: `${r.bounce?.type ?? 'unknown'} bounce${r.bounce ? `: ${r.bounce.reason}${r.bounce.status ? ` (${r.bounce.status})` : ''}` : ''}` };
    case 'complaint':
      return { kind: 'stop', reason: 'spam complaint' };
    case 'unsubscribe':
      return { kind: 'stop', reason: 'opted out' };
    case 'auto_reply':
      return { kind: 'pause', until: { iso: r.autoReply?.returnDate ?? null }, reason: 'out of office' };
    case 'not_now':
      return r.notNowUntil ? { kind: 'pause', until: { iso: r.notNowUntil }, reason: 'asked to be contacted later' } : { kind: 'stop', reason: 'replied: not now' };
    case 'other':
      return { kind: 'stop', reason: 'replied (unclassified)' };
    default:
      return { kind: 'stop', reason: `replied: ${r.class.replace('_', ' ')}` };
  }
}

/** When a pause ends: the window's opening on the given date (contact's zone), else N business days on. */
function pauseEnd(seq: SequenceRow, e: EnrolmentRow, iso: string | null, now: number): number {
  const zone = contactZone(seq, e);
  const [h, m] = seq.window.start.split(':').map(Number) as [number, number];
  const date = iso ? parseIsoDate(iso) : null;
  const given = date ? nextWindowOpening(zonedTime(date, h, m, zone), zone, seq.window) : null;
  if (given !== null && given > now) return given;
  const fallback = addBusinessDays(localDate(now, zone), DEFAULT_OOO_PAUSE_BUSINESS_DAYS, seq.window.days);
  return nextWindowOpening(zonedTime(fallback, h, m, zone), zone, seq.window);
}

export interface TriageApplied {
  /** False when this message had been applied before, or concerns no enrolled or sent-to address. */
  applied: boolean;
  stopped: string[];
  paused: { enrolmentId: string; until: number }[];
  outcome: OutcomeKind | null;
  /** Sequences paused because this outcome crossed a threshold. */
  sequencesPaused: string[];
}

/** Applies one triaged message to the sequences of the address it concerns. Idempotent per message. */
export async function applyTriage(db: CountersignDb, input: TriageForSequences, now: number, options: MonitorOptions = {}): Promise<TriageApplied> {
  const t = SequenceThresholds.parse(options.thresholds ?? DEFAULT_THRESHOLDS);
  const none: TriageApplied = { applied: false, stopped: [], paused: [], outcome: null, sequencesPaused: [] };
  const email = subjectAddress(input);
  if (!email) return none;
  const kind = outcomeOf(input.result);
  const action = actionOf(input.result);
  return auditedTransaction(db, ['sequences', 'enrolments', 'sequenceEvents'], async () => {
    const eventId = `triage:${input.messageId}`;
    if (await db.sequenceEvents.get(eventId)) return none;
    const enrolments = await db.enrolments.where('email').equals(email).toArray();
    // The send it answers: the latest one to this address.
    const sends = await db.sequenceEvents.where('email').equals(email).filter((ev) => ev.kind === 'sent').toArray();
    const lastSend = sends.sort((a, b) => b.at - a.at)[0];
    if (!enrolments.length && !lastSend) return none;

    const latestEnrolment = [...enrolments].sort((a, b) => (b.lastSentAt ?? b.enrolledAt) - (a.lastSentAt ?? a.enrolledAt))[0];
    const sequenceId = lastSend?.sequenceId ?? latestEnrolment?.sequenceId ?? null;
    const mailboxKey = lastSend?.mailboxKey ?? (latestEnrolment ? (await db.sequences.get(latestEnrolment.sequenceId))?.mailboxKey : undefined) ?? '';
    await db.sequenceEvents.add({ id: eventId, kind, sequenceId, mailboxKey, email, approvalId: lastSend?.approvalId ?? null, ref: input.messageId, at: now });

    const out: TriageApplied = { applied: true, stopped: [], paused: [], outcome: kind, sequencesPaused: [] };
    const detail = { messageId: input.messageId, class: input.result.class, triageReason: input.result.reason };
    for (const e of enrolments) {
      if (e.state !== 'active' && e.state !== 'paused_ooo') continue;
      if (input.writtenAt != null && input.writtenAt < e.enrolledAt) continue;
      if (action.kind === 'stop') {
        await stopEnrolment(db, e, action.reason, MONITOR, now, detail);
        out.stopped.push(e.id);
      } else if (action.kind === 'pause') {
        const seq = await db.sequences.get(e.sequenceId);
        if (!seq) continue;
        const until = pauseEnd(seq, e, action.until.iso, now);
        await db.enrolments.put({ ...e, state: 'paused_ooo', pausedUntil: until, dueAt: until, updatedAt: now });
        await appendAudit(db, {
          actor: MONITOR,
          action: 'sequence.enrolment_paused',
          subjectId: e.id,
          at: now,
          detail: { ...detail, sequenceId: e.sequenceId, reason: action.reason, until, returnDate: action.until.iso },
        });
        out.paused.push({ enrolmentId: e.id, until });
      }
    }
    if (mailboxKey) out.sequencesPaused = await judge(db, sequenceId, mailboxKey, t, now);
    return out;
  });
}

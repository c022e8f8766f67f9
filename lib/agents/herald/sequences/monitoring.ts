import Dexie from 'dexie';
import { appendAudit, auditedTransaction, systemActor } from '../../../audit/log';
import type { Actor, CountersignDb, SequenceRow } from '../../../db/schema';
import { suppressionKey } from '../../../gates/suppression';
import { DEFAULT_THRESHOLDS, SequenceThresholds, type PauseKind } from './model';
import { nextDueAt } from './sequences';

/**
 * Sequence monitoring: every send and every outcome (bounce, opt-out, complaint, reply) is
 * recorded against the send it answers, and each record re-judges the sequence's and the
 * mailbox's rates over their last N sends. A crossing pauses the sequence in the same
 * transaction as the record that caused it, with a 'sequence.paused' and an 'alert.raised' entry.
 */

export const MONITOR: Actor = systemActor('sequence-monitor');

export type RatedKind = 'hard_bounce' | 'soft_bounce' | 'opt_out' | 'complaint' | 'reply';
const RATED: readonly RatedKind[] = ['hard_bounce', 'soft_bounce', 'opt_out', 'complaint', 'reply'];

export interface WindowStats {
  /** Approval ids of the sends in the window (the last `windowSends`), newest first. */
  sends: string[];
  /** Sends in the window with at least one outcome of each kind. */
  counts: Record<RatedKind, number>;
  /** When the newest outcome of each kind in the window was recorded. */
  latestAt: Record<RatedKind, number | null>;
}

const SENT = 'sent:';
export const sendEventId = (approvalId: string) => `${SENT}${approvalId}`;

export type Scope = { sequenceId: string } | { mailboxKey: string };
const indexOf = (scope: Scope): [string, string] => ('sequenceId' in scope ? ['[sequenceId+kind+at]', scope.sequenceId] : ['[mailboxKey+kind+at]', scope.mailboxKey]);

export async function windowStats(db: CountersignDb, scope: Scope, windowSends: number): Promise<WindowStats> {
  const [index, key] = indexOf(scope);
  // Primary keys only (send ids are `sent:${approvalId}`): this runs on every send.
  const ids = (await db.sequenceEvents.where(index).between([key, 'sent', Dexie.minKey], [key, 'sent', Dexie.maxKey]).reverse().limit(windowSends).primaryKeys()).map(String);
  const sends = ids.map((id) => id.slice(SENT.length));
  const counted = new Map<RatedKind, Set<string>>(RATED.map((k) => [k, new Set()]));
  const latestAt = Object.fromEntries(RATED.map((k) => [k, null])) as Record<RatedKind, number | null>;
  const oldest = ids.length ? (await db.sequenceEvents.get(ids[ids.length - 1]!))?.at : undefined;
  if (oldest !== undefined) {
    // An outcome comes after the send it answers: read each kind from the oldest send in the window on.
    const inWindow = new Set(sends);
    const perKind = await Promise.all(RATED.map((k) => db.sequenceEvents.where(index).between([key, k, oldest], [key, k, Dexie.maxKey]).toArray()));
    for (const o of perKind.flat()) {
      const set = counted.get(o.kind as RatedKind);
      if (!set || o.approvalId === null || !inWindow.has(o.approvalId)) continue;
      set.add(o.approvalId);
      latestAt[o.kind as RatedKind] = Math.max(latestAt[o.kind as RatedKind] ?? -Infinity, o.at);
    }
  }
  const counts = Object.fromEntries(RATED.map((k) => [k, counted.get(k)?.size ?? 0])) as Record<RatedKind, number>;
  return { sends, counts, latestAt };
}

/** Sends in a scope recorded after `since` (for the reply floor after a resume). */
export async function sendsSince(db: CountersignDb, scope: Scope, since: number | null): Promise<number> {
  const [index, key] = indexOf(scope);
  return db.sequenceEvents.where(index).between([key, 'sent', since ?? Dexie.minKey], [key, 'sent', Dexie.maxKey], false, true).count();
}

export interface Breach {
  kind: RatedKind;
  level: 'critical' | 'warning';
  count: number;
  sends: number;
  rate: number;
  threshold: number;
  /** 'at_least' for bounces, opt-outs and complaints; 'below' for the reply floor. */
  direction: 'at_least' | 'below';
}

const CEILINGS: { kind: RatedKind; key: 'hardBounceRate' | 'optOutRate' | 'complaintRate' | 'softBounceRate'; level: Breach['level'] }[] = [
  { kind: 'complaint', key: 'complaintRate', level: 'critical' },
  { kind: 'hard_bounce', key: 'hardBounceRate', level: 'critical' },
  { kind: 'opt_out', key: 'optOutRate', level: 'warning' },
  { kind: 'soft_bounce', key: 'softBounceRate', level: 'warning' },
];

/**
 * The thresholds a window crosses. Nothing is judged below the minimum sample. After a human
 * resumed the sequence (`resumedAt`), a ceiling pauses it again only on an outcome recorded since
 * (what the human already saw does not re-trigger), and the reply floor only once a full minimum
 * sample has been sent since.
 */
export function breaches(stats: WindowStats, t: SequenceThresholds, resumedAt: number | null, sendsSinceResume = Infinity): Breach[] {
  const sends = stats.sends.length;
  if (sends < t.minSample) return [];
  const since = resumedAt ?? -Infinity;
  const out: Breach[] = [];
  for (const c of CEILINGS) {
    const threshold = t[c.key];
    if (threshold === null) continue;
    const count = stats.counts[c.kind];
    const latest = stats.latestAt[c.kind];
    if (count > 0 && count / sends >= threshold && latest !== null && latest > since) {
      out.push({ kind: c.kind, level: c.level, count, sends, rate: count / sends, threshold, direction: 'at_least' });
    }
  }
  if (t.replyRateFloor !== null && sendsSinceResume >= t.minSample) {
    const count = stats.counts.reply;
    if (count / sends < t.replyRateFloor) out.push({ kind: 'reply', level: 'warning', count, sends, rate: count / sends, threshold: t.replyRateFloor, direction: 'below' });
  }
  return out;
}

const pct = (r: number) => `${(r * 100).toFixed(r < 0.01 ? 2 : 1)}%`;
const LABEL: Record<RatedKind, string> = { hard_bounce: 'hard bounces', soft_bounce: 'soft bounces', opt_out: 'opt-outs', complaint: 'spam complaints', reply: 'replies' };

export function describeBreach(b: Breach, scope: 'sequence' | 'mailbox'): string {
  const cmp = b.direction === 'at_least' ? '≥' : '<';
  return `${LABEL[b.kind]} at ${pct(b.rate)} (${b.count} of the ${scope}'s last ${b.sends} sends; threshold ${cmp} ${pct(b.threshold)})`;
}

/**
 * Pauses an active sequence with its 'sequence.paused' and 'alert.raised' entries. Call inside a
 * transaction holding sequences and audit.
 */
export async function pauseInTx(db: CountersignDb, seq: SequenceRow, p: { kind: PauseKind; reason: string; level: 'critical' | 'warning'; figures?: unknown }, by: Actor, now: number): Promise<SequenceRow> {
  const next: SequenceRow = { ...seq, state: 'paused', pause: { kind: p.kind, reason: p.reason, at: now }, updatedAt: now };
  await db.sequences.put(next);
  await appendAudit(db, {
    actor: by,
    action: 'sequence.paused',
    subjectId: seq.id,
    at: now,
    detail: { kind: p.kind, reason: p.reason, ...(p.figures === undefined ? {} : { figures: p.figures }), before: { state: seq.state }, after: { state: 'paused' } },
  });
  await appendAudit(db, {
    actor: by,
    action: 'alert.raised',
    subjectId: crypto.randomUUID(),
    at: now,
    detail: { level: p.level, message: `Sequence "${seq.name}" paused: ${p.reason}. A person must review it and resume it.`, sequenceId: seq.id },
  });
  return next;
}

/**
 * Re-judges a sequence and its mailbox and pauses what crossed a threshold. Call inside a
 * transaction holding sequences, sequenceEvents and audit. Returns the ids paused.
 */
export async function judge(db: CountersignDb, sequenceId: string | null, mailboxKey: string, t: SequenceThresholds, now: number): Promise<string[]> {
  const paused: string[] = [];
  const seq = sequenceId ? await db.sequences.get(sequenceId) : undefined;
  if (seq?.state === 'active') {
    const scope = { sequenceId: seq.id };
    const found = breaches(await windowStats(db, scope, t.windowSends), t, seq.resumedAt, t.replyRateFloor === null ? 0 : await sendsSince(db, scope, seq.resumedAt));
    if (found.length) {
      await pauseInTx(db, seq, { kind: 'threshold', reason: found.map((b) => describeBreach(b, 'sequence')).join('; '), level: worst(found), figures: found }, MONITOR, now);
      paused.push(seq.id);
    }
  }
  const active = (await db.sequences.where('mailboxKey').equals(mailboxKey).toArray()).filter((s) => s.state === 'active');
  if (!active.length) return paused;
  const stats = await windowStats(db, { mailboxKey }, t.windowSends);
  for (const s of active) {
    const found = breaches(stats, t, s.resumedAt, t.replyRateFloor === null ? 0 : await sendsSince(db, { mailboxKey }, s.resumedAt));
    if (!found.length) continue;
    await pauseInTx(db, s, { kind: 'threshold', reason: `mailbox ${mailboxKey}: ${found.map((b) => describeBreach(b, 'mailbox')).join('; ')}`, level: worst(found), figures: found }, MONITOR, now);
    paused.push(s.id);
  }
  return paused;
}

const worst = (bs: Breach[]) => (bs.some((b) => b.level === 'critical') ? 'critical' : 'warning');

export interface SendRecord {
  approvalId: string;
  /** Given when known; otherwise found from the step the approval belongs to (null: not a sequence send). */
  sequenceId?: string | null;
  /** The mailbox it went out from. */
  mailbox: string;
  /** The recipient (the first To address). */
  to: string;
}

export interface MonitorOptions {
  thresholds?: SequenceThresholds;
}

export interface SendRecorded {
  /** False when this approval's send had been recorded before. */
  recorded: boolean;
  sequenceId: string | null;
  /** Sequences paused by this record. */
  paused: string[];
}

/**
 * Records that an approved message went out (called by the outbox once it is sent). Moves the
 * sequence step to 'sent', schedules the enrolment's next step (or marks it done) and re-judges
 * the rates. Idempotent per approval.
 */
export async function recordSend(db: CountersignDb, input: SendRecord, now: number, options: MonitorOptions = {}): Promise<SendRecorded> {
  const t = SequenceThresholds.parse(options.thresholds ?? DEFAULT_THRESHOLDS);
  const mailboxKey = suppressionKey(input.mailbox);
  return auditedTransaction(db, ['sequences', 'enrolments', 'sequenceSteps', 'sequenceEvents'], async () => {
    const id = sendEventId(input.approvalId);
    const before = await db.sequenceEvents.get(id);
    if (before) return { recorded: false, sequenceId: before.sequenceId, paused: [] };
    const step = await db.sequenceSteps.where('approvalId').equals(input.approvalId).first();
    const sequenceId = step?.sequenceId ?? input.sequenceId ?? null;
    await db.sequenceEvents.add({ id, kind: 'sent', sequenceId, mailboxKey, email: suppressionKey(input.to), approvalId: input.approvalId, ref: null, at: now });
    if (step && step.state !== 'sent') {
      await db.sequenceSteps.put({ ...step, state: 'sent', sentAt: now });
      const [e, seq] = await Promise.all([db.enrolments.get(step.enrolmentId), db.sequences.get(step.sequenceId)]);
      if (e && seq && step.stepIndex > e.lastSentStep) {
        const sent = { ...e, lastSentStep: step.stepIndex, lastSentAt: now, updatedAt: now };
        const finished = step.stepIndex >= seq.steps.length - 1;
        const live = e.state === 'active' || e.state === 'paused_ooo';
        const next = finished && live ? { ...sent, state: 'done' as const, dueAt: null, pausedUntil: null } : e.state === 'active' ? { ...sent, dueAt: nextDueAt(seq, sent) } : sent;
        await db.enrolments.put(next);
        await appendAudit(db, {
          actor: MONITOR,
          action: 'sequence.step_sent',
          subjectId: e.id,
          at: now,
          detail: { sequenceId: seq.id, stepIndex: step.stepIndex, approvalId: input.approvalId, state: next.state, nextDueAt: next.dueAt },
        });
      }
    }
    const paused = await judge(db, sequenceId, mailboxKey, t, now);
    return { recorded: true, sequenceId, paused };
  });
}

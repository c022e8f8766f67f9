import { qualityReport } from '../quality/report';
import type { QualityReport } from '../quality/model';
import Dexie from 'dexie';
import { appendAudit, auditedTransaction } from '../../../audit/log';
import type { Actor, ApprovalRow, CountersignDb, DraftRow, EnrolmentRow, SequenceRow } from '../../../db/schema';
import { describeSuppression, suppressedRecipients } from '../../../gates/suppression';
import type { OutgoingMessage } from '../../../mail/outgoing';
import { replyHeaders } from '../../../mail/reply';
import { inWindow, nextWindowOpening, startOfLocalDay } from './business-time';
import { DEFAULT_CAPS, DEFAULT_THRESHOLDS, DraftedStep, MailboxCaps, SequenceThresholds, type SequenceStep } from './model';
import { MONITOR, recordSend } from './monitoring';
import { pauseOverdueReviews } from './review';
import { contactZone, HERALD, nextDueAt, stopEnrolment } from './sequences';

/**
 * The sequence scheduler. Each run drafts the steps that are due and puts them in the approval
 * queue; it never sends. A step is queued at most once: its draft, its approval item, the step
 * record and the enrolment's move to the next step commit in one transaction, so a run repeated
 * or cut short queues nothing twice (at worst the drafter is asked again).
 */

export interface DraftStepInput {
  sequence: SequenceRow;
  step: SequenceStep;
  stepIndex: number;
  enrolment: EnrolmentRow;
}

/**
 * The email gate's draft and queue steps (lib/gates/email-gate.ts), handed in by the background:
 * agent modules do not import the gate (lib/agents/boundaries.test.ts). Both run inside the
 * scheduler's transaction, so the draft, the approval item and the step record commit together.
 */
export interface DraftGate {
  saveDraft(db: CountersignDb, draft: DraftRow): Promise<DraftRow>;
  queueDraft(db: CountersignDb, draftId: string, actor: Actor, check: { subject: string; body: string; report: QualityReport }): Promise<ApprovalRow>;
}

export interface RunDeps {
  /** Herald's drafter: the words for one step. Its output is validated before anything is saved. */
  draftStep(input: DraftStepInput): Promise<DraftedStep>;
  gate: DraftGate;
  /**
   * Herald's quality gate on a drafted step (default: the deterministic report against what the
   * enrolment says about the contact). A blocked step is not queued; a later run drafts it again.
   */
  quality?(input: DraftStepInput & { drafted: DraftedStep }): Promise<QualityReport>;
  /** Told after each step is durably queued (the background adds it to the near-copy history at once). */
  onQueued?(approvalId: string): Promise<void>;
  caps?: MailboxCaps;
  thresholds?: SequenceThresholds;
}

export interface RunReport {
  queued: { enrolmentId: string; stepIndex: number; approvalId: string }[];
  stopped: { enrolmentId: string; reason: string }[];
  /** Out-of-office pauses that ended. */
  woke: string[];
  /** Sequences paused by this run (review overdue, or rates re-judged on a late send record). */
  paused: string[];
  /** Mailboxes that reached a cap; their due steps wait for a later run. */
  capped: string[];
  errors: { enrolmentId: string; error: string }[];
}

const HOUR = 3_600_000;

export async function runDue(db: CountersignDb, deps: RunDeps, now: number): Promise<RunReport> {
  const t = SequenceThresholds.parse(deps.thresholds ?? DEFAULT_THRESHOLDS);
  const caps = MailboxCaps.parse(deps.caps ?? DEFAULT_CAPS);
  const report: RunReport = { queued: [], stopped: [], woke: [], paused: [], capped: [], errors: [] };

  report.paused.push(...(await pauseOverdueReviews(db, now, t)));
  await reconcileQueuedSteps(db, now, t, report);
  await wakeOutOfOffice(db, now, report);

  if ((await db.sequences.where('state').equals('active').count()) === 0) return report;
  const due = await db.enrolments.where('[state+dueAt]').between(['active', Dexie.minKey], ['active', now], true, true).toArray();
  due.sort((a, b) => (a.dueAt ?? 0) - (b.dueAt ?? 0) || a.enrolledAt - b.enrolledAt || a.id.localeCompare(b.id));
  const sequences = new Map((await db.sequences.bulkGet([...new Set(due.map((e) => e.sequenceId))])).filter((s): s is SequenceRow => !!s).map((s) => [s.id, s]));
  const usage = new Map<string, { hour: number; day: number }>();
  const capped = new Set<string>();
  const closed: EnrolmentRow[] = [];

  for (const e of due) {
    const seq = sequences.get(e.sequenceId);
    if (!seq || seq.state !== 'active' || capped.has(seq.mailboxKey)) continue;
    if (!inWindow(now, contactZone(seq, e), seq.window)) {
      closed.push({ ...e, dueAt: nextWindowOpening(now, contactZone(seq, e), seq.window) });
      continue;
    }
    const step = seq.steps[e.nextStep];
    if (!step) continue;
    let used = usage.get(seq.mailboxKey);
    if (!used) {
      used = await mailboxUsage(db, seq, now);
      usage.set(seq.mailboxKey, used);
    }
    if (used.hour >= caps.hourly || used.day >= caps.daily) {
      capped.add(seq.mailboxKey);
      continue;
    }
    const hits = await suppressedRecipients(db, { to: [{ name: '', email: e.contact.email }], cc: [], bcc: [] });
    if (hits.length) {
      if (await stopIfStill(db, e, `suppressed: ${describeSuppression(hits[0]!)}`, now)) report.stopped.push({ enrolmentId: e.id, reason: 'suppressed' });
      continue;
    }
    let drafted: DraftedStep;
    try {
      drafted = DraftedStep.parse(await deps.draftStep({ sequence: seq, step, stepIndex: e.nextStep, enrolment: e }));
    } catch (err) {
      report.errors.push({ enrolmentId: e.id, error: err instanceof Error ? err.message : String(err) });
      continue;
    }
    // Continuing the contact's Gmail thread: the reply subject and headers come from the thread, not the model.
    const thread = await threadReply(db, seq, e);
    if (thread) drafted = { ...drafted, subject: thread.subject };
    let report_: QualityReport;
    try {
      const input = { sequence: seq, step, stepIndex: e.nextStep, enrolment: e, drafted };
      report_ = deps.quality ? await deps.quality(input) : defaultQuality(input, now);
    } catch (err) {
      report.errors.push({ enrolmentId: e.id, error: err instanceof Error ? err.message : String(err) });
      continue;
    }
    if (report_.verdict === 'blocked') {
      report.errors.push({ enrolmentId: e.id, error: `The quality gate blocked the draft: ${report_.blocking.map((f) => f.message).join(' ')}` });
      continue;
    }
    let outcome: QueueOutcome;
    try {
      outcome = await queueStep(db, deps.gate, seq.id, e.id, e.nextStep, drafted, report_, thread, now);
    } catch (err) {
      // The transaction rolled back as a whole: nothing of this step was kept, a later run retries it.
      report.errors.push({ enrolmentId: e.id, error: err instanceof Error ? err.message : String(err) });
      continue;
    }
    if (outcome.kind === 'queued') {
      report.queued.push({ enrolmentId: e.id, stepIndex: e.nextStep, approvalId: outcome.approvalId });
      await deps.onQueued?.(outcome.approvalId).catch(() => undefined);
      used.hour += 1;
      used.day += 1;
    } else if (outcome.kind === 'stopped') {
      report.stopped.push({ enrolmentId: e.id, reason: outcome.reason });
    }
  }
  report.capped = [...capped];
  await carryOver(db, closed);
  return report;
}

/**
 * Steps that fell due but found the window closed (held by a cap, or a pause) move to the next
 * opening: a schedule detail, not a change of state, so not audited.
 */
function carryOver(db: CountersignDb, rows: EnrolmentRow[]): Promise<void> {
  if (!rows.length) return Promise.resolve();
  return db.transaction('rw', [db.enrolments], async () => {
    for (const row of rows) {
      const fresh = await db.enrolments.get(row.id);
      if (fresh?.state === 'active' && fresh.nextStep === row.nextStep && fresh.dueAt !== null && fresh.dueAt < (row.dueAt ?? 0)) await db.enrolments.update(row.id, { dueAt: row.dueAt });
    }
  });
}

/** Steps queued by a mailbox's sequences in the last hour and since local midnight (mailbox zone). */
async function mailboxUsage(db: CountersignDb, seq: SequenceRow, now: number): Promise<{ hour: number; day: number }> {
  const count = (from: number) => db.sequenceSteps.where('[mailboxKey+queuedAt]').between([seq.mailboxKey, from], [seq.mailboxKey, now], false, true).count();
  const [hour, day] = await Promise.all([count(now - HOUR), count(startOfLocalDay(now, seq.timeZone) - 1)]);
  return { hour, day };
}

type QueueOutcome = { kind: 'queued'; approvalId: string } | { kind: 'stopped'; reason: string } | { kind: 'skipped'; why: string };

/** The quality report from what the enrolment says about the contact, and the drafter's own evidence. */
function defaultQuality(input: DraftStepInput & { drafted: DraftedStep }, now: number): QualityReport {
  const { contact } = input.enrolment;
  return qualityReport(
    { subject: input.drafted.subject, body: input.drafted.body, evidence: input.drafted.evidence.map((e) => ({ text: e.claim, source: e.source })) },
    { prospect: { email: contact.email, name: contact.name || undefined, company: contact.company || undefined, facts: [] }, now },
  );
}

/** How a step threads under the contact's cached Gmail thread, or null when there is none. */
async function threadReply(db: CountersignDb, seq: SequenceRow, e: EnrolmentRow): Promise<{ subject: string; inReplyTo: string | null; references: string[] } | null> {
  if (!e.contact.threadId) return null;
  const snapshot = (await db.threads.get(e.contact.threadId))?.snapshot;
  if (!snapshot) return null;
  try {
    const reply = replyHeaders(snapshot, seq.mailbox.email);
    return { subject: reply.subject, inReplyTo: reply.inReplyTo, references: reply.references };
  } catch {
    return null;
  }
}

function queueStep(
  db: CountersignDb,
  gate: DraftGate,
  sequenceId: string,
  enrolmentId: string,
  stepIndex: number,
  drafted: DraftedStep,
  quality: QualityReport,
  thread: { inReplyTo: string | null; references: string[] } | null,
  now: number,
): Promise<QueueOutcome> {
  return auditedTransaction(db, ['sequences', 'enrolments', 'sequenceSteps', 'drafts', 'approvals', 'suppressions'], async (): Promise<QueueOutcome> => {
    const [seq, e] = await Promise.all([db.sequences.get(sequenceId), db.enrolments.get(enrolmentId)]);
    if (seq?.state !== 'active') return { kind: 'skipped', why: 'the sequence is paused' };
    if (!e || e.state !== 'active' || e.nextStep !== stepIndex) return { kind: 'skipped', why: 'the enrolment moved on' };
    const stepId = `${e.id}#${stepIndex}`;
    if (await db.sequenceSteps.get(stepId)) return { kind: 'skipped', why: 'already queued' };

    // Follow-ups thread under the earlier steps as the recipient saw them.
    const earlier = (await db.sequenceSteps.where('enrolmentId').equals(e.id).toArray()).sort((a, b) => a.stepIndex - b.stepIndex);
    const headers = (await db.approvals.bulkGet(earlier.map((s) => s.approvalId))).flatMap((a) => (a ? [a.messageIdHeader] : []));
    const message: OutgoingMessage = {
      from: seq.mailbox,
      to: [{ name: e.contact.name, email: e.contact.email }],
      cc: [],
      bcc: [],
      subject: drafted.subject,
      body: drafted.body,
      threadId: e.contact.threadId,
      inReplyTo: headers.at(-1) ?? thread?.inReplyTo ?? null,
      references: [...new Set([...(thread?.references ?? []), ...headers])],
    };
    const hits = await suppressedRecipients(db, message);
    if (hits.length) {
      const reason = `suppressed: ${describeSuppression(hits[0]!)}`;
      await stopEnrolment(db, e, reason, HERALD, now);
      return { kind: 'stopped', reason };
    }
    const draft: DraftRow = { id: crypto.randomUUID(), threadId: e.contact.threadId ?? '', agent: 'herald', message, evidence: drafted.evidence, status: 'draft', createdAt: now, updatedAt: now };
    await gate.saveDraft(db, draft);
    const approval = await gate.queueDraft(db, draft.id, HERALD, { subject: message.subject, body: message.body, report: quality });
    await db.sequenceSteps.add({ id: stepId, enrolmentId: e.id, sequenceId, stepIndex, mailboxKey: seq.mailboxKey, email: e.email, draftId: draft.id, approvalId: approval.id, state: 'queued', queuedAt: now, sentAt: null });
    await db.enrolments.put({ ...e, nextStep: stepIndex + 1, dueAt: null, updatedAt: now });
    await appendAudit(db, { actor: HERALD, action: 'sequence.step_queued', subjectId: e.id, at: now, contentHash: approval.contentHash, detail: { sequenceId, stepIndex, draftId: draft.id, approvalId: approval.id } });
    return { kind: 'queued', approvalId: approval.id };
  });
}

function stopIfStill(db: CountersignDb, e: EnrolmentRow, reason: string, now: number): Promise<boolean> {
  return auditedTransaction(db, ['enrolments'], async () => {
    const fresh = await db.enrolments.get(e.id);
    if (!fresh || (fresh.state !== 'active' && fresh.state !== 'paused_ooo')) return false;
    await stopEnrolment(db, fresh, reason, HERALD, now);
    return true;
  });
}

/**
 * Steps whose approval item moved on without the outbox telling us: a send not recorded (the
 * hook did not run) is recorded now; a step a human denied stops the enrolment.
 */
async function reconcileQueuedSteps(db: CountersignDb, now: number, t: SequenceThresholds, report: RunReport): Promise<void> {
  const queued = await db.sequenceSteps.where('state').equals('queued').toArray();
  if (!queued.length) return;
  const approvals = await db.approvals.bulkGet(queued.map((s) => s.approvalId));
  for (const [i, step] of queued.entries()) {
    const a = approvals[i];
    if (a?.state === 'sent') {
      // Caught up after a worker stopped between the send and its record: it went out when the approval says, not now.
      const r = await recordSend(db, { approvalId: a.id, sequenceId: step.sequenceId, mailbox: a.message.from.email, to: step.email }, Math.min(now, a.updatedAt), { thresholds: t });
      report.paused.push(...r.paused);
    } else if (a?.state === 'denied' || !a) {
      const reason = a ? `step ${step.stepIndex + 1} was denied by the reviewer${a.denyReason ? ` ("${a.denyReason}")` : ''}` : `step ${step.stepIndex + 1}'s approval item is gone`;
      const stopped = await auditedTransaction(db, ['sequenceSteps', 'enrolments'], async () => {
        await db.sequenceSteps.update(step.id, { state: 'denied' });
        const e = await db.enrolments.get(step.enrolmentId);
        if (!e || (e.state !== 'active' && e.state !== 'paused_ooo')) return false;
        await stopEnrolment(db, e, reason, MONITOR, now, { approvalId: step.approvalId });
        return true;
      });
      if (stopped) report.stopped.push({ enrolmentId: step.enrolmentId, reason });
    }
  }
}

async function wakeOutOfOffice(db: CountersignDb, now: number, report: RunReport): Promise<void> {
  const ending = await db.enrolments.where('[state+dueAt]').between(['paused_ooo', Dexie.minKey], ['paused_ooo', now], true, true).toArray();
  for (const e of ending) {
    const woke = await auditedTransaction(db, ['sequences', 'enrolments'], async () => {
      const [fresh, seq] = await Promise.all([db.enrolments.get(e.id), db.sequences.get(e.sequenceId)]);
      if (!fresh || !seq || fresh.state !== 'paused_ooo' || (fresh.pausedUntil ?? 0) > now) return false;
      const base: EnrolmentRow = { ...fresh, state: 'active', pausedUntil: null, updatedAt: now };
      const due = nextDueAt(seq, base);
      const dueAt = due === null ? null : Math.max(due, nextWindowOpening(now, contactZone(seq, fresh), seq.window));
      await db.enrolments.put({ ...base, dueAt });
      await appendAudit(db, { actor: MONITOR, action: 'sequence.enrolment_resumed', subjectId: e.id, at: now, detail: { sequenceId: seq.id, pausedUntil: fresh.pausedUntil, dueAt } });
      return true;
    });
    if (woke) report.woke.push(e.id);
  }
}

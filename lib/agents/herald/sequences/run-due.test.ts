import { describe, expect, it } from 'vitest';
import { freshDb } from '../../../../test/fixtures';
import { humanActor, verifyAuditLog } from '../../../audit/log';
import { approve, deny, queueDraft, saveDraft } from '../../../gates/email-gate';
import { addSuppression } from '../../../gates/suppression';
import type { CountersignDb } from '../../../db/schema';
import { recordSend } from './monitoring';
import { resumeSequence, pauseSequence } from './review';
import { runDue } from './run-due';
import { contactsFor, DAY, HOUR, MAILBOX, MONDAY_9_BERLIN, REP, seedSequence, stubDrafter } from './sequences.test-helper';

const GATE = { saveDraft, queueDraft };
const sendAll = async (db: CountersignDb, now: number) => {
  for (const a of await db.approvals.where('state').equals('pending').toArray()) {
    await approve(db, a.id, a.contentHash, REP);
    await db.approvals.update(a.id, { state: 'sent' });
    await recordSend(db, { approvalId: a.id, mailbox: MAILBOX.email, to: a.message.to[0]!.email }, now);
  }
};

describe('runDue: Herald queues due steps for approval and never sends', () => {
  it('drafts and queues the first step for each contact, as Herald, pending a human', async () => {
    const db = freshDb();
    await seedSequence(db, MONDAY_9_BERLIN);
    const drafter = stubDrafter(GATE);
    const report = await runDue(db, drafter, MONDAY_9_BERLIN + HOUR);
    expect(report.queued).toHaveLength(3);
    const approvals = await db.approvals.toArray();
    expect(approvals.map((a) => a.state)).toEqual(['pending', 'pending', 'pending']);
    expect(approvals.every((a) => a.approvedHash === null)).toBe(true);
    const audit = await db.audit.toArray();
    expect(audit.filter((r) => r.action === 'email.queued').every((r) => r.actor.type === 'agent' && r.actor.id === 'herald')).toBe(true);
    expect(audit.some((r) => r.action.startsWith('email.sent') || r.action === 'email.approved')).toBe(false);
    const enrolments = await db.enrolments.toArray();
    expect(enrolments.every((e) => e.nextStep === 1 && e.dueAt === null)).toBe(true);
    expect((await verifyAuditLog(db)).ok).toBe(true);
  });

  it('queues a step at most once when two runs overlap or a run is repeated', async () => {
    const db = freshDb();
    await seedSequence(db, MONDAY_9_BERLIN, contactsFor(5));
    const drafter = stubDrafter(GATE);
    await Promise.all([runDue(db, drafter, MONDAY_9_BERLIN + HOUR), runDue(db, drafter, MONDAY_9_BERLIN + HOUR)]);
    await runDue(db, drafter, MONDAY_9_BERLIN + 2 * HOUR);
    expect(await db.approvals.count()).toBe(5);
    expect(await db.sequenceSteps.count()).toBe(5);
    expect(new Set((await db.sequenceSteps.toArray()).map((s) => s.approvalId)).size).toBe(5);
  });

  it('a crash between drafting and recording the step keeps nothing, and the next run queues it once', async () => {
    const db = freshDb();
    await seedSequence(db, MONDAY_9_BERLIN, contactsFor(1));
    let crash = true;
    const fail = () => {
      if (crash) throw new Error('worker died');
    };
    db.sequenceSteps.hook('creating', fail);
    const first = await runDue(db, stubDrafter(GATE), MONDAY_9_BERLIN + HOUR);
    expect(first.errors).toHaveLength(1);
    expect(await db.drafts.count()).toBe(0);
    expect(await db.approvals.count()).toBe(0);
    crash = false;
    const second = await runDue(db, stubDrafter(GATE), MONDAY_9_BERLIN + HOUR);
    expect(second.queued).toHaveLength(1);
    expect(await db.approvals.count()).toBe(1);
    expect(await db.drafts.count()).toBe(1);
  });

  it('queues nothing outside the send window or at the weekend', async () => {
    const db = freshDb();
    await seedSequence(db, MONDAY_9_BERLIN - 3 * DAY); // enrolled on Friday, nothing queued yet
    const drafter = stubDrafter(GATE);
    expect((await runDue(db, drafter, MONDAY_9_BERLIN - 2 * DAY + 3 * HOUR)).queued).toHaveLength(0); // Saturday 12:00
    expect((await runDue(db, drafter, MONDAY_9_BERLIN - 60_000)).queued).toHaveLength(0); // Monday 08:59
    expect((await runDue(db, drafter, MONDAY_9_BERLIN)).queued).toHaveLength(3);
  });

  it('holds to the hourly and daily caps of the mailbox', async () => {
    const db = freshDb();
    await seedSequence(db, MONDAY_9_BERLIN, contactsFor(7));
    const deps = { ...stubDrafter(GATE), caps: { hourly: 2, daily: 3 } };
    expect((await runDue(db, deps, MONDAY_9_BERLIN + HOUR)).queued).toHaveLength(2);
    const capped = await runDue(db, deps, MONDAY_9_BERLIN + 1.5 * HOUR);
    expect(capped.queued).toHaveLength(0);
    expect(capped.capped).toEqual([MAILBOX.email]);
    expect((await runDue(db, deps, MONDAY_9_BERLIN + 2 * HOUR + 60_000)).queued).toHaveLength(1); // the day's third
    expect((await runDue(db, deps, MONDAY_9_BERLIN + 5 * HOUR)).queued).toHaveLength(0);
    expect((await runDue(db, deps, MONDAY_9_BERLIN + DAY + HOUR)).queued).toHaveLength(2); // a new day
  });

  it('a suppressed recipient stops that enrolment with the reason, not the run', async () => {
    const db = freshDb();
    const contacts = contactsFor(3);
    await seedSequence(db, MONDAY_9_BERLIN, contacts);
    await addSuppression(db, { email: contacts[1]!.email, reason: 'opt_out', evidence: { source: 'triage', ref: 'm1', quote: 'please unsubscribe me' }, by: REP, at: MONDAY_9_BERLIN });
    const report = await runDue(db, stubDrafter(GATE), MONDAY_9_BERLIN + HOUR);
    expect(report.queued).toHaveLength(2);
    expect(report.stopped).toHaveLength(1);
    const stopped = (await db.enrolments.toArray()).find((e) => e.email === contacts[1]!.email)!;
    expect(stopped).toMatchObject({ state: 'stopped' });
    expect(stopped.stopReason).toContain('opted out');
    expect((await db.audit.where('action').equals('sequence.enrolment_stopped').first())?.detail.reason).toContain('please unsubscribe me');
  });

  it('schedules the follow-up in business days after the send, threaded under the first message', async () => {
    const db = freshDb();
    await seedSequence(db, MONDAY_9_BERLIN + 4 * DAY, contactsFor(1, { timeZone: 'America/New_York' })); // Friday
    const drafter = stubDrafter(GATE);
    const friday10NY = Date.parse('2026-01-16T15:00:00Z');
    expect((await runDue(db, drafter, friday10NY)).queued).toHaveLength(1);
    await sendAll(db, friday10NY);
    const e = (await db.enrolments.toArray())[0]!;
    expect(new Date(e.dueAt!).toISOString()).toBe('2026-01-20T14:00:00.000Z'); // Tuesday 09:00 in New York
    expect((await runDue(db, drafter, Date.parse('2026-01-19T16:00:00Z'))).queued).toHaveLength(0);
    expect((await runDue(db, drafter, Date.parse('2026-01-20T14:00:00Z'))).queued).toHaveLength(1);
    const [first, second] = (await db.approvals.toArray()).sort((a, b) => a.createdAt - b.createdAt);
    const followUp = [first, second].find((a) => a!.state === 'pending')!;
    const original = [first, second].find((a) => a!.state === 'sent')!;
    expect(followUp.message.inReplyTo).toBe(original.messageIdHeader);
    expect(followUp.message.references).toEqual([original.messageIdHeader]);
  });

  it('marks the enrolment done once the last step is sent', async () => {
    const db = freshDb();
    await seedSequence(db, MONDAY_9_BERLIN, contactsFor(1), { steps: [{ delayBusinessDays: 0, instructions: 'Only note.' }] });
    await runDue(db, stubDrafter(GATE), MONDAY_9_BERLIN + HOUR);
    await sendAll(db, MONDAY_9_BERLIN + 2 * HOUR);
    expect((await db.enrolments.toArray())[0]).toMatchObject({ state: 'done', dueAt: null });
  });

  it('a step the reviewer denied stops that contact', async () => {
    const db = freshDb();
    await seedSequence(db, MONDAY_9_BERLIN, contactsFor(1));
    await runDue(db, stubDrafter(GATE), MONDAY_9_BERLIN + HOUR);
    const a = (await db.approvals.toArray())[0]!;
    await deny(db, a.id, 'wrong tone for this account', REP);
    const report = await runDue(db, stubDrafter(GATE), MONDAY_9_BERLIN + 2 * HOUR);
    expect(report.stopped[0]?.reason).toContain('wrong tone');
    expect((await db.enrolments.toArray())[0]).toMatchObject({ state: 'stopped' });
  });

  it('a paused sequence queues nothing new, keeps what is queued, and carries on once a person resumes it', async () => {
    const db = freshDb();
    const seq = await seedSequence(db, MONDAY_9_BERLIN, contactsFor(4));
    const drafter = stubDrafter(GATE);
    await runDue(db, { ...drafter, caps: { hourly: 2, daily: 100 } }, MONDAY_9_BERLIN + HOUR);
    await pauseSequence(db, seq.id, { reviewer: REP, note: 'checking the copy' }, MONDAY_9_BERLIN + HOUR);
    const paused = await runDue(db, drafter, MONDAY_9_BERLIN + 3 * HOUR);
    expect(paused.queued).toHaveLength(0);
    expect((await db.approvals.toArray()).map((a) => a.state)).toEqual(['pending', 'pending']);
    await resumeSequence(db, seq.id, { reviewer: humanActor('lee'), note: 'copy is fine' }, MONDAY_9_BERLIN + 4 * HOUR);
    expect((await runDue(db, drafter, MONDAY_9_BERLIN + 4 * HOUR)).queued).toHaveLength(2);
  });
});

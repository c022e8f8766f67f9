import { describe, expect, it } from 'vitest';
import { queueDraft, saveDraft } from '../../../gates/email-gate';
import { freshDb } from '../../../../test/fixtures';
import type { CountersignDb } from '../../../db/schema';
import type { TriageResult } from '../../scout/model';
import { recordSend } from './monitoring';
import { runDue } from './run-due';
import { applyTriage } from './triage-stops';
import { contactsFor, HOUR, MAILBOX, MONDAY_9_BERLIN, hardBounce, replyOf, seedSequence, stubDrafter } from './sequences.test-helper';

const GATE = { saveDraft, queueDraft };
const LEAD = contactsFor(1)[0]!.email;

/** One contact whose first step went out on Monday at 10:00 Berlin. */
async function sentOnce(): Promise<CountersignDb> {
  const db = freshDb();
  await seedSequence(db, MONDAY_9_BERLIN, contactsFor(1));
  await runDue(db, stubDrafter(GATE), MONDAY_9_BERLIN + HOUR);
  const a = (await db.approvals.toArray())[0]!;
  await db.approvals.update(a.id, { state: 'sent' });
  await recordSend(db, { approvalId: a.id, mailbox: MAILBOX.email, to: LEAD }, MONDAY_9_BERLIN + HOUR);
  return db;
}

const apply = (db: CountersignDb, result: TriageResult, over: { from?: string; recipient?: string; messageId?: string } = {}) =>
  applyTriage(db, { messageId: over.messageId ?? `m-${Math.random()}`, threadId: 't1', from: over.from ?? LEAD, result, recipient: over.recipient }, MONDAY_9_BERLIN + 3 * HOUR);

const enrolment = async (db: CountersignDb) => (await db.enrolments.toArray())[0]!;

describe('applyTriage: replies stop a contact, out-of-office pauses it', () => {
  it.each([
    ['interested', 'replied: interested'],
    ['meeting_request', 'replied: meeting request'],
    ['question', 'replied: question'],
    ['objection', 'replied: objection'],
    ['referral', 'replied: referral'],
    ['wrong_person', 'replied: wrong person'],
    ['unsubscribe', 'opted out'],
    ['other', 'replied (unclassified)'],
  ] as const)('a %s reply stops the contact', async (cls, reason) => {
    const db = await sentOnce();
    const out = await apply(db, replyOf(cls));
    expect(out.stopped).toHaveLength(1);
    expect(await enrolment(db)).toMatchObject({ state: 'stopped', stopReason: reason, dueAt: null });
    const entry = await db.audit.where('action').equals('sequence.enrolment_stopped').first();
    expect(entry?.detail).toMatchObject({ reason, class: cls });
  });

  it('a hard bounce stops the failed recipient, not the mail system that reported it', async () => {
    const db = await sentOnce();
    await apply(db, hardBounce(LEAD), { from: 'mailer-daemon@mx.example.net' });
    expect((await enrolment(db)).stopReason).toBe('hard bounce: user_unknown (5.1.1)');
    expect((await db.sequenceEvents.toArray()).map((e) => e.kind).sort()).toEqual(['hard_bounce', 'sent']);
  });

  it('a soft bounce stops the contact too and is counted as soft', async () => {
    const db = await sentOnce();
    await apply(db, { ...hardBounce(LEAD), bounce: { type: 'soft', status: '4.2.2', recipient: LEAD, reason: 'mailbox_full' } }, { from: 'postmaster@mx.example.net' });
    expect(await enrolment(db)).toMatchObject({ state: 'stopped', stopReason: 'soft bounce: mailbox_full (4.2.2)' });
    expect((await db.sequenceEvents.toArray()).some((e) => e.kind === 'soft_bounce')).toBe(true);
  });

  it('a complaint stops the complainant named by the caller', async () => {
    const db = await sentOnce();
    await apply(db, replyOf('complaint'), { from: 'fbl@isp.example', recipient: LEAD });
    expect(await enrolment(db)).toMatchObject({ state: 'stopped', stopReason: 'spam complaint' });
  });

  it('an out-of-office with a return date pauses until that morning in the contact zone', async () => {
    const db = await sentOnce();
    const out = await apply(db, replyOf('auto_reply', { autoReply: { returnDate: '2026-01-26' } }));
    const e = await enrolment(db);
    expect(e.state).toBe('paused_ooo');
    expect(new Date(e.pausedUntil!).toISOString()).toBe('2026-01-26T08:00:00.000Z');
    expect(out.paused[0]?.until).toBe(e.pausedUntil);
    expect(await db.audit.where('action').equals('sequence.enrolment_paused').count()).toBe(1);
  });

  it('an out-of-office without a date (or with a date already past) pauses five business days', async () => {
    for (const returnDate of [null, '2020-01-10']) {
      const db = await sentOnce();
      await apply(db, replyOf('auto_reply', { autoReply: { returnDate } }));
      expect(new Date((await enrolment(db)).pausedUntil!).toISOString()).toBe('2026-01-19T08:00:00.000Z'); // Monday + 5 business days
    }
  });

  it('"not now" with a date pauses until then; without one it stops', async () => {
    const db = await sentOnce();
    await apply(db, replyOf('not_now', { notNowUntil: '2026-03-02' }));
    expect(new Date((await enrolment(db)).pausedUntil!).toISOString()).toBe('2026-03-02T08:00:00.000Z');
    const other = await sentOnce();
    await apply(other, replyOf('not_now', { notNowUntil: null }));
    expect(await enrolment(other)).toMatchObject({ state: 'stopped', stopReason: 'replied: not now' });
  });

  it('after the pause ends the next step is scheduled again', async () => {
    const db = await sentOnce();
    await apply(db, replyOf('auto_reply', { autoReply: { returnDate: '2026-01-26' } }));
    const drafter = stubDrafter(GATE);
    expect((await runDue(db, drafter, Date.parse('2026-01-23T10:00:00Z'))).queued).toHaveLength(0);
    const report = await runDue(db, drafter, Date.parse('2026-01-26T08:00:00Z'));
    expect(report.woke).toHaveLength(1);
    expect(report.queued).toEqual([expect.objectContaining({ stepIndex: 1 })]);
  });

  it('applies a message once, and ignores mail about addresses no sequence wrote to', async () => {
    const db = await sentOnce();
    await apply(db, replyOf('auto_reply', { autoReply: { returnDate: '2026-01-26' } }), { messageId: 'ooo-1' });
    const again = await apply(db, replyOf('interested'), { messageId: 'ooo-1' });
    expect(again.applied).toBe(false);
    expect((await enrolment(db)).state).toBe('paused_ooo');
    expect((await apply(db, replyOf('interested'), { from: 'stranger@elsewhere.example' })).applied).toBe(false);
    expect(await db.sequenceEvents.count()).toBe(2);
  });
});

describe('messages written before the enrolment', () => {
  it('an old reply read for the first time after enrolling stops nothing; a new one does', async () => {
    const db = await sentOnce();
    const e = await enrolment(db);
    const question: TriageResult = { class: 'question', method: 'rule', reason: 'asked a question' };
    const old = await applyTriage(db, { messageId: 'old-1', threadId: 't1', from: LEAD, result: question, writtenAt: e.enrolledAt - 86_400_000 }, MONDAY_9_BERLIN + 3 * HOUR);
    expect(old.stopped).toEqual([]);
    expect((await enrolment(db)).state).toBe('active');
    const fresh = await applyTriage(db, { messageId: 'new-1', threadId: 't1', from: LEAD, result: question, writtenAt: MONDAY_9_BERLIN + 2 * HOUR }, MONDAY_9_BERLIN + 3 * HOUR);
    expect(fresh.stopped).toEqual([e.id]);
  });
});

import { describe, expect, it } from 'vitest';
import { queueDraft, saveDraft } from '../../../gates/email-gate';
import { freshDb } from '../../../../test/fixtures';
import { humanActor, systemActor, verifyAuditLog } from '../../../audit/log';
import type { CountersignDb, SequenceRow } from '../../../db/schema';
import { UserFacingError } from '../../../protocol/errors';
import { DEFAULT_THRESHOLDS, SequenceThresholds } from './model';
import { recordSend } from './monitoring';
import { resumeSequence } from './review';
import { runDue } from './run-due';
import { createSequence } from './sequences';
import { applyTriage } from './triage-stops';
import { DAY, hardBounce, MAILBOX, MONDAY_9_BERLIN, REP, replyOf, seedSequence, stubDrafter, threeSteps } from './sequences.test-helper';

const GATE = { saveDraft, queueDraft };
const T0 = MONDAY_9_BERLIN;
let counter = 0;

/** Records `n` sends for a sequence (approval ids are made up: monitoring needs only the record). */
async function sends(db: CountersignDb, seq: SequenceRow, n: number, at = T0): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i += 1) {
    counter += 1;
    const to = `r${counter}@recipients.example`;
    await recordSend(db, { approvalId: `ap-${counter}`, sequenceId: seq.id, mailbox: seq.mailbox.email, to }, at + counter);
    out.push(to);
  }
  return out;
}
const bounce = (db: CountersignDb, to: string, at = T0 + 10 * DAY) => applyTriage(db, { messageId: `b-${to}`, threadId: 't', from: 'mailer-daemon@mx.example', result: hardBounce(to) }, at);
const state = async (db: CountersignDb, seq: SequenceRow) => (await db.sequences.get(seq.id))!;

describe('sequence monitoring: rates over the last N sends pause a sequence at once', () => {
  it('exports validated defaults', () => {
    expect(SequenceThresholds.parse(DEFAULT_THRESHOLDS)).toEqual({
      windowSends: 200,
      minSample: 50,
      hardBounceRate: 0.02,
      optOutRate: 0.01,
      complaintRate: 0.001,
      softBounceRate: null,
      replyRateFloor: null,
      reviewEveryDays: 30,
    });
    expect(SequenceThresholds.safeParse({ ...DEFAULT_THRESHOLDS, minSample: 500 }).success).toBe(false);
    expect(SequenceThresholds.safeParse({ ...DEFAULT_THRESHOLDS, hardBounceRate: 2 }).success).toBe(false);
  });

  it('judges nothing below the minimum sample, then pauses on the send that completes it', async () => {
    const db = freshDb();
    const seq = await createSequence(db, threeSteps(), REP, T0);
    const to = await sends(db, seq, 49);
    await bounce(db, to[0]!);
    await bounce(db, to[1]!);
    expect((await state(db, seq)).state).toBe('active'); // 2 of 49 is over 2%, but the sample is too small
    const r = await sends(db, seq, 1).then(() => state(db, seq));
    expect(r.state).toBe('paused');
    expect(r.pause).toMatchObject({ kind: 'threshold' });
    expect(r.pause?.reason).toContain('hard bounces at 4.0% (2 of the sequence\'s last 50 sends; threshold ≥ 2.0%)');
  });

  it('writes the pause and a critical alert in the same transaction as the bounce that crossed', async () => {
    const db = freshDb();
    const seq = await createSequence(db, threeSteps(), REP, T0);
    const to = await sends(db, seq, 100);
    await bounce(db, to[0]!);
    expect((await state(db, seq)).state).toBe('active'); // 1%
    const out = await bounce(db, to[1]!);
    expect(out.sequencesPaused).toEqual([seq.id]);
    const tail = (await db.audit.orderBy('seq').toArray()).slice(-2);
    expect(tail.map((r) => r.action)).toEqual(['sequence.paused', 'alert.raised']);
    expect(tail.every((r) => r.at === T0 + 10 * DAY)).toBe(true);
    expect(tail[0]!.detail).toMatchObject({ kind: 'threshold', before: { state: 'active' }, after: { state: 'paused' } });
    expect(tail[1]!.detail).toMatchObject({ level: 'critical', sequenceId: seq.id });
    expect(String(tail[1]!.detail.message)).toContain("2.0% (2 of the sequence's last 100 sends");
    expect((await verifyAuditLog(db)).ok).toBe(true);
  });

  it('if the alert cannot be written, neither the pause nor the bounce that caused it is kept', async () => {
    const db = freshDb();
    const seq = await createSequence(db, threeSteps(), REP, T0);
    const to = await sends(db, seq, 100);
    await bounce(db, to[0]!);
    db.audit.hook('creating', (_key, row) => {
      if (row.action === 'alert.raised') throw new Error('disk full');
    });
    await expect(bounce(db, to[1]!)).rejects.toThrow('disk full');
    expect((await state(db, seq)).state).toBe('active');
    expect((await db.sequenceEvents.toArray()).filter((e) => e.kind === 'hard_bounce')).toHaveLength(1);
  });

  it('slides: outcomes older than the last N sends stop counting', async () => {
    const db = freshDb();
    const seq = await createSequence(db, threeSteps(), REP, T0);
    const t = { ...DEFAULT_THRESHOLDS, windowSends: 100, minSample: 50 };
    const early = await sends(db, seq, 60);
    // Two early bounces recorded while the sample was still small elsewhere: judge them only after 100 more sends.
    await sends(db, seq, 100);
    await applyTriage(db, { messageId: 'late-1', threadId: 't', from: 'mailer-daemon@mx.example', result: hardBounce(early[0]!) }, T0 + DAY, { thresholds: t });
    await applyTriage(db, { messageId: 'late-2', threadId: 't', from: 'mailer-daemon@mx.example', result: hardBounce(early[1]!) }, T0 + DAY, { thresholds: t });
    expect((await state(db, seq)).state).toBe('active'); // those sends are out of the 100-send window
  });

  it('an opt-out rate of 1% raises a warning; one complaint in the sample is critical', async () => {
    const db = freshDb();
    const seq = await createSequence(db, threeSteps(), REP, T0);
    const to = await sends(db, seq, 100);
    await applyTriage(db, { messageId: 'u1', threadId: 't', from: to[5]!, result: replyOf('unsubscribe') }, T0 + DAY);
    const s = await state(db, seq);
    expect(s.pause?.reason).toContain('opt-outs at 1.0%');
    expect((await db.audit.where('action').equals('alert.raised').last())?.detail.level).toBe('warning');

    const other = await createSequence(db, threeSteps({ mailbox: { name: 'Kim', email: 'kim@example.com' } }), REP, T0);
    const to2 = await sends(db, other, 60);
    await applyTriage(db, { messageId: 'c1', threadId: 't', from: 'fbl@isp.example', recipient: to2[3]!, result: replyOf('complaint') }, T0 + DAY);
    expect((await state(db, other)).pause?.reason).toContain('spam complaints at 1.7%');
    expect((await db.audit.where('action').equals('alert.raised').last())?.detail.level).toBe('critical');
  });

  it('judges the mailbox across its sequences: each alone is under the sample, together they cross', async () => {
    const db = freshDb();
    const a = await createSequence(db, threeSteps({ name: 'A' }), REP, T0);
    const b = await createSequence(db, threeSteps({ name: 'B' }), REP, T0);
    const toA = await sends(db, a, 30);
    const toB = await sends(db, b, 30);
    await bounce(db, toA[0]!);
    expect((await state(db, a)).state).toBe('active'); // mailbox: 1 of 60
    await bounce(db, toB[0]!);
    for (const s of [a, b]) expect((await state(db, s)).pause?.reason).toContain(`mailbox ${MAILBOX.email}: hard bounces at 3.3% (2 of the mailbox's last 60 sends`);
  });

  it('an optional reply-rate floor pauses a sequence nobody answers', async () => {
    const db = freshDb();
    const seq = await createSequence(db, threeSteps(), REP, T0);
    const t = { ...DEFAULT_THRESHOLDS, replyRateFloor: 0.02 };
    for (let i = 0; i < 50; i += 1) await recordSend(db, { approvalId: `floor-${i}`, sequenceId: seq.id, mailbox: MAILBOX.email, to: `f${i}@x.example` }, T0 + i, { thresholds: t });
    expect((await state(db, seq)).pause?.reason).toContain('replies at 0.00%');
  });

  it('pauses a sequence nobody reviewed for 30 days', async () => {
    const db = freshDb();
    const seq = await seedSequence(db, T0);
    await runDue(db, stubDrafter(GATE), T0 + 29 * DAY);
    expect((await state(db, seq)).state).toBe('active');
    const report = await runDue(db, stubDrafter(GATE), T0 + 30 * DAY + 1);
    expect(report.paused).toEqual([seq.id]);
    expect(report.queued).toHaveLength(0);
    expect((await state(db, seq)).pause).toMatchObject({ kind: 'review_overdue', reason: expect.stringContaining('review overdue') });
  });

  it('only a person resumes: agents and the system are refused; the resume is logged with before and after and resets the review clock', async () => {
    const db = freshDb();
    const seq = await seedSequence(db, T0);
    await runDue(db, stubDrafter(GATE), T0 + 31 * DAY);
    for (const actor of [{ type: 'agent', id: 'herald' } as const, { type: 'agent', id: 'sentinel' } as const, systemActor('scheduler')]) {
      await expect(resumeSequence(db, seq.id, { reviewer: actor, note: 'looks fine' }, T0 + 31 * DAY)).rejects.toThrow(UserFacingError);
    }
    await expect(resumeSequence(db, seq.id, { reviewer: REP, note: '  ' }, T0 + 31 * DAY)).rejects.toThrow(/Say what you checked/);
    expect((await state(db, seq)).state).toBe('paused');
    const resumed = await resumeSequence(db, seq.id, { reviewer: humanActor('lee'), note: 'copy and list checked' }, T0 + 31 * DAY);
    expect(resumed).toMatchObject({ state: 'active', pause: null, reviewedAt: T0 + 31 * DAY });
    const entry = (await db.audit.where('action').equals('sequence.resumed').first())!;
    expect(entry.actor).toEqual(humanActor('lee'));
    expect(entry.detail).toMatchObject({ note: 'copy and list checked', before: { state: 'paused', pause: { kind: 'review_overdue' } }, after: { state: 'active' } });
    await runDue(db, stubDrafter(GATE), T0 + 60 * DAY);
    expect((await state(db, seq)).state).toBe('active'); // 29 days since the review
  });

  it('after a resume, what the person saw does not re-pause; a new bounce over the threshold does', async () => {
    const db = freshDb();
    const seq = await createSequence(db, threeSteps(), REP, T0);
    const to = await sends(db, seq, 50);
    await bounce(db, to[0]!, T0 + DAY);
    await bounce(db, to[1]!, T0 + DAY);
    expect((await state(db, seq)).state).toBe('paused');
    await resumeSequence(db, seq.id, { reviewer: REP, note: 'two stale addresses, list cleaned' }, T0 + 2 * DAY);
    const more = await sends(db, seq, 5, T0 + 2 * DAY);
    expect((await state(db, seq)).state).toBe('active');
    await bounce(db, more[0]!, T0 + 3 * DAY);
    expect((await state(db, seq)).pause?.reason).toContain('hard bounces at 5.5% (3 of');
  });
});

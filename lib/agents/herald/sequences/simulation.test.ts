// The acceptance test of issue 6 (scope 3 and 4): 300 contacts in a 3-step sequence, the clock
// advanced hour by hour. Herald queues; a simulated person approves through the real email gate;
// the real outbox sends through a recording transport (the only fake edge); real bounce and
// auto-reply messages from ../shared/fixtures/emails, readdressed to simulated recipients, go
// through the real triage. The fixtures hold no real opt-out request, so opt-outs are CONSTRUCTED
// (constructed.test-helper.ts). The expected first threshold crossing is computed here, from the
// sends and outcomes the test itself saw, and the sequence must pause exactly there.
import { beforeAll, describe, expect, it } from 'vitest';
import { freshDb } from '../../../../test/fixtures';
import { humanActor, verifyAuditLog } from '../../../audit/log';
import type { ApprovalRow, CountersignDb } from '../../../db/schema';
import { contentHash } from '../../../gates/content-hash';
import { approve, queueDraft, saveDraft } from '../../../gates/email-gate';
import { Outbox, type MailTransport } from '../../../gates/outbox';
import { UserFacingError } from '../../../protocol/errors';
import { readEml } from '../../scout/triage/corpus.test-helper';
import { constructed } from '../../scout/triage/constructed.test-helper';
import { readInbound } from '../../scout/triage/inbound';
import { triageInbound } from '../../scout/triage/record';
import { triageRaw } from '../../scout/triage/triage';
import { DEFAULT_THRESHOLDS } from './model';
import { recordSend } from './monitoring';
import { resumeSequence } from './review';
import { runDue } from './run-due';
import { createSequence, enrol } from './sequences';
import { applyTriage } from './triage-stops';
import { contactsFor, HOUR, MAILBOX, REP, stubDrafter, threeSteps } from './sequences.test-helper';

const GATE = { saveDraft, queueDraft };
const HARD_BOUNCES = ['rfc3464-26.eml', 'rfc3464-35.eml', 'lhost-gmail-18.eml', 'lhost-exim-51.eml', 'lhost-courier-02.eml', 'lhost-mcafee-02.eml'];
const SOFT_BOUNCES = ['rb-issue-368-bug.eml', 'rfc3464-36.eml', 'rfc3464-29.eml'];
const AUTO_REPLIES = ['rfc3834-03.eml', 'rfc3834-04.eml'];

const ZONES = ['Europe/Berlin', 'Europe/London', 'America/New_York', 'Asia/Tokyo'];
const START = Date.parse('2026-03-02T00:00:00Z'); // Monday; US and EU clocks change during the run
const TICKS = 21 * 24;
const PERSON = humanActor('dana.reviewer');

type Fate = 'hard_bounce' | 'soft_bounce' | 'opt_out' | 'auto_reply' | 'fine';
const fateOf = (i: number): Fate => (i % 23 === 7 ? 'hard_bounce' : i % 41 === 3 ? 'soft_bounce' : i % 37 === 11 ? 'opt_out' : i % 31 === 5 ? 'auto_reply' : 'fine');

interface Fixture {
  file: string;
  text: string;
  /** The address the message is about: the failed recipient, or the auto-reply's sender. */
  address: string;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The fixture's bytes with only its recipient (or sender) address replaced by the simulated one. */
const readdress = (f: Fixture, to: string) => new Uint8Array(Buffer.from(f.text.replace(new RegExp(escape(f.address), 'gi'), to), 'latin1'));

async function loadFixtures(files: string[], about: 'recipient' | 'sender'): Promise<Fixture[]> {
  return Promise.all(
    files.map(async (file) => {
      const raw = readEml(file);
      const address = about === 'recipient' ? (await triageRaw(raw)).bounce?.recipient : (await readInbound(raw)).from?.address;
      if (!address) throw new Error(`${file}: no address to readdress`);
      return { file, text: Buffer.from(raw).toString('latin1'), address };
    }),
  );
}

/** The test's own account of what should happen, from what it saw: no code shared with monitoring.ts. */
class ExpectedMonitor {
  readonly sends: { approvalId: string; to: string; at: number }[] = [];
  readonly outcomes: { kind: string; approvalId: string; at: number }[] = [];
  resumedAt = -Infinity;
  state: 'active' | 'paused' = 'active';
  crossings: { kind: string; afterSends: number; count: number }[] = [];

  send(approvalId: string, to: string, at: number) {
    this.sends.push({ approvalId, to, at });
    this.judge();
  }
  outcome(kind: string, email: string, at: number) {
    const last = [...this.sends].reverse().find((s) => s.to === email);
    if (last) this.outcomes.push({ kind, approvalId: last.approvalId, at });
    this.judge();
  }
  private judge() {
    if (this.state === 'paused') return;
    const window = this.sends.slice(-DEFAULT_THRESHOLDS.windowSends);
    if (window.length < DEFAULT_THRESHOLDS.minSample) return;
    const inWindow = new Set(window.map((s) => s.approvalId));
    const limits: [string, number][] = [
      ['complaint', DEFAULT_THRESHOLDS.complaintRate],
      ['hard_bounce', DEFAULT_THRESHOLDS.hardBounceRate],
      ['opt_out', DEFAULT_THRESHOLDS.optOutRate],
    ];
    for (const [kind, limit] of limits) {
      const hits = this.outcomes.filter((o) => o.kind === kind && inWindow.has(o.approvalId));
      const count = new Set(hits.map((h) => h.approvalId)).size;
      if (count / window.length >= limit && hits.some((h) => h.at > this.resumedAt)) {
        this.state = 'paused';
        this.crossings.push({ kind, afterSends: this.sends.length, count });
        return;
      }
    }
  }
}

describe('sequence simulation: 300 contacts, three steps, hour by hour', () => {
  let hard: Fixture[];
  let soft: Fixture[];
  let ooo: Fixture[];
  beforeAll(async () => {
    [hard, soft, ooo] = await Promise.all([loadFixtures(HARD_BOUNCES, 'recipient'), loadFixtures(SOFT_BOUNCES, 'recipient'), loadFixtures(AUTO_REPLIES, 'sender')]);
  });

  it('pauses at the first threshold crossing, sends only what a person approved, and queues again only after a person resumes', async () => {
    const db: CountersignDb = freshDb();
    let now = START;
    const seq = await createSequence(db, threeSteps({ steps: [...threeSteps().steps] }), REP, now);
    const contacts = contactsFor(300).map((c, i) => ({ ...c, timeZone: ZONES[i % ZONES.length] }));
    const fate = new Map(contacts.map((c, i) => [c.email.toLowerCase(), fateOf(i)]));
    await enrol(db, seq.id, contacts, REP, now);

    // What the person approved (id → the hash they were shown), and what the transport was asked to send.
    const approvedByPerson = new Map<string, string>();
    const transported: { approvalId: string; hash: string; at: number; sequenceState: string }[] = [];
    const transport: MailTransport = {
      findSent: async () => null,
      send: async (row: ApprovalRow) => {
        const fresh = await db.approvals.get(row.id);
        expect(row.approvedHash).toBe(contentHash(row.message));
        expect(approvedByPerson.get(row.id)).toBe(row.approvedHash);
        expect(fresh?.state).toBe('sending');
        transported.push({ approvalId: row.id, hash: row.approvedHash!, at: now, sequenceState: (await db.sequences.get(seq.id))!.state });
        return { id: `gm-${row.id}` };
      },
    };
    const outbox = new Outbox(db, transport, () => ({ retryable: false, userMessage: 'send failed' }), () => now);
    const drafter = stubDrafter(GATE);
    const expected = new ExpectedMonitor();
    const inbound = new Map<number, { email: string; raw: Uint8Array; from: string; kind: Fate }[]>();
    let messageSeq = 0;
    const pausedIntervals: { from: number; to: number }[] = [];
    let pausedSince: number | null = null;
    let agentResumeRefused = 0;
    let queuedWhilePaused = 0;
    let classifiedAsExpected = 0;

    const checkState = async (what: string) => {
      const actual = (await db.sequences.get(seq.id))!.state;
      expect(actual, `${what}: after ${expected.sends.length} sends`).toBe(expected.state);
      if (actual === 'paused' && pausedSince === null) pausedSince = now;
    };

    for (let tick = 0; tick < TICKS; tick += 1) {
      now = START + tick * HOUR;

      // A person resumes a paused sequence two days after it paused (an agent tries first and is refused).
      if (pausedSince !== null && now - pausedSince >= 48 * HOUR) {
        await expect(resumeSequence(db, seq.id, { reviewer: { type: 'agent', id: 'herald' }, note: 'resume please' }, now)).rejects.toThrow(UserFacingError);
        agentResumeRefused += 1;
        await resumeSequence(db, seq.id, { reviewer: PERSON, note: 'bad addresses reviewed; list source cleaned' }, now);
        pausedIntervals.push({ from: pausedSince, to: now });
        pausedSince = null;
        expected.state = 'active';
        expected.resumedAt = now;
      }

      // Inbound mail due this hour, through the real triage, then the sequences.
      for (const msg of inbound.get(tick) ?? []) {
        messageSeq += 1;
        const triaged = await triageInbound(db, { messageId: `in-${messageSeq}`, threadId: `th-${messageSeq}`, from: msg.from, raw: msg.raw }, now);
        const r = triaged.row.result;
        if (msg.kind === 'hard_bounce' || msg.kind === 'soft_bounce') {
          expect(r.class).toBe('bounce');
          expect(r.bounce?.type).toBe(msg.kind === 'hard_bounce' ? 'hard' : 'soft');
          expect(r.bounce?.recipient?.toLowerCase()).toBe(msg.email);
        } else {
          expect(r.class).toBe(msg.kind === 'opt_out' ? 'unsubscribe' : 'auto_reply');
        }
        classifiedAsExpected += 1;
        await applyTriage(db, { ...triaged.row, recipient: triaged.suppressed?.email ?? null }, now);
        if (msg.kind !== 'auto_reply') expected.outcome(msg.kind, msg.email, now);
        await checkState(`inbound ${msg.kind}`);
      }

      const before = await db.approvals.count();
      const report = await runDue(db, drafter, now);
      expect(report.errors).toEqual([]);
      if (expected.state === 'paused') {
        expect(report.queued).toEqual([]);
        expect(await db.approvals.count()).toBe(before);
        queuedWhilePaused += report.queued.length;
      }

      // The person approves what is in review, exactly as shown, unless the sequence is paused.
      if ((await db.sequences.get(seq.id))!.state === 'active') {
        for (const item of await db.approvals.where('state').equals('pending').toArray()) {
          await approve(db, item.id, item.contentHash, PERSON);
          approvedByPerson.set(item.id, item.contentHash);
        }
      }

      const sentBefore = transported.length;
      await outbox.runDue();
      // The outbox hook: each message that went out is recorded for monitoring.
      for (const t of transported.slice(sentBefore)) {
        const row = (await db.approvals.get(t.approvalId))!;
        expect(row.state).toBe('sent');
        const to = row.message.to[0]!.email.toLowerCase();
        await recordSend(db, { approvalId: row.id, mailbox: row.message.from.email, to }, now);
        expected.send(row.id, to, now);
        await checkState('send');
        const step = (await db.sequenceSteps.where('approvalId').equals(row.id).first())!;
        const f = fate.get(to)!;
        if (step.stepIndex === 0 && f !== 'fine') {
          const i = contacts.findIndex((c) => c.email.toLowerCase() === to);
          const message =
            f === 'hard_bounce'
              ? { raw: readdress(hard[i % hard.length]!, to), from: 'mailer-daemon@mx.example.net' }
              : f === 'soft_bounce'
                ? { raw: readdress(soft[i % soft.length]!, to), from: 'postmaster@mx.example.net' }
                : f === 'auto_reply'
                  ? { raw: readdress(ooo[i % ooo.length]!, to), from: to }
                  : { raw: new TextEncoder().encode(constructed({ from: `Lead <${to}>`, to: `${MAILBOX.name} <${MAILBOX.email}>`, subject: `Re: ${row.message.subject}`, body: 'Please unsubscribe me.' })), from: to };
          const at = tick + (f === 'opt_out' ? 3 : 1);
          inbound.set(at, [...(inbound.get(at) ?? []), { email: to, kind: f, ...message }]);
        }
      }
    }

    // The first crossing, computed here, is where the sequence paused.
    expect(expected.crossings.length).toBeGreaterThan(0);
    const first = expected.crossings[0]!;
    const pauses = await db.audit.where('action').equals('sequence.paused').toArray();
    expect(pauses.length).toBe(expected.crossings.length);
    const figures = pauses[0]!.detail.figures as { kind: string; sends: number; count: number }[];
    expect(figures[0]).toMatchObject({ kind: first.kind, sends: Math.min(first.afterSends, DEFAULT_THRESHOLDS.windowSends), count: first.count });
    const alerts = await db.audit.where('action').equals('alert.raised').toArray();
    expect(alerts.length).toBe(pauses.length);
    expect(alerts.map((a) => a.seq)).toEqual(pauses.map((p) => p.seq! + 1)); // written together

    // Nothing went out that a person had not approved, with the hash they were shown.
    const audit = await db.audit.orderBy('seq').toArray();
    const approvedAt = new Map(audit.filter((r) => r.action === 'email.approved').map((r) => [r.subjectId, r]));
    for (const sent of audit.filter((r) => r.action === 'email.sent')) {
      const ok = approvedAt.get(sent.subjectId);
      expect(ok?.actor).toEqual(PERSON);
      expect(ok?.contentHash).toBe(sent.contentHash);
      expect(ok!.seq!).toBeLessThan(sent.seq!);
    }
    expect(transported.length).toBe(audit.filter((r) => r.action === 'email.sent').length);
    expect(audit.filter((r) => r.action === 'email.queued').every((r) => r.actor.type === 'agent' && r.actor.id === 'herald')).toBe(true);

    // Nothing was queued or sent while paused; both resumed after a person resumed it.
    if (pausedSince !== null) pausedIntervals.push({ from: pausedSince, to: Infinity });
    const steps = await db.sequenceSteps.toArray();
    const during = (t: number) => pausedIntervals.some((p) => t > p.from && t < p.to);
    expect(steps.filter((s) => during(s.queuedAt))).toEqual([]);
    expect(transported.filter((t) => t.sequenceState === 'paused')).toEqual([]);
    expect(queuedWhilePaused).toBe(0);
    const firstResume = pausedIntervals[0]!.to;
    expect(Number.isFinite(firstResume)).toBe(true);
    expect(agentResumeRefused).toBeGreaterThan(0);
    expect(steps.filter((s) => s.queuedAt >= firstResume).length).toBeGreaterThan(0);
    expect(transported.filter((t) => t.at >= firstResume).length).toBeGreaterThan(0);

    // Per-contact stops and pauses followed the real triage.
    const enrolments = await db.enrolments.toArray();
    for (const e of enrolments) {
      const f = fate.get(e.email)!;
      const stepsSent = steps.filter((s) => s.enrolmentId === e.id && s.state === 'sent').length;
      if (stepsSent === 0) continue;
      if (f === 'hard_bounce') expect(e.stopReason).toMatch(/^hard bounce/);
      if (f === 'soft_bounce') expect(e.stopReason).toMatch(/^soft bounce/);
      if (f === 'opt_out') expect(e.stopReason).toBe('opted out');
      if (f === 'hard_bounce' || f === 'opt_out') expect(await db.suppressions.get(e.email)).toBeDefined();
      if (f === 'fine' || f === 'auto_reply') expect(['active', 'paused_ooo', 'done']).toContain(e.state);
      expect(stepsSent).toBeLessThanOrEqual(f === 'fine' || f === 'auto_reply' ? 3 : 1);
    }
    expect(enrolments.filter((e) => e.state === 'done').length).toBeGreaterThan(0);
    expect(await db.audit.where('action').equals('sequence.enrolment_paused').count()).toBeGreaterThan(0);
    expect(classifiedAsExpected).toBeGreaterThan(20);
    expect((await verifyAuditLog(db)).ok).toBe(true);
  }, 30_000);
});

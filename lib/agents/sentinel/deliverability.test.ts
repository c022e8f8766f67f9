import { describe, expect, it } from 'vitest';
import { freshDb } from '../../../test/fixtures';
import type { SequenceEventRow } from '../../db/schema';
import { applyHealth } from './health';
import { outboundHold } from './alerts';
import { bounceSpike, complaintStatus, DELIVERABILITY_THRESHOLDS, deliverabilityFindings, deliverabilityStats, loadDeliverability } from './deliverability';

const DAY = 86_400_000;
const NOW = Date.UTC(2025, 5, 30, 15, 0); // 2025-06-30 15:00 UTC
const SAM = 'sam@example.com';
const ALEX = 'alex@example.com';

let n = 0;
function ev(kind: SequenceEventRow['kind'], approvalId: string | null, at: number, over: Partial<SequenceEventRow> = {}): SequenceEventRow {
  n += 1;
  return { id: kind === 'sent' ? `sent:${approvalId}` : `${kind}-${n}`, kind, sequenceId: 'seq-1', mailboxKey: SAM, email: `p${n}@x.co`, approvalId, ref: null, at, ...over };
}
/** `count` sends from `mailbox`, one a minute ending at `end`, ids a0…; returns the events. */
function sends(count: number, end: number, over: Partial<SequenceEventRow> = {}, prefix = 'a'): SequenceEventRow[] {
  return Array.from({ length: count }, (_, i) => ev('sent', `${prefix}${i}`, end - (count - 1 - i) * 60_000, over));
}
const levels = (rs: { key: string; level: string | null }[]) => Object.fromEntries(rs.map((r) => [r.key, r.level]));

describe('deliverability figures', () => {
  it('counts sends and outcomes per mailbox and per sequence, once per send, with rates over sends', () => {
    const s = sends(100, NOW - DAY);
    const alex = sends(10, NOW - DAY, { mailboxKey: ALEX, sequenceId: 'seq-2' }, 'b');
    const events = [
      ...s,
      ...alex,
      ev('hard_bounce', 'a1', NOW - DAY + 1),
      ev('hard_bounce', 'a1', NOW - DAY + 2), // a second report of the same bounce
      ev('hard_bounce', 'a2', NOW - DAY + 3),
      ev('soft_bounce', 'a3', NOW - DAY + 4),
      ev('opt_out', 'a4', NOW - DAY + 5),
      ev('reply', 'a5', NOW - DAY + 6),
      ev('reply', 'a6', NOW - DAY + 7),
      ev('reply', null, NOW - DAY + 8), // matched to no send: counted by itself
      ev('auto_reply', 'a7', NOW - DAY + 9),
      ev('complaint', 'b1', NOW - DAY + 10, { mailboxKey: ALEX, sequenceId: 'seq-2' }),
      ev('sent', 'old', NOW - 31 * DAY), // before the period
    ];
    const stats = deliverabilityStats(events, NOW);
    const sam = stats.mailboxes.find((m) => m.mailboxKey === SAM)!;
    expect(sam).toMatchObject({ sends: 100, hardBounces: 2, softBounces: 1, optOuts: 1, replies: 3, autoReplies: 1, complaints: 0, complaintStatus: 'ok' });
    expect(sam.rates).toEqual({ hardBounce: 0.02, softBounce: 0.01, optOut: 0.01, reply: 0.03, complaint: 0 });
    const alexStats = stats.mailboxes.find((m) => m.mailboxKey === ALEX)!;
    expect(alexStats).toMatchObject({ sends: 10, complaints: 1, complaintStatus: 'too_few_sends' });
    expect(stats.sequences.map((q) => [q.sequenceId, q.sends, q.hardBounces])).toEqual([
      ['seq-1', 100, 2],
      ['seq-2', 10, 0],
    ]);
    expect(stats.total).toMatchObject({ sends: 110, complaints: 1, hardBounces: 2 });
  });

  it('gives a 30-day daily trend with empty days as zeros, and today against the daily cap', () => {
    const events = [...sends(3, NOW - 2 * DAY), ...sends(5, NOW - 60_000, {}, 't'), ev('hard_bounce', 't1', NOW - 30_000)];
    const stats = deliverabilityStats(events, NOW, { caps: { [SAM]: { hourly: 20, daily: 5 } } });
    expect(stats.trend).toHaveLength(30);
    expect(stats.trend[29]).toMatchObject({ day: '2025-06-30', sends: 5, hardBounces: 1 });
    expect(stats.trend[27]).toMatchObject({ day: '2025-06-28', sends: 3 });
    expect(stats.trend[0]).toMatchObject({ day: '2025-06-01', sends: 0 });
    const sam = stats.mailboxes[0]!;
    expect(sam).toMatchObject({ sendsToday: 5, dailyCap: 5, capShare: 1 });
    expect(sam.trend).toHaveLength(30);
    expect(levels(deliverabilityFindings(stats))[`daily.cap:${SAM}`]).toBe('badge');
  });

  it("judges the complaint rate against Google's rules: badge from 0.1%, hold from 0.3%, nothing under the minimum sample", () => {
    const c = (sends: number, complaints: number) => complaintStatus({ sends, complaints, hardBounces: 0, softBounces: 0, optOuts: 0, replies: 0, autoReplies: 0 });
    expect(c(1000, 0)).toBe('ok');
    expect(c(10_000, 9)).toBe('ok'); // 0.09%
    expect(c(1000, 1)).toBe('warn'); // 0.1%
    expect(c(1000, 2)).toBe('warn');
    expect(c(1000, 3)).toBe('hold'); // 0.3%
    expect(c(49, 5)).toBe('too_few_sends');
    const events = [...sends(1000, NOW - DAY), ev('complaint', 'a1', NOW - 1), ev('complaint', 'a2', NOW - 1), ev('complaint', 'a3', NOW - 1)];
    const f = deliverabilityFindings(deliverabilityStats(events, NOW));
    expect(f.find((r) => r.key === `complaint.rate:${SAM}`)).toMatchObject({ level: 'hold', measured: { sends: 1000, complaints: 3 } });
  });

  it('detects a bounce spike over the last sends, from the minimum sample, at the threshold', () => {
    const t = DELIVERABILITY_THRESHOLDS; // last 50 sends, 20 minimum, 5%
    // 200 clean older sends, then 50 recent ones of which 3 hard-bounce: 6% of the window.
    const old = sends(200, NOW - 2 * DAY, {}, 'o');
    const recent = sends(50, NOW - DAY, {}, 'r');
    const bounces = ['r10', 'r20', 'r30'].map((id) => ev('hard_bounce', id, NOW - DAY + 1000));
    expect(bounceSpike([...old, ...recent, ...bounces], t)).toEqual({ sends: 50, hardBounces: 3, rate: 0.06, judged: true, spike: true });
    // A bounce on an older send (outside the window) does not count.
    expect(bounceSpike([...old, ...recent, ev('hard_bounce', 'o5', NOW - DAY), ev('hard_bounce', 'r1', NOW - DAY)], t)).toMatchObject({ hardBounces: 1, spike: false });
    // Exactly 5%: 1 of 20 → spike; 1 of 21 → not; 19 sends → not judged.
    expect(bounceSpike([...sends(20, NOW, {}, 'x'), ev('hard_bounce', 'x0', NOW)], t)).toMatchObject({ rate: 0.05, spike: true });
    expect(bounceSpike([...sends(21, NOW, {}, 'y'), ev('hard_bounce', 'y0', NOW)], t)).toMatchObject({ spike: false, judged: true });
    expect(bounceSpike([...sends(19, NOW, {}, 'z'), ev('hard_bounce', 'z0', NOW), ev('hard_bounce', 'z1', NOW)], t)).toMatchObject({ judged: false, spike: false });
  });

  it('a bounce spike is a hold keyed per mailbox; the other mailbox is unaffected and unjudged keys are left out', () => {
    const events = [
      ...sends(40, NOW - DAY),
      ...['a1', 'a2', 'a3'].map((id) => ev('hard_bounce', id, NOW - DAY + 1)),
      ...sends(30, NOW - DAY, { mailboxKey: ALEX }, 'b'),
      ...sends(5, NOW - DAY, { mailboxKey: 'new@example.com' }, 'c'),
    ];
    const f = levels(deliverabilityFindings(deliverabilityStats(events, NOW)));
    expect(f[`bounce.spike:${SAM}`]).toBe('hold');
    expect(f[`bounce.spike:${ALEX}`]).toBeNull();
    expect(f).not.toHaveProperty('bounce.spike:new@example.com'); // 5 sends: not judged
    expect(f).not.toHaveProperty(`complaint.rate:${SAM}`); // 40 sends: under the complaint sample
  });

  it('from seeded events in the DB, a spike holds sending until acknowledged', async () => {
    const db = freshDb();
    await db.sequenceEvents.bulkAdd([...sends(30, NOW - DAY), ...['a1', 'a2'].map((id) => ev('hard_bounce', id, NOW - DAY + 1))]);
    const stats = await loadDeliverability(db, NOW);
    expect(stats.mailboxes[0]!.spike).toMatchObject({ sends: 30, hardBounces: 2, spike: true });
    await applyHealth(db, deliverabilityFindings(stats), NOW);
    const hold = await outboundHold(db);
    expect(hold.held).toBe(true);
    expect(hold.alerts.map((a) => a.key)).toEqual([`bounce.spike:${SAM}`]);
  });
});

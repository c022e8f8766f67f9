import type { CountersignDb, SequenceEventRow } from '../../db/schema';
import { DEFAULT_CAPS, type MailboxCaps } from '../herald/sequences/model';
import type { ConditionResult } from './model';

/**
 * Deliverability from the measured outcomes (sequenceEvents): per mailbox and per sequence, sends
 * and what came back, judged against Google's bulk-sender rules (spam complaints under 0.3%, aim
 * under 0.1%) and the daily caps, with a daily trend for the charts and bounce-spike detection.
 */

export const DELIVERABILITY_THRESHOLDS = {
  /** Days the figures and the trend cover. */
  periodDays: 30,
  /** Complaint (spam) rate: hold at or above (Google's ceiling), badge at or above (Google's aim). */
  complaintHold: 0.003,
  complaintBadge: 0.001,
  /** Sends in the period before a complaint rate is judged. */
  complaintMinSample: 50,
  /** Bounce spike: hard-bounce share of a mailbox's last `spikeWindowSends` sends. */
  spikeWindowSends: 50,
  spikeMinSample: 20,
  spikeHardBounceRate: 0.05,
  /** Google counts a sender as bulk from this many messages a day to Gmail addresses. */
  bulkSenderDaily: 5000,
} as const;
export type DeliverabilityThresholds = { -readonly [K in keyof typeof DELIVERABILITY_THRESHOLDS]: number };

const DAY = 86_400_000;

export interface OutcomeCounts {
  sends: number;
  hardBounces: number;
  softBounces: number;
  optOuts: number;
  replies: number;
  autoReplies: number;
  complaints: number;
}

/** Shares of sends (0 when nothing was sent). */
export interface OutcomeRates {
  hardBounce: number;
  softBounce: number;
  optOut: number;
  reply: number;
  complaint: number;
}

export interface ScopeStats extends OutcomeCounts {
  rates: OutcomeRates;
}

export interface TrendPoint extends OutcomeCounts {
  /** YYYY-MM-DD in the reporting time zone. */
  day: string;
}

export interface BounceSpike {
  /** Sends looked at (the mailbox's last `spikeWindowSends`). */
  sends: number;
  hardBounces: number;
  rate: number;
  /** Enough sends to judge (≥ spikeMinSample). */
  judged: boolean;
  spike: boolean;
}

export type ComplaintStatus = 'ok' | 'warn' | 'hold' | 'too_few_sends';

export interface MailboxStats extends ScopeStats {
  mailboxKey: string;
  complaintStatus: ComplaintStatus;
  sendsToday: number;
  dailyCap: number;
  /** sendsToday / dailyCap. */
  capShare: number;
  spike: BounceSpike;
  trend: TrendPoint[];
}

export interface SequenceStats extends ScopeStats {
  sequenceId: string;
  mailboxKey: string;
  complaintStatus: ComplaintStatus;
}

export interface DeliverabilityStats {
  from: number;
  to: number;
  timeZone: string;
  total: ScopeStats;
  mailboxes: MailboxStats[];
  sequences: SequenceStats[];
  /** Every day of the period, oldest first, zeros included (for the charts). */
  trend: TrendPoint[];
}

export interface DeliverabilityOptions {
  thresholds?: DeliverabilityThresholds;
  /** Daily caps by lower-case mailbox address (default: Herald's DEFAULT_CAPS). */
  caps?: Record<string, MailboxCaps>;
  /** Zone the days are counted in (default UTC). */
  timeZone?: string;
}

const COUNTED: Partial<Record<SequenceEventRow['kind'], keyof OutcomeCounts>> = {
  sent: 'sends',
  hard_bounce: 'hardBounces',
  soft_bounce: 'softBounces',
  opt_out: 'optOuts',
  reply: 'replies',
  auto_reply: 'autoReplies',
  complaint: 'complaints',
};

const zeroCounts = (): OutcomeCounts => ({ sends: 0, hardBounces: 0, softBounces: 0, optOuts: 0, replies: 0, autoReplies: 0, complaints: 0 });
const share = (n: number, of: number) => (of > 0 ? n / of : 0);
export const ratesOf = (c: OutcomeCounts): OutcomeRates => ({
  hardBounce: share(c.hardBounces, c.sends),
  softBounce: share(c.softBounces, c.sends),
  optOut: share(c.optOuts, c.sends),
  reply: share(c.replies, c.sends),
  complaint: share(c.complaints, c.sends),
});

/**
 * One event per (kind, send): two bounce reports for the same send count once, as Herald's
 * monitor counts them. Outcomes matched to no send count by their own id.
 */
function dedupe(events: readonly SequenceEventRow[]): SequenceEventRow[] {
  const seen = new Set<string>();
  const out: SequenceEventRow[] = [];
  for (const e of events) {
    const k = e.approvalId === null ? `id:${e.id}` : `${e.kind}:${e.approvalId}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(e);
  }
  return out;
}

function count(events: readonly SequenceEventRow[]): OutcomeCounts {
  const c = zeroCounts();
  for (const e of events) {
    const field = COUNTED[e.kind];
    if (field) c[field] += 1;
  }
  return c;
}

const scope = (events: readonly SequenceEventRow[]): ScopeStats => {
  const c = count(events);
  return { ...c, rates: ratesOf(c) };
};

export function complaintStatus(s: OutcomeCounts, t: DeliverabilityThresholds = DELIVERABILITY_THRESHOLDS): ComplaintStatus {
  if (s.sends < t.complaintMinSample) return 'too_few_sends';
  const r = share(s.complaints, s.sends);
  return r >= t.complaintHold ? 'hold' : r >= t.complaintBadge ? 'warn' : 'ok';
}

/** A day key (YYYY-MM-DD) in `timeZone`. */
export function dayKey(at: number, timeZone = 'UTC'): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** The last `days` day keys up to `now`, oldest first. */
function dayKeys(now: number, days: number, timeZone: string): string[] {
  const keys: string[] = [];
  for (let i = days - 1; i >= 0; i -= 1) {
    const k = dayKey(now - i * DAY, timeZone);
    if (keys[keys.length - 1] !== k) keys.push(k);
  }
  return keys;
}

function trendOf(events: readonly SequenceEventRow[], keys: readonly string[], timeZone: string): TrendPoint[] {
  const byDay = new Map(keys.map((k) => [k, { day: k, ...zeroCounts() }]));
  for (const e of events) {
    const p = byDay.get(dayKey(e.at, timeZone));
    const field = COUNTED[e.kind];
    if (p && field) p[field] += 1;
  }
  return [...byDay.values()];
}

/**
 * Bounce spike: the hard-bounce share of a mailbox's last `spikeWindowSends` sends, judged only
 * from `spikeMinSample` sends. An outcome counts when it answers one of those sends.
 */
export function bounceSpike(events: readonly SequenceEventRow[], t: DeliverabilityThresholds = DELIVERABILITY_THRESHOLDS): BounceSpike {
  const sends = events
    .filter((e) => e.kind === 'sent' && e.approvalId !== null)
    .sort((a, b) => b.at - a.at)
    .slice(0, t.spikeWindowSends);
  const window = new Set(sends.map((e) => e.approvalId));
  const bounced = new Set(events.filter((e) => e.kind === 'hard_bounce' && e.approvalId !== null && window.has(e.approvalId)).map((e) => e.approvalId));
  const rate = share(bounced.size, sends.length);
  const judged = sends.length >= t.spikeMinSample;
  return { sends: sends.length, hardBounces: bounced.size, rate, judged, spike: judged && rate >= t.spikeHardBounceRate };
}

const groupBy = <K>(events: readonly SequenceEventRow[], key: (e: SequenceEventRow) => K | null): Map<K, SequenceEventRow[]> => {
  const m = new Map<K, SequenceEventRow[]>();
  for (const e of events) {
    const k = key(e);
    if (k === null) continue;
    const list = m.get(k);
    if (list) list.push(e);
    else m.set(k, [e]);
  }
  return m;
};

/** The figures for the period ending at `now` (pure: give it the period's events). */
export function deliverabilityStats(all: readonly SequenceEventRow[], now: number, options: DeliverabilityOptions = {}): DeliverabilityStats {
  const t = options.thresholds ?? DELIVERABILITY_THRESHOLDS;
  const timeZone = options.timeZone ?? 'UTC';
  const keys = dayKeys(now, t.periodDays, timeZone);
  const from = now - t.periodDays * DAY;
  const events = dedupe(all.filter((e) => e.at > from && e.at <= now));
  const today = dayKey(now, timeZone);

  const mailboxes = [...groupBy(events, (e) => e.mailboxKey)].map(([mailboxKey, list]): MailboxStats => {
    const s = scope(list);
    const dailyCap = (options.caps?.[mailboxKey] ?? DEFAULT_CAPS).daily;
    const sendsToday = list.filter((e) => e.kind === 'sent' && dayKey(e.at, timeZone) === today).length;
    return { mailboxKey, ...s, complaintStatus: complaintStatus(s, t), sendsToday, dailyCap, capShare: share(sendsToday, dailyCap), spike: bounceSpike(list, t), trend: trendOf(list, keys, timeZone) };
  });
  const sequences = [...groupBy(events, (e) => e.sequenceId)].map(([sequenceId, list]): SequenceStats => {
    const s = scope(list);
    return { sequenceId, mailboxKey: list[0]!.mailboxKey, ...s, complaintStatus: complaintStatus(s, t) };
  });
  return {
    from,
    to: now,
    timeZone,
    total: scope(events),
    mailboxes: mailboxes.sort((a, b) => a.mailboxKey.localeCompare(b.mailboxKey)),
    sequences: sequences.sort((a, b) => a.sequenceId.localeCompare(b.sequenceId)),
    trend: trendOf(events, keys, timeZone),
  };
}

/** Reads the period's events and computes the figures. */
export async function loadDeliverability(db: CountersignDb, now: number, options: DeliverabilityOptions = {}): Promise<DeliverabilityStats> {
  const t = options.thresholds ?? DELIVERABILITY_THRESHOLDS;
  const from = now - t.periodDays * DAY;
  const events = await db.sequenceEvents.filter((e) => e.at > from && e.at <= now).toArray();
  return deliverabilityStats(events, now, options);
}

const pct = (r: number) => `${(r * 100).toFixed(r < 0.01 ? 2 : 1)}%`;

/**
 * Conditions per mailbox: complaint rate (hold ≥ 0.3%, badge ≥ 0.1%), bounce spike (hold), daily
 * cap reached (badge), bulk-sender volume (info). A figure with too few sends to judge is left out
 * (neither raised nor cleared).
 */
export function deliverabilityFindings(stats: DeliverabilityStats, t: DeliverabilityThresholds = DELIVERABILITY_THRESHOLDS): ConditionResult[] {
  const source = 'deliverability';
  const out: ConditionResult[] = [];
  for (const m of stats.mailboxes) {
    if (m.complaintStatus !== 'too_few_sends') {
      const level = m.complaintStatus === 'hold' ? 'hold' : m.complaintStatus === 'warn' ? 'badge' : null;
      out.push({
        key: `complaint.rate:${m.mailboxKey}`,
        level,
        title: level === 'hold' ? `Spam complaints over Google's limit: sending held for ${m.mailboxKey}` : level ? `Spam complaints rising for ${m.mailboxKey}` : `Spam complaints fine for ${m.mailboxKey}`,
        detail: `${m.complaints} complaints in ${m.sends} sends over ${t.periodDays} days: ${pct(m.rates.complaint)} (Google: under ${pct(t.complaintHold)}, aim under ${pct(t.complaintBadge)}).`,
        source,
        measured: { mailbox: m.mailboxKey, sends: m.sends, complaints: m.complaints, rate: m.rates.complaint },
      });
    }
    if (m.spike.judged) {
      out.push({
        key: `bounce.spike:${m.mailboxKey}`,
        level: m.spike.spike ? 'hold' : null,
        title: m.spike.spike ? `Bounce spike: sending held for ${m.mailboxKey}` : `Bounces normal for ${m.mailboxKey}`,
        detail: `${m.spike.hardBounces} hard bounces in the last ${m.spike.sends} sends: ${pct(m.spike.rate)} (hold at ${pct(t.spikeHardBounceRate)}).`,
        source,
        measured: { mailbox: m.mailboxKey, sends: m.spike.sends, hardBounces: m.spike.hardBounces, rate: m.spike.rate },
      });
    }
    const atCap = m.sendsToday >= m.dailyCap;
    out.push({
      key: `daily.cap:${m.mailboxKey}`,
      level: atCap ? 'badge' : null,
      title: atCap ? `Daily cap reached for ${m.mailboxKey}` : `Under the daily cap for ${m.mailboxKey}`,
      detail: `${m.sendsToday} of ${m.dailyCap} sends today.`,
      source,
      measured: { mailbox: m.mailboxKey, sendsToday: m.sendsToday, dailyCap: m.dailyCap },
    });
    const bulk = m.sendsToday >= t.bulkSenderDaily;
    out.push({
      key: `bulk.sender:${m.mailboxKey}`,
      level: bulk ? 'info' : null,
      title: bulk ? `${m.mailboxKey} sends at bulk-sender volume` : `${m.mailboxKey} under bulk-sender volume`,
      detail: `${m.sendsToday} sends today; Google applies its bulk-sender rules (SPF, DKIM, DMARC, one-click unsubscribe) from ${t.bulkSenderDaily} a day.`,
      source,
      measured: { mailbox: m.mailboxKey, sendsToday: m.sendsToday },
    });
  }
  return out;
}

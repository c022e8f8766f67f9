import type { LeadRow, OverrideRow } from '../../../db/schema';
import type { Evidence, FactorGroup, Flag, Signal } from '../model';
import { DAY_MS } from './context';
import type { Icp } from './icp';
import { fitFactors } from './score-fit';
import { INTENT_POINTS, KEY_LABELS, LAST_INBOUND_DAYS, MEETING_POINTS, NEGATIVE_POINTS, REPLY_LATENCY_HOURS, stepPoints, threadDepthPoints } from './weights';

/** One line of a score's explanation: what it rests on and how many points it gave. */
export interface Factor {
  group: FactorGroup;
  key: string;
  label: string;
  /** Whole points, negative for negative signals and anti-fit. */
  points: number;
  evidence: Evidence;
}

export interface ScoreOverride {
  id: string;
  value: number;
  reason: string;
  /** Epoch ms; null: until revoked. */
  expiresAt: number | null;
}

export interface LeadScore {
  /** 0–100: the override's value when one applies, else `computed`. */
  score: number;
  /** clamp(total, 0, 100): the score the signals give. */
  computed: number;
  /** Sum of the factors' points, before clamping (so factors always add up to it). */
  total: number;
  /** Every signal that earned points, group by group (fit, engagement, intent, negative), largest first. */
  factors: Factor[];
  /** Flags in force at `now`, after overrides (dismissed ones removed, added ones with source 'override'). */
  flags: Flag[];
  overridden: ScoreOverride | null;
}

/** An override applies from when it was made until it expires or is revoked. */
export function isActiveOverride(o: OverrideRow, now: number): boolean {
  return o.at <= now && (o.revokedAt === null || o.revokedAt > now) && (o.expiresAt === null || o.expiresAt > now);
}

/** A flag with an end date stops applying at that date. */
export function isActiveFlag(f: Flag, now: number): boolean {
  if (f.until === null) return true;
  const until = Date.parse(f.until);
  return Number.isNaN(until) || until > now;
}

const GROUP_ORDER: readonly FactorGroup[] = ['fit', 'engagement', 'intent', 'negative'];

/**
 * A lead's score and its explanation. Pure and deterministic: the same lead, ICP, time and
 * overrides always give the same result. Only signals with a weight (weights.ts) or an ICP match
 * count; each key counts once (the first signal with it: rules are stored before model signals).
 * Signals from a model must have been checked with evidenceHolds before they were stored.
 */
export function scoreLead(lead: Pick<LeadRow, 'signals' | 'flags'>, icp: Icp, now: number, overrides: readonly OverrideRow[]): LeadScore {
  const factors = [...fitFactors(lead.signals, icp), ...activityFactors(lead.signals, now)].sort(
    (a, b) => GROUP_ORDER.indexOf(a.group) - GROUP_ORDER.indexOf(b.group) || Math.abs(b.points) - Math.abs(a.points) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
  const total = factors.reduce((n, f) => n + f.points, 0);
  const computed = Math.min(100, Math.max(0, total));
  const active = [...overrides].filter((o) => isActiveOverride(o, now)).sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));

  let flags = lead.flags.filter((f) => isActiveFlag(f, now));
  let overridden: ScoreOverride | null = null;
  for (const o of active) {
    const t = o.target;
    if (t.type === 'score') overridden = { id: o.id, value: Math.min(100, Math.max(0, Math.round(t.value))), reason: o.reason, expiresAt: o.expiresAt };
    else if (t.action === 'dismiss') flags = flags.filter((f) => f.kind !== t.kind);
    else {
      const added: Flag = { kind: t.kind, detail: (t.detail ?? o.reason).slice(0, 300), until: o.expiresAt === null ? null : new Date(o.expiresAt).toISOString(), evidence: { source: 'override', ref: o.id, quote: o.reason.slice(0, 500) } };
      flags = [...flags.filter((f) => f.kind !== t.kind), added];
    }
  }
  return { score: overridden?.value ?? computed, computed, total, factors, flags, overridden };
}

function activityFactors(signals: readonly Signal[], now: number): Factor[] {
  const out: Factor[] = [];
  const counted = new Set<string>();
  for (const s of signals) {
    if (s.group === 'fit' || counted.has(`${s.group}:${s.key}`)) continue;
    const factor = activityFactor(s, now);
    if (!factor) continue;
    counted.add(`${s.group}:${s.key}`);
    if (factor.points !== 0) out.push(factor);
  }
  return out;
}

function activityFactor(s: Signal, now: number): Factor | null {
  const make = (label: string, points: number): Factor => ({ group: s.group, key: s.key, label, points, evidence: s.evidence });
  if (s.group === 'engagement') {
    switch (s.key) {
      case 'last_inbound': {
        const at = typeof s.value === 'string' ? Date.parse(s.value) : Number.NaN;
        if (Number.isNaN(at)) return null;
        const days = Math.max(0, Math.floor((now - at) / DAY_MS));
        return make(days === 0 ? 'Replied today' : `Last reply ${days} day${days === 1 ? '' : 's'} ago`, stepPoints(LAST_INBOUND_DAYS, days));
      }
      case 'reply_latency':
        return typeof s.value === 'number' ? make(`Answered within ${s.value < 24 ? `${Math.ceil(s.value)} h` : `${Math.ceil(s.value / 24)} days`}`, stepPoints(REPLY_LATENCY_HOURS, s.value)) : null;
      case 'thread_depth':
        return typeof s.value === 'number' ? make(`${s.value} repl${s.value === 1 ? 'y' : 'ies'} from them`, threadDepthPoints(s.value)) : null;
      case 'meeting':
        return s.value === false ? null : make(KEY_LABELS.meeting!, MEETING_POINTS);
      default:
        return null;
    }
  }
  if (s.value === false) return null;
  if (s.group === 'intent' && INTENT_POINTS[s.key] !== undefined) return make(KEY_LABELS[s.key] ?? s.key, INTENT_POINTS[s.key]!);
  if (s.group === 'negative' && NEGATIVE_POINTS[s.key] !== undefined) {
    // "Not now, try again in March": no weight once that date has passed.
    if (s.key === 'not_now' && typeof s.value === 'string') {
      const until = Date.parse(s.value);
      if (!Number.isNaN(until) && until <= now) return null;
      return make(`${KEY_LABELS.not_now} (until ${s.value.slice(0, 10)})`, NEGATIVE_POINTS.not_now!);
    }
    return make(KEY_LABELS[s.key] ?? s.key, NEGATIVE_POINTS[s.key]!);
  }
  return null;
}

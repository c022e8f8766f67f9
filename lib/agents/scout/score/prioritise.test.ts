import { describe, expect, it } from 'vitest';
import type { LeadRow } from '../../../db/schema';
import { FlagKind, type Flag, type Signal } from '../model';
import { Icp } from './icp';
import { FLAG_SEVERITY, prioritise, type ScoredLead } from './prioritise';
import { scoreLead } from './score';

const NOW = Date.parse('2024-03-06T12:00:00Z');
const DAY = 86_400_000;
const icp = Icp.parse({ industries: [{ name: 'Logistics' }], companySizes: [{ min: 100, max: 1000 }], seniorities: [{ level: 'vp' }], titles: [{ keyword: 'operations' }] });
const ev = (ref: string, quote: string) => ({ source: 'message' as const, ref, quote });
const sig = (group: Signal['group'], key: string, value: Signal['value']): Signal => ({ group, key, value, evidence: ev('m1', 'x'), extractedBy: 'rule' });
const flag = (kind: FlagKind): Flag => ({ kind, detail: `${kind} detail`, until: null, evidence: ev('m1', 'x') });

/**
 * A lukewarm lead (pricing, timeline, comparison: 20 points, plus up to 8 for a recent reply) or
 * one at the top of the scale (fit, engagement and intent: 100 after clamping).
 */
function signalsWorth(points: 95 | 20, daysAgo: number): Signal[] {
  const last = sig('engagement', 'last_inbound', new Date(NOW - daysAgo * DAY).toISOString());
  if (points === 20) return [last, sig('intent', 'pricing', true), sig('intent', 'timeline', true), sig('intent', 'comparison', true)];
  return [sig('fit', 'industry', 'Logistics'), sig('fit', 'company_size', 300), sig('fit', 'seniority', 'vp'), sig('fit', 'title', 'VP Operations'), last, sig('engagement', 'thread_depth', 3), sig('engagement', 'reply_latency', 2), sig('engagement', 'meeting', true), ...['pricing', 'timeline', 'budget', 'trial', 'evaluation', 'comparison'].map((k) => sig('intent', k, true))];
}

function lead(contactKey: string, signals: Signal[], flags: Flag[] = []): ScoredLead {
  const row: LeadRow = { contactKey, email: contactKey, name: contactKey, company: '', signals, flags, threadIds: [], updatedAt: 0 };
  return { lead: row, result: scoreLead(row, icp, NOW, []) };
}

describe('prioritise', () => {
  it.each(FlagKind.options)('a %s lead scoring 20 comes before an unflagged 95, in the needs-judgement lane', (kind) => {
    const hot = lead('hot@example.com', signalsWorth(95, 1));
    const flagged = lead('flagged@example.com', signalsWorth(20, 120), [flag(kind)]);
    expect(hot.result.score).toBeGreaterThanOrEqual(95);
    expect(flagged.result.score).toBe(20);
    const { needsJudgement, ranked } = prioritise([hot, flagged]);
    expect(needsJudgement.map((e) => e.contactKey)).toEqual(['flagged@example.com']);
    expect(ranked.map((e) => e.contactKey)).toEqual(['hot@example.com']);
    expect(needsJudgement[0]!.why).toContain(`${kind} detail`);
  });

  it('orders the flag lane by severity, then recency, never by score', () => {
    const leads = [
      lead('ooo-recent-hot@x.com', signalsWorth(95, 0), [flag('out_of_office')]),
      lead('dnc-old@x.com', signalsWorth(20, 60), [flag('do_not_contact')]),
      lead('competitor-old@x.com', signalsWorth(20, 40), [flag('competitor_signed')]),
      lead('competitor-recent@x.com', signalsWorth(20, 2), [flag('competitor_signed')]),
      lead('legal-and-bounced@x.com', signalsWorth(20, 5), [flag('legal_hold'), flag('bounced')]),
    ];
    const { needsJudgement } = prioritise(leads);
    expect(needsJudgement.map((e) => e.contactKey)).toEqual(['dnc-old@x.com', 'legal-and-bounced@x.com', 'competitor-recent@x.com', 'competitor-old@x.com', 'ooo-recent-hot@x.com']);
    expect(needsJudgement[1]!.flags.map((f) => f.kind)).toEqual(['bounced', 'legal_hold']);
    expect(needsJudgement[1]!.why).toBe('Address bounces: bounced detail (also: in legal review)');
  });

  it('shows do-not-contact and bounced leads for judgement but marks them not actionable', () => {
    const { needsJudgement } = prioritise([lead('a@x.com', [], [flag('do_not_contact')]), lead('b@x.com', [], [flag('bounced')]), lead('c@x.com', [], [flag('legal_hold')])]);
    expect(needsJudgement.map((e) => [e.contactKey, e.actionable])).toEqual([['a@x.com', false], ['b@x.com', false], ['c@x.com', true]]);
  });

  it('ranks unflagged leads by score, ties by the most recent reply, and says why in one line', () => {
    const a = lead('a@x.com', signalsWorth(20, 10));
    const b = lead('b@x.com', signalsWorth(20, 1));
    const c = lead('c@x.com', signalsWorth(95, 3));
    const { ranked } = prioritise([a, b, c]);
    expect(ranked.map((e) => e.contactKey)).toEqual(['c@x.com', 'b@x.com', 'a@x.com']);
    expect(ranked[1]!.why).toBe('Last reply 1 day ago (+8) · Asked about pricing (+8) · Mentioned a timeline (+8)');
    expect(ranked[1]!.score).toBe(28);
    expect(prioritise([lead('n@x.com', [])]).ranked[0]!.why).toBe('No signals yet');
  });

  it('every flag kind has a place in the severity order', () => {
    expect([...FLAG_SEVERITY].sort()).toEqual([...FlagKind.options].sort());
  });
});

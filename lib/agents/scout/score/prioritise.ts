import type { LeadRow } from '../../../db/schema';
import type { Flag, FlagKind } from '../model';
import type { LeadScore } from './score';

/**
 * Most severe first: what the rep must not get wrong comes first. Contacting someone who opted
 * out or whose address bounces is the worst mistake; then the wrong person, a colleague's deal,
 * a customer, a lost-to-a-rival lead, a former customer, a deal in legal, an absence.
 */
export const FLAG_SEVERITY: readonly FlagKind[] = [
  'do_not_contact',
  'bounced',
  'left_company',
  'owned_by_other',
  'existing_customer',
  'competitor_signed',
  'churned_customer',
  'legal_hold',
  'out_of_office',
];

/** Flags that rule out outreach: such a lead is shown for judgement but offers no action. */
export const NOT_ACTIONABLE: ReadonlySet<FlagKind> = new Set(['do_not_contact', 'bounced']);

export const FLAG_LABELS: Readonly<Record<FlagKind, string>> = {
  do_not_contact: 'Do not contact',
  bounced: 'Address bounces',
  left_company: 'Left the company',
  owned_by_other: "A colleague's deal",
  existing_customer: 'Already a customer',
  competitor_signed: 'Signed with a competitor',
  churned_customer: 'Former customer',
  legal_hold: 'In legal review',
  out_of_office: 'Out of office',
};

export interface ScoredLead {
  lead: Pick<LeadRow, 'contactKey' | 'email' | 'name' | 'company' | 'signals' | 'updatedAt'>;
  result: LeadScore;
}

export interface LaneEntry {
  contactKey: string;
  email: string;
  name: string;
  company: string;
  score: number;
  /** Flags in force, most severe first. */
  flags: Flag[];
  /** False when a flag rules out outreach (do not contact, bounced). */
  actionable: boolean;
  /** One line: the most severe flag, or the factors that weigh most. */
  why: string;
  /** The lead's last reply (epoch ms), else when Scout last updated the lead. */
  lastActivityAt: number;
  result: LeadScore;
}

export interface Prioritised {
  /** Flagged leads: context a number cannot weigh. By flag severity, then recency; never by score. */
  needsJudgement: LaneEntry[];
  /** Unflagged leads by score, ties by recency. */
  ranked: LaneEntry[];
}

const severity = (kind: FlagKind) => FLAG_SEVERITY.indexOf(kind);

function lastActivity(lead: ScoredLead['lead']): number {
  const last = lead.signals.find((s) => s.group === 'engagement' && s.key === 'last_inbound');
  const at = typeof last?.value === 'string' ? Date.parse(last.value) : Number.NaN;
  return Number.isNaN(at) ? lead.updatedAt : at;
}

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

function why(result: LeadScore, flags: readonly Flag[]): string {
  const [top, ...rest] = flags;
  if (top) return `${FLAG_LABELS[top.kind]}: ${top.detail}${rest.length ? ` (also: ${rest.map((f) => FLAG_LABELS[f.kind].toLowerCase()).join(', ')})` : ''}`;
  const factors = [...result.factors].sort((a, b) => Math.abs(b.points) - Math.abs(a.points)).slice(0, 3);
  const because = factors.length ? factors.map((f) => `${f.label} (${signed(f.points)})`).join(' · ') : 'No signals yet';
  return result.overridden ? `Score set by hand: ${result.overridden.reason} — signals: ${because}` : because;
}

/** The "today" list: flagged leads first, for judgement; then the rest by score. */
export function prioritise(leads: readonly ScoredLead[]): Prioritised {
  const entries = leads.map(({ lead, result }): LaneEntry => {
    const flags = [...result.flags].sort((a, b) => severity(a.kind) - severity(b.kind));
    return {
      contactKey: lead.contactKey,
      email: lead.email,
      name: lead.name,
      company: lead.company,
      score: result.score,
      flags,
      actionable: !flags.some((f) => NOT_ACTIONABLE.has(f.kind)),
      why: why(result, flags),
      lastActivityAt: lastActivity(lead),
      result,
    };
  });
  const byKey = (a: LaneEntry, b: LaneEntry) => (a.contactKey < b.contactKey ? -1 : a.contactKey > b.contactKey ? 1 : 0);
  const needsJudgement = entries
    .filter((e) => e.flags.length > 0)
    .sort((a, b) => severity(a.flags[0]!.kind) - severity(b.flags[0]!.kind) || b.lastActivityAt - a.lastActivityAt || byKey(a, b));
  const ranked = entries.filter((e) => e.flags.length === 0).sort((a, b) => b.score - a.score || b.lastActivityAt - a.lastActivityAt || byKey(a, b));
  return { needsJudgement, ranked };
}

/**
 * The points each signal earns. Fit points come from the rep's ICP (settings: section weight ×
 * item weight, at most 40 with the defaults); the rest are fixed here, so every score can be
 * explained in one table. A factor's points are whole numbers; the score is their sum clamped to
 * 0–100. Flags earn no points: they move a lead to the "needs judgement" lane instead.
 *
 * | group      | key            | points                                             |
 * |------------|----------------|----------------------------------------------------|
 * | fit        | industry       | ICP weights.industries (10) × item weight          |
 * | fit        | company_size   | ICP weights.companySizes (8) × item weight         |
 * | fit        | seniority      | ICP weights.seniorities (8) × item weight          |
 * | fit        | title          | ICP weights.titles (6) × item weight               |
 * | fit        | region         | ICP weights.regions (4) × item weight              |
 * | fit        | technology     | ICP weights.technologies (4) × item weight, summed, capped at the section weight |
 * | engagement | last_inbound   | ≤3 days 8, ≤7 6, ≤14 4, ≤30 2, ≤90 1, older 0     |
 * | engagement | reply_latency  | ≤4 h 6, ≤24 h 4, ≤72 h 2, ≤7 days 1, slower 0     |
 * | engagement | thread_depth   | 1 reply 2, 2 replies 4, 3 or more 6               |
 * | engagement | meeting        | 10                                                 |
 * | intent     | pricing 8, timeline 8, budget 8, demo_request 6, trial 6, evaluation 5, comparison 4 |
 * | negative   | unsubscribe −40, complaint −40, not_interested −30, too_expensive −15, no_budget −15, not_now −10 (none after its date) |
 *
 * Maximum with the default ICP: 40 fit + 30 engagement + 45 intent = 115, clamped to 100.
 */

export interface Step {
  /** Upper bound, inclusive. */
  atMost: number;
  points: number;
}

export const LAST_INBOUND_DAYS: readonly Step[] = [
  { atMost: 3, points: 8 },
  { atMost: 7, points: 6 },
  { atMost: 14, points: 4 },
  { atMost: 30, points: 2 },
  { atMost: 90, points: 1 },
];

export const REPLY_LATENCY_HOURS: readonly Step[] = [
  { atMost: 4, points: 6 },
  { atMost: 24, points: 4 },
  { atMost: 72, points: 2 },
  { atMost: 168, points: 1 },
];

/** Replies from the lead: 1 → 2 points, 2 → 4, 3 or more → 6. */
export const threadDepthPoints = (replies: number) => (replies >= 3 ? 6 : replies === 2 ? 4 : replies === 1 ? 2 : 0);

export const MEETING_POINTS = 10;

export const INTENT_POINTS: Readonly<Record<string, number>> = { pricing: 8, timeline: 8, budget: 8, demo_request: 6, trial: 6, evaluation: 5, comparison: 4 };

export const NEGATIVE_POINTS: Readonly<Record<string, number>> = { unsubscribe: -40, complaint: -40, not_interested: -30, too_expensive: -15, no_budget: -15, not_now: -10 };

export const stepPoints = (steps: readonly Step[], value: number) => steps.find((s) => value <= s.atMost)?.points ?? 0;

/** What each key means to a rep, for the explanation. */
export const KEY_LABELS: Readonly<Record<string, string>> = {
  pricing: 'Asked about pricing',
  timeline: 'Mentioned a timeline',
  budget: 'Has budget',
  demo_request: 'Asked for a demo or call',
  trial: 'Trial or pilot',
  evaluation: 'Evaluating options',
  comparison: 'Comparing vendors',
  unsubscribe: 'Asked to unsubscribe',
  complaint: 'Complained about our email',
  not_interested: 'Not interested',
  too_expensive: 'Finds it too expensive',
  no_budget: 'No budget',
  not_now: 'Not now',
  meeting: 'Meeting booked',
};

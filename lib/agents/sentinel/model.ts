/**
 * Sentinel's vocabulary. Sentinel watches the machinery and tells the human: it raises and clears
 * conditions, and the only thing it can stop is sending, through a hold-level alert that waits for
 * a person.
 */

/** How loudly an alert asks for attention, in escalation order. */
export type AlertLevel = 'info' | 'badge' | 'notification' | 'hold';
export const ALERT_LEVELS: readonly AlertLevel[] = ['info', 'badge', 'notification', 'hold'];
export const levelRank = (l: AlertLevel): number => ALERT_LEVELS.indexOf(l);
export const higherLevel = (a: AlertLevel, b: AlertLevel): AlertLevel => (levelRank(a) >= levelRank(b) ? a : b);

/**
 * open: a person has not acknowledged it (or it escalated since they did);
 * acknowledged: a person saw it, its condition is still present;
 * closed: acknowledged and its condition gone. Only those two together close an alert.
 */
export type AlertState = 'open' | 'acknowledged' | 'closed';

/**
 * What one check found about one condition. `level: null` means healthy (the condition is gone);
 * a check that could not judge a condition (e.g. rate-limit headroom while the CRM is unreachable)
 * leaves it out rather than reporting it healthy.
 */
export interface ConditionResult {
  /** Condition key: one alert per key at a time ('crm.connection', 'bounce.spike:mailbox@x'). */
  key: string;
  level: AlertLevel | null;
  title: string;
  detail: string;
  /** Which check found it ('health.crm', 'deliverability'). */
  source: string;
  /** The figures the judgement rests on, for the operator view and the audit log. */
  measured: Record<string, number | string | boolean | null>;
}

export const SENTINEL = { type: 'agent', id: 'sentinel' } as const;

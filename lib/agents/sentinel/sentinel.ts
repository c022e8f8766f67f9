import type { CountersignDb } from '../../db/schema';
import { clearCondition, raiseAlert, type RaiseOutcome } from './alerts';
import { deliverabilityFindings, loadDeliverability, type DeliverabilityOptions, type DeliverabilityStats } from './deliverability';
import { HEALTH_THRESHOLDS, runHealthChecks, type HealthProbes, type HealthThresholds } from './health';
import type { ConditionResult } from './model';

/**
 * Sentinel's check run. What Sentinel can do is what SentinelDeps hands it, and nothing else:
 * read-only probes and figures, and an alert writer that can only raise and clear conditions.
 * There is no outbox, no CRM write, no send and no acknowledge in it: a hold is an alert at level
 * 'hold', which the outbox reads (outboundHold) and only a person lifts (acknowledgeAlert).
 */

export interface AlertWriter {
  raise(r: ConditionResult & { level: NonNullable<ConditionResult['level']> }): Promise<RaiseOutcome>;
  clear(key: string): Promise<void>;
}

export interface SentinelDeps {
  probes: HealthProbes;
  deliverability(): Promise<DeliverabilityStats>;
  alerts: AlertWriter;
  now(): number;
}

/** The only writer Sentinel gets: raise and clear, as the agent 'sentinel', on the alerts table. */
export function alertWriter(db: CountersignDb, now: () => number): AlertWriter {
  return {
    raise: async (r) => (await raiseAlert(db, { key: r.key, level: r.level, title: r.title, detail: r.detail, source: r.source }, now())).outcome,
    clear: async (key) => {
      await clearCondition(db, key, now());
    },
  };
}

export interface SentinelSetup {
  probes: HealthProbes;
  now?: () => number;
  deliverability?: DeliverabilityOptions;
}

/** Builds Sentinel's narrow capabilities from the background's DB and probes. */
export function sentinelDeps(db: CountersignDb, setup: SentinelSetup): SentinelDeps {
  const now = setup.now ?? Date.now;
  return {
    probes: setup.probes,
    deliverability: () => loadDeliverability(db, now(), setup.deliverability),
    alerts: alertWriter(db, now),
    now,
  };
}

/** Raises each finding with a level, clears each healthy one; leaves unjudged keys alone. */
export async function applyFindings(alerts: AlertWriter, results: readonly ConditionResult[]): Promise<void> {
  for (const r of results) {
    if (r.level) await alerts.raise({ ...r, level: r.level });
    else await alerts.clear(r.key);
  }
}

/** One scheduled run (browser.alarms): health checks and deliverability, then raise or clear. */
export async function runSentinel(deps: SentinelDeps, thresholds: HealthThresholds = HEALTH_THRESHOLDS): Promise<ConditionResult[]> {
  const now = deps.now();
  const health = await runHealthChecks(deps.probes, now, thresholds);
  const delivery = deliverabilityFindings(await deps.deliverability());
  const results = [...health, ...delivery];
  await applyFindings(deps.alerts, results);
  return results;
}

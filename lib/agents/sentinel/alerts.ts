import { appendAudit, auditedTransaction } from '../../audit/log';
import type { Actor, AlertRow, CountersignDb } from '../../db/schema';
import { conflict, forbidden, notFound } from '../../protocol/errors';
import { higherLevel, levelRank, SENTINEL, type AlertLevel } from './model';

/**
 * Sentinel's alerts. One not-closed alert per condition key. Raising again refreshes it and can
 * only raise its level. An alert closes only when a human has acknowledged it AND its condition is
 * gone, whichever comes last; nothing deletes one and nothing else closes one. A condition that
 * returns after its alert closed raises a new alert.
 *
 * Holds: a 'hold'-level alert blocks all sending while its state is 'open', i.e. until a human
 * acknowledges it. Acknowledging resumes sending even if the condition is still present (the
 * person has seen it and chosen to go on: "holds all sending until a human acknowledges it"); the
 * alert stays visible, as 'acknowledged', until the condition clears. If an acknowledged alert
 * escalates (say from badge to hold), it opens again: a person saw the lower level, not this one.
 */

export interface RaiseInput {
  key: string;
  level: AlertLevel;
  title: string;
  detail: string;
  source: string;
}

export type RaiseOutcome = 'raised' | 'escalated' | 'returned' | 'refreshed';

const TABLES = ['alerts'];

/** The alert for `key` that is not closed, if any (at most one by construction). */
export async function currentAlert(db: CountersignDb, key: string): Promise<AlertRow | undefined> {
  return (await db.alerts.where('key').equals(key).toArray()).find((a) => a.state !== 'closed');
}

/**
 * Raises the condition `input.key`, or refreshes its current alert: lastSeenAt, condition
 * present, the newer title and detail, and the level only if higher. Audited as 'alert.raised',
 * 'alert.escalated' or 'alert.condition_returned'; a refresh of a condition already known to be
 * present at that level writes no entry (checks run every few minutes).
 */
export async function raiseAlert(db: CountersignDb, input: RaiseInput, now: number, by: Actor = SENTINEL): Promise<{ alert: AlertRow; outcome: RaiseOutcome }> {
  return auditedTransaction(db, TABLES, async () => {
    const existing = await currentAlert(db, input.key);
    if (!existing) {
      const alert: AlertRow = {
        id: crypto.randomUUID(),
        key: input.key,
        level: input.level,
        title: input.title,
        detail: input.detail,
        source: input.source,
        state: 'open',
        conditionPresent: true,
        raisedAt: now,
        lastSeenAt: now,
        clearedAt: null,
        acknowledgedAt: null,
        acknowledgedBy: null,
        ackNote: null,
        escalations: [{ level: input.level, at: now }],
      };
      await db.alerts.add(alert);
      await appendAudit(db, { actor: by, action: 'alert.raised', subjectId: alert.id, at: now, detail: { key: alert.key, level: alert.level, title: alert.title, detail: alert.detail, source: alert.source } });
      return { alert, outcome: 'raised' };
    }
    const escalates = levelRank(input.level) > levelRank(existing.level);
    const returned = !existing.conditionPresent;
    const next: AlertRow = {
      ...existing,
      level: higherLevel(existing.level, input.level),
      title: escalates ? input.title : existing.title,
      detail: input.detail,
      conditionPresent: true,
      lastSeenAt: now,
      clearedAt: null,
      state: escalates ? 'open' : existing.state,
      escalations: escalates ? [...existing.escalations, { level: input.level, at: now }] : existing.escalations,
    };
    await db.alerts.put(next);
    if (escalates) {
      await appendAudit(db, {
        actor: by,
        action: 'alert.escalated',
        subjectId: next.id,
        at: now,
        detail: { key: next.key, before: { level: existing.level, state: existing.state }, after: { level: next.level, state: next.state }, detail: next.detail },
      });
    } else if (returned) {
      await appendAudit(db, { actor: by, action: 'alert.condition_returned', subjectId: next.id, at: now, detail: { key: next.key, level: next.level, detail: next.detail } });
    }
    return { alert: next, outcome: escalates ? 'escalated' : returned ? 'returned' : 'refreshed' };
  });
}

/**
 * Records that `key`'s condition is gone. The alert stays (visible, with clearedAt); if a human
 * had already acknowledged it, it closes now. Returns the alert, or undefined when none was current.
 */
export async function clearCondition(db: CountersignDb, key: string, now: number, by: Actor = SENTINEL): Promise<AlertRow | undefined> {
  return auditedTransaction(db, TABLES, async () => {
    const existing = await currentAlert(db, key);
    if (!existing || !existing.conditionPresent) return existing;
    const closes = existing.state === 'acknowledged';
    const next: AlertRow = { ...existing, conditionPresent: false, clearedAt: now, state: closes ? 'closed' : existing.state };
    await db.alerts.put(next);
    await appendAudit(db, { actor: by, action: 'alert.condition_cleared', subjectId: next.id, at: now, detail: { key, level: next.level, state: next.state } });
    if (closes) await appendAudit(db, { actor: by, action: 'alert.closed', subjectId: next.id, at: now, detail: { key, acknowledgedBy: existing.acknowledgedBy, acknowledgedAt: existing.acknowledgedAt } });
    return next;
  });
}

/**
 * A person acknowledges an alert: logged with who, when and their note. Closes it if its condition
 * is already gone; otherwise it stays visible as 'acknowledged' until the condition clears.
 */
export async function acknowledgeAlert(db: CountersignDb, id: string, actor: Actor, note: string | null, now: number): Promise<AlertRow> {
  if (actor.type !== 'human') throw forbidden('Only a person can acknowledge an alert.');
  return auditedTransaction(db, TABLES, async () => {
    const existing = await db.alerts.get(id);
    if (!existing) throw notFound('That alert');
    if (existing.state !== 'open') throw conflict(existing.state === 'closed' ? 'That alert is already closed.' : 'That alert was already acknowledged.');
    const ackNote = note?.trim() ? note.trim() : null;
    const closes = !existing.conditionPresent;
    const next: AlertRow = { ...existing, state: closes ? 'closed' : 'acknowledged', acknowledgedAt: now, acknowledgedBy: actor, ackNote };
    await db.alerts.put(next);
    await appendAudit(db, {
      actor,
      action: 'alert.acknowledged',
      subjectId: id,
      at: now,
      detail: { key: next.key, level: next.level, note: ackNote, conditionPresent: next.conditionPresent, before: { state: existing.state }, after: { state: next.state } },
    });
    if (closes) await appendAudit(db, { actor, action: 'alert.closed', subjectId: id, at: now, detail: { key: next.key } });
    return next;
  });
}

export interface OutboundHold {
  held: boolean;
  /** The hold-level alerts no person has acknowledged yet. */
  alerts: AlertRow[];
}

/** Whether sending is held: any hold-level alert still open (not yet acknowledged by a person). */
export async function outboundHold(db: CountersignDb): Promise<OutboundHold> {
  const alerts = await db.alerts.where('level').equals('hold').filter((a) => a.state === 'open').sortBy('raisedAt');
  return { held: alerts.length > 0, alerts };
}

/** Alerts, newest first; `openOnly` leaves out closed ones (acknowledged but present ones stay). */
export async function listAlerts(db: CountersignDb, options: { openOnly?: boolean } = {}): Promise<AlertRow[]> {
  const rows = options.openOnly ? await db.alerts.where('state').anyOf('open', 'acknowledged').toArray() : await db.alerts.toArray();
  return rows.sort((a, b) => b.raisedAt - a.raisedAt || b.lastSeenAt - a.lastSeenAt);
}

/** The toolbar badge: alerts awaiting a person (state open) at badge level or above. */
export async function badgeCount(db: CountersignDb): Promise<number> {
  return db.alerts.where('state').equals('open').filter((a) => levelRank(a.level) >= levelRank('badge')).count();
}

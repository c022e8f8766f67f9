import { describe, expect, it } from 'vitest';
import { freshDb } from '../../../test/fixtures';
import { humanActor, systemActor, verifyAuditLog } from '../../audit/log';
import { UserFacingError } from '../../protocol/errors';
import { acknowledgeAlert, badgeCount, clearCondition, listAlerts, outboundHold, raiseAlert, type RaiseInput } from './alerts';

const crm = (level: RaiseInput['level'], detail = 'HubSpot answered 401'): RaiseInput => ({ key: 'crm.connection', level, title: 'CRM auth failing', detail, source: 'health.crm' });
const spike: RaiseInput = { key: 'bounce.spike:sam@example.com', level: 'hold', title: 'Bounce spike', detail: '6 of 50', source: 'deliverability' };
const actions = async (db: ReturnType<typeof freshDb>) => (await db.audit.orderBy('seq').toArray()).map((e) => e.action);

describe('alerts', () => {
  it('raising a key twice keeps one alert, refreshes it, and escalates only upwards', async () => {
    const db = freshDb();
    const first = await raiseAlert(db, crm('badge'), 1000);
    expect(first.outcome).toBe('raised');
    const up = await raiseAlert(db, crm('notification', 'still 401'), 2000);
    expect(up.outcome).toBe('escalated');
    const down = await raiseAlert(db, crm('info', 'now just slow'), 3000);
    expect(down.outcome).toBe('refreshed');
    const rows = await db.alerts.toArray();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: first.alert.id, level: 'notification', lastSeenAt: 3000, raisedAt: 1000, detail: 'now just slow', conditionPresent: true, state: 'open' });
    expect(rows[0]!.escalations).toEqual([
      { level: 'badge', at: 1000 },
      { level: 'notification', at: 2000 },
    ]);
    expect(await actions(db)).toEqual(['alert.raised', 'alert.escalated']);
    const esc = (await db.audit.toArray())[1]!;
    expect(esc.actor).toEqual({ type: 'agent', id: 'sentinel' });
    expect(esc.detail).toMatchObject({ before: { level: 'badge' }, after: { level: 'notification' } });
    expect((await verifyAuditLog(db)).ok).toBe(true);
  });

  it('only a person can acknowledge, and the acknowledgement is logged with who, when and the note', async () => {
    const db = freshDb();
    const { alert } = await raiseAlert(db, crm('notification'), 1000);
    for (const actor of [{ type: 'agent', id: 'sentinel' } as const, systemActor('alarm')]) {
      const err = await acknowledgeAlert(db, alert.id, actor, null, 1500).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UserFacingError);
      expect((err as UserFacingError).code).toBe('forbidden');
    }
    const acked = await acknowledgeAlert(db, alert.id, humanActor('dana'), '  rotating the token  ', 2000);
    expect(acked).toMatchObject({ state: 'acknowledged', acknowledgedAt: 2000, acknowledgedBy: { type: 'human', id: 'dana' }, ackNote: 'rotating the token' });
    const entry = (await db.audit.where('action').equals('alert.acknowledged').toArray())[0]!;
    expect(entry).toMatchObject({ actor: { type: 'human', id: 'dana' }, at: 2000, subjectId: alert.id, detail: { note: 'rotating the token', after: { state: 'acknowledged' } } });
    await expect(acknowledgeAlert(db, alert.id, humanActor('dana'), null, 2100)).rejects.toMatchObject({ code: 'conflict' });
    await expect(acknowledgeAlert(db, 'nope', humanActor(), null, 2100)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('an acknowledged alert is not closed while its condition is present, and closes once it clears', async () => {
    const db = freshDb();
    const { alert } = await raiseAlert(db, crm('notification'), 1000);
    await acknowledgeAlert(db, alert.id, humanActor(), null, 2000);
    await raiseAlert(db, crm('notification'), 3000); // still failing at the next check
    expect(await db.alerts.get(alert.id)).toMatchObject({ state: 'acknowledged', conditionPresent: true, lastSeenAt: 3000 });
    expect((await listAlerts(db, { openOnly: true })).map((a) => a.id)).toEqual([alert.id]);
    await clearCondition(db, 'crm.connection', 4000);
    expect(await db.alerts.get(alert.id)).toMatchObject({ state: 'closed', conditionPresent: false, clearedAt: 4000 });
    expect(await listAlerts(db, { openOnly: true })).toEqual([]);
    expect(await actions(db)).toEqual(['alert.raised', 'alert.acknowledged', 'alert.condition_cleared', 'alert.closed']);
  });

  it('a cleared condition keeps its alert visible until a person acknowledges it; then it closes', async () => {
    const db = freshDb();
    const { alert } = await raiseAlert(db, crm('notification'), 1000);
    await clearCondition(db, 'crm.connection', 2000);
    expect(await db.alerts.get(alert.id)).toMatchObject({ state: 'open', conditionPresent: false, clearedAt: 2000 });
    expect(await badgeCount(db)).toBe(1);
    expect((await listAlerts(db, { openOnly: true })).map((a) => a.id)).toEqual([alert.id]);
    // Clearing again is a no-op, not a second entry.
    await clearCondition(db, 'crm.connection', 2500);
    expect(await actions(db)).toEqual(['alert.raised', 'alert.condition_cleared']);
    // The condition returns before anyone looked: the same alert, present again.
    const back = await raiseAlert(db, crm('notification'), 3000);
    expect(back).toMatchObject({ outcome: 'returned', alert: { id: alert.id, conditionPresent: true, clearedAt: null } });
    await clearCondition(db, 'crm.connection', 3500);
    const closed = await acknowledgeAlert(db, alert.id, humanActor(), null, 4000);
    expect(closed.state).toBe('closed');
    expect(await badgeCount(db)).toBe(0);
    expect(await db.alerts.count()).toBe(1); // never deleted
  });

  it('a condition that reappears after its alert closed raises a new alert', async () => {
    const db = freshDb();
    const { alert } = await raiseAlert(db, crm('notification'), 1000);
    await clearCondition(db, 'crm.connection', 2000);
    await acknowledgeAlert(db, alert.id, humanActor(), null, 3000);
    const again = await raiseAlert(db, crm('badge'), 4000);
    expect(again.outcome).toBe('raised');
    expect(again.alert.id).not.toBe(alert.id);
    expect(again.alert).toMatchObject({ state: 'open', level: 'badge', raisedAt: 4000 });
    expect((await listAlerts(db)).map((a) => [a.id, a.state])).toEqual([
      [again.alert.id, 'open'],
      [alert.id, 'closed'],
    ]);
  });

  it('a hold blocks sending until a person acknowledges it, even while the condition is still present', async () => {
    const db = freshDb();
    expect(await outboundHold(db)).toEqual({ held: false, alerts: [] });
    await raiseAlert(db, crm('notification'), 500); // a notification does not hold
    expect((await outboundHold(db)).held).toBe(false);
    const { alert } = await raiseAlert(db, spike, 1000);
    expect(await outboundHold(db)).toMatchObject({ held: true, alerts: [{ id: alert.id }] });
    await clearCondition(db, spike.key, 2000); // the spike is over, but nobody has seen it
    expect((await outboundHold(db)).held).toBe(true);
    await raiseAlert(db, spike, 3000); // and it is back
    await acknowledgeAlert(db, alert.id, humanActor('dana'), 'list cleaned', 4000);
    expect(await outboundHold(db)).toEqual({ held: false, alerts: [] });
    expect(await db.alerts.get(alert.id)).toMatchObject({ state: 'acknowledged', conditionPresent: true });
  });

  it('an escalation after an acknowledgement reopens the alert: a hold needs its own acknowledgement', async () => {
    const db = freshDb();
    const { alert } = await raiseAlert(db, { ...spike, level: 'badge' }, 1000);
    await acknowledgeAlert(db, alert.id, humanActor(), null, 1500);
    expect((await outboundHold(db)).held).toBe(false);
    const up = await raiseAlert(db, spike, 2000);
    expect(up).toMatchObject({ outcome: 'escalated', alert: { id: alert.id, state: 'open', level: 'hold' } });
    expect((await outboundHold(db)).held).toBe(true);
    await acknowledgeAlert(db, alert.id, humanActor(), null, 2500);
    expect((await outboundHold(db)).held).toBe(false);
  });

  it('the badge counts alerts awaiting a person at badge level or above', async () => {
    const db = freshDb();
    await raiseAlert(db, { ...crm('info'), key: 'model.latency' }, 1000);
    const b = await raiseAlert(db, { ...crm('badge'), key: 'queue.age' }, 1000);
    await raiseAlert(db, crm('notification'), 1000);
    await raiseAlert(db, spike, 1000);
    expect(await badgeCount(db)).toBe(3);
    await acknowledgeAlert(db, b.alert.id, humanActor(), null, 2000);
    expect(await badgeCount(db)).toBe(2);
  });
});

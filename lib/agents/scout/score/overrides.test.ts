import { describe, expect, it } from 'vitest';
import { freshDb } from '../../../../test/fixtures';
import { humanActor, verifyAuditLog } from '../../../audit/log';
import { activeOverrides, addOverride, revokeOverride } from './overrides';

const NOW = Date.parse('2024-03-06T12:00:00Z');
const DAY = 86_400_000;
const KEY = 'dana@northwind-logistics.com';

describe('overrides', () => {
  it('an override and its audit entry are written together, by the human who made it', async () => {
    const db = freshDb();
    const row = await addOverride(db, { contactKey: ' Dana@Northwind-Logistics.com ', target: { type: 'flag', kind: 'competitor_signed', action: 'dismiss' }, reason: 'They only trialled Acme', expiresAt: NOW + 7 * DAY }, humanActor('sam'), NOW);
    expect(row).toMatchObject({ contactKey: KEY, by: { type: 'human', id: 'sam' }, at: NOW, expiresAt: NOW + 7 * DAY, revokedAt: null });
    expect(await db.overrides.get(row.id)).toEqual(row);
    const audit = await db.audit.toArray();
    expect(audit).toMatchObject([{ action: 'override.added', actor: { type: 'human', id: 'sam' }, subjectId: KEY, detail: { overrideId: row.id, reason: 'They only trialled Acme', expiresAt: NOW + 7 * DAY } }]);
    expect(await verifyAuditLog(db)).toEqual({ ok: true, entries: 1 });
  });

  it.each([
    [{ reason: '   ' }, /A reason is required/],
    [{ target: { type: 'score', value: 140 } }, /A score runs from 0 to 100/],
    [{ target: { type: 'flag', kind: 'vip', action: 'add' } }, /target.kind/],
    [{ expiresAt: NOW - 1 }, /expiry date is in the past/],
  ])('refuses %j with a message for the rep, and writes nothing', async (over, message) => {
    const db = freshDb();
    const input = { contactKey: KEY, target: { type: 'score', value: 50 }, reason: 'Phone call', ...over };
    await expect(addOverride(db, input as Parameters<typeof addOverride>[1], humanActor(), NOW)).rejects.toThrow(message);
    expect(await db.overrides.count()).toBe(0);
    expect(await db.audit.count()).toBe(0);
  });

  it('only a person can override or revoke: an agent is refused', async () => {
    const db = freshDb();
    await expect(addOverride(db, { contactKey: KEY, target: { type: 'score', value: 100 }, reason: 'Inbound said so' }, { type: 'agent', id: 'scout' }, NOW)).rejects.toThrow(/Only a person/);
    const row = await addOverride(db, { contactKey: KEY, target: { type: 'score', value: 60 }, reason: 'Call' }, humanActor(), NOW);
    await expect(revokeOverride(db, row.id, 'no', { type: 'agent', id: 'scout' }, NOW)).rejects.toThrow(/Only a person/);
  });

  it('revoking ends an override from then on, with its own audit entry; twice is refused; a reason is required', async () => {
    const db = freshDb();
    const row = await addOverride(db, { contactKey: KEY, target: { type: 'score', value: 60 }, reason: 'Call' }, humanActor(), NOW);
    await expect(revokeOverride(db, row.id, ' ', humanActor(), NOW + DAY)).rejects.toThrow(/reason is required/);
    const revoked = await revokeOverride(db, row.id, 'Deal fell through', humanActor(), NOW + DAY);
    expect(revoked.revokedAt).toBe(NOW + DAY);
    await expect(revokeOverride(db, row.id, 'again', humanActor(), NOW + 2 * DAY)).rejects.toThrow(/already revoked/);
    await expect(revokeOverride(db, 'nope', 'x', humanActor(), NOW)).rejects.toThrow(/was not found/);
    expect((await db.audit.toArray()).map((e) => e.action)).toEqual(['override.added', 'override.revoked']);
    expect(await activeOverrides(db, NOW + DAY - 1, KEY)).toHaveLength(1);
    expect(await activeOverrides(db, NOW + DAY, KEY)).toEqual([]);
  });

  it('active overrides at a time: made by then, not expired, not revoked; one lead’s or everyone’s', async () => {
    const db = freshDb();
    const a = await addOverride(db, { contactKey: KEY, target: { type: 'score', value: 60 }, reason: 'Call', expiresAt: NOW + DAY }, humanActor(), NOW);
    const b = await addOverride(db, { contactKey: 'lee@globex.com', target: { type: 'flag', kind: 'legal_hold', action: 'add' }, reason: 'In legal' }, humanActor(), NOW + 10);
    expect((await activeOverrides(db, NOW - 1)).map((o) => o.id)).toEqual([]);
    expect((await activeOverrides(db, NOW + 10)).map((o) => o.id)).toEqual([a.id, b.id]);
    expect((await activeOverrides(db, NOW + DAY)).map((o) => o.id)).toEqual([b.id]);
    expect((await activeOverrides(db, NOW + 10, 'LEE@globex.com')).map((o) => o.id)).toEqual([b.id]);
  });
});

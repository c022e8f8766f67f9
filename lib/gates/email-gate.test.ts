import { describe, expect, it } from 'vitest';
import { freshDb, seedDraft } from '../../test/fixtures';
import { humanActor, verifyAuditLog } from '../audit/log';
import { contentHash } from './content-hash';
import { approve, deny, edit, queueDraft } from './email-gate';

const herald = { type: 'agent', id: 'herald' } as const;

describe('email approval gate', () => {
  it('queues a draft as pending with the hash of its exact content', async () => {
    const db = freshDb();
    const draft = await seedDraft(db);
    const row = await queueDraft(db, draft.id, herald);
    expect(row.state).toBe('pending');
    expect(row.contentHash).toBe(contentHash(draft.message));
    expect(row.approvedHash).toBeNull();
    expect((await db.drafts.get(draft.id))?.status).toBe('queued');
    await expect(queueDraft(db, draft.id, herald)).rejects.toThrow(/already queued/);
  });

  it('approval binds the hash the approver saw; a stale hash is refused', async () => {
    const db = freshDb();
    const row = await queueDraft(db, (await seedDraft(db)).id, herald);
    await expect(approve(db, row.id, 'f'.repeat(64), humanActor())).rejects.toThrow(/changed since you opened it/);
    const approved = await approve(db, row.id, row.contentHash, humanActor());
    expect(approved).toMatchObject({ state: 'approved', approvedHash: row.contentHash });
    await expect(approve(db, row.id, row.contentHash, humanActor())).rejects.toThrow(/only items in review/);
  });

  it('content changed behind the gate (stored message tampered) cannot be approved', async () => {
    const db = freshDb();
    const row = await queueDraft(db, (await seedDraft(db)).id, herald);
    await db.approvals.update(row.id, { message: { ...row.message, to: [{ name: '', email: 'attacker@evil.test' }] } });
    await expect(approve(db, row.id, row.contentHash, humanActor())).rejects.toThrow(/changed/);
  });

  it('deny needs a reason, records it in the audit log, and the item can no longer be approved', async () => {
    const db = freshDb();
    const row = await queueDraft(db, (await seedDraft(db)).id, herald);
    await expect(deny(db, row.id, '   ', humanActor())).rejects.toThrow(/reason/);
    const denied = await deny(db, row.id, 'Wrong pricing tier', humanActor());
    expect(denied).toMatchObject({ state: 'denied', denyReason: 'Wrong pricing tier' });
    const entry = await db.audit.where('action').equals('email.denied').first();
    expect(entry?.detail).toEqual({ reason: 'Wrong pricing tier' });
    expect(entry?.actor).toEqual({ type: 'human', id: 'rep' });
    await expect(approve(db, row.id, row.contentHash, humanActor())).rejects.toThrow();
  });

  it('an edit after approval voids the approval; the edited message needs a new approval', async () => {
    const db = freshDb();
    const row = await queueDraft(db, (await seedDraft(db)).id, herald);
    await approve(db, row.id, row.contentHash, humanActor());
    const edited = await edit(db, row.id, { to: row.message.to, cc: [], subject: row.message.subject, body: 'Shorter: Thursday 2pm?' }, humanActor());
    expect(edited).toMatchObject({ state: 'pending', approvedHash: null });
    expect(edited.contentHash).not.toBe(row.contentHash);
    expect(edited.contentHash).toBe(contentHash(edited.message));
    const actions = (await db.audit.orderBy('seq').toArray()).map((e) => e.action);
    expect(actions).toEqual(['email.queued', 'email.approved', 'email.approval_voided', 'email.edited']);
    await expect(approve(db, row.id, row.contentHash, humanActor())).rejects.toThrow(/changed/);
    expect((await approve(db, row.id, edited.contentHash, humanActor())).approvedHash).toBe(edited.contentHash);
    expect((await verifyAuditLog(db)).ok).toBe(true);
  });

  it('an edit with no recipient is refused and loses nothing', async () => {
    const db = freshDb();
    const row = await queueDraft(db, (await seedDraft(db)).id, herald);
    await expect(edit(db, row.id, { to: [], cc: [], subject: 's', body: 'b' }, humanActor())).rejects.toThrow(/recipient/);
    expect(await db.approvals.get(row.id)).toEqual(row);
  });
});

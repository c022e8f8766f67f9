import { describe, expect, it } from 'vitest';
import { freshDb, queueChecked, seedDraft } from '../../test/fixtures';
import { humanActor, verifyAuditLog } from '../audit/log';
import { contentHash } from './content-hash';
import { approve, deny, edit } from './email-gate';

const herald = { type: 'agent', id: 'herald' } as const;

describe('email approval gate', () => {
  it('queues a draft as pending with the hash of its exact content', async () => {
    const db = freshDb();
    const draft = await seedDraft(db);
    const row = await queueChecked(db, draft.id, herald);
    expect(row.state).toBe('pending');
    expect(row.contentHash).toBe(contentHash(draft.message));
    expect(row.approvedHash).toBeNull();
    expect((await db.drafts.get(draft.id))?.status).toBe('queued');
    await expect(queueChecked(db, draft.id, herald)).rejects.toThrow(/already queued/);
  });

  it('approval binds the hash the approver saw; a stale hash is refused', async () => {
    const db = freshDb();
    const row = await queueChecked(db, (await seedDraft(db)).id, herald);
    await expect(approve(db, row.id, 'f'.repeat(64), humanActor())).rejects.toThrow(/changed since you opened it/);
    const approved = await approve(db, row.id, row.contentHash, humanActor());
    expect(approved).toMatchObject({ state: 'approved', approvedHash: row.contentHash });
    await expect(approve(db, row.id, row.contentHash, humanActor())).rejects.toThrow(/only items in review/);
  });

  it('content changed behind the gate (stored message tampered) cannot be approved', async () => {
    const db = freshDb();
    const row = await queueChecked(db, (await seedDraft(db)).id, herald);
    await db.approvals.update(row.id, { message: { ...row.message, to: [{ name: '', email: 'attacker@evil.test' }] } });
    await expect(approve(db, row.id, row.contentHash, humanActor())).rejects.toThrow(/changed/);
  });

  it('deny needs a reason, records it in the audit log, and the item can no longer be approved', async () => {
    const db = freshDb();
    const row = await queueChecked(db, (await seedDraft(db)).id, herald);
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
    const row = await queueChecked(db, (await seedDraft(db)).id, herald);
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
    const row = await queueChecked(db, (await seedDraft(db)).id, herald);
    await expect(edit(db, row.id, { to: [], cc: [], subject: 's', body: 'b' }, humanActor())).rejects.toThrow(/recipient/);
    expect(await db.approvals.get(row.id)).toEqual(row);
  });
});

describe('the quality gate before the queue', () => {
  it('a draft with a placeholder or an unsupported claim cannot be queued; the reason names the line', async () => {
    const db = freshDb();
    const placeholder = await seedDraft(db, { body: 'Hi {{first_name}},\n\nFor 40 seats the pilot would start on the 1st. Shall we book 20 minutes on Thursday?\n\nSam' });
    await expect(queueChecked(db, placeholder.id, herald)).rejects.toThrow(/Fix this before queueing: Unresolved placeholder \{\{first_name\}\} in line 1/);
    const claim = await seedDraft(db, { body: 'Hi Dana,\n\nI saw that your team just raised a Series B and is hiring 40 dispatchers. Shall we book 20 minutes on Thursday?\n\nSam' });
    await expect(queueChecked(db, claim.id, herald)).rejects.toThrow(/no known fact backs/);
    expect(await db.approvals.count()).toBe(0);
    expect((await db.drafts.get(claim.id))?.status).toBe('draft');
  });

  it('a quality check about other words than the draft holds is refused', async () => {
    const db = freshDb();
    const draft = await seedDraft(db);
    const { queueDraft } = await import('./email-gate');
    const report = { verdict: 'ok', blocking: [], warnings: [], sentences: [], metrics: { words: 0, readingGrade: 0, personalisationShare: 0, callsToAction: 0, links: 0 }, generic: null } as const;
    await expect(queueDraft(db, draft.id, herald, { subject: draft.message.subject, body: 'something else', report: { ...report, blocking: [], warnings: [], sentences: [] } })).rejects.toThrow(/changed while it was being checked/);
  });

  it('a near-copy of a draft to another prospect is queued with a "generic" warning naming the matching draft', async () => {
    const db = freshDb();
    const body = (name: string) => `Hi ${name},\n\nTeams like yours cut dispatch planning time by a third with our routing tool, and onboarding takes a single afternoon with no IT work. Would a short call next Tuesday or Wednesday work to see if it fits?\n\nSam`;
    const first = await seedDraft(db, { to: [{ name: 'Lee Park', email: 'lee@initech.test' }], body: body('Lee') });
    await queueChecked(db, first.id, herald);
    const copy = await seedDraft(db, { body: body('Dana') });
    const row = await queueChecked(db, copy.id, herald);
    expect(row.quality?.generic).toMatchObject({ draftId: first.id, to: 'lee@initech.test' });
    expect(row.quality?.warnings.map((w) => w.code)).toContain('generic');
  });
});

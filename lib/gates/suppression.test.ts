import { describe, expect, it } from 'vitest';
import { freshDb, queueChecked, seedDraft } from '../../test/fixtures';
import { humanActor, verifyAuditLog } from '../audit/log';
import type { ApprovalRow, CountersignDb } from '../db/schema';
import { UserFacingError } from '../protocol/errors';
import { approve, retry } from './email-gate';
import { Outbox, type MailTransport } from './outbox';
import { addSuppression, removeSuppression } from './suppression';

const herald = { type: 'agent', id: 'herald' } as const;
const scout = { type: 'agent', id: 'scout' } as const;
const AT = Date.UTC(2026, 0, 2);
const DANA = 'dana@northwind-logistics.com';

const suppress = (db: CountersignDb, email: string, reason: 'opt_out' | 'hard_bounce' | 'complaint' | 'manual' = 'opt_out') =>
  addSuppression(db, { email, reason, evidence: { source: 'triage', ref: 'm1', quote: 'Please unsubscribe me.' }, by: scout, at: AT });

class Provider implements MailTransport {
  sent: ApprovalRow[] = [];
  async findSent() {
    return null;
  }
  async send(row: ApprovalRow) {
    this.sent.push(row);
    return { id: `gm-${this.sent.length}` };
  }
}
const outbox = (db: CountersignDb, provider: Provider) => new Outbox(db, provider, (e) => ({ retryable: false, userMessage: String(e) }));

describe('suppression list in the email gate', () => {
  it('queueing a draft to a suppressed address is refused, naming the address and why', async () => {
    const db = freshDb();
    await suppress(db, DANA);
    const draft = await seedDraft(db);
    const error = await queueChecked(db, draft.id, herald).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserFacingError);
    expect((error as UserFacingError).message).toMatch(/^Not queued: dana@northwind-logistics\.com opted out on 2026-01-02 \("Please unsubscribe me\."\)/);
    expect((await db.drafts.get(draft.id))?.status).toBe('draft');
    expect(await db.approvals.count()).toBe(0);
  });

  it('the check covers Cc and Bcc, case-insensitively', async () => {
    const db = freshDb();
    await suppress(db, 'Lee@Northwind-Logistics.com', 'hard_bounce');
    const cc = await seedDraft(db, { cc: [{ name: '', email: 'LEE@northwind-logistics.com' }] });
    const bcc = await seedDraft(db, { bcc: [{ name: '', email: 'lee@northwind-logistics.com' }] });
    await expect(queueChecked(db, cc.id, herald)).rejects.toThrow(/lee@northwind-logistics\.com hard-bounced/);
    await expect(queueChecked(db, bcc.id, herald)).rejects.toThrow(/lee@northwind-logistics\.com hard-bounced/);
  });

  it('approving an item whose recipient was suppressed while it waited is refused', async () => {
    const db = freshDb();
    const row = await queueChecked(db, (await seedDraft(db)).id, herald);
    // Written directly: addSuppression would also hold the item; this is the gate's own check.
    await db.suppressions.add({ email: DANA, reason: 'complaint', evidence: null, by: scout, at: AT });
    await expect(approve(db, row.id, row.contentHash, humanActor())).rejects.toThrow(/^Not approved: dana@northwind-logistics\.com reported our mail as spam on 2026-01-02/);
    expect((await db.approvals.get(row.id))?.state).toBe('pending');
  });

  it('the outbox re-checks right before sending: a suppression after approval stops the send for a human', async () => {
    const db = freshDb();
    const row = await queueChecked(db, (await seedDraft(db)).id, herald);
    await approve(db, row.id, row.contentHash, humanActor());
    await db.suppressions.add({ email: DANA, reason: 'opt_out', evidence: null, by: scout, at: AT });
    const provider = new Provider();
    await outbox(db, provider).runDue();
    expect(provider.sent).toEqual([]);
    expect(await db.approvals.get(row.id)).toMatchObject({ state: 'failed', lastError: expect.stringMatching(/^Not sent: dana@northwind-logistics\.com opted out on 2026-01-02/) });
    const refused = await db.audit.where('action').equals('email.send_refused').first();
    expect(refused?.detail).toMatchObject({ suppressed: [{ email: DANA, reason: 'opt_out' }] });
    // Retrying is refused too while the address stays suppressed.
    await expect(retry(db, row.id, humanActor())).rejects.toThrow(/^Not sent: dana@/);
  });

  it('adding a suppression holds waiting items; once a human removes it (with a reason), a retry sends', async () => {
    const db = freshDb();
    const row = await queueChecked(db, (await seedDraft(db)).id, herald);
    await approve(db, row.id, row.contentHash, humanActor());
    const { held, added } = await suppress(db, DANA);
    expect({ held, added }).toEqual({ held: [row.id], added: true });
    expect((await suppress(db, DANA, 'manual')).added).toBe(false);
    expect((await db.suppressions.get(DANA))?.reason).toBe('opt_out');

    await expect(removeSuppression(db, DANA, ' ', humanActor())).rejects.toThrow(/reason/);
    await removeSuppression(db, DANA, 'She wrote back asking for the pricing after all', humanActor(), AT + 1);
    expect(await db.suppressions.get(DANA)).toBeUndefined();
    expect((await retry(db, row.id, humanActor())).state).toBe('approved');
    const provider = new Provider();
    await outbox(db, provider).runDue();
    expect(provider.sent).toHaveLength(1);
    const actions = (await db.audit.orderBy('seq').toArray()).map((e) => e.action);
    expect(actions).toEqual(['email.queued', 'email.approved', 'suppression.added', 'email.held', 'suppression.removed', 'email.retry_requested', 'email.send_started', 'email.sent']);
    expect((await verifyAuditLog(db)).ok).toBe(true);
  });

  it('an item held while still in review goes back to review on retry, not to the outbox', async () => {
    const db = freshDb();
    const row = await queueChecked(db, (await seedDraft(db)).id, herald);
    await suppress(db, DANA);
    await removeSuppression(db, DANA, 'added by mistake', humanActor());
    expect((await retry(db, row.id, humanActor())).state).toBe('pending');
  });
});

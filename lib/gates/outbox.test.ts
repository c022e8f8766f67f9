import { describe, expect, it } from 'vitest';
import { freshDb, queueChecked, seedDraft } from '../../test/fixtures';
import { humanActor, verifyAuditLog } from '../audit/log';
import type { ApprovalRow, CountersignDb } from '../db/schema';
import { approve } from './email-gate';
import { acknowledgeAlert, outboundHold, raiseAlert } from '../agents/sentinel/alerts';
import { Outbox, type MailTransport } from './outbox';

/** A mail provider stand-in with the two behaviours that matter: it remembers what it accepted. */
class Provider implements MailTransport {
  accepted: { messageIdHeader: string; approval: ApprovalRow }[] = [];
  /** What happens on the next send: 'ok', an error, or a worker death before/after acceptance. */
  next: ('ok' | 'die-before' | 'die-after' | 'retryable' | 'fatal')[] = [];
  async findSent(messageIdHeader: string) {
    const hit = this.accepted.findIndex((a) => a.messageIdHeader === messageIdHeader);
    return hit >= 0 ? `gm-${hit}` : null;
  }
  async send(approval: ApprovalRow) {
    const mode = this.next.shift() ?? 'ok';
    if (mode === 'die-before') return new Promise<never>(() => {}); // the worker dies here
    if (mode === 'retryable') throw Object.assign(new Error('503'), { retryable: true });
    if (mode === 'fatal') throw Object.assign(new Error('400'), { retryable: false });
    this.accepted.push({ messageIdHeader: approval.messageIdHeader, approval });
    if (mode === 'die-after') return new Promise<never>(() => {});
    return { id: `gm-${this.accepted.length - 1}` };
  }
}

const describeError = (e: unknown) => ({ retryable: (e as { retryable?: boolean }).retryable ?? true, userMessage: String(e) });

async function approved(db: CountersignDb) {
  const row = await queueChecked(db, (await seedDraft(db)).id, { type: 'agent', id: 'herald' });
  await approve(db, row.id, row.contentHash, humanActor());
  return row.id;
}

/** Lets a never-settling send park, as a killed worker's would. */
const settle = () => new Promise((r) => setTimeout(r, 20));

describe('outbox', () => {
  it('sends an approved message once and records it', async () => {
    const db = freshDb();
    const provider = new Provider();
    const id = await approved(db);
    const outbox = new Outbox(db, provider, describeError);
    await Promise.all([outbox.runDue(), outbox.runDue(), outbox.process(id)]);
    expect(provider.accepted).toHaveLength(1);
    expect(await db.approvals.get(id)).toMatchObject({ state: 'sent', gmailMessageId: 'gm-0' });
    await outbox.runDue();
    expect(provider.accepted).toHaveLength(1);
  });

  it('a worker killed after approval, before the send, sends exactly once on restart', async () => {
    const db = freshDb();
    const provider = new Provider();
    provider.next = ['die-before'];
    const id = await approved(db);
    void new Outbox(db, provider, describeError).process(id);
    await settle();
    expect((await db.approvals.get(id))?.state).toBe('sending');
    await new Outbox(db, provider, describeError).runDue(); // a new worker
    expect(provider.accepted).toHaveLength(1);
    expect((await db.approvals.get(id))?.state).toBe('sent');
    const actions = (await db.audit.orderBy('seq').toArray()).map((e) => e.action);
    expect(actions).toEqual(['email.queued', 'email.approved', 'email.send_started', 'email.send_resumed', 'email.sent']);
  });

  it('a worker killed mid-send, after the provider accepted it, does not send again', async () => {
    const db = freshDb();
    const provider = new Provider();
    provider.next = ['die-after'];
    const id = await approved(db);
    void new Outbox(db, provider, describeError).process(id);
    await settle();
    await new Outbox(db, provider, describeError).runDue();
    expect(provider.accepted).toHaveLength(1);
    expect(await db.approvals.get(id)).toMatchObject({ state: 'sent', gmailMessageId: 'gm-0' });
    expect((await verifyAuditLog(db)).ok).toBe(true);
  });

  it('refuses to send when the stored content no longer matches the approved hash', async () => {
    const db = freshDb();
    const provider = new Provider();
    const id = await approved(db);
    const row = (await db.approvals.get(id))!;
    await db.approvals.update(id, { message: { ...row.message, body: `${row.message.body}\nP.S. wire the money` } });
    await new Outbox(db, provider, describeError).runDue();
    expect(provider.accepted).toHaveLength(0);
    expect(await db.approvals.get(id)).toMatchObject({ state: 'pending', approvedHash: null });
    expect((await db.audit.orderBy('seq').last())?.action).toBe('email.send_refused');
  });

  it('a retryable failure keeps the approval and schedules a retry; a fatal one parks it as failed', async () => {
    const db = freshDb();
    const provider = new Provider();
    provider.next = ['retryable', 'fatal'];
    let now = 1_000_000;
    const outbox = new Outbox(db, provider, describeError, () => now);
    const id = await approved(db);
    await outbox.runDue();
    expect(await db.approvals.get(id)).toMatchObject({ state: 'approved', attempts: 1 });
    expect(await outbox.nextWake()).toBe(now + 5_000);
    await outbox.runDue(); // not due yet
    expect((await db.approvals.get(id))?.attempts).toBe(1);
    now += 5_000;
    await outbox.runDue();
    expect(await db.approvals.get(id)).toMatchObject({ state: 'failed', attempts: 2 });
    expect(provider.accepted).toHaveLength(0);
  });

  it('never sends an item that is only pending, denied or failed', async () => {
    const db = freshDb();
    const provider = new Provider();
    const row = await queueChecked(db, (await seedDraft(db)).id, { type: 'agent', id: 'herald' });
    const outbox = new Outbox(db, provider, describeError);
    await outbox.runDue();
    await outbox.process(row.id);
    expect(provider.accepted).toHaveLength(0);
  });

  it('while sending is held an approved item waits (approved, attempts unchanged); after a person acknowledges, it is sent exactly once', async () => {
    const db = freshDb();
    const provider = new Provider();
    const outbox = new Outbox(db, provider, describeError, Date.now, undefined, async () => (await outboundHold(db)).held);
    const id = await approved(db);
    const before = (await db.approvals.get(id))!;
    const { alert } = await raiseAlert(db, { key: 'bounce.spike:sam.rep@example.com', level: 'hold', title: 'Bounce spike', detail: '3 of 40', source: 'deliverability' }, Date.now());
    await outbox.runDue();
    await outbox.process(id); // a direct kick is held too
    expect(provider.accepted).toHaveLength(0);
    expect(await db.approvals.get(id)).toEqual(before);
    expect(await outbox.held()).toBe(true);
    await acknowledgeAlert(db, alert.id, humanActor('dana'), 'list cleaned', Date.now());
    await outbox.runDue();
    expect(provider.accepted).toHaveLength(1);
    expect(await db.approvals.get(id)).toMatchObject({ state: 'sent', attempts: 1 });
    await outbox.runDue();
    await outbox.process(id);
    expect(provider.accepted).toHaveLength(1);
    const actions = (await db.audit.orderBy('seq').toArray()).map((e) => e.action);
    expect(actions.filter((a) => a.startsWith('email.sen'))).toEqual(['email.send_started', 'email.sent']);
    expect((await verifyAuditLog(db)).ok).toBe(true);
  });

  it('a hold also stops an item a dead worker left in sending, until it lifts', async () => {
    const db = freshDb();
    const provider = new Provider();
    provider.next = ['die-before'];
    const id = await approved(db);
    void new Outbox(db, provider, describeError).process(id);
    await settle();
    const { alert } = await raiseAlert(db, { key: 'manual.hold', level: 'hold', title: 'Held', detail: '', source: 'manual' }, Date.now(), humanActor());
    const outbox = new Outbox(db, provider, describeError, Date.now, undefined, async () => (await outboundHold(db)).held);
    await outbox.runDue();
    expect(await db.approvals.get(id)).toMatchObject({ state: 'sending', attempts: 1 });
    expect(provider.accepted).toHaveLength(0);
    await acknowledgeAlert(db, alert.id, humanActor(), null, Date.now());
    await outbox.runDue();
    expect(provider.accepted).toHaveLength(1);
    expect(await db.approvals.get(id)).toMatchObject({ state: 'sent' });
  });
});

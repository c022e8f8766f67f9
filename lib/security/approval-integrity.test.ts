import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queueChecked, seedDraft } from '../../test/fixtures';
import type { ApprovalRow } from '../db/schema';
import type { Envelope } from '../protocol/messages';
import type { CleanupView, StageChangeView, SyncView } from '../protocol/responses';
import { route, type Handlers } from '../protocol/router';
import { identifySender, type SenderInfo } from '../protocol/sender';
import { DANA, hostileWorld, type World } from './world';

/**
 * Approval integrity at the background's front door: messages go through the same chain the
 * service worker runs (identifySender on the browser's sender fields → route → handlers; see
 * entrypoints/background.ts), so a refusal here is a refusal in the product. Then the gates
 * themselves: forged, replayed, stale, deleted and tampered approvals.
 */

const EXT_ID = 'countersign';
const ORIGIN = `chrome-extension://${EXT_ID}`;

/** The browser's view of who sent a message (runtime.MessageSender). */
const SENDERS: Record<string, SenderInfo> = {
  'a web page (a tab on another site, our id)': { id: EXT_ID, url: 'https://evil.example/phish', origin: 'https://evil.example', tab: { id: 9 }, frameId: 0 },
  'another extension': { id: 'abcdefghijklmnopabcdefghijklmnop', url: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/background.js' },
  "another extension's copy of our side panel path": { id: 'abcdefghijklmnopabcdefghijklmnop', url: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/sidepanel.html' },
  'a message with no sender id (a web page via externally_connectable)': { url: `${ORIGIN}/sidepanel.html` },
  'the Gmail content script': { id: EXT_ID, url: 'https://mail.google.com/mail/u/0/#inbox', origin: 'https://mail.google.com', tab: { id: 1 }, frameId: 0 },
  'a Gmail iframe (not the top frame)': { id: EXT_ID, url: 'https://mail.google.com/mail/u/0/#inbox', origin: 'https://mail.google.com', tab: { id: 1 }, frameId: 3 },
  'the CRM content script': { id: EXT_ID, url: 'https://app.hubspot.com/contacts/1/record/0-1/1', origin: 'https://app.hubspot.com', tab: { id: 3 }, frameId: 0 },
  'a look-alike CRM host': { id: EXT_ID, url: 'https://app.hubspot.com.evil.example/contacts/1', origin: 'https://app.hubspot.com.evil.example', tab: { id: 4 }, frameId: 0 },
  'an extension page with no role': { id: EXT_ID, url: `${ORIGIN}/options.html` },
  'the popup (no approvals there)': { id: EXT_ID, url: `${ORIGIN}/popup.html` },
};
const PANEL: SenderInfo = { id: EXT_ID, url: `${ORIGIN}/sidepanel.html` };

const HASH = 'a'.repeat(64);
/** Requests that approve, apply or lift something: the approval panel's alone (hold.set also the popup's). */
const PRIVILEGED: Record<string, Record<string, unknown>> = {
  'approval.approve': { approvalId: 'x', contentHash: HASH },
  'approval.edit': { approvalId: 'x', to: [{ name: '', email: 'mark.black-2134@gmail.com' }], cc: [], subject: 's', body: 'b' },
  'approval.retry': { approvalId: 'x' },
  'approval.deny': { approvalId: 'x', reason: 'r' },
  'sync.approve': { changeId: 'x', proposalHash: HASH },
  'sync.resume': { changeId: 'x' },
  'cleanup.approve': { changeId: 'x', proposalHash: HASH },
  'cleanup.rollback': { changeId: 'x' },
  'pipeline.approve': { changeId: 'x', proposalHash: HASH },
  'pipeline.change': { dealId: 'd1', toStageId: 's2' },
  'pipeline.undo': { changeId: 'x' },
  'alert.acknowledge': { alertId: 'x', note: '' },
  'hold.set': { held: false, note: '' },
  'settings.update': { patch: { model: { baseUrl: 'https://evil.example/v1' } } },
  'suppression.remove': { email: DANA, reason: 'r' },
  'audit.export': { format: 'json' },
  'settings.get': {},
};
const POPUP_MAY = new Set(['hold.set', 'settings.update', 'suppression.remove', 'settings.get']);

let world: World;
let calls: string[];
let handlers: Handlers;

beforeEach(async () => {
  world = await hostileWorld();
  calls = [];
  // Every handler, wrapped: a refused request must reach none of them.
  handlers = Object.fromEntries(
    Object.entries(world.handlers).map(([type, h]) => [type, (req: unknown, s: unknown) => (calls.push(type), (h as (r: unknown, s: unknown) => Promise<unknown>)(req, s))]),
  ) as unknown as Handlers;
});
afterEach(() => world.db.close());

const deliver = (message: Record<string, unknown>, sender: SenderInfo) => route(message, identifySender(sender, EXT_ID, ORIGIN), handlers, () => {});
const asPanel = <T>(type: string, extra: Record<string, unknown> = {}) => deliver({ type, ...extra }, PANEL) as Promise<Envelope<T>>;
const data = <T>(e: Envelope<T>): T => {
  if (!e.ok) throw new Error(`${e.error.code}: ${e.error.message}`);
  return e.data;
};

async function pendingItem(): Promise<ApprovalRow> {
  return queueChecked(world.db, (await seedDraft(world.db)).id, { type: 'agent', id: 'herald' });
}

describe('only the approval panel approves: every other sender is refused before any handler runs', () => {
  for (const [who, sender] of Object.entries(SENDERS)) {
    it.each(Object.keys(PRIVILEGED).filter((t) => !(who.startsWith('the popup') && POPUP_MAY.has(t))))(`${who}: %s is forbidden`, async (type) => {
      const item = await pendingItem();
      const before = { approvals: await world.db.approvals.toArray(), settings: await world.services.settings.view(), audit: await world.db.audit.count() };
      const answer = await deliver({ type, ...PRIVILEGED[type], ...(type === 'approval.approve' ? { approvalId: item.id, contentHash: item.contentHash } : {}) }, sender);
      expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(calls).toEqual([]);
      expect(await world.db.approvals.toArray()).toEqual(before.approvals);
      expect(await world.services.settings.view()).toEqual(before.settings);
      expect(await world.db.audit.count()).toBe(before.audit);
      expect(world.requests).toEqual([]);
    });
  }

  it('the sender is what the browser says, not what the message says: a "sender" or "from" field in the message changes nothing', async () => {
    const item = await pendingItem();
    const answer = await deliver({ type: 'approval.approve', approvalId: item.id, contentHash: item.contentHash, sender: { kind: 'approval-panel' }, from: 'sidepanel' }, SENDERS['the Gmail content script']!);
    expect(answer).toMatchObject({ ok: false });
    expect(calls).toEqual([]);
    expect((await world.db.approvals.get(item.id))!.state).toBe('pending');
  });
});

describe('forged, replayed and stale email approvals', () => {
  it('a forged hash (well-formed, not the content) is refused and nothing is sent', async () => {
    const item = await pendingItem();
    expect(await asPanel('approval.approve', { approvalId: item.id, contentHash: HASH })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await asPanel('approval.approve', { approvalId: item.id, contentHash: 'not-a-hash' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect((await world.db.approvals.get(item.id))!.state).toBe('pending');
    await world.services.outbox.runDue();
    expect(world.sends).toEqual([]);
  });

  it('replaying an approval (twice before the send, again after it) sends exactly once', async () => {
    const item = await pendingItem();
    data(await asPanel('approval.approve', { approvalId: item.id, contentHash: item.contentHash }));
    expect(await asPanel('approval.approve', { approvalId: item.id, contentHash: item.contentHash })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    await Promise.all([...world.kicks, world.services.outbox.runDue(), world.services.outbox.runDue()]);
    expect((await world.db.approvals.get(item.id))!.state).toBe('sent');
    expect(await asPanel('approval.approve', { approvalId: item.id, contentHash: item.contentHash })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await asPanel('approval.retry', { approvalId: item.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    await Promise.all([...world.kicks, world.services.outbox.runDue()]);
    expect(world.sends).toHaveLength(1);
    // The one message sent went to the approved recipient only.
    const raw = Buffer.from((JSON.parse(world.sends[0]!.body) as { raw: string }).raw, 'base64url').toString();
    expect(raw).toMatch(/^To: .*dana@northwind-logistics\.com/m);
    expect(raw).not.toMatch(/^(Cc|Bcc):/m);
  });

  it('an edit after approval voids it: the old hash no longer approves, and the outbox sends nothing until the new one is approved', async () => {
    const item = await pendingItem();
    data(await asPanel('approval.approve', { approvalId: item.id, contentHash: item.contentHash }));
    const edited = data(await asPanel<ApprovalRow>('approval.edit', { approvalId: item.id, to: item.message.to, cc: [], subject: item.message.subject, body: 'Shorter: Thursday 2pm?' }));
    expect(edited.state).toBe('pending');
    expect(edited.contentHash).not.toBe(item.contentHash);
    expect(await asPanel('approval.approve', { approvalId: item.id, contentHash: item.contentHash })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    await Promise.all([...world.kicks, world.services.outbox.runDue()]);
    expect(world.sends).toEqual([]);
    data(await asPanel('approval.approve', { approvalId: item.id, contentHash: edited.contentHash }));
    await Promise.all([...world.kicks, world.services.outbox.runDue()]);
    expect(world.sends).toHaveLength(1);
    expect(await world.db.approvals.get(item.id)).toMatchObject({ state: 'sent', contentHash: edited.contentHash, message: { body: 'Shorter: Thursday 2pm?' } });
  });

  it('approving a deleted approval, or queueing a deleted draft, is "not found" and sends nothing', async () => {
    const item = await pendingItem();
    await world.db.approvals.delete(item.id);
    expect(await asPanel('approval.approve', { approvalId: item.id, contentHash: item.contentHash })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await asPanel('approval.approve', { approvalId: 'never-existed', contentHash: item.contentHash })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const draft = await seedDraft(world.db);
    await world.db.drafts.delete(draft.id);
    const gmailTab = SENDERS['the Gmail content script']!;
    expect(await deliver({ type: 'draft.queue', draftId: draft.id }, gmailTab)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    await world.services.outbox.runDue();
    expect(world.sends).toEqual([]);
    expect(await world.db.approvals.count()).toBe(0);
  });

  it('a message altered in IndexedDB after approval (recipient swapped) is refused by the outbox, not sent', async () => {
    const item = await pendingItem();
    data(await asPanel('approval.approve', { approvalId: item.id, contentHash: item.contentHash }));
    const row = (await world.db.approvals.get(item.id))!;
    await world.db.approvals.put({ ...row, message: { ...row.message, bcc: [{ name: '', email: 'mark.black-2134@gmail.com' }] } });
    await Promise.all([...world.kicks, world.services.outbox.runDue()]);
    expect(world.sends).toEqual([]);
    expect((await world.db.approvals.get(item.id))!.state).not.toBe('sent');
  });
});

describe('CRM change sets: the approved preview is the only thing applied', () => {
  async function syncProposal(): Promise<SyncView> {
    await world.crm.local.batchUpsert('contact', [{ patch: { email: DANA, firstName: 'Dana', lastName: 'Whitfield' } }]);
    await world.db.leads.add({ contactKey: 'lee@initech.test', email: 'lee@initech.test', name: 'Lee Park', company: '', signals: [], flags: [], threadIds: [], updatedAt: 1 });
    return data(await asPanel<SyncView>('sync.propose'))!;
  }
  const crmSnapshot = async () => Promise.all((['contact', 'company', 'deal'] as const).map((t) => world.crm.local.list(t, null, 1000)));

  it('sync: a forged hash, a proposal altered in IndexedDB after the preview, and a replay are all refused; nothing is written', async () => {
    const view = await syncProposal();
    const before = await crmSnapshot();
    expect(await asPanel('sync.approve', { changeId: view.id, proposalHash: HASH })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    // Tamper the stored proposal: a new contact for the attacker, the stored hash left as it was.
    const row = (await world.db.crmChanges.get(view.id))! as { proposal: { records: { match?: { email?: string }; diff: { after: unknown }[] }[] } };
    const tampered = structuredClone(row);
    for (const r of tampered.proposal.records) for (const d of r.diff) if (typeof d.after === 'string') d.after = 'mark.black-2134@gmail.com';
    await world.db.crmChanges.put(tampered as never);
    expect(await asPanel('sync.approve', { changeId: view.id, proposalHash: view.proposalHash })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await crmSnapshot()).toEqual(before);
    expect(await asPanel('sync.resume', { changeId: view.id })).toMatchObject({ ok: false });
    expect(await crmSnapshot()).toEqual(before);
  });

  it('sync: approved, then altered before it is applied (a resume): nothing is written', async () => {
    const view = await syncProposal();
    const row = (await world.db.crmChanges.get(view.id))!;
    // Approve at the gate without applying: the state the worker would be in if it stopped right after.
    await world.db.crmChanges.put({ ...row, state: 'approved', approvedHash: row.proposalHash } as never);
    const before = await crmSnapshot();
    const tampered = structuredClone((await world.db.crmChanges.get(view.id))!) as unknown as { proposal: { records: { diff: { after: unknown }[] }[] } };
    for (const r of tampered.proposal.records) for (const d of r.diff) if (typeof d.after === 'string') d.after = 'CEO';
    await world.db.crmChanges.put(tampered as never);
    expect(await asPanel('sync.resume', { changeId: view.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await crmSnapshot()).toEqual(before);
  });

  it('sync: applying the same approval twice writes each record once', async () => {
    const view = await syncProposal();
    const done = data(await asPanel<SyncView>('sync.approve', { changeId: view.id, proposalHash: view.proposalHash }));
    expect(done.state).toBe('applied');
    const after = await crmSnapshot();
    expect(await asPanel('sync.approve', { changeId: view.id, proposalHash: view.proposalHash })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    await asPanel('sync.resume', { changeId: view.id });
    expect(await crmSnapshot()).toEqual(after);
  });

  it('cleanup: a merge preview altered in IndexedDB after the preview is refused; the replayed approval merges nothing twice', async () => {
    await world.crm.local.batchUpsert('contact', [
      { patch: { email: DANA, firstName: 'Dana', lastName: 'Whitfield', phone: '+1 312 555 0100' } },
      { patch: { email: 'Dana.Whitfield+crm@northwind-logistics.com', firstName: 'Dana', lastName: 'Whitfield', phone: '(312) 555-0100' } },
      { patch: { email: 'lee@initech.test', firstName: 'Lee', lastName: 'Park' } },
    ]);
    const view = data(await asPanel<CleanupView>('cleanup.scan'))!;
    const before = await crmSnapshot();
    const row = (await world.db.crmChanges.get(view.id))!;
    const original = structuredClone(row);
    const contacts = (await world.crm.local.list('contact', null, 1000)).items;
    const lee = contacts.find((c) => c.email === 'lee@initech.test')!;
    // Swap in Lee as the contact merged away.
    await world.db.crmChanges.put(JSON.parse(JSON.stringify(row).replaceAll(contacts.find((c) => c.email?.startsWith('Dana.'))!.id, lee.id)) as never);
    expect(await asPanel('cleanup.approve', { changeId: view.id, proposalHash: view.proposalHash })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await crmSnapshot()).toEqual(before);
    await world.db.crmChanges.put(original);
    expect(data(await asPanel<CleanupView>('cleanup.approve', { changeId: view.id, proposalHash: view.proposalHash })).state).toBe('applied');
    const merged = await crmSnapshot();
    expect((await world.crm.local.list('contact', null, 1000)).items).toHaveLength(2);
    expect(await asPanel('cleanup.approve', { changeId: view.id, proposalHash: view.proposalHash })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await crmSnapshot()).toEqual(merged);
  });

  it('pipeline: a stage move proposed from a CRM page, altered in IndexedDB (another stage), is refused; the real one applies once', async () => {
    const [pipeline] = await world.crm.local.pipelines();
    const { results } = await world.crm.local.batchUpsert('deal', [{ patch: { name: 'Northwind expansion', amount: 30000, pipelineId: pipeline!.id, stageId: pipeline!.stages[0]!.id } }]);
    const dealId = (results[0] as { id: string }).id;
    const crmPage = SENDERS['the CRM content script']!;
    const proposed = data((await deliver({ type: 'pipeline.propose', dealId, toStageId: pipeline!.stages[1]!.id }, crmPage)) as Envelope<StageChangeView>);
    // The CRM page may not approve its own proposal.
    expect(await deliver({ type: 'pipeline.approve', changeId: proposed.id, proposalHash: proposed.proposalHash }, crmPage)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const row = (await world.db.crmChanges.get(proposed.id))!;
    await world.db.crmChanges.put(JSON.parse(JSON.stringify(row).replaceAll(pipeline!.stages[1]!.id, pipeline!.stages.at(-1)!.id)) as never);
    expect(await asPanel('pipeline.approve', { changeId: proposed.id, proposalHash: proposed.proposalHash })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect((await world.crm.local.get('deal', dealId))!.stageId).toBe(pipeline!.stages[0]!.id);
    await world.db.crmChanges.put(row);
    expect(data(await asPanel<StageChangeView>('pipeline.approve', { changeId: proposed.id, proposalHash: proposed.proposalHash })).state).toBe('applied');
    expect(await asPanel('pipeline.approve', { changeId: proposed.id, proposalHash: proposed.proposalHash })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect((await world.crm.local.get('deal', dealId))!.stageId).toBe(pipeline!.stages[1]!.id);
  });
});

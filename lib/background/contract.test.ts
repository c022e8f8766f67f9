import { beforeEach, describe, expect, it } from 'vitest';
import { testBackground } from '../../test/background';
import { freshDb } from '../../test/fixtures';
import { DEFAULT_CONTRACT, type ApprovalContract } from '../contract/contract';
import { CONTRACT_CHANGED } from '../contract/store';
import type { CountersignDb, LeadRow } from '../db/schema';
import { route, type Handlers } from '../protocol/router';
import type { CleanupView, ContractView, SyncView } from '../protocol/responses';
import type { CrmServices } from './crm';

const NOW = Date.UTC(2026, 0, 5, 12);
const panel = { kind: 'approval-panel', url: 'chrome-extension://x/sidepanel.html' } as const;
const popup = { kind: 'popup', url: 'chrome-extension://x/popup.html' } as const;

let db: CountersignDb;
let handlers: Handlers;
let crm: CrmServices;

/** Through the router, as a page's message arrives: parsed, sender-checked, then handled. */
const send = (req: Record<string, unknown>, sender: typeof panel | typeof popup = panel) => route(req, sender, handlers, () => {});
async function ask<T>(req: Record<string, unknown>, sender: typeof panel | typeof popup = panel): Promise<T> {
  const r = await send(req, sender);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.data as T;
}
const edited = (fn: (c: ApprovalContract) => void, from: ApprovalContract = DEFAULT_CONTRACT) => {
  const c = structuredClone(from);
  fn(c);
  return c;
};

beforeEach(() => {
  db = freshDb();
  ({ handlers, crm } = testBackground(db, { now: () => NOW }));
});

describe('the approval contract through the background', () => {
  it('starts as the default, described in plain words; the popup may read it but not change it', async () => {
    const view = await ask<ContractView>({ type: 'contract.get' }, popup);
    expect(view.contract).toEqual(DEFAULT_CONTRACT);
    expect(view.lines[0]).toMatch(/^Sending an email needs a person's approval/);
    const r = await send({ type: 'contract.update', contract: view.contract }, popup);
    expect(r).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('a valid change is saved as the next revision and audited with its before and after', async () => {
    const next = edited((c) => {
      c.thresholds.caps.daily = 60;
      c.approvers.secondApprover = { enabled: true, overRecords: 25 };
    });
    const view = await ask<ContractView>({ type: 'contract.update', contract: next });
    expect(view.contract).toMatchObject({ revision: 1, updatedAt: NOW, thresholds: { caps: { daily: 60 } } });
    expect(view.lines).toContain('Sequences queue at most 20 emails an hour and 60 a day per mailbox.');
    expect((await ask<ContractView>({ type: 'contract.get' })).contract).toEqual(view.contract);

    const entries = await db.audit.where('action').equals(CONTRACT_CHANGED).toArray();
    expect(entries).toHaveLength(1);
    expect(entries[0]!).toMatchObject({ actor: { type: 'human', id: 'rep' }, subjectId: 'approval-contract' });
    expect(entries[0]!.detail).toMatchObject({
      source: 'edit',
      revision: 1,
      before: DEFAULT_CONTRACT,
      after: view.contract,
      changes: [
        { path: 'thresholds.caps.daily', before: 100, after: 60 },
        { path: 'approvers.secondApprover.enabled', before: false, after: true },
        { path: 'approvers.secondApprover.overRecords', before: 100, after: 25 },
      ],
    });
    expect((await ask<{ ok: boolean }>({ type: 'audit.verify' })).ok).toBe(true);
  });

  it('a contract that removes the send approval is refused with the reason, and nothing changes', async () => {
    const r = await send({ type: 'contract.update', contract: edited((c) => (c.requiresApproval.send = false)) });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringContaining('Sending always needs an explicit click in the approval panel; a contract cannot remove it') } });
    const loose = await send({ type: 'contract.update', contract: edited((c) => (c.thresholds.autoPause.complaintRate = 0.01)) });
    expect(loose).toMatchObject({ ok: false, error: { message: expect.stringContaining('hard limit of 0.3%') } });
    expect((await ask<ContractView>({ type: 'contract.get' })).contract).toEqual(DEFAULT_CONTRACT);
    expect(await db.audit.count()).toBe(0);
  });

  it('an edit made on a stale revision is a conflict', async () => {
    await ask({ type: 'contract.update', contract: edited((c) => (c.thresholds.caps.hourly = 10)) });
    const r = await send({ type: 'contract.update', contract: edited((c) => (c.thresholds.caps.hourly = 5)) });
    expect(r).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('export and import round-trip; an invalid import is refused with the reason', async () => {
    const shared = await ask<ContractView>({ type: 'contract.update', contract: edited((c) => (c.thresholds.autoPause.minSample = 30)) });
    const file = await ask<{ filename: string; content: string }>({ type: 'contract.export' });
    expect(file.filename).toBe('countersign-contract-r1.json');
    expect(JSON.parse(file.content)).toEqual(shared.contract);

    // A teammate's browser imports it.
    db = freshDb();
    ({ handlers } = testBackground(db, { now: () => NOW + 1000 }));
    const imported = await ask<ContractView>({ type: 'contract.import', json: file.content });
    expect(imported.contract).toEqual({ ...shared.contract, revision: 1, updatedAt: NOW + 1000 });
    expect((await db.audit.toArray()).map((e) => [e.action, e.detail.source])).toEqual([[CONTRACT_CHANGED, 'import']]);

    const tampered = JSON.stringify({ ...JSON.parse(file.content), never: ['No agent ever sends'] });
    const r = await send({ type: 'contract.import', json: tampered });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringContaining('"never" list is fixed') } });
    expect(await send({ type: 'contract.import', json: '{' })).toMatchObject({ ok: false, error: { message: expect.stringContaining('not valid JSON') } });
  });
});

describe('the second approver on bulk CRM change sets', () => {
  const requireSecond = (overRecords: number) => ask({ type: 'contract.update', contract: edited((c) => (c.approvers.secondApprover = { enabled: true, overRecords })) });

  it('cleanup: the first approval is recorded, the same name again is refused, a different name approves for real', async () => {
    await crm.local.batchUpsert('contact', [
      { patch: { email: 'dana@northwind-logistics.com', firstName: 'Dana', lastName: 'Whitfield', phone: '+1 312 555 0100' } },
      { patch: { email: 'Dana.Whitfield+crm@northwind-logistics.com', firstName: 'Dana', lastName: 'Whitfield', phone: '(312) 555-0100' } },
    ]);
    await requireSecond(1);
    const view = (await ask<CleanupView>({ type: 'cleanup.scan' }))!;
    const approve = (approver: string) => ask<CleanupView>({ type: 'cleanup.approve', changeId: view.id, proposalHash: view.proposalHash, approver });

    const first = await approve('Sam');
    expect(first).toMatchObject({ state: 'proposed', approved: false, secondApproval: { firstApprover: 'Sam', records: 2, overRecords: 1 } });
    expect((await crm.local.list('contact', null, 100)).items).toHaveLength(2); // nothing applied

    await expect(approve(' sam ')).rejects.toThrow(/conflict: .*needs a second approver: Sam already approved it/);
    const done = await approve('Alex');
    expect(done).toMatchObject({ state: 'applied', results: { applied: 1 } });
    expect(done.secondApproval).toBeUndefined();

    const log = (await db.audit.where('subjectId').equals(view.id).toArray()).map((e) => [e.action, e.actor.id]);
    expect(log).toEqual(expect.arrayContaining([['crm.cleanup.first_approval', 'Sam'], ['crm.cleanup.approved', 'Alex']]));
  });

  it('cleanup at or under N records needs one approval', async () => {
    await crm.local.batchUpsert('contact', [
      { patch: { email: 'dana@northwind-logistics.com', firstName: 'Dana', lastName: 'Whitfield', phone: '+1 312 555 0100' } },
      { patch: { email: 'Dana.Whitfield+crm@northwind-logistics.com', firstName: 'Dana', lastName: 'Whitfield', phone: '(312) 555-0100' } },
    ]);
    await requireSecond(2);
    const view = (await ask<CleanupView>({ type: 'cleanup.scan' }))!;
    expect(await ask<CleanupView>({ type: 'cleanup.approve', changeId: view.id, proposalHash: view.proposalHash })).toMatchObject({ state: 'applied' });
  });

  it('sync: a bulk change set waits for a second, different approver', async () => {
    const lead = (email: string, name: string): LeadRow => ({ contactKey: email, email, name, company: '', signals: [], flags: [], threadIds: [], updatedAt: NOW - 1000 });
    await db.leads.bulkAdd([lead('lee@initech.test', 'Lee Park'), lead('kim@globex.test', 'Kim Lee')]);
    await requireSecond(1);
    const view = (await ask<SyncView>({ type: 'sync.propose' }))!;
    expect(view.records.length).toBeGreaterThan(1);
    const first = await ask<SyncView>({ type: 'sync.approve', changeId: view.id, proposalHash: view.proposalHash, approver: 'Sam' });
    expect(first).toMatchObject({ state: 'proposed', secondApproval: { firstApprover: 'Sam', overRecords: 1 } });
    await expect(ask({ type: 'sync.approve', changeId: view.id, proposalHash: view.proposalHash })).resolves.toMatchObject({ state: 'applied' });
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import { testBackground } from '../../test/background';
import { decodedMessage, freshDb, sampleMessage } from '../../test/fixtures';
import type { CountersignDb, LeadRow } from '../db/schema';
import type { Handlers } from '../protocol/router';
import type { PipelineView, StageChangeView, SyncView } from '../protocol/responses';
import type { CrmServices } from './crm';
import type { Services } from './services';

const NOW = Date.UTC(2026, 0, 5, 12);
const panel = { kind: 'approval-panel', url: 'chrome-extension://x/sidepanel.html' } as const;
const crmPage = { kind: 'crm-content', tabId: 3, origin: 'https://app.hubspot.com', url: 'https://app.hubspot.com/contacts/1/record/0-3/1' } as const;
const DANA = 'dana@northwind-logistics.com';
const SIGNED = 'Thanks, that works for us.\n\nBest,\nDana Whitfield\nVP Operations | Northwind Logistics Inc.\nM: +1 312 555 0100\nlinkedin.com/in/danawhitfield';

let db: CountersignDb;
let services: Services;
let crm: CrmServices;
let handlers: Handlers;

const lead = (email: string, name: string, threadIds: string[]): LeadRow => ({ contactKey: email, email, name, company: '', signals: [], flags: [], threadIds, updatedAt: NOW - 1000 });
const ask = <T>(type: string, extra: Record<string, unknown> = {}, sender: typeof panel | typeof crmPage = panel) =>
  (handlers as unknown as Record<string, (r: unknown, s: unknown) => Promise<T>>)[type]!({ type, ...extra }, sender);

beforeEach(async () => {
  db = freshDb();
  ({ services, crm, handlers } = testBackground(db, { now: () => NOW }));
  await services.settings.setGmailToken({ accessToken: 'ya29.token', expiresAt: NOW + 3_600_000, account: 'sam.rep@example.com' });
  await services.settings.update({ crm: { neverLog: ['gmail.com'] } });
  await db.messages.bulkAdd([
    { id: 'd1', threadId: 't-dana', fetchedAt: NOW, message: decodedMessage({ id: 'd1', threadId: 't-dana', body: SIGNED, text: SIGNED }) },
    { id: 'p1', threadId: 't-mum', fetchedAt: NOW, message: decodedMessage({ id: 'p1', threadId: 't-mum', from: { name: 'Mum', email: 'mum@gmail.com' }, body: 'Dinner Sunday?', text: 'Dinner Sunday?' }) },
  ]);
  await db.leads.bulkAdd([lead(DANA, 'Dana Whitfield', ['t-dana']), lead('lee@initech.test', 'Lee Park', []), lead('mum@gmail.com', 'Mum', ['t-mum'])]);
  // Dana is in the CRM with a title the rep typed: enrichment must not overwrite it.
  await crm.local.batchUpsert('contact', [{ patch: { email: DANA, firstName: 'Dana', lastName: 'Whitfield', title: 'Operations Director' } }]);
});

describe('CRM sync through the background', () => {
  it('proposes a field diff from local data, changes nothing until approved, then applies exactly it with a per-record report', async () => {
    const before = await crm.local.list('contact', null, 100);
    const view = (await ask<SyncView>('sync.propose'))!;
    expect(view.state).toBe('proposed');
    expect(await crm.local.list('contact', null, 100)).toEqual(before); // a proposal only

    const byLabel = (s: string) => view.records.find((r) => r.label.includes(s))!;
    const dana = byLabel('Dana');
    expect(dana.action).toBe('update');
    const fields = dana.diff.map((d) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['phone', 'companyId', 'properties.countersign_score', 'properties.linkedin_url']));
    expect(fields).not.toContain('title'); // the CRM's value stands
    expect(dana.diff.find((d) => d.field === 'companyId')!.after).toEqual({ newCompany: 'northwind-logistics.com' });
    expect(dana.sources.find((s) => s.field === 'phone')).toMatchObject({ source: 'signature', messageId: 'd1', evidence: expect.stringContaining('312 555 0100') });
    expect(byLabel('northwind-logistics.com')).toMatchObject({ kind: 'company', action: 'create' });
    expect(byLabel('lee@initech.test')).toMatchObject({ kind: 'contact', action: 'create' });
    expect(view.records.some((r) => r.label.includes('mum@gmail.com'))).toBe(false); // never logged

    await expect(ask('sync.approve', { changeId: view.id, proposalHash: 'f'.repeat(64) })).rejects.toThrow(/changed since you opened it/);
    const done = await ask<SyncView>('sync.approve', { changeId: view.id, proposalHash: view.proposalHash });
    expect(done.state).toBe('applied');
    expect(done.records.every((r) => r.result?.status === 'applied')).toBe(true);

    const [company] = await crm.local.search('company', { domain: 'northwind-logistics.com' });
    const [danaNow] = await crm.local.search('contact', { email: DANA });
    expect(danaNow).toMatchObject({ title: 'Operations Director', phone: '+1 312 555 0100', companyId: company!.id });
    expect(danaNow!.properties.countersign_score).toMatch(/^\d+$/);
    const audit = await db.audit.where('action').equals('crm.sync.record_applied').toArray();
    expect(audit.find((e) => e.detail.recordId === danaNow!.id)!.detail.changes).toEqual(expect.arrayContaining([{ field: 'phone', before: null, after: '+1 312 555 0100' }]));

    // Everything is in the CRM now: nothing left to propose.
    expect(await ask('sync.propose')).toBeNull();
  });

  it('adds a note for each approved email that went out, once', async () => {
    await crm.local.batchUpsert('contact', [{ patch: { email: 'lee@initech.test', firstName: 'Lee' } }]);
    const t = NOW - 60_000;
    await db.approvals.add({
      id: 'ap-1', kind: 'email', draftId: 'dr-1', threadId: 't-dana', message: sampleMessage(), contentHash: 'h', approvedHash: 'h', approvedAt: t, state: 'sent',
      messageIdHeader: '<x@countersign>', gmailMessageId: 'g1', attempts: 1, nextAttemptAt: null, lastError: null, denyReason: null, createdAt: t, updatedAt: t,
    });
    const view = (await ask<SyncView>('sync.propose'))!;
    const note = view.records.find((r) => r.kind === 'note')!;
    expect(note).toMatchObject({ action: 'add_note', sources: [{ source: 'approved_email' }] });
    expect(String(note.diff[0]!.after)).toContain('Subject: Re: Pricing for 40 seats');
    await ask('sync.approve', { changeId: view.id, proposalHash: view.proposalHash });
    const [danaNow] = await crm.local.search('contact', { email: DANA });
    expect((await crm.local.notes({ crm: 'local', type: 'contact', id: danaNow!.id })).map((n) => n.body)).toEqual([expect.stringContaining('approved in Countersign')]);
    const again = await ask<SyncView | null>('sync.propose');
    expect(again?.records.some((r) => r.kind === 'note') ?? false).toBe(false);
  });

  it('a person added to the never-log list after the preview is skipped when the sync runs', async () => {
    const view = (await ask<SyncView>('sync.propose'))!;
    await services.settings.update({ crm: { neverLog: ['gmail.com', 'initech.test'] } });
    const done = await ask<SyncView>('sync.approve', { changeId: view.id, proposalHash: view.proposalHash });
    expect(done.records.find((r) => r.label.includes('lee@'))!.result).toMatchObject({ status: 'skipped', detail: expect.stringContaining('never-log') });
    expect(await crm.local.search('contact', { email: 'lee@initech.test' })).toEqual([]);
  });
});

describe('Pipeline through the background', () => {
  async function deal() {
    const [pipeline] = await crm.local.pipelines();
    const { results } = await crm.local.batchUpsert('deal', [{ patch: { name: 'Northwind expansion', amount: 30000, pipelineId: pipeline!.id, stageId: pipeline!.stages[0]!.id } }]);
    return { pipeline: pipeline!, dealId: (results[0] as { id: string }).id };
  }

  it("the rep's move is applied and logged, and undo puts it back (both in the audit log)", async () => {
    const { pipeline, dealId } = await deal();
    const to = pipeline.stages[1]!;
    const moved = await ask<StageChangeView>('pipeline.change', { dealId, toStageId: to.id });
    expect(moved).toMatchObject({ state: 'applied', undoable: true, to: { stageId: to.id } });
    expect((await crm.local.get('deal', dealId))!.stageId).toBe(to.id);
    const undone = await ask<StageChangeView>('pipeline.undo', { changeId: moved.id });
    expect(undone).toMatchObject({ state: 'rolled_back', undoable: false });
    expect((await crm.local.get('deal', dealId))!.stageId).toBe(pipeline.stages[0]!.id);
    const actions = (await db.audit.orderBy('seq').toArray()).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['pipeline.stage_changed', 'pipeline.stage_undone']));

    const view = await ask<PipelineView>('pipeline.view');
    expect(view.stats[0]!.stages.find((s) => s.stageId === pipeline.stages[0]!.id)!.count).toBe(1);
    expect(view.changes.map((c) => c.id)).toEqual([moved.id]);
  });

  it('a CRM page only proposes; nothing moves until a person approves in the panel, or denies', async () => {
    const { pipeline, dealId } = await deal();
    const proposed = await ask<StageChangeView>('pipeline.propose', { dealId, toStageId: pipeline.stages[2]!.id }, crmPage);
    expect(proposed).toMatchObject({ state: 'proposed', proposedBy: { type: 'system', id: 'crm-page' } });
    expect((await crm.local.get('deal', dealId))!.stageId).toBe(pipeline.stages[0]!.id);
    await expect(ask('pipeline.propose', { crm: 'hubspot', dealId, toStageId: pipeline.stages[2]!.id }, crmPage)).rejects.toThrow(/system of record/);

    const approved = await ask<StageChangeView>('pipeline.approve', { changeId: proposed.id, proposalHash: proposed.proposalHash });
    expect(approved.state).toBe('applied');
    expect((await crm.local.get('deal', dealId))!.stageId).toBe(pipeline.stages[2]!.id);

    const second = await ask<StageChangeView>('pipeline.propose', { dealId, toStageId: pipeline.stages[1]!.id }, crmPage);
    const denied = await ask<StageChangeView>('pipeline.deny', { changeId: second.id, reason: 'Not yet' });
    expect(denied.state).toBe('denied');
    expect((await crm.local.get('deal', dealId))!.stageId).toBe(pipeline.stages[2]!.id);
  });
});

import { describe, expect, it } from 'vitest';
import { freshDb } from '../../../../test/fixtures';
import { hubspotSuite } from '../../../../test/hubspot-suite';
import { humanActor } from '../../../audit/log';
import type { Actor } from '../../../db/schema';
import { changeStage, undoStageChange } from '../pipeline/stage';
import { failingAfter } from './failing-adapter.test-helper';
import { applySync, approveSync, proposeSync, syncReport, type LocalChange } from './sync';

// Against the HubSpot stand-in: every request body is checked with the adapter's own schemas.
const { hs, adapter } = hubspotSuite();
const cipher: Actor = { type: 'agent', id: 'cipher' };
const NOW = Date.parse('2026-03-02T09:00:00Z');
const later = (iso: string) => new Date(Date.parse(iso) + 60_000).toISOString();

describe('Cipher CRM sync against the HubSpot stand-in', () => {
  it('applies exactly the approved diff (read back) and records a create by email once', async () => {
    const dana = hs().seed('contacts', { email: 'dana@northwind.test', firstname: 'Dana', jobtitle: 'Ops lead', phone: '+44 1' });
    const deal = hs().seed('deals', { dealname: 'Northwind pilot', amount: '12000', pipeline: 'default', dealstage: 'qualifiedtobuy' });
    const db = freshDb();
    const crm = adapter();
    const changes: LocalChange[] = [
      { type: 'contact', id: dana.id, patch: { title: 'COO', firstName: 'Dana' } },
      { type: 'contact', patch: { email: 'sam@fabrikam.test', firstName: 'Sam', lastName: 'Lee' } },
      { type: 'deal', id: deal.id, patch: { amount: 15000, name: 'Northwind pilot' } },
    ];
    const row = await proposeSync(db, crm, changes, cipher, NOW);
    expect(row.proposal.counts).toEqual({ creates: 1, updates: 2, unchanged: 0, missing: 0, notes: 0 });
    expect(row.proposal.records[0]!.diff).toEqual([{ field: 'title', before: 'Ops lead', after: 'COO' }]);
    expect(row.proposal.records[2]!.diff).toEqual([{ field: 'amount', before: 12000, after: 15000 }]);
    expect(row.proposal.records[0]!.updatedAt).toBe(dana.updatedAt);
    await approveSync(db, row.id, row.proposalHash, humanActor(), NOW);
    const done = await applySync(db, crm, row.id, NOW + 1);
    expect(done.state).toBe('applied');
    expect(await crm.get('contact', dana.id)).toMatchObject({ email: 'dana@northwind.test', firstName: 'Dana', title: 'COO', phone: '+44 1' });
    expect(await crm.get('deal', deal.id)).toMatchObject({ name: 'Northwind pilot', amount: 15000, stageId: 'qualifiedtobuy' });
    expect(hs().all('contacts').map((c) => c.properties.email)).toEqual(['dana@northwind.test', 'sam@fabrikam.test']);
    // Only the diffed fields were sent.
    const update = hs().requests.find((r) => r.path === '/crm/v3/objects/contacts/batch/update')!.body as { inputs: { properties: Record<string, string> }[] };
    expect(update.inputs.map((i) => i.properties)).toEqual([{ jobtitle: 'COO' }]);
  });

  it('a CRM edit after the preview is detected and re-proposed, not overwritten', async () => {
    const dana = hs().seed('contacts', { email: 'dana@northwind.test', jobtitle: 'Ops lead' });
    const lee = hs().seed('contacts', { email: 'lee@contoso.test', jobtitle: 'CTO' });
    const db = freshDb();
    const crm = adapter();
    const row = await proposeSync(db, crm, [
      { type: 'contact', id: dana.id, patch: { title: 'COO' } },
      { type: 'contact', id: lee.id, patch: { title: 'CEO' } },
    ], cipher, NOW);
    await approveSync(db, row.id, row.proposalHash, humanActor(), NOW);
    const rec = hs().objects.get('contacts')!.get(dana.id)!;
    rec.properties.jobtitle = 'Chief of Staff';
    rec.updatedAt = later(rec.updatedAt);
    const done = await applySync(db, crm, row.id, NOW + 1);
    expect(syncReport(done).map((r) => r.result?.status)).toEqual(['conflict', 'applied']);
    expect(hs().objects.get('contacts')!.get(dana.id)!.properties.jobtitle).toBe('Chief of Staff');
    expect(hs().objects.get('contacts')!.get(lee.id)!.properties.jobtitle).toBe('CEO');
    const reproposed = (done.results as Record<string, { reproposedIn?: string }>)[row.proposal.records[0]!.key]!.reproposedIn!;
    expect(await db.crmChanges.get(reproposed)).toMatchObject({ state: 'proposed', proposal: { reproposalOf: row.id, records: [{ diff: [{ field: 'title', before: 'Chief of Staff', after: 'COO' }] }] } });
  });

  it('a failure halfway through a batch leaves a per-record report; the second apply finishes without duplicates', async () => {
    const db = freshDb();
    const crm = adapter();
    const changes: LocalChange[] = ['ana', 'ben', 'cy', 'di'].map((n) => ({ type: 'contact', patch: { email: `${n}@fabrikam.test`, firstName: n } }));
    const row = await proposeSync(db, crm, changes, cipher, NOW);
    await approveSync(db, row.id, row.proposalHash, humanActor(), NOW);
    const flaky = failingAfter(crm, 2, 'report');
    const first = await applySync(db, flaky, row.id, NOW + 1);
    expect(first.state).toBe('partial');
    expect(syncReport(first).map((r) => r.result?.status)).toEqual(['applied', 'applied', 'failed', 'failed']);
    expect(hs().all('contacts')).toHaveLength(2);
    flaky.heal();
    const second = await applySync(db, flaky, row.id, NOW + 2);
    expect(second.state).toBe('applied');
    expect(hs().all('contacts').map((c) => c.properties.email).sort()).toEqual(['ana@fabrikam.test', 'ben@fabrikam.test', 'cy@fabrikam.test', 'di@fabrikam.test']);
    const ids = syncReport(second).map((r) => r.id);
    expect(new Set(ids).size).toBe(4);
    expect((await db.audit.toArray()).filter((a) => a.action === 'crm.sync.record_applied')).toHaveLength(4);
  });

  it('a stage change and its undo go through HubSpot and are both audited', async () => {
    const deal = hs().seed('deals', { dealname: 'Northwind pilot', pipeline: 'default', dealstage: 'qualifiedtobuy' });
    const db = freshDb();
    const crm = adapter();
    const row = await changeStage(db, crm, { dealId: deal.id, toStageId: 'contractsent' }, humanActor(), NOW);
    expect(hs().objects.get('deals')!.get(deal.id)!.properties.dealstage).toBe('contractsent');
    expect(row.results).toMatchObject({ before: { stageLabel: 'Qualified To Buy' }, after: { stageLabel: 'Contract Sent' } });
    await undoStageChange(db, crm, row.id, humanActor(), NOW + 1);
    expect(hs().objects.get('deals')!.get(deal.id)!.properties.dealstage).toBe('qualifiedtobuy');
    expect((await db.audit.orderBy('seq').toArray()).map((a) => a.action)).toEqual(['pipeline.stage_changed', 'pipeline.stage_undone']);
  });
});

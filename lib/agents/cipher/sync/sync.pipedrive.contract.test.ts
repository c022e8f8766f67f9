import { describe, expect, it } from 'vitest';
import { freshDb } from '../../../../test/fixtures';
import { pipedriveContract } from '../../../../test/pipedrive-contract';
import { humanActor } from '../../../audit/log';
import { PipedriveAdapter, pipedriveAuth } from '../../../crm/pipedrive/adapter';
import type { Actor } from '../../../db/schema';
import { changeStage, undoStageChange } from '../pipeline/stage';
import { failingAfter } from './failing-adapter.test-helper';
import { applySync, approveSync, proposeSync, syncReport, type LocalChange } from './sync';

// Every call goes through Prism serving Pipedrive's own specs, both ways; any violation fails the test.
const contract = pipedriveContract();
const cipher: Actor = { type: 'agent', id: 'cipher' };
const NOW = Date.parse('2026-03-02T09:00:00Z');
const connect = () =>
  new PipedriveAdapter({
    baseUrl: 'https://northwind-test.pipedrive.com',
    auth: async () => pipedriveAuth({ apiToken: contract.current.standin.token }),
    fetch: contract.current.fetch,
    sleep: async () => {},
  });
const idOf = (r: { ok: boolean; id?: string } | undefined) => (r?.ok ? r.id! : 'failed');

describe('Cipher CRM sync against the Pipedrive stand-in (through Prism)', () => {
  it('applies exactly the approved diff, and a CRM edit after the preview is re-proposed, not overwritten', async () => {
    const crm = connect();
    const seeded = await crm.batchUpsert('contact', [
      { patch: { email: 'dana@northwind.example', firstName: 'Dana', lastName: 'Whitfield', phone: '+44 1' } },
      { patch: { email: 'lee@contoso.example', firstName: 'Lee', lastName: 'Park' } },
    ]);
    const [dana, lee] = seeded.results.map(idOf);
    const db = freshDb();
    const row = await proposeSync(db, crm, [
      { type: 'contact', id: dana!, patch: { phone: '+44 2', firstName: 'Dana' } },
      { type: 'contact', id: lee!, patch: { phone: '+1 555' } },
      { type: 'deal', patch: { name: 'Northwind pilot', amount: 9000, pipelineId: '1', stageId: '1' } },
    ], cipher, NOW);
    expect(row.proposal.counts).toEqual({ creates: 1, updates: 2, unchanged: 0, missing: 0, notes: 0 });
    expect(row.proposal.records[0]!.diff).toEqual([{ field: 'phone', before: '+44 1', after: '+44 2' }]);
    await approveSync(db, row.id, row.proposalHash, humanActor(), NOW);
    await crm.batchUpdate('contact', [{ id: lee!, patch: { phone: '+1 999' } }]); // edited in Pipedrive meanwhile
    const done = await applySync(db, crm, row.id, NOW + 1);
    expect(syncReport(done).map((r) => r.result?.status)).toEqual(['applied', 'conflict', 'applied']);
    expect(await crm.get('contact', dana!)).toMatchObject({ firstName: 'Dana', lastName: 'Whitfield', phone: '+44 2' });
    expect((await crm.get('contact', lee!))?.phone).toBe('+1 999');
    const dealId = syncReport(done)[2]!.id!;
    expect(await crm.get('deal', dealId)).toMatchObject({ name: 'Northwind pilot', amount: 9000, stageId: '1' });
    const again = await db.crmChanges.where('state').equals('proposed').toArray();
    expect(again).toMatchObject([{ proposal: { reproposalOf: row.id, records: [{ id: lee, diff: [{ field: 'phone', before: '+1 999', after: '+1 555' }] }] } }]);
  });

  it('a failure part-way leaves a per-record report; the second apply completes without duplicates', async () => {
    const crm = connect();
    const db = freshDb();
    const changes: LocalChange[] = ['ana', 'ben', 'cy'].map((n) => ({ type: 'contact', patch: { email: `${n}@fabrikam.example`, firstName: n } }));
    const row = await proposeSync(db, crm, changes, cipher, NOW);
    await approveSync(db, row.id, row.proposalHash, humanActor(), NOW);
    const flaky = failingAfter(crm, 1, 'report');
    expect(syncReport(await applySync(db, flaky, row.id, NOW + 1)).map((r) => r.result?.status)).toEqual(['applied', 'failed', 'failed']);
    flaky.heal();
    expect((await applySync(db, flaky, row.id, NOW + 2)).state).toBe('applied');
    expect(contract.current.standin.tables.persons.size).toBe(3);
  });

  it('moves a deal stage and undoes it, both audited', async () => {
    const crm = connect();
    const { results } = await crm.batchUpsert('deal', [{ patch: { name: 'Initech renewal', pipelineId: '1', stageId: '1' } }]);
    const db = freshDb();
    const row = await changeStage(db, crm, { dealId: idOf(results[0]), toStageId: '3' }, humanActor(), NOW);
    expect(row.results).toMatchObject({ before: { stageId: '1', stageLabel: 'Qualified' }, after: { stageId: '3', stageLabel: 'Negotiation' } });
    await undoStageChange(db, crm, row.id, humanActor(), NOW + 1);
    expect((await crm.get('deal', idOf(results[0])))?.stageId).toBe('1');
    expect((await db.audit.orderBy('seq').toArray()).map((a) => a.action)).toEqual(['pipeline.stage_changed', 'pipeline.stage_undone']);
  });
});

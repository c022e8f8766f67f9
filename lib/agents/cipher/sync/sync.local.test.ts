import { describe, expect, it } from 'vitest';
import { freshDb } from '../../../../test/fixtures';
import { humanActor, verifyAuditLog } from '../../../audit/log';
import { LocalCrmAdapter } from '../../../crm/local/adapter';
import { openLocalCrmDb } from '../../../crm/local/db';
import type { Actor } from '../../../db/schema';
import { failingAfter } from './failing-adapter.test-helper';
import { applySync, approveSync, proposeSync, syncReport, type LocalChange, type SyncRecordResult } from './sync';

const cipher: Actor = { type: 'agent', id: 'cipher' };
const NOW = Date.parse('2026-03-02T09:00:00Z');

function setup() {
  let t = Date.parse('2026-03-01T00:00:00Z');
  const crm = new LocalCrmAdapter(openLocalCrmDb(`cipher-sync-${Math.random()}`), undefined, () => (t += 1000));
  return { db: freshDb(), crm };
}

async function seed(crm: LocalCrmAdapter) {
  const { results } = await crm.batchUpsert('contact', [
    { patch: { email: 'dana@northwind.test', firstName: 'Dana', lastName: 'Whitfield', title: 'Ops lead' } },
    { patch: { email: 'lee@contoso.test', firstName: 'Lee', title: 'CTO' } },
  ]);
  const [dana, lee] = results.map((r) => (r.ok ? r.id : ''));
  return { dana: dana!, lee: lee! };
}

const resultsOf = (row: { results: Record<string, unknown> }) => Object.values(row.results) as SyncRecordResult[];

describe('Cipher CRM sync (local CRM)', () => {
  it('previews a field-level diff, then applies exactly the approved diff', async () => {
    const { db, crm } = setup();
    const { dana, lee } = await seed(crm);
    const danaBefore = await crm.get('contact', dana);
    const changes: LocalChange[] = [
      { type: 'contact', id: dana, patch: { title: 'COO', firstName: 'Dana', phone: '+44 20 7946 0000' } },
      { type: 'contact', match: { email: 'LEE@contoso.test' }, patch: { title: 'CTO' } },
      { type: 'contact', patch: { email: 'sam@fabrikam.test', firstName: 'Sam' } },
      { type: 'deal', patch: { name: 'Northwind pilot', amount: 12000, stageId: 'lead', pipelineId: 'default' } },
    ];
    const row = await proposeSync(db, crm, changes, cipher, NOW);
    expect(row).toMatchObject({ kind: 'sync', crm: 'local', state: 'proposed', approvedHash: null });
    expect(row.proposal.counts).toEqual({ creates: 2, updates: 1, unchanged: 1, missing: 0, notes: 0 });
    const [d, l, s] = row.proposal.records;
    expect(d).toMatchObject({ action: 'update', id: dana, updatedAt: danaBefore!.updatedAt });
    expect(d!.diff).toEqual([
      { field: 'phone', before: null, after: '+44 20 7946 0000' },
      { field: 'title', before: 'Ops lead', after: 'COO' },
    ]);
    expect(l).toMatchObject({ action: 'unchanged', id: lee, diff: [] });
    expect(s).toMatchObject({ action: 'create', id: null, diff: [{ field: 'email', before: null, after: 'sam@fabrikam.test' }, { field: 'firstName', before: null, after: 'Sam' }] });
    expect(await crm.get('contact', dana)).toEqual(danaBefore); // a preview writes nothing

    await approveSync(db, row.id, row.proposalHash, humanActor(), NOW);
    const done = await applySync(db, crm, row.id, NOW + 1);
    expect(done.state).toBe('applied');
    const after = await crm.get('contact', dana);
    expect(after).toEqual({ ...danaBefore, title: 'COO', phone: '+44 20 7946 0000', updatedAt: after!.updatedAt });
    expect(await crm.search('contact', { email: 'sam@fabrikam.test' })).toMatchObject([{ firstName: 'Sam' }]);
    expect((await crm.list('deal')).items).toMatchObject([{ name: 'Northwind pilot', amount: 12000, stageId: 'lead' }]);
    expect(syncReport(done).map((r) => [r.action, r.result?.status])).toEqual([
      ['update', 'applied'],
      ['unchanged', 'skipped'],
      ['create', 'applied'],
      ['create', 'applied'],
    ]);
    const audit = await db.audit.orderBy('seq').toArray();
    expect(audit.map((a) => a.action)).toEqual(['crm.sync.proposed', 'crm.sync.approved', 'crm.sync.applying', 'crm.sync.record_applied', 'crm.sync.record_applied', 'crm.sync.record_applied', 'crm.sync.applied']);
    expect(audit[3]!.detail).toMatchObject({ recordId: dana, created: false, changes: d!.diff });
    expect(await verifyAuditLog(db)).toMatchObject({ ok: true });
    expect(await db.crmSnapshots.get(`${row.id}:contact:${dana}`)).toMatchObject({ record: danaBefore });
  });

  it('lets only a person approve, only the version shown, and applies nothing unapproved', async () => {
    const { db, crm } = setup();
    const { dana } = await seed(crm);
    const row = await proposeSync(db, crm, [{ type: 'contact', id: dana, patch: { title: 'COO' } }], cipher, NOW);
    await expect(applySync(db, crm, row.id, NOW)).rejects.toThrow(/only an approved sync/);
    await expect(approveSync(db, row.id, row.proposalHash, cipher, NOW)).rejects.toThrow(/Only a person/);
    await expect(approveSync(db, row.id, 'f'.repeat(64), humanActor(), NOW)).rejects.toThrow(/changed since you opened it/);
    // The stored proposal tampered with after the preview: its hash no longer matches.
    await db.crmChanges.update(row.id, { proposal: { ...row.proposal, records: [{ ...row.proposal.records[0]!, diff: [{ field: 'title', before: 'Ops lead', after: 'CEO' }] }] } });
    await expect(approveSync(db, row.id, row.proposalHash, humanActor(), NOW)).rejects.toThrow(/changed since you opened it/);
    expect((await crm.get('contact', dana))?.title).toBe('Ops lead');
    expect((await db.crmChanges.get(row.id))?.state).toBe('proposed');
    // Approved, then altered before applying: nothing is written.
    await db.crmChanges.update(row.id, { proposal: row.proposal });
    await approveSync(db, row.id, row.proposalHash, humanActor(), NOW);
    await db.crmChanges.update(row.id, { proposal: { ...row.proposal, records: [{ ...row.proposal.records[0]!, diff: [{ field: 'title', before: 'Ops lead', after: 'CEO' }] }] } });
    await expect(applySync(db, crm, row.id, NOW)).rejects.toThrow(/no longer matches what was approved/);
    expect((await crm.get('contact', dana))?.title).toBe('Ops lead');
    expect((await db.audit.toArray()).map((a) => a.action)).toEqual(['crm.sync.proposed', 'crm.sync.approved']);
  });

  it('does not overwrite a record edited in the CRM after the preview: it re-proposes it', async () => {
    const { db, crm } = setup();
    const { dana, lee } = await seed(crm);
    const row = await proposeSync(db, crm, [
      { type: 'contact', id: dana, patch: { title: 'COO' } },
      { type: 'contact', id: lee, patch: { phone: '+1 555 0100' } },
    ], cipher, NOW);
    await approveSync(db, row.id, row.proposalHash, humanActor(), NOW);
    await crm.batchUpdate('contact', [{ id: dana, patch: { title: 'Chief of Staff' } }]); // someone else, in the CRM
    await crm.batchUpdate('contact', [{ id: lee, patch: { lastName: 'Park' } }]); // a field outside the diff
    const done = await applySync(db, crm, row.id, NOW + 1);
    expect(done.state).toBe('partial');
    expect((await crm.get('contact', dana))?.title).toBe('Chief of Staff');
    expect((await crm.get('contact', lee))).toMatchObject({ lastName: 'Park', phone: null });
    const results = resultsOf(done);
    expect(results.map((r) => r.status)).toEqual(['conflict', 'conflict']);
    const again = await db.crmChanges.where('kind').equals('sync').filter((r) => r.id !== row.id).toArray();
    expect(again).toHaveLength(1);
    expect(results.map((r) => (r as { reproposedIn: string }).reproposedIn)).toEqual([again[0]!.id, again[0]!.id]);
    expect(again[0]).toMatchObject({ state: 'proposed', proposal: { reproposalOf: row.id, counts: { updates: 2 } } });
    expect((again[0]!.proposal as { records: { diff: unknown }[] }).records[0]!.diff).toEqual([{ field: 'title', before: 'Chief of Staff', after: 'COO' }]);
    expect((await db.audit.toArray()).map((a) => a.action)).toContain('crm.sync.record_conflict');
  });

  it.each(['report', 'throw'] as const)('a failure halfway through a batch (%s) leaves a correct per-record report; a second apply completes without duplicates', async (mode) => {
    const { db, crm } = setup();
    const { dana, lee } = await seed(crm);
    const changes: LocalChange[] = [
      { type: 'contact', id: dana, patch: { title: 'COO' } },
      { type: 'contact', patch: { email: 'sam@fabrikam.test', firstName: 'Sam' } },
      { type: 'contact', id: lee, patch: { title: 'CEO' } },
      { type: 'contact', patch: { email: 'kim@fabrikam.test', firstName: 'Kim' } },
    ];
    const deals: LocalChange[] = [{ type: 'deal', patch: { name: 'Fabrikam rollout', amount: 5000 } }, { type: 'deal', patch: { name: 'Contoso renewal', amount: 800 } }];
    const row = await proposeSync(db, crm, [...changes, ...deals], cipher, NOW);
    await approveSync(db, row.id, row.proposalHash, humanActor(), NOW);
    const flaky = failingAfter(crm, 2, mode);
    const first = await applySync(db, flaky, row.id, NOW + 1);
    expect(first.state).toBe('partial');
    const status = syncReport(first).map((r) => r.result?.status);
    // Written: Dana and Sam. 'throw' loses the answer for the whole batch, so all four read as failed.
    expect(status).toEqual(mode === 'report' ? ['applied', 'applied', 'failed', 'failed', 'failed', 'failed'] : ['failed', 'failed', 'failed', 'failed', 'failed', 'failed']);
    expect((await crm.get('contact', dana))?.title).toBe('COO');
    expect((await crm.get('contact', lee))?.title).toBe('CTO');

    flaky.heal();
    const second = await applySync(db, flaky, row.id, NOW + 2);
    expect(second.state).toBe('applied');
    expect(syncReport(second).map((r) => r.result?.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied', 'applied']);
    expect((await crm.list('contact')).items.map((c) => c.email).sort()).toEqual(['dana@northwind.test', 'kim@fabrikam.test', 'lee@contoso.test', 'sam@fabrikam.test']);
    expect((await crm.get('contact', lee))?.title).toBe('CEO');
    expect((await crm.list('deal')).items.map((d) => d.name).sort()).toEqual(['Contoso renewal', 'Fabrikam rollout']);
    const applied = (await db.audit.toArray()).filter((a) => a.action === 'crm.sync.record_applied');
    expect(applied).toHaveLength(6); // one entry per record, none twice
    // A third call has nothing left to do.
    await applySync(db, flaky, row.id, NOW + 3);
    expect((await crm.list('deal')).items).toHaveLength(2);
  });

  it('a deal create whose answer was lost is found again, not created twice', async () => {
    const { db, crm } = setup();
    const row = await proposeSync(db, crm, [{ type: 'deal', patch: { name: 'Northwind expansion', amount: 30000 } }], cipher, NOW);
    await approveSync(db, row.id, row.proposalHash, humanActor(), NOW);
    // The CRM applies the create, but its answer never arrives.
    const lost = new Proxy(crm, {
      get(target, prop) {
        if (prop === 'batchUpsert') {
          return async (...args: Parameters<typeof crm.batchUpsert>) => {
            await target.batchUpsert(...args);
            throw new Error('socket hang up');
          };
        }
        const v: unknown = Reflect.get(target, prop, target);
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    expect((await applySync(db, lost, row.id, NOW + 1)).state).toBe('partial');
    expect((await crm.list('deal')).items).toHaveLength(1);
    const done = await applySync(db, crm, row.id, NOW + 2);
    expect(done.state).toBe('applied');
    expect(resultsOf(done)[0]).toMatchObject({ status: 'applied', alreadyInPlace: true });
    expect((await crm.list('deal')).items).toHaveLength(1);
  });

  it('a note whose write landed but whose answer was lost is found on resume, not added twice', async () => {
    const { db, crm } = setup();
    const { dana } = await seed(crm);
    let lose = true;
    const flaky = new Proxy(crm, {
      get(target, prop) {
        if (prop === 'addNote')
          return async (...args: Parameters<typeof crm.addNote>) => {
            const note = await target.addNote(...args);
            if (lose) {
              lose = false;
              throw new Error('connection reset after the CRM saved the note');
            }
            return note;
          };
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    }) as LocalCrmAdapter;
    const row = await proposeSync(db, flaky, [{ type: 'note', key: 'note:approval:a1:dana', contact: { email: 'dana@northwind.test' }, body: 'Email sent (approved in Countersign)\nSubject: Pilot' }], cipher, NOW);
    expect(row.proposal.notes).toEqual([expect.objectContaining({ contactId: dana, key: 'note:approval:a1:dana' })]);
    await approveSync(db, row.id, row.proposalHash, humanActor(), NOW);
    const first = await applySync(db, flaky, row.id, NOW);
    expect(first.state).toBe('partial');
    expect(syncReport(first).find((r) => r.type === 'note')!.result).toMatchObject({ status: 'failed', retryable: true });
    const second = await applySync(db, flaky, row.id, NOW);
    expect(second.state).toBe('applied');
    expect(syncReport(second).find((r) => r.type === 'note')!.result).toMatchObject({ status: 'applied', alreadyInPlace: true });
    expect(await crm.notes({ crm: 'local', type: 'contact', id: dana })).toHaveLength(1);
  });
});

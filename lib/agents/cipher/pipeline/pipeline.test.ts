import { describe, expect, it } from 'vitest';
import { freshDb } from '../../../../test/fixtures';
import { humanActor, verifyAuditLog } from '../../../audit/log';
import { LocalCrmAdapter } from '../../../crm/local/adapter';
import { DEFAULT_PIPELINE, openLocalCrmDb } from '../../../crm/local/db';
import { CrmDeal } from '../../../crm/model';
import type { Actor } from '../../../db/schema';
import { approveStageChange, changeStage, proposeStageChange, stageHistoryFromChanges, undoStageChange } from './stage';
import { pipelineStats } from './stats';

const cipher: Actor = { type: 'agent', id: 'cipher' };
const NOW = Date.parse('2026-03-02T09:00:00Z');
const DAY = 86_400_000;

async function setup() {
  let t = Date.parse('2026-03-01T00:00:00Z');
  const crm = new LocalCrmAdapter(openLocalCrmDb(`cipher-pipe-${Math.random()}`), undefined, () => (t += 1000));
  const { results } = await crm.batchUpsert('deal', [{ patch: { name: 'Northwind pilot', amount: 12000, pipelineId: 'default', stageId: 'qualified' } }]);
  return { db: freshDb(), crm, dealId: results[0]!.ok ? results[0]!.id : '' };
}

describe('pipeline stage changes', () => {
  it("a person's own change applies at once; undo restores the previous stage; both are audited", async () => {
    const { db, crm, dealId } = await setup();
    const row = await changeStage(db, crm, { dealId, toStageId: 'demo' }, humanActor(), NOW);
    expect(row).toMatchObject({ kind: 'pipeline', state: 'applied', results: { before: { stageId: 'qualified', stageLabel: 'Qualified' }, after: { stageId: 'demo', stageLabel: 'Demo' } } });
    expect((await crm.get('deal', dealId))?.stageId).toBe('demo');
    const undone = await undoStageChange(db, crm, row.id, humanActor(), NOW + 1000);
    expect(undone.state).toBe('rolled_back');
    expect((await crm.get('deal', dealId))?.stageId).toBe('qualified');
    const audit = await db.audit.orderBy('seq').toArray();
    expect(audit.map((a) => a.action)).toEqual(['pipeline.stage_changed', 'pipeline.stage_undone']);
    expect(audit[0]!.detail).toMatchObject({ dealId, before: { stageId: 'qualified' }, after: { stageId: 'demo' } });
    expect(audit[1]!.detail).toMatchObject({ dealId, before: { stageId: 'demo' }, after: { stageId: 'qualified' } });
    expect(await verifyAuditLog(db)).toMatchObject({ ok: true });
    await expect(undoStageChange(db, crm, row.id, humanActor(), NOW)).rejects.toThrow(/only an applied change can be undone/);
  });

  it('refuses to undo when the deal has moved again since, and says where it is', async () => {
    const { db, crm, dealId } = await setup();
    const row = await changeStage(db, crm, { dealId, toStageId: 'demo' }, humanActor(), NOW);
    await crm.changeStage(dealId, 'proposal'); // moved in the CRM afterwards
    await expect(undoStageChange(db, crm, row.id, humanActor(), NOW)).rejects.toThrow(/moved again since this change \(it is now in "Proposal"\)/);
    expect((await crm.get('deal', dealId))?.stageId).toBe('proposal');
    expect((await db.crmChanges.get(row.id))?.state).toBe('applied');
  });

  it("an agent's proposal waits for a person: agents cannot change, approve or undo; a stale hash is refused", async () => {
    const { db, crm, dealId } = await setup();
    await expect(changeStage(db, crm, { dealId, toStageId: 'won' }, cipher, NOW)).rejects.toThrow(/only propose/);
    const row = await proposeStageChange(db, crm, { dealId, toStageId: 'proposal' }, cipher, NOW);
    expect(row).toMatchObject({ state: 'proposed', proposal: { from: { stageId: 'qualified' }, to: { stageId: 'proposal', stageLabel: 'Proposal' } } });
    expect((await crm.get('deal', dealId))?.stageId).toBe('qualified');
    await expect(approveStageChange(db, crm, row.id, row.proposalHash, cipher, NOW)).rejects.toThrow(/Only a person/);
    await expect(approveStageChange(db, crm, row.id, '0'.repeat(64), humanActor(), NOW)).rejects.toThrow(/differs from the one you were shown/);
    const applied = await approveStageChange(db, crm, row.id, row.proposalHash, humanActor(), NOW);
    expect(applied).toMatchObject({ state: 'applied', approvedHash: row.proposalHash });
    expect((await crm.get('deal', dealId))?.stageId).toBe('proposal');
    await expect(undoStageChange(db, crm, row.id, cipher, NOW)).rejects.toThrow(/Only a person/);
    expect((await db.audit.orderBy('seq').toArray()).map((a) => a.action)).toEqual(['pipeline.stage_proposed', 'pipeline.stage_approved', 'pipeline.stage_changed']);
  });

  it('refuses a proposal for a stage the CRM lacks, and an approval after the deal moved', async () => {
    const { db, crm, dealId } = await setup();
    await expect(proposeStageChange(db, crm, { dealId, toStageId: 'nope' }, cipher, NOW)).rejects.toThrow(/no stage "nope"/);
    const row = await proposeStageChange(db, crm, { dealId, toStageId: 'demo' }, cipher, NOW);
    await crm.changeStage(dealId, 'negotiation');
    await expect(approveStageChange(db, crm, row.id, row.proposalHash, humanActor(), NOW)).rejects.toThrow(/moved to "Negotiation"/);
    expect((await crm.get('deal', dealId))?.stageId).toBe('negotiation');
  });
});

describe('pipelineStats', () => {
  const deal = (id: string, stageId: string, amount: number | null, updatedDaysAgo: number, properties: Record<string, string> = {}) =>
    CrmDeal.parse({ id, name: `Deal ${id}`, amount, pipelineId: 'default', stageId, updatedAt: new Date(NOW - updatedDaysAgo * DAY).toISOString(), properties });

  it('counts, values, conversion from current position, time in stage and ageing deals', () => {
    const deals = [
      deal('1', 'lead', 1000, 1),
      deal('2', 'lead', null, 30),
      deal('3', 'qualified', 5000, 3),
      deal('4', 'demo', 2000, 20, { stage_change_time: new Date(NOW - 10 * DAY).toISOString() }),
      deal('5', 'won', 8000, 40),
      deal('6', 'lost', 3000, 50),
      { ...deal('7', 'mystery', 1, 1) },
    ];
    const [stats] = pipelineStats(deals, [DEFAULT_PIPELINE], NOW, { ageingDays: 14 });
    const by = Object.fromEntries(stats!.stages.map((s) => [s.stageId, s]));
    expect(by.lead).toMatchObject({ count: 2, value: 1000, unvalued: 1, reached: 5, conversionToNext: 0.6 });
    expect(by.qualified).toMatchObject({ count: 1, value: 5000, reached: 3, conversionToNext: 0.6667 });
    expect(by.demo).toMatchObject({ count: 1, reached: 2, conversionToNext: 0.5, daysInStage: { mean: 10, median: 10 } });
    expect(by.won).toMatchObject({ count: 1, value: 8000, conversionToNext: null });
    expect(by.lost).toMatchObject({ count: 1, reached: 1, conversionToNext: null });
    expect(by.lead!.daysInStage).toEqual({ mean: 15.5, median: 15.5 });
    expect(stats!.ageing.map((a) => [a.dealId, a.daysSinceUpdate])).toEqual([['2', 30], ['4', 20]]);
    expect(stats!.unknownStage).toBe(1);
    expect(stats!.fromHistory).toBe(false);
  });

  it('uses stage history when there is one: a deal lost after the demo counts as having reached the demo', async () => {
    const { db, crm, dealId } = await setup();
    await changeStage(db, crm, { dealId, toStageId: 'demo' }, humanActor(), NOW - 5 * DAY);
    await changeStage(db, crm, { dealId, toStageId: 'lost' }, humanActor(), NOW - 2 * DAY);
    const history = stageHistoryFromChanges(await db.crmChanges.toArray());
    expect(history[dealId]!.map((h) => h.stageId)).toEqual(['qualified', 'demo', 'lost']);
    const deals = [(await crm.get('deal', dealId))!];
    const [stats] = pipelineStats(deals, [DEFAULT_PIPELINE], NOW, { history });
    const by = Object.fromEntries(stats!.stages.map((s) => [s.stageId, s]));
    expect([by.lead!.reached, by.qualified!.reached, by.demo!.reached, by.proposal!.reached, by.lost!.reached]).toEqual([1, 1, 1, 0, 1]);
    expect(by.demo!.conversionToNext).toBe(0);
    expect(by.lost!.daysInStage).toEqual({ mean: 2, median: 2 });
    expect(stats!.fromHistory).toBe(true);
  });
});

import { appendAudit, auditedTransaction } from '../../../audit/log';
import type { CrmAdapter, CrmDeal, Pipeline } from '../../../crm/model';
import type { Actor, CountersignDb, CrmChangeRow } from '../../../db/schema';
import { conflict, forbidden, notFound, UserFacingError } from '../../../protocol/errors';
import { proposalHash } from '../sync/diff';
import { denyChange } from '../change-set';

export interface StageChangeRequest {
  dealId: string;
  toStageId: string;
  pipelineId?: string;
}

/** Where a deal stood: enough to show it and to put it back. */
export interface StagePosition {
  pipelineId: string | null;
  stageId: string | null;
  stageLabel: string | null;
  updatedAt: string | null;
}

export interface StageProposal {
  dealId: string;
  dealName: string | null;
  from: StagePosition;
  to: { pipelineId: string; stageId: string; stageLabel: string };
}

export interface StageResults {
  before?: StagePosition;
  after?: StagePosition;
  appliedAt?: number;
  undo?: { before: StagePosition; after: StagePosition; at: number; by: Actor };
}

export type StageChangeRow = CrmChangeRow & { kind: 'pipeline'; proposal: StageProposal; results: StageResults };

const label = (pipelines: Pipeline[], pipelineId: string | null, stageId: string | null) =>
  pipelines.find((p) => p.id === pipelineId)?.stages.find((s) => s.id === stageId)?.label ?? pipelines.flatMap((p) => p.stages).find((s) => s.id === stageId)?.label ?? null;

const position = (deal: CrmDeal, pipelines: Pipeline[]): StagePosition => ({
  pipelineId: deal.pipelineId,
  stageId: deal.stageId,
  stageLabel: label(pipelines, deal.pipelineId, deal.stageId),
  updatedAt: deal.updatedAt,
});

/** Reads the deal and checks the target stage exists, so a proposal never names a stage the CRM lacks. */
async function plan(adapter: CrmAdapter, req: StageChangeRequest): Promise<{ deal: CrmDeal; pipelines: Pipeline[]; proposal: StageProposal }> {
  const deal = await adapter.get('deal', req.dealId);
  if (!deal) throw notFound('That deal');
  const pipelines = await adapter.pipelines();
  const pipeline = pipelines.find((p) => (req.pipelineId ? p.id === req.pipelineId : p.id === deal.pipelineId && p.stages.some((s) => s.id === req.toStageId))) ??
    pipelines.find((p) => p.stages.some((s) => s.id === req.toStageId));
  const stage = pipeline?.stages.find((s) => s.id === req.toStageId);
  if (!pipeline || !stage) throw new UserFacingError('invalid_request', `The CRM has no stage "${req.toStageId}"${req.pipelineId ? ` in pipeline "${req.pipelineId}"` : ''}.`);
  if (deal.stageId === stage.id && deal.pipelineId === pipeline.id) throw new UserFacingError('invalid_request', `The deal is already in "${stage.label}".`);
  return { deal, pipelines, proposal: { dealId: deal.id, dealName: deal.name, from: position(deal, pipelines), to: { pipelineId: pipeline.id, stageId: stage.id, stageLabel: stage.label } } };
}

async function load(db: CountersignDb, id: string): Promise<StageChangeRow> {
  const row = await db.crmChanges.get(id);
  if (!row || row.kind !== 'pipeline') throw notFound('That stage change');
  return row as StageChangeRow;
}

const newRow = (adapter: CrmAdapter, proposal: StageProposal, by: Actor, now: number, id = crypto.randomUUID()): StageChangeRow => ({
  id,
  kind: 'pipeline',
  crm: adapter.kind,
  state: 'proposed',
  proposal,
  proposalHash: proposalHash(proposal),
  approvedHash: null,
  results: {},
  proposedBy: by,
  createdAt: now,
  updatedAt: now,
});

/** Writes the stage to the CRM (if the deal has not moved since the proposal) and records before → after. */
async function execute(db: CountersignDb, adapter: CrmAdapter, row: StageChangeRow, actor: Actor, now: number): Promise<StageChangeRow> {
  const { proposal } = row;
  const pipelines = await adapter.pipelines();
  const deal = await adapter.get('deal', proposal.dealId);
  if (!deal) throw notFound('That deal');
  if (deal.stageId !== proposal.from.stageId || deal.pipelineId !== proposal.from.pipelineId) {
    throw conflict(`The deal moved to "${label(pipelines, deal.pipelineId, deal.stageId) ?? deal.stageId}" since this change was proposed. Propose it again from where it is now.`);
  }
  const updated = await adapter.changeStage(proposal.dealId, proposal.to.stageId, proposal.to.pipelineId);
  const before = position(deal, pipelines);
  const after = position(updated, pipelines);
  return auditedTransaction(db, ['crmChanges'], async () => {
    const current = await load(db, row.id);
    const next: StageChangeRow = { ...current, state: 'applied', results: { before, after, appliedAt: now }, updatedAt: now };
    await db.crmChanges.put(next);
    await appendAudit(db, {
      actor,
      action: 'pipeline.stage_changed',
      subjectId: row.id,
      contentHash: row.proposalHash,
      at: now,
      detail: { crm: row.crm, dealId: proposal.dealId, dealName: proposal.dealName, before, after, proposedBy: row.proposedBy },
    });
    return next;
  });
}

/** An agent (or anyone) proposes moving a deal; nothing changes in the CRM until a person approves. */
export async function proposeStageChange(db: CountersignDb, adapter: CrmAdapter, req: StageChangeRequest, proposedBy: Actor, now: number): Promise<StageChangeRow> {
  const { proposal } = await plan(adapter, req);
  const row = newRow(adapter, proposal, proposedBy, now);
  await auditedTransaction(db, ['crmChanges'], async () => {
    await db.crmChanges.add(row);
    await appendAudit(db, { actor: proposedBy, action: 'pipeline.stage_proposed', subjectId: row.id, contentHash: row.proposalHash, at: now, detail: { dealId: proposal.dealId, from: proposal.from, to: proposal.to } });
  });
  return row;
}

/** A person approves the proposal they were shown (`shownHash`); it is applied at once. */
export async function approveStageChange(db: CountersignDb, adapter: CrmAdapter, id: string, shownHash: string, actor: Actor, now: number): Promise<StageChangeRow> {
  if (actor.type !== 'human') throw forbidden('Only a person can approve a stage change.');
  const approved = await auditedTransaction(db, ['crmChanges'], async () => {
    const row = await load(db, id);
    if (row.state !== 'proposed') throw conflict(`This stage change is ${row.state}; only a proposed change can be approved.`);
    const fresh = proposalHash(row.proposal);
    if (shownHash !== row.proposalHash || fresh !== row.proposalHash) throw conflict('The stage change differs from the one you were shown. Review it again.');
    const next: StageChangeRow = { ...row, state: 'approved', approvedHash: fresh, updatedAt: now };
    await db.crmChanges.put(next);
    await appendAudit(db, { actor, action: 'pipeline.stage_approved', subjectId: id, contentHash: fresh, at: now });
    return next;
  });
  return execute(db, adapter, approved, actor, now);
}

/**
 * A person's own stage change from the panel: applied immediately (their action is the approval),
 * and recorded like any other so it can be undone. Agents must propose instead.
 */
export async function changeStage(db: CountersignDb, adapter: CrmAdapter, req: StageChangeRequest, actor: Actor, now: number): Promise<StageChangeRow> {
  if (actor.type !== 'human') throw forbidden('An agent cannot move a deal; it can only propose the change for a person to approve.');
  const { proposal } = await plan(adapter, req);
  const row = newRow(adapter, proposal, actor, now);
  const approved: StageChangeRow = { ...row, state: 'approved', approvedHash: row.proposalHash };
  await auditedTransaction(db, ['crmChanges'], async () => {
    await db.crmChanges.add(approved);
  });
  return execute(db, adapter, approved, actor, now);
}

/**
 * Puts the deal back where it was before the change, unless it has moved again since (then the
 * undo would overwrite someone's later move, and it is refused with where the deal is now).
 */
export async function undoStageChange(db: CountersignDb, adapter: CrmAdapter, changeId: string, actor: Actor, now: number): Promise<StageChangeRow> {
  if (actor.type !== 'human') throw forbidden('Only a person can undo a stage change.');
  const row = await load(db, changeId);
  if (row.state !== 'applied' || !row.results.before || !row.results.after) throw conflict(`This stage change is ${row.state}; only an applied change can be undone.`);
  const { before, after } = row.results;
  const deal = await adapter.get('deal', row.proposal.dealId);
  if (!deal) throw notFound('That deal');
  if (deal.stageId !== after.stageId || deal.pipelineId !== after.pipelineId) {
    const pipelines = await adapter.pipelines();
    throw conflict(
      `The deal has moved again since this change (it is now in "${label(pipelines, deal.pipelineId, deal.stageId) ?? deal.stageId}"), so undoing it would overwrite that later move. Change the stage yourself if it should go back to "${before.stageLabel ?? before.stageId}".`,
    );
  }
  if (!before.stageId) throw conflict('The deal had no stage before this change; there is nothing to put it back to.');
  const pipelines = await adapter.pipelines();
  const restored = await adapter.changeStage(deal.id, before.stageId, before.pipelineId ?? undefined);
  const undo = { before: position(deal, pipelines), after: position(restored, pipelines), at: now, by: actor };
  return auditedTransaction(db, ['crmChanges'], async () => {
    const current = await load(db, changeId);
    const next: StageChangeRow = { ...current, state: 'rolled_back', results: { ...current.results, undo }, updatedAt: now };
    await db.crmChanges.put(next);
    await appendAudit(db, { actor, action: 'pipeline.stage_undone', subjectId: changeId, contentHash: row.proposalHash, at: now, detail: { crm: row.crm, dealId: deal.id, before: undo.before, after: undo.after } });
    return next;
  });
}

/** Stage history per deal from applied (and undone) stage changes, oldest first, for pipelineStats. */
export function stageHistoryFromChanges(rows: CrmChangeRow[]): Record<string, { stageId: string; at: number }[]> {
  const out: Record<string, { stageId: string; at: number }[]> = {};
  for (const row of [...rows].sort((a, b) => a.createdAt - b.createdAt)) {
    if (row.kind !== 'pipeline') continue;
    const { proposal, results } = row as StageChangeRow;
    const list = (out[proposal.dealId] ??= []);
    // The stage before the first recorded change: entered no later than that change (its updatedAt at best).
    if (results.before?.stageId && !list.length) {
      const read = results.before.updatedAt ? Date.parse(results.before.updatedAt) : NaN;
      list.push({ stageId: results.before.stageId, at: Number.isFinite(read) ? Math.min(read, row.createdAt) : row.createdAt });
    }
    if (results.after?.stageId && results.appliedAt !== undefined) list.push({ stageId: results.after.stageId, at: results.appliedAt });
    if (results.undo?.after.stageId) list.push({ stageId: results.undo.after.stageId, at: results.undo.at });
  }
  for (const list of Object.values(out)) list.sort((a, b) => a.at - b.at);
  return out;
}

/** A person turns a proposed stage change down, with a reason (audited as crm.pipeline.denied). */
export const denyStageChange = (db: CountersignDb, id: string, reason: string, actor: Actor, now: number): Promise<StageChangeRow> =>
  denyChange(db, 'pipeline', (x) => load(db, x), id, reason, actor, now);

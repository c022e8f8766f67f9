import { humanActor } from '../audit/log';
import {
  approveStageChange,
  changeStage,
  denyStageChange,
  pipelineStats,
  proposeStageChange,
  stageHistoryFromChanges,
  undoStageChange,
  type StageChangeRow,
} from '../agents/cipher/pipeline';
import type { CountersignDb } from '../db/schema';
import { listAll } from '../crm/list-all';
import { notFound, UserFacingError } from '../protocol/errors';
import type { Handlers } from '../protocol/router';
import type { PipelineView, StageChangeView } from '../protocol/responses';
import { asUser, type CrmServices } from './crm';

type PipelineRequest = 'pipeline.view' | 'pipeline.change' | 'pipeline.propose' | 'pipeline.approve' | 'pipeline.deny' | 'pipeline.undo';

/** Deals read for the pipeline view: beyond this the stats say they cover the deals read. */
export const DEAL_LIMIT = 2_000;
/** Who proposes a move asked for on a CRM deal page: the page cannot prove a person asked, so a person approves it. */
const CRM_PAGE = { type: 'system', id: 'crm-page' } as const;

export function stageChangeView(row: StageChangeRow): StageChangeView {
  const { proposal, results } = row;
  return {
    id: row.id,
    state: row.state,
    crm: row.crm,
    proposalHash: row.proposalHash,
    dealId: proposal.dealId,
    dealName: proposal.dealName,
    from: { stageId: proposal.from.stageId, label: proposal.from.stageLabel },
    to: { stageId: proposal.to.stageId, label: proposal.to.stageLabel },
    proposedBy: row.proposedBy,
    createdAt: row.createdAt,
    appliedAt: results.appliedAt ?? null,
    undoneAt: results.undo?.at ?? null,
    undoable: row.state === 'applied' && !results.undo,
  };
}

/**
 * The pipeline in the background: stats from the active CRM's deals (with the stage history
 * Countersign recorded), the rep's own stage moves (applied at once, logged, undoable), and
 * proposed moves (from agents or a CRM page) that wait for a person.
 */
export function createPipelineHandlers(crm: CrmServices, db: CountersignDb, now: () => number = Date.now): Pick<Handlers, PipelineRequest> {
  const load = async (id: string): Promise<StageChangeRow> => {
    const row = await db.crmChanges.get(id);
    if (!row || row.kind !== 'pipeline') throw notFound('That stage change');
    return row as StageChangeRow;
  };
  const adapterFor = (row: StageChangeRow) => crm.forChange(row, 'this stage change');
  const guarded = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (e) {
      throw asUser(e);
    }
  };

  return {
    'pipeline.view': () =>
      guarded(async (): Promise<PipelineView> => {
        const adapter = await crm.active();
        const [pipelines, { items: deals, truncated }] = await Promise.all([adapter.pipelines(), listAll(adapter, 'deal', DEAL_LIMIT)]);
        const rows = (await db.crmChanges.where('kind').equals('pipeline').toArray()).filter((r) => r.crm === adapter.kind) as StageChangeRow[];
        const t = now();
        return {
          crm: adapter.kind,
          pipelines: pipelines.map((p) => ({ id: p.id, label: p.label, stages: [...p.stages].sort((a, b) => a.order - b.order).map((s) => ({ id: s.id, label: s.label, closed: s.closed })) })),
          stats: pipelineStats(deals, pipelines, t, { history: stageHistoryFromChanges(rows) }),
          deals: deals.map(({ id, name, amount, currency, pipelineId, stageId, updatedAt }) => ({ id, name, amount, currency, pipelineId, stageId, updatedAt })),
          truncated,
          changes: rows.sort((a, b) => b.createdAt - a.createdAt).slice(0, 30).map(stageChangeView),
          readAt: t,
        };
      }),

    'pipeline.change': (req) => guarded(async () => stageChangeView(await changeStage(db, await crm.active(), req, humanActor(), now()))),

    'pipeline.propose': (req) =>
      guarded(async () => {
        const adapter = await crm.active();
        if (req.crm && req.crm !== adapter.kind) throw new UserFacingError('conflict', `This deal is in ${req.crm}, but Countersign's system of record is ${adapter.kind}. Change it in settings to move deals here.`);
        return stageChangeView(await proposeStageChange(db, adapter, { dealId: req.dealId, toStageId: req.toStageId, pipelineId: req.pipelineId }, CRM_PAGE, now()));
      }),

    'pipeline.approve': (req) =>
      guarded(async () => {
        const row = await load(req.changeId);
        return stageChangeView(await approveStageChange(db, await adapterFor(row), req.changeId, req.proposalHash, humanActor(), now()));
      }),

    'pipeline.deny': (req) => guarded(async () => stageChangeView(await denyStageChange(db, req.changeId, req.reason, humanActor(), now()))),

    'pipeline.undo': (req) =>
      guarded(async () => {
        const row = await load(req.changeId);
        return stageChangeView(await undoStageChange(db, await adapterFor(row), req.changeId, humanActor(), now()));
      }),
  };
}

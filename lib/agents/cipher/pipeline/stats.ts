import type { CrmDeal, Pipeline, Stage } from '../../../crm/model';

const DAY = 86_400_000;

export interface StageStats {
  stageId: string;
  label: string;
  closed: Stage['closed'];
  /** Deals in this stage now. */
  count: number;
  /** Sum of their amounts (deals without an amount count as 0; `unvalued` says how many). */
  value: number;
  unvalued: number;
  /** Days the deals now in this stage have spent in it (mean and median; null when none). */
  daysInStage: { mean: number; median: number } | null;
  /** Share of deals that reached this stage and went on to the next open/won stage (null: none reached it or last stage). */
  conversionToNext: number | null;
  /** Deals that reached this stage at some point (from history, else their current position). */
  reached: number;
}

export interface AgeingDeal {
  dealId: string;
  name: string | null;
  pipelineId: string;
  stageId: string;
  daysSinceUpdate: number;
}

export interface PipelineStats {
  pipelineId: string;
  label: string;
  stages: StageStats[];
  ageing: AgeingDeal[];
  /** Deals whose stage is not in this pipeline's stage list. */
  unknownStage: number;
  /** Whether conversion came from recorded stage history for every deal (else partly from current position). */
  fromHistory: boolean;
}

export interface PipelineStatsOptions {
  /** An open deal not updated for more than this many days is ageing. Default 14. */
  ageingDays?: number;
  /** Stage history per deal id, oldest first (e.g. stageHistoryFromChanges). */
  history?: Record<string, { stageId: string; at: number }[]>;
}

const ms = (iso: string | null | undefined): number | null => {
  if (!iso) return null;
  const n = /^\d+$/.test(iso) ? Number(iso) : Date.parse(iso);
  return Number.isFinite(n) ? n : null;
};

/** When the deal entered its current stage: history, else a CRM stage-entered property, else updatedAt. */
function enteredAt(deal: CrmDeal, history: { stageId: string; at: number }[] | undefined): number | null {
  const fromHistory = history?.filter((h) => h.stageId === deal.stageId).at(-1)?.at;
  if (fromHistory !== undefined) return fromHistory;
  const p = deal.properties;
  return ms(p[`hs_date_entered_${deal.stageId}`]) ?? ms(p.hs_v2_date_entered_current_stage) ?? ms(p.stage_change_time) ?? ms(p.stage_entered_at) ?? ms(deal.updatedAt);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const round = (n: number, places = 2) => Math.round(n * 10 ** places) / 10 ** places;

/**
 * Pipeline figures from deals as read (pure): count and value per stage, conversion between
 * consecutive stages, time in stage, and ageing deals. Conversion counts a deal as having reached
 * every non-lost stage up to the furthest one it is known to have reached (skipped stages were
 * passed); lost deals count only the stages their history shows.
 */
export function pipelineStats(deals: CrmDeal[], pipelines: Pipeline[], now: number, opts: PipelineStatsOptions = {}): PipelineStats[] {
  const ageingMs = (opts.ageingDays ?? 14) * DAY;
  return pipelines.map((pipeline) => {
    const stages = [...pipeline.stages].sort((a, b) => a.order - b.order);
    const byId = new Map(stages.map((s) => [s.id, s]));
    const mine = deals.filter((d) => d.pipelineId === pipeline.id || (d.pipelineId === null && d.stageId !== null && byId.has(d.stageId)));
    const known = mine.filter((d) => d.stageId !== null && byId.has(d.stageId));
    const ladder = stages.filter((s) => s.closed !== 'lost');
    const reached = new Map<string, number>(stages.map((s) => [s.id, 0]));
    let fromHistory = known.length > 0;
    for (const deal of known) {
      const hist = opts.history?.[deal.id]?.filter((h) => byId.has(h.stageId)) ?? [];
      if (!hist.length) fromHistory = false;
      const seen = new Set([...hist.map((h) => h.stageId), deal.stageId!]);
      const furthest = Math.max(-Infinity, ...[...seen].map((id) => byId.get(id)!).filter((s) => s.closed !== 'lost').map((s) => s.order));
      for (const s of ladder) if (s.order <= furthest) seen.add(s.id);
      for (const id of seen) reached.set(id, (reached.get(id) ?? 0) + 1);
    }
    const stats: StageStats[] = stages.map((stage) => {
      const here = known.filter((d) => d.stageId === stage.id);
      const days = here.map((d) => enteredAt(d, opts.history?.[d.id])).filter((t): t is number => t !== null).map((t) => Math.max(0, (now - t) / DAY));
      const at = ladder.findIndex((s) => s.id === stage.id);
      const next = at >= 0 && at < ladder.length - 1 && stage.closed === null ? ladder[at + 1]! : null;
      const r = reached.get(stage.id) ?? 0;
      return {
        stageId: stage.id,
        label: stage.label,
        closed: stage.closed,
        count: here.length,
        value: here.reduce((sum, d) => sum + (d.amount ?? 0), 0),
        unvalued: here.filter((d) => d.amount === null).length,
        daysInStage: days.length ? { mean: round(days.reduce((a, b) => a + b, 0) / days.length), median: round(median(days)) } : null,
        conversionToNext: next && r > 0 ? round((reached.get(next.id) ?? 0) / r, 4) : null,
        reached: r,
      };
    });
    const ageing = known
      .filter((d) => byId.get(d.stageId!)!.closed === null)
      .map((d) => ({ d, updated: ms(d.updatedAt) }))
      .filter(({ updated }) => updated !== null && now - updated > ageingMs)
      .map(({ d, updated }) => ({ dealId: d.id, name: d.name, pipelineId: pipeline.id, stageId: d.stageId!, daysSinceUpdate: Math.floor((now - updated!) / DAY) }))
      .sort((a, b) => b.daysSinceUpdate - a.daysSinceUpdate);
    return { pipelineId: pipeline.id, label: pipeline.label, stages: stats, ageing, unknownStage: mine.length - known.length, fromHistory };
  });
}

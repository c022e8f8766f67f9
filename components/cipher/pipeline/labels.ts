import type { Actor } from '../../../lib/db/schema';
import type { PipelineView, StageChangeView } from '../../../lib/protocol/responses';

export type PipelineDeal = PipelineView['deals'][number];
export type PipelineInfo = PipelineView['pipelines'][number];

const AGENTS: Record<string, string> = { scout: 'Scout', herald: 'Herald', cipher: 'Cipher', sentinel: 'Sentinel' };

/** Who proposed or made a change, in a few words. */
export function actorLabel(actor: Actor): string {
  if (actor.type === 'agent') return `${AGENTS[actor.id] ?? actor.id} (agent)`;
  if (actor.type === 'human') return actor.id === 'rep' ? 'You' : actor.id;
  return `System (${actor.id})`;
}

export const STATE_LABEL: Record<StageChangeView['state'], string> = {
  proposed: 'Waiting for approval',
  approved: 'Approved',
  applying: 'Applying',
  applied: 'Applied',
  partial: 'Partly applied',
  denied: 'Denied',
  rolled_back: 'Undone',
  superseded: 'Superseded',
};

export const dealLabel = (name: string | null, id: string): string => name?.trim() || `Deal ${id}`;

export const stageLabel = (stage: { stageId: string | null; label: string | null }): string => stage.label ?? stage.stageId ?? 'no stage';

/** The deals of a pipeline, as the stats count them: in it, or without a pipeline but at one of its stages. */
export function dealsOf(view: PipelineView, pipeline: PipelineInfo): PipelineDeal[] {
  const stages = new Set(pipeline.stages.map((s) => s.id));
  return view.deals.filter((d) => d.pipelineId === pipeline.id || (d.pipelineId === null && d.stageId !== null && stages.has(d.stageId)));
}

/** The one currency the pipeline's amounts are in; null when none is given or they differ. */
export function commonCurrency(deals: readonly PipelineDeal[]): { currency: string | null; mixed: boolean } {
  const codes = new Set(deals.filter((d) => d.amount !== null && d.currency).map((d) => d.currency!.toUpperCase()));
  return codes.size === 1 ? { currency: [...codes][0]!, mixed: false } : { currency: null, mixed: codes.size > 1 };
}

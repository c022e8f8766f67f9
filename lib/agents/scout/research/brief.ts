import { UserFacingError } from '../../../protocol/errors';
import type { ModelClient } from '../../../llm/client';
import type { ResearchContext } from './context';
import { researchFacts } from './facts';
import type { ResearchBrief } from './model';
import { synthesise } from './synthesis';

export const NO_MODEL = 'No model is configured: these are the facts from your own data, without a synthesis.';
export const SYNTHESIS_FAILED = 'The synthesis failed: these are the facts from your own data alone.';

/**
 * A research brief on a lead: the facts from the rep's own data and, with a model, a short
 * synthesis whose every claim cites those facts. A model failure never costs the facts.
 */
export async function buildBrief(ctx: ResearchContext, model: ModelClient | null): Promise<ResearchBrief> {
  const facts = researchFacts(ctx);
  const generatedAt = new Date(ctx.now).toISOString();
  if (!model) return { facts, synthesis: null, generatedAt, partial: NO_MODEL };
  try {
    return { facts, synthesis: await synthesise(model, facts), generatedAt };
  } catch (e) {
    const message = e instanceof UserFacingError ? e.message : `The model call failed: ${e instanceof Error ? e.message : String(e)}`;
    return { facts, synthesis: null, synthesisError: message, generatedAt, partial: SYNTHESIS_FAILED };
  }
}

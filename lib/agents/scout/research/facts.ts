import type { ResearchContext } from './context';
import { crmFacts } from './crm-facts';
import { identityFacts } from './identity-facts';
import { clip, type Fact } from './model';
import { threadFacts } from './thread-facts';

/**
 * The facts of a research brief, numbered S1, S2…: who the lead is (address, signature), what
 * the threads say and what the CRM holds. Deterministic and offline: the same data gives the
 * same facts, and nothing is looked up on the web.
 */
export function researchFacts(ctx: ResearchContext): Fact[] {
  const drafts = [...identityFacts(ctx.lead, ctx.messages, ctx.crm?.company), ...threadFacts(ctx), ...crmFacts(ctx.crm, ctx.lead.email)];
  return drafts.map((d, i) => ({ id: `S${i + 1}`, text: clip(d.text, 600), evidence: { ...d.evidence, quote: clip(d.evidence.quote, 500) } }));
}

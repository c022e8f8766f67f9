import { z } from 'zod';
import { Evidence } from '../model';

/**
 * A research brief's vocabulary. A fact is something the rep's own data says (a thread, the CRM,
 * a signature, the address's domain), numbered S1, S2… within one brief. A claim is the model's
 * synthesis of facts and is shown only when every source it cites is one of those facts.
 */
export const FactId = z.string().regex(/^S[1-9]\d*$/);
export type FactId = z.infer<typeof FactId>;

export const Fact = z.object({
  id: FactId,
  /** One line a rep reads ("Dana Whitfield's signature gives the title VP Operations"). */
  text: z.string().min(1).max(600),
  evidence: Evidence,
});
export type Fact = z.infer<typeof Fact>;

/** A fact as collected, before the brief numbers it. */
export type FactDraft = Omit<Fact, 'id'>;

export const ClaimSource = z.object({ id: FactId, text: z.string(), evidence: Evidence });
export type ClaimSource = z.infer<typeof ClaimSource>;

export const SourcedClaim = z.object({
  text: z.string().min(1).max(400),
  sources: z.array(ClaimSource).min(1),
});
export type SourcedClaim = z.infer<typeof SourcedClaim>;

/** Why a claim the model wrote is not shown. */
export const DropReason = z.enum(['no_source', 'unknown_source', 'unsupported_detail', 'over_limit']);
export type DropReason = z.infer<typeof DropReason>;

export const DroppedClaim = z.object({
  text: z.string(),
  why: DropReason,
  /** For the rep: "cites S99, which is not in this brief". */
  detail: z.string(),
});
export type DroppedClaim = z.infer<typeof DroppedClaim>;

export const Synthesis = z.object({
  claims: z.array(SourcedClaim),
  dropped: z.array(DroppedClaim),
});
export type Synthesis = z.infer<typeof Synthesis>;

export const ResearchBrief = z.object({
  facts: z.array(Fact),
  /** null when no model is configured or the model call failed: the facts stand alone. */
  synthesis: Synthesis.nullable(),
  /** The model's failure as the rep should read it (timeout, malformed answer…). */
  synthesisError: z.string().optional(),
  /** ISO 8601 */
  generatedAt: z.string(),
  /** Set when the brief is less than a full one, with the reason for the panel. */
  partial: z.string().optional(),
});
export type ResearchBrief = z.infer<typeof ResearchBrief>;

/** Shortens text for an evidence quote or a fact line, marking the cut. */
export function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

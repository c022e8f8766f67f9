import type { DroppedClaim, DropReason } from './model';

/** How many claims a synthesis may make (more are left out). Here, not in grounding.ts, so the panel can use it without zod. */
export const MAX_CLAIMS = 6;

const PHRASES: Record<DropReason, [string, string]> = {
  no_source: ['claim without a source was dropped', 'claims without a source were dropped'],
  unknown_source: ['claim citing a fact not in this brief was dropped', 'claims citing facts not in this brief were dropped'],
  unsupported_detail: ['claim stating details its sources do not contain was dropped', 'claims stating details their sources do not contain were dropped'],
  over_limit: [`claim beyond the ${MAX_CLAIMS} asked for was left out`, `claims beyond the ${MAX_CLAIMS} asked for were left out`],
};

/** One line per reason, for the panel: "2 claims without a source were dropped". */
export function droppedSummary(dropped: readonly DroppedClaim[]): string[] {
  const counts = new Map<DropReason, number>();
  for (const d of dropped) counts.set(d.why, (counts.get(d.why) ?? 0) + 1);
  return [...counts].map(([why, n]) => `${n} ${PHRASES[why][n === 1 ? 0 : 1]}`);
}

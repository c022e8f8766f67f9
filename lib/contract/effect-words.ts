import type { Effect } from '../agents/runtime';

/** A tool's effect in words (its own module: the side panel shows it without loading the tools). */
export const EFFECT_WORDS: Record<Effect, string> = {
  read: 'reads',
  propose: 'proposes (a person reviews)',
  execute: 'acts on the world (only after approval)',
};

/** Order statistics over a handful of samples: what the bench reports instead of means. */
export interface Summary {
  n: number;
  median: number;
  p95: number;
  min: number;
  max: number;
}

const sorted = (xs: readonly number[]): number[] => [...xs].sort((a, b) => a - b);

/** Nearest-rank quantile (q in 0..1): always one of the samples, never an interpolation. */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = sorted(xs);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = sorted(xs);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function summarize(xs: readonly number[]): Summary {
  const s = sorted(xs);
  return { n: s.length, median: median(s), p95: quantile(s, 0.95), min: s[0] ?? Number.NaN, max: s.at(-1) ?? Number.NaN };
}

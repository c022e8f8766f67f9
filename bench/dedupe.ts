/**
 * Cipher's duplicate detection over seeded contact lists with planted duplicates and near-misses
 * (the same generator as the precision/recall test): 10k, 30k and 100k contacts by default. Pure
 * computation in this Node process. One discarded warm-up pass per size, then timed passes; the
 * 100k/10k time ratio is set against the 10× of linear growth.
 *
 *   npx tsx bench/dedupe.ts [--sizes 10000,30000,100000] [--runs 3]
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { findDuplicates } from '../lib/agents/cipher/dedupe/find-duplicates';
import { pairMetrics, plantedDataset } from '../lib/agents/cipher/dedupe/planted.test-helper';
import { budgets } from './budgets';
import { summarize, type Summary } from './stats';

export const DEDUPE_BUDGET_MS = budgets.cipherDedupeMs.limit;
export const DEDUPE_BUDGET_SIZE = 100_000;

export interface DedupeBenchSample {
  runs: number;
  sizes: { contacts: number; ms: Summary; clusters: number; precision: number; recall: number }[];
  /** Median time at the largest size / at the smallest. */
  ratio: number;
  /** What linear growth would give for that ratio (largest / smallest size). */
  linearRatio: number;
  budgetMs: number;
  /** The size the budget applies to when it was measured, else null (smoke sizes). */
  budgetSize: number | null;
  withinBudget: boolean;
}

export function benchDedupe(options: { sizes?: number[]; runs?: number } = {}): DedupeBenchSample {
  const sizes = options.sizes ?? [10_000, 30_000, 100_000];
  const runs = options.runs ?? 3;
  for (const v of [...sizes, runs]) if (!Number.isInteger(v) || v < 1) throw new Error(`sizes and runs must be positive integers, got ${v}`);
  if (!sizes.length) throw new Error('no sizes');
  const results: DedupeBenchSample['sizes'] = [];
  for (const contacts of [...sizes].sort((a, b) => a - b)) {
    const data = plantedDataset(contacts, 7);
    const times: number[] = [];
    let clusters = findDuplicates(data.contacts); // warm-up, discarded
    for (let run = 0; run < runs; run++) {
      const t0 = performance.now();
      clusters = findDuplicates(data.contacts);
      times.push(performance.now() - t0);
    }
    const m = pairMetrics(data, clusters);
    results.push({ contacts, ms: summarize(times), clusters: clusters.length, precision: m.precision, recall: m.recall });
  }
  const first = results[0]!;
  const last = results.at(-1)!;
  const budgeted = results.find((r) => r.contacts === DEDUPE_BUDGET_SIZE);
  return {
    runs,
    sizes: results,
    ratio: last.ms.median / first.ms.median,
    linearRatio: last.contacts / first.contacts,
    budgetMs: DEDUPE_BUDGET_MS,
    budgetSize: budgeted ? DEDUPE_BUDGET_SIZE : null,
    withinBudget: budgeted ? budgeted.ms.median < DEDUPE_BUDGET_MS : true,
  };
}

export function renderDedupe(s: DedupeBenchSample): string {
  const first = s.sizes[0]!;
  const last = s.sizes.at(-1)!;
  const budgeted = s.sizes.find((r) => r.contacts === s.budgetSize);
  return [
    `Cipher duplicate detection (seeded contacts with planted duplicates; median of ${s.runs} runs after a warm-up; Node ${process.version})`,
    ...s.sizes.map((r) => `  ${r.contacts.toLocaleString('en-US').padStart(8)} contacts  median ${r.ms.median.toFixed(0).padStart(5)} ms (min ${r.ms.min.toFixed(0)}, max ${r.ms.max.toFixed(0)}); ${r.clusters} clusters, precision ${r.precision.toFixed(4)}, recall ${r.recall.toFixed(4)}`),
    `  growth ${last.contacts.toLocaleString('en-US')}/${first.contacts.toLocaleString('en-US')}: ×${s.ratio.toFixed(2)} in time against ×${s.linearRatio.toFixed(0)} for linear`,
    budgeted
      ? `  budget ${s.budgetSize!.toLocaleString('en-US')} contacts < ${s.budgetMs} ms: ${s.withinBudget ? 'ok' : 'OVER'} (median = ${((budgeted.ms.median / s.budgetMs) * 100).toFixed(1)}% of budget)`
      : `  budget (${DEDUPE_BUDGET_SIZE.toLocaleString('en-US')} contacts < ${s.budgetMs} ms) not measured at these sizes`,
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { sizes: { type: 'string' }, runs: { type: 'string' } } });
  try {
    const sample = benchDedupe({ sizes: values.sizes?.split(',').map(Number), runs: values.runs === undefined ? undefined : Number(values.runs) });
    console.log(renderDedupe(sample));
    process.exitCode = sample.withinBudget ? 0 : 1;
  } catch (error) {
    console.error(`[bench] dedupe failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 2;
  }
}

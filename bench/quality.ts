/**
 * Herald's draft quality gate: the whole report per draft (over a few hundred realistic, personal
 * drafts, with no history), and the near-duplicate check of one draft against N stored drafts
 * (5,000 by default; templated drafts, so many share LSH bands and are verified exactly).
 * Pure computation in this Node process. One discarded warm-up pass, then timed passes.
 *
 *   npx tsx bench/quality.ts [--drafts 300] [--stored 5000] [--runs 5]
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { GenericIndex } from '../lib/agents/herald/quality/generic-index';
import { qualityReport } from '../lib/agents/herald/quality/report';
import { sampleDraft, storedDrafts } from '../lib/agents/herald/quality/sample-drafts.test-helper';
import { budgets } from './budgets';
import { summarize, type Summary } from './stats';

export const GENERIC_CHECK_BUDGET_MS = budgets.heraldGenericCheckMs.limit;

export interface QualityBenchSample {
  drafts: number;
  stored: number;
  runs: number;
  /** qualityReport() per draft, without history (µs), over all timed runs. */
  reportUs: Summary;
  /** Building the index of `stored` drafts, once (ms). */
  indexBuildMs: number;
  /** One GenericIndex.check() against `stored` drafts (ms), per draft checked. */
  checkMs: Summary;
  /** Checks that found a near-duplicate to another prospect (templated drafts: expect many). */
  matched: number;
  /** qualityReport() with history, per draft (ms). */
  reportWithHistoryMs: Summary;
  budgetMs: number;
  /** p95 check time / budget. */
  budgetRatio: number;
  withinBudget: boolean;
}

export function benchQuality(options: { drafts?: number; stored?: number; runs?: number } = {}): QualityBenchSample {
  const drafts = options.drafts ?? 300;
  const stored = options.stored ?? 5_000;
  const runs = options.runs ?? 5;
  for (const [name, v] of [['drafts', drafts], ['stored', stored], ['runs', runs]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a positive integer, got ${v}`);
  }
  // Fresh drafts (another seed) checked against stored ones, as a new draft would be.
  const samples = Array.from({ length: drafts }, (_, i) => sampleDraft(i, 11));
  const reportUs: number[] = [];
  for (let run = 0; run <= runs; run++) {
    for (const { draft, prospect } of samples) {
      const t0 = performance.now();
      qualityReport(draft, { prospect });
      if (run > 0) reportUs.push((performance.now() - t0) * 1000);
    }
  }

  const t0 = performance.now();
  const index = GenericIndex.from(storedDrafts(stored));
  const indexBuildMs = performance.now() - t0;
  const checkMs: number[] = [];
  const withHistory: number[] = [];
  let matched = 0;
  for (let run = 0; run <= runs; run++) {
    for (const { draft, prospect } of samples) {
      const c0 = performance.now();
      const match = index.check(draft.body, { to: prospect.email });
      const c1 = performance.now();
      qualityReport(draft, { prospect, history: index });
      const c2 = performance.now();
      if (run === 0) continue;
      checkMs.push(c1 - c0);
      withHistory.push(c2 - c1);
      if (run === 1 && match) matched++;
    }
  }
  const check = summarize(checkMs);
  return {
    drafts,
    stored,
    runs,
    reportUs: summarize(reportUs),
    indexBuildMs,
    checkMs: check,
    matched,
    reportWithHistoryMs: summarize(withHistory),
    budgetMs: GENERIC_CHECK_BUDGET_MS,
    budgetRatio: check.p95 / GENERIC_CHECK_BUDGET_MS,
    withinBudget: check.p95 < GENERIC_CHECK_BUDGET_MS,
  };
}

export function renderQuality(s: QualityBenchSample): string {
  const n = (x: number, digits = 0) => x.toFixed(digits);
  return [
    `Herald quality gate (${s.drafts} realistic drafts × ${s.runs} runs after a warm-up; Node ${process.version})`,
    `  report per draft            median ${n(s.reportUs.median)} µs, p95 ${n(s.reportUs.p95)} µs (max ${n(s.reportUs.max)})`,
    `  generic check vs ${s.stored.toLocaleString('en-US')} drafts  median ${n(s.checkMs.median, 2)} ms, p95 ${n(s.checkMs.p95, 2)} ms   budget < ${s.budgetMs} ms: ${s.withinBudget ? 'ok' : 'OVER'} (p95 = ${(s.budgetRatio * 100).toFixed(1)}% of budget)`,
    `  report with that history    median ${n(s.reportWithHistoryMs.median, 2)} ms, p95 ${n(s.reportWithHistoryMs.p95, 2)} ms; ${s.matched} of ${s.drafts} drafts matched a templated draft; index built in ${n(s.indexBuildMs)} ms`,
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { drafts: { type: 'string' }, stored: { type: 'string' }, runs: { type: 'string' } } });
  const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  try {
    const sample = benchQuality({ drafts: num(values.drafts), stored: num(values.stored), runs: num(values.runs) });
    console.log(renderQuality(sample));
    process.exitCode = sample.withinBudget ? 0 : 1;
  } catch (error) {
    console.error(`[bench] quality failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 2;
  }
}

/**
 * npx tsx bench/check-budgets.ts [FILE.json]   (default bench/results/latest.json)
 *
 * Checks the budgets (budgets.ts) against a bench run's JSON, recomputed from its raw samples with
 * the same code the bench uses (report.ts budgetChecks): content script under 120 KB gzip, no long
 * task added by the extension on any fixture page, panel showing a cached thread under 100 ms, and
 * the agents' own budgets. A smoke run's JSON enforces only the deterministic ones (bytes), as the
 * smoke run itself does. Prints pass/fail per budget; exits 1 when an enforced budget fails, 2
 * when the file cannot be read or is not a bench result.
 */
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../e2e/support/paths';
import { budgetChecks, renderChecks, type BenchResult } from './report';

function main(): number {
  const file = path.resolve(process.argv[2] ?? path.join(repoRoot, 'bench/results/latest.json'));
  let result: BenchResult & { schema?: number; startedAt?: string };
  try {
    result = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof result;
  } catch (error) {
    console.error(`check-budgets: cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  if (result.schema !== 1 || !Array.isArray(result.pages) || !result.injected?.files || !result.options) {
    console.error(`check-budgets: ${file} is not a bench result (schema 1 with pages, injected, options)`);
    return 2;
  }
  const checks = budgetChecks(result);
  const failed = checks.filter((c) => !c.ok && c.enforced);
  console.log(`budgets for ${path.relative(process.cwd(), file)} (${result.options.smoke ? 'smoke run: timing budgets reported, not enforced' : 'full run'}; ${result.startedAt ?? ''})`);
  console.log(renderChecks(checks));
  console.log(failed.length ? `${failed.length} budget${failed.length > 1 ? 's' : ''} broken` : 'all enforced budgets pass');
  return failed.length ? 1 : 0;
}

process.exitCode = main();

import { budgets, withinBudget, type Budget } from './budgets';
import type { InjectedFile } from './bytes';
import type { PageSample } from './measure';
import type { NavigationSample } from './panel-timing';
import { summarize, type Summary } from './stats';

export interface PageResult {
  name: string;
  url: string;
  samples: { without: PageSample[]; with: PageSample[] };
}

export interface BudgetCheck {
  id: string;
  subject: string;
  budget: string;
  value: number;
  ok: boolean;
  /** False in smoke runs for timing-dependent budgets: reported, not failed. */
  enforced: boolean;
}

export interface Row {
  metric: string;
  without?: string;
  with?: string;
  added?: string;
  ratio?: string;
  budget?: string;
  ok?: string;
}

interface Comparison { without: Summary; with: Summary; added: number; ratio: number | null }

interface PageMetric {
  key: string;
  label: string;
  unit: 'ms' | 'MB' | 'count';
  get: (s: PageSample) => number;
  /** Total long-task time shown beside a count. */
  extraMs?: (s: PageSample) => number;
  budget?: Budget;
  /** Below this baseline a ratio means nothing (an almost script-free fixture page). */
  ratioFloor: number;
}

const per1000 = (s: PageSample, v: number) => (v * 1000) / s.mutations.count;

export const pageMetrics: readonly PageMetric[] = [
  { key: 'load.scriptMs', label: 'script ms, load + settle', unit: 'ms', get: (s) => s.load.scriptMs, ratioFloor: 1 },
  { key: 'load.taskMs', label: 'task ms, load + settle', unit: 'ms', get: (s) => s.load.taskMs, ratioFloor: 1 },
  { key: 'load.longTasks', label: 'long tasks, load', unit: 'count', get: (s) => s.load.longTasks, extraMs: (s) => s.load.longTaskMs, budget: budgets.addedLongTasks, ratioFloor: Infinity },
  { key: 'load.heapMB', label: 'JS heap MB after GC', unit: 'MB', get: (s) => s.load.heapMB, ratioFloor: 0.01 },
  { key: 'mutations.scriptMs', label: 'script ms per 1,000 mutations', unit: 'ms', get: (s) => per1000(s, s.mutations.scriptMs), ratioFloor: 1 },
  { key: 'mutations.taskMs', label: 'task ms per 1,000 mutations', unit: 'ms', get: (s) => per1000(s, s.mutations.taskMs), ratioFloor: 1 },
  { key: 'mutations.longTasks', label: 'long tasks, mutations', unit: 'count', get: (s) => s.mutations.longTasks, extraMs: (s) => s.mutations.longTaskMs, budget: budgets.addedLongTasks, ratioFloor: Infinity },
];

export function compare(without: readonly number[], withExt: readonly number[], ratioFloor: number): Comparison {
  const a = summarize(without);
  const b = summarize(withExt);
  return { without: a, with: b, added: b.median - a.median, ratio: a.median >= ratioFloor ? b.median / a.median : null };
}

export function pageSummaries(page: PageResult): Record<string, Comparison> {
  return Object.fromEntries(pageMetrics.map((m) => [m.key, compare(page.samples.without.map(m.get), page.samples.with.map(m.get), m.ratioFloor)]));
}

const fixed = (unit: PageMetric['unit'] | 'KB', v: number) => (unit === 'count' ? String(Math.round(v * 10) / 10) : v.toFixed(unit === 'MB' ? 2 : 1));
/** Median, with ± half the min–max range when there is more than one sample. */
const spread = (unit: PageMetric['unit'], s: Summary) => `${fixed(unit, s.median)}${s.n > 1 && s.max > s.min ? ` ±${fixed(unit, (s.max - s.min) / 2)}` : ''}`;
const signed = (unit: PageMetric['unit'] | 'KB', v: number) => `${v > 0 ? '+' : ''}${fixed(unit, v)}`;
const mark = (check: BudgetCheck | undefined) => (!check ? '' : check.ok ? 'ok' : check.enforced ? 'FAIL' : 'over (not enforced)');

export function buildReport(input: {
  pages: readonly PageResult[];
  injected: readonly InjectedFile[];
  navigation: { page: string; samples: readonly NavigationSample[] } | null;
  smoke: boolean;
}): { rows: Row[]; checks: BudgetCheck[]; pages: { name: string; url: string; summary: Record<string, Comparison> }[]; injected: { totalRaw: number; totalGzip: number }; navigation: Record<string, Summary | null> | null } {
  const rows: Row[] = [];
  const checks: BudgetCheck[] = [];
  const check = (budget: Budget, subject: string, value: number): BudgetCheck => {
    const c = checkOf(budget, subject, value, input.smoke);
    checks.push(c);
    return c;
  };

  // Injected bytes: the same for every page, so one block.
  rows.push({ metric: 'content script injected into mail.google.com' });
  for (const f of input.injected) rows.push({ metric: `  ${f.file} (${f.kind}${f.via === 'web_accessible_resources' ? ', loaded at run time' : ''})`, without: '0', with: `${kb(f.gzip)} KB gz (${kb(f.raw)} raw)`, added: `+${kb(f.gzip)} KB gz` });
  const totalRaw = input.injected.reduce((n, f) => n + f.raw, 0);
  const totalGzip = input.injected.reduce((n, f) => n + f.gzip, 0);
  const bytesCheck = check(budgets.injectedGzipKB, 'content script JS + CSS, gzip', totalGzip / 1024);
  rows.push({ metric: '  total JS + CSS', without: '0', with: `${kb(totalGzip)} KB gz (${kb(totalRaw)} raw)`, added: `+${kb(totalGzip)} KB gz`, budget: budgets.injectedGzipKB.label, ok: mark(bytesCheck) });

  const pages = input.pages.map((page) => {
    const summary = pageSummaries(page);
    rows.push({ metric: `${page.name}  ${page.url}` });
    for (const m of pageMetrics) {
      const c = summary[m.key]!;
      const extra = (side: 'without' | 'with') => (m.extraMs ? ` (${Math.round(summarize(page.samples[side].map(m.extraMs)).median)} ms)` : '');
      const budgetCheck = m.budget ? check(m.budget, `${page.name}: ${m.label}`, c.added) : undefined;
      rows.push({
        metric: `  ${m.label}`,
        without: spread(m.unit, c.without) + extra('without'),
        with: spread(m.unit, c.with) + extra('with'),
        added: signed(m.unit, c.added),
        ratio: c.ratio === null ? '—' : `${c.ratio.toFixed(2)}×`,
        budget: m.budget?.label,
        ok: mark(budgetCheck),
      });
    }
    return { name: page.name, url: page.url, summary };
  });

  let navigation: Record<string, Summary | null> | null = null;
  if (input.navigation) {
    const values = (k: keyof NavigationSample) => input.navigation!.samples.map((s) => s[k]).filter((v): v is number => v !== null);
    const missing = (k: keyof NavigationSample) => input.navigation!.samples.length - values(k).length;
    navigation = Object.fromEntries((['hostMs', 'subjectMs', 'contentMs'] as const).map((k) => [k, values(k).length ? summarize(values(k)) : null]));
    const n = input.navigation.samples.length;
    rows.push({ metric: `cached thread: list → thread (${n} navigations on ${input.navigation.page})` });
    for (const [k, label] of [['subjectMs', 'panel shows the subject'], ['contentMs', 'panel shows the cached thread']] as const) {
      const s = navigation[k];
      const lost = missing(k);
      if (!s) {
        rows.push({ metric: `  ${label}`, without: '—', with: 'never seen', added: '—', budget: budgets.cachedPanelMs.label, ok: k === 'subjectMs' ? 'FAIL' : 'n/a' });
        if (k === 'subjectMs') checks.push({ id: budgets.cachedPanelMs.id, subject: label, budget: budgets.cachedPanelMs.label, value: Infinity, ok: false, enforced: true });
        continue;
      }
      const c = check(budgets.cachedPanelMs, `${label} (p95)`, lost ? Infinity : s.p95);
      rows.push({ metric: `  ${label}, median`, without: '—', with: `${s.median.toFixed(1)} ms`, added: `+${s.median.toFixed(1)} ms` });
      rows.push({ metric: `  ${label}, p95${lost ? ` (${lost} not seen within 3 s)` : ''}`, without: '—', with: `${s.p95.toFixed(1)} ms`, added: `+${s.p95.toFixed(1)} ms`, budget: budgets.cachedPanelMs.label, ok: mark(c) });
    }
  }
  return { rows, checks, pages, injected: { totalRaw, totalGzip }, navigation };
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);

/** The parts of the bench's JSON the budgets are computed from (what run.ts writes). */
export interface BenchResult {
  options: { smoke: boolean };
  injected: { files: InjectedFile[] };
  pages: PageResult[];
  cachedThread: { page: string; samples: NavigationSample[] } | null;
  scoutScoring?: { leads: number; totalMs: Summary } | null;
  heraldQuality?: { stored: number; checkMs: Summary } | null;
  cipherDedupe?: { budgetSize: number | null; sizes: { contacts: number; ms: Summary }[] } | null;
}

const checkOf = (budget: Budget, subject: string, value: number, smoke: boolean): BudgetCheck => ({ id: budget.id, subject, budget: budget.label, value, ok: withinBudget(budget, value), enforced: budget.deterministic || !smoke });

/** Budgets on the agents' own work (computed in Node): timing-dependent, so reported only in smoke runs. */
export function componentChecks(result: Pick<BenchResult, 'options' | 'scoutScoring' | 'heraldQuality' | 'cipherDedupe'>): BudgetCheck[] {
  const smoke = result.options.smoke;
  const checks: BudgetCheck[] = [];
  if (result.scoutScoring) checks.push(checkOf(budgets.scoutTodayMs, `Scout today list, ${result.scoutScoring.leads.toLocaleString('en-US')} leads (median)`, result.scoutScoring.totalMs.median, smoke));
  if (result.heraldQuality) checks.push(checkOf(budgets.heraldGenericCheckMs, `Herald generic check against ${result.heraldQuality.stored.toLocaleString('en-US')} drafts (p95)`, result.heraldQuality.checkMs.p95, smoke));
  const dedupe = result.cipherDedupe;
  const budgeted = dedupe?.sizes.find((r) => r.contacts === dedupe.budgetSize);
  if (budgeted) checks.push(checkOf(budgets.cipherDedupeMs, `Cipher duplicate detection, ${budgeted.contacts.toLocaleString('en-US')} contacts (median)`, budgeted.ms.median, smoke));
  return checks;
}

/**
 * Every budget, from the bench's JSON: the page budgets through buildReport (the same code that
 * marks the table) plus componentChecks. run.ts and check-budgets.ts both call this.
 */
export function budgetChecks(result: BenchResult): BudgetCheck[] {
  const report = buildReport({ pages: result.pages, injected: result.injected.files, navigation: result.cachedThread, smoke: result.options.smoke });
  return [...report.checks, ...componentChecks(result)];
}

export function renderChecks(checks: readonly BudgetCheck[]): string {
  const value = (c: BudgetCheck) => (Number.isFinite(c.value) ? `${+c.value.toFixed(1)}` : 'not seen');
  return checks.map((c) => `  ${(c.ok ? 'pass' : c.enforced ? 'FAIL' : 'over (not enforced)').padEnd(20)} ${c.subject}: ${value(c)} (budget ${c.budget})`).join('\n');
}

const COLUMNS: readonly (keyof Row)[] = ['metric', 'without', 'with', 'added', 'ratio', 'budget', 'ok'];

export function renderTable(rows: readonly Row[]): string {
  const widths = COLUMNS.map((c) => Math.max(c.length, ...rows.filter((r) => r.without !== undefined || c !== 'metric').map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ').trimEnd();
  const out = [line(COLUMNS), widths.map((w) => '-'.repeat(w)).join('-|-')];
  for (const r of rows) out.push(r.without === undefined && r.with === undefined ? r.metric : line(COLUMNS.map((c) => r[c] ?? '')));
  return out.join('\n');
}

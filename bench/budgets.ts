/**
 * What the Gmail integration may cost the page (issue 3 acceptance, issue 9 scope 2). `npm run bench`
 * exits non-zero when one is broken. `deterministic` budgets (bytes) are enforced by the smoke run
 * too; timing-dependent ones (long tasks, panel time) are only reported there, because one run on a
 * busy CI box is noise.
 */
export interface Budget {
  id: string;
  /** Shown in the table's budget column. */
  label: string;
  limit: number;
  unit: 'KB' | 'ms' | 'count';
  deterministic: boolean;
}

export const budgets = {
  /** Content script JS + CSS injected into Gmail, gzip. */
  injectedGzipKB: { id: 'injected-gzip', label: '< 120 KB gz', limit: 120, unit: 'KB', deterministic: true },
  /** Long tasks (> 50 ms) the extension adds on a fixture page: median with minus median without. */
  addedLongTasks: { id: 'added-long-tasks', label: '0', limit: 0, unit: 'count', deterministic: false },
  /** Hash change to thread → panel shows the cached thread, p95 over the navigations. */
  cachedPanelMs: { id: 'cached-panel', label: '< 100 ms', limit: 100, unit: 'ms', deterministic: false },
  /** Scout's today list (read + score + prioritise) of 10,000 leads, median. */
  scoutTodayMs: { id: 'scout-today', label: '< 1000 ms', limit: 1000, unit: 'ms', deterministic: false },
  /** Herald's generic (near-duplicate) check of one draft against 5,000 stored drafts, p95. */
  heraldGenericCheckMs: { id: 'herald-generic-check', label: '< 50 ms', limit: 50, unit: 'ms', deterministic: false },
  /** Cipher's duplicate detection over 100,000 contacts, median (checked only when that size ran). */
  cipherDedupeMs: { id: 'cipher-dedupe', label: '< 5000 ms', limit: 5000, unit: 'ms', deterministic: false },
} as const satisfies Record<string, Budget>;

/** `limit` is inclusive for counts (0 long tasks is fine) and exclusive for sizes and times. */
export const withinBudget = (budget: Budget, value: number): boolean => (budget.unit === 'count' ? value <= budget.limit : value < budget.limit);

import type { OperationResult } from './operations';

const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - s.length));

/** A plain-text table: operation, ok, ms, detail. */
export function formatTable(results: OperationResult[]): string {
  const rows = results.map((r) => [r.operation, r.ok ? 'ok' : 'FAIL', String(r.ms), r.detail]);
  const head = ['operation', 'ok', 'ms', 'detail'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (i === 3 ? 0 : r[i]!.length))));
  const line = (cells: string[]) => cells.map((c, i) => (i === 3 ? c : i === 2 ? c.padStart(widths[i]!) : pad(c, widths[i]!))).join('  ').trimEnd();
  const failed = results.filter((r) => !r.ok).length;
  return [line(head), line(widths.map((w, i) => (i === 3 ? '------' : '-'.repeat(w)))), ...rows.map(line), '', failed ? `${failed} of ${results.length} failed` : `all ${results.length} passed`].join('\n');
}

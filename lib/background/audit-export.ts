import { verifyAuditLog } from '../audit/log';
import type { AuditRow, CountersignDb } from '../db/schema';
import type { Responses } from '../protocol/responses';

/**
 * The audit log for the operator view: search, and export as JSON (with the chain check) or CSV
 * (RFC 4180, guarded against formula injection: a spreadsheet must never run a cell).
 */

/** Entries whose action, actor id, subject or detail contains `query` (any case), newest first. */
export async function searchAudit(db: CountersignDb, query: string, limit: number): Promise<AuditRow[]> {
  const q = query.trim().toLowerCase();
  const all = db.audit.orderBy('seq').reverse();
  if (!q) return all.limit(limit).toArray();
  const hit = (e: AuditRow) => [e.action, e.actor.id, e.subjectId, JSON.stringify(e.detail)].some((f) => f.toLowerCase().includes(q));
  return all.filter(hit).limit(limit).toArray();
}

export const CSV_COLUMNS = ['seq', 'at', 'actor type', 'actor id', 'action', 'subjectId', 'contentHash', 'detail', 'hash'] as const;

/** A text a spreadsheet would evaluate (=, +, -, @, or a leading tab or CR) gets a leading quote. */
export function guardCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** One RFC 4180 field: quoted when it holds a comma, a quote or a line break; quotes doubled. */
export function csvField(value: string): string {
  const v = guardCell(value);
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function auditCsv(entries: readonly AuditRow[]): string {
  const rows = entries.map((e) =>
    [String(e.seq ?? ''), new Date(e.at).toISOString(), e.actor.type, e.actor.id, e.action, e.subjectId, e.contentHash ?? '', JSON.stringify(e.detail), e.hash].map(csvField).join(','),
  );
  return [CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}

export async function exportAudit(db: CountersignDb, format: 'json' | 'csv', now: number): Promise<Responses['audit.export']> {
  const entries = await db.audit.orderBy('seq').toArray();
  const day = new Date(now).toISOString().slice(0, 10);
  if (format === 'csv') return { filename: `countersign-audit-${day}.csv`, mime: 'text/csv', content: auditCsv(entries) };
  const check = await verifyAuditLog(db);
  const content = JSON.stringify({ exportedAt: new Date(now).toISOString(), chain: check, entries }, null, 2);
  return { filename: `countersign-audit-${day}.json`, mime: 'application/json', content };
}

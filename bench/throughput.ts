/**
 * One throughput table (items per second) over what the harnesses already measured: nothing is
 * timed here, each row is read from a harness's sample, so a figure has one source.
 */
import type { CsvSample } from './crm-csv';
import type { DedupeBenchSample } from './dedupe';
import type { IdbBulkSample } from './idb-bulk';
import type { QualityBenchSample } from './quality';
import type { ScoringSample } from './scoring';
import type { SyncDiffSample } from './sync-diff';
import type { TriageBenchSample } from './triage';

export interface ThroughputRow {
  id: string;
  /** What one item is and what is done to it. */
  what: string;
  /** Items per timed pass. */
  items: number;
  /** Median time of one pass (ms). */
  ms: number;
  perSecond: number;
  /** Rate / the baseline's rate, where a baseline was measured (raw IndexedDB). */
  ratio?: number;
  baseline?: string;
  where: 'node' | 'chromium';
}

export const perSecond = (items: number, ms: number): number => items / (ms / 1000);
const row = (id: string, what: string, items: number, ms: number, where: ThroughputRow['where'], extra: Partial<ThroughputRow> = {}): ThroughputRow => ({ id, what, items, ms, perSecond: perSecond(items, ms), where, ...extra });

export function throughputRows(input: {
  scoring?: ScoringSample | null;
  triage?: TriageBenchSample | null;
  quality?: QualityBenchSample | null;
  dedupe?: DedupeBenchSample | null;
  syncDiff?: SyncDiffSample | null;
  csv?: CsvSample | null;
  idb?: IdbBulkSample | null;
}): ThroughputRow[] {
  const rows: ThroughputRow[] = [];
  const { scoring, triage, quality, dedupe, syncDiff, csv, idb } = input;
  if (scoring) {
    rows.push(row('scout-today', 'leads: Scout today list (read from IndexedDB + score + prioritise)', scoring.leads, scoring.totalMs.median, 'node'));
    rows.push(row('scout-score', 'leads: score only', scoring.leads, scoring.scoreMs.median, 'node'));
  }
  if (triage) rows.push(row('scout-triage', 'messages: Scout triage of raw RFC 5322 (real corpus)', triage.messages, triage.totalMs.median, 'node'));
  if (quality) {
    rows.push(row('herald-quality-report', 'drafts: Herald quality report, no history', 1, quality.reportUs.median / 1000, 'node'));
    rows.push(row('herald-generic-check', `drafts: Herald near-duplicate check against ${quality.stored.toLocaleString('en-US')} stored`, 1, quality.checkMs.median, 'node'));
    rows.push(row('herald-quality-report-history', `drafts: Herald quality report with ${quality.stored.toLocaleString('en-US')} stored drafts`, 1, quality.reportWithHistoryMs.median, 'node'));
  }
  for (const size of dedupe?.sizes ?? []) rows.push(row(`cipher-dedupe-${size.contacts}`, `contacts: Cipher duplicate detection over ${size.contacts.toLocaleString('en-US')}`, size.contacts, size.ms.median, 'node'));
  if (syncDiff) rows.push(row('cipher-sync-diff', 'records: Cipher sync diff preview (fresh read + diff + hash + store)', syncDiff.records, syncDiff.proposeMs.median, 'node'));
  if (csv) {
    rows.push(row('local-crm-csv-import', 'contacts: local CRM CSV import through the background', csv.rows, csv.importMs, 'chromium'));
    rows.push(row('local-crm-csv-export', 'contacts: local CRM CSV export through the background', csv.rows, csv.exportMs, 'chromium'));
  }
  if (idb) {
    const raw = 'raw IndexedDB';
    rows.push(row('idb-raw-write', 'contacts: raw IndexedDB put, one transaction', idb.contacts, idb.raw.write.ms.median, 'chromium'));
    rows.push(row('idb-dexie-write', 'contacts: Dexie local CRM bulkPut', idb.contacts, idb.dexie.write.ms.median, 'chromium', { ratio: idb.ratio.dexieWrite, baseline: raw }));
    rows.push(row('idb-adapter-write', 'contacts: LocalCrmAdapter batchUpsert', idb.adapterContacts, idb.adapter.write.ms.median, 'chromium', { ratio: idb.ratio.adapterWrite, baseline: raw }));
    rows.push(row('idb-raw-read', 'contacts: raw IndexedDB get, one transaction', idb.contacts, idb.raw.read.ms.median, 'chromium'));
    rows.push(row('idb-dexie-read', 'contacts: Dexie local CRM bulkGet', idb.contacts, idb.dexie.read.ms.median, 'chromium', { ratio: idb.ratio.dexieRead, baseline: raw }));
    rows.push(row('idb-raw-scan', `contacts: raw IndexedDB getAll, pages of ${idb.adapterPageSize}`, idb.contacts, idb.raw.scan.ms.median, 'chromium'));
    rows.push(row('idb-adapter-read', `contacts: LocalCrmAdapter list, pages of ${idb.adapterPageSize}`, idb.adapterContacts, idb.adapter.read.ms.median, 'chromium', { ratio: idb.ratio.adapterRead, baseline: `${raw} getAll pages` }));
  }
  return rows;
}

export function renderThroughput(rows: readonly ThroughputRow[]): string {
  const w = Math.max(...rows.map((r) => r.what.length));
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  return [
    'throughput (median pass; items/s; ratio = rate / baseline rate)',
    `  ${'item: work'.padEnd(w)}  ${'items'.padStart(7)}  ${'ms'.padStart(8)}  ${'items/s'.padStart(10)}  ratio`,
    ...rows.map((r) => `  ${r.what.padEnd(w)}  ${n(r.items).padStart(7)}  ${(r.ms < 10 ? r.ms.toFixed(3) : r.ms.toFixed(0)).padStart(8)}  ${n(r.perSecond).padStart(10)}  ${r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}× ${r.baseline}`}`),
  ].join('\n');
}

/**
 * Cipher's sync diff preview: proposeSync over N contact changes against the Local CRM (fake-
 * indexeddb in Node, like the unit tests; Chromium's IndexedDB is faster), i.e. a fresh read of
 * every record, the field-level diff, the proposal hash and the durable change-set row.
 *
 *   npx tsx bench/sync-diff.ts [--records 5000] [--runs 3]
 */
import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { proposeSync } from '../lib/agents/cipher/sync';
import { LocalCrmAdapter } from '../lib/crm/local/adapter';
import { openLocalCrmDb } from '../lib/crm/local/db';
import { openDb } from '../lib/db/schema';
import { summarize, type Summary } from './stats';

export interface SyncDiffSample {
  records: number;
  runs: number;
  /** proposeSync of `records` changes (ms). */
  proposeMs: Summary;
  /** Per record (ms). */
  perRecordMs: number;
  updates: number;
}

export async function benchSyncDiff(options: { records?: number; runs?: number } = {}): Promise<SyncDiffSample> {
  const records = options.records ?? 5_000;
  const runs = options.runs ?? 3;
  Dexie.dependencies.indexedDB = new IDBFactory();
  Dexie.dependencies.IDBKeyRange = IDBKeyRange;
  const crm = new LocalCrmAdapter(openLocalCrmDb(`bench-sync-crm-${process.pid}`));
  const db = openDb(`bench-sync-${process.pid}`);
  const contacts = Array.from({ length: records }, (_, i) => ({ patch: { email: `c${i}@company${i % 97}.example`, firstName: `First${i}`, lastName: `Last${i}`, title: 'Manager' } }));
  const ids: string[] = [];
  for (let i = 0; i < contacts.length; i += 500) ids.push(...(await crm.batchUpsert('contact', contacts.slice(i, i + 500))).results.map((r) => (r as { id: string }).id));
  const changes = ids.map((id, i) => ({ type: 'contact' as const, id, patch: { title: i % 2 ? 'Director' : 'Manager', phone: `+1 555 01${String(i).padStart(5, '0')}` } }));
  const times: number[] = [];
  let updates = 0;
  for (let run = 0; run <= runs; run += 1) {
    const t0 = performance.now();
    const row = await proposeSync(db, crm, changes, { type: 'agent', id: 'cipher' }, Date.now());
    if (run > 0) times.push(performance.now() - t0);
    updates = row.proposal.counts.updates;
  }
  const proposeMs = summarize(times);
  return { records, runs, proposeMs, perRecordMs: proposeMs.median / records, updates };
}

export function renderSyncDiff(s: SyncDiffSample): string {
  return [
    `Cipher sync diff preview (${s.records.toLocaleString('en-US')} contact changes against the Local CRM; fake-indexeddb in Node; median of ${s.runs})`,
    `  propose (fresh read + diff + hash + store)   ${s.proposeMs.median.toFixed(0)} ms (min ${s.proposeMs.min.toFixed(0)}, max ${s.proposeMs.max.toFixed(0)})   ${(s.perRecordMs * 1000).toFixed(0)} µs per record; ${s.updates} updates proposed`,
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { records: { type: 'string' }, runs: { type: 'string' } } });
  benchSyncDiff({ records: values.records ? Number(values.records) : undefined, runs: values.runs ? Number(values.runs) : undefined }).then(
    (s) => console.log(renderSyncDiff(s)),
    (e: unknown) => {
      console.error(e);
      process.exit(2);
    },
  );
}

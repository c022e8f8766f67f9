/**
 * Runs inside a Chromium page (bundled by idb-bulk.ts with esbuild): the local CRM's own Dexie
 * database (lib/crm/local/db.ts, and its adapter) against raw IndexedDB with the same object store
 * and indexes, on the same contact rows. Exposes globalThis.benchIdb.
 */
import { LocalCrmAdapter } from '../lib/crm/local/adapter';
import { openLocalCrmDb, type LocalContact } from '../lib/crm/local/db';

export interface IdbRun {
  rawWriteMs: number;
  rawReadMs: number;
  /** Raw getAll over key ranges, page after page (the baseline for the adapter's list). */
  rawScanMs: number;
  dexieWriteMs: number;
  dexieReadMs: number;
  /** LocalCrmAdapter.batchUpsert in batches of its batchSize (new contacts: lookup + validate + put). */
  adapterWriteMs: number;
  /** LocalCrmAdapter.list, page after page, as Cipher's dedupe reads a CRM. */
  adapterReadMs: number;
  adapterPageSize: number;
  checked: { raw: number; dexie: number; adapter: number };
}

function contact(i: number): LocalContact {
  const email = `contact${i}@company${i % 997}.example`;
  return {
    id: `c${String(i).padStart(7, '0')}`,
    email,
    emailKey: email,
    firstName: `First${i}`,
    lastName: `Last${i}`,
    title: ['VP Operations', 'Head of Supply Chain', 'Logistics Manager', 'CEO'][i % 4]!,
    phone: `+1 555 01${String(i % 100_000).padStart(5, '0')}`,
    companyId: `co${i % 997}`,
    ownerId: null,
    updatedAt: new Date(1_700_000_000_000 + i * 1000).toISOString(),
    properties: { linkedin: `https://www.linkedin.com/in/contact-${i}`, source: 'bench' },
  };
}

const done = (request: IDBRequest | IDBOpenDBRequest) => new Promise<unknown>((resolve, reject) => { request.onsuccess = () => resolve(request.result); request.onerror = () => reject(request.error); });
const complete = (tx: IDBTransaction) => new Promise<void>((resolve, reject) => { tx.oncomplete = () => resolve(); tx.onerror = () => reject(tx.error); tx.onabort = () => reject(tx.error ?? new Error('aborted')); });

async function deleteDb(name: string): Promise<void> {
  await done(indexedDB.deleteDatabase(name));
}

/** The same store and indexes as the local CRM's contacts table ('id, emailKey, companyId, updatedAt'). */
async function openRaw(name: string): Promise<IDBDatabase> {
  const request = indexedDB.open(name, 1);
  request.onupgradeneeded = () => {
    const store = request.result.createObjectStore('contacts', { keyPath: 'id' });
    for (const index of ['emailKey', 'companyId', 'updatedAt']) store.createIndex(index, index);
  };
  return (await done(request)) as IDBDatabase;
}

async function run(count: number, adapterCount: number): Promise<IdbRun> {
  const rows = Array.from({ length: count }, (_, i) => contact(i));
  const ids = rows.map((r) => r.id);
  const rawName = 'bench-idb-raw';
  const dexieName = 'bench-idb-dexie';
  const adapterName = 'bench-idb-adapter';
  await Promise.all([deleteDb(rawName), deleteDb(dexieName), deleteDb(adapterName)]);

  // Raw IndexedDB: put every row in one readwrite transaction; get every key in one readonly one.
  const raw = await openRaw(rawName);
  let t0 = performance.now();
  const wtx = raw.transaction('contacts', 'readwrite');
  const store = wtx.objectStore('contacts');
  for (const row of rows) store.put(row);
  await complete(wtx);
  const rawWriteMs = performance.now() - t0;
  t0 = performance.now();
  const rtx = raw.transaction('contacts', 'readonly');
  const rstore = rtx.objectStore('contacts');
  const got: unknown[] = new Array(ids.length);
  ids.forEach((id, i) => { const r = rstore.get(id); r.onsuccess = () => { got[i] = r.result; }; });
  await complete(rtx);
  const rawReadMs = performance.now() - t0;
  const pageSize = 1000;
  let scanned = 0;
  t0 = performance.now();
  for (let after: string | null = null, first = true; first || after; first = false) {
    const tx = raw.transaction('contacts', 'readonly');
    const page = (await done(tx.objectStore('contacts').getAll(after === null ? null : IDBKeyRange.lowerBound(after, true), pageSize))) as LocalContact[];
    scanned += page.length;
    after = page.length === pageSize ? page.at(-1)!.id : null;
  }
  const rawScanMs = performance.now() - t0;
  raw.close();

  // The app's Dexie database: bulkPut, then bulkGet of every key.
  const db = openLocalCrmDb(dexieName);
  await db.open();
  t0 = performance.now();
  await db.contacts.bulkPut(rows);
  const dexieWriteMs = performance.now() - t0;
  t0 = performance.now();
  const dexieRows = await db.contacts.bulkGet(ids);
  const dexieReadMs = performance.now() - t0;
  db.close();

  // The local CRM adapter, as an import or a sync writes and as dedupe reads.
  const adb = openLocalCrmDb(adapterName);
  await adb.open();
  let next = 0;
  const adapter = new LocalCrmAdapter(adb, () => `a${String(next++).padStart(7, '0')}`);
  const upserts = rows.slice(0, adapterCount).map(({ id: _id, emailKey: _k, updatedAt: _u, ...patch }) => ({ patch }));
  t0 = performance.now();
  for (let i = 0; i < upserts.length; i += adapter.capabilities.batchSize) await adapter.batchUpsert('contact', upserts.slice(i, i + adapter.capabilities.batchSize));
  const adapterWriteMs = performance.now() - t0;
  const adapterPageSize = pageSize;
  let listed = 0;
  t0 = performance.now();
  for (let cursor: string | null = null, first = true; first || cursor; first = false) {
    const page: { items: unknown[]; next: string | null } = await adapter.list('contact', cursor, adapterPageSize);
    listed += page.items.length;
    cursor = page.next;
  }
  const adapterReadMs = performance.now() - t0;
  adb.close();

  await Promise.all([deleteDb(rawName), deleteDb(dexieName), deleteDb(adapterName)]);
  return {
    rawWriteMs, rawReadMs, rawScanMs, dexieWriteMs, dexieReadMs, adapterWriteMs, adapterReadMs, adapterPageSize,
    checked: { raw: Math.min(got.filter(Boolean).length, scanned), dexie: dexieRows.filter(Boolean).length, adapter: listed },
  };
}

(globalThis as unknown as { benchIdb: typeof run }).benchIdb = run;

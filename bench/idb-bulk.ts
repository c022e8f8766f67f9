/**
 * IndexedDB bulk write/read rates in Chromium for N contacts (100,000 by default): the app's Dexie
 * database for the local CRM (lib/crm/local/db.ts: bulkPut / bulkGet) and its adapter
 * (LocalCrmAdapter.batchUpsert / list), against raw IndexedDB as the baseline (the same store and
 * indexes; put in one transaction, get in one transaction). idb-bulk.page.ts is bundled with esbuild
 * and served at an https origin through context.route, so it runs on Chromium's own IndexedDB.
 * One discarded warm-up run at a tenth of the size, then medians over `runs`.
 */
import type { BrowserContext } from '@playwright/test';
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IdbRun } from './idb-bulk.page';
import { summarize, type Summary } from './stats';

const here = path.dirname(fileURLToPath(import.meta.url));
const ORIGIN = 'https://idb-bench.countersign.invalid';

export interface IdbRate { ms: Summary; perSecond: number }
export interface IdbBulkSample {
  contacts: number;
  /** Contacts written through the adapter (its batchUpsert validates and looks each one up). */
  adapterContacts: number;
  adapterPageSize: number;
  runs: number;
  /** read: get of every key in one transaction; scan: getAll over key ranges of adapterPageSize. */
  raw: { write: IdbRate; read: IdbRate; scan: IdbRate };
  dexie: { write: IdbRate; read: IdbRate };
  adapter: { write: IdbRate; read: IdbRate };
  /** Rate / raw IndexedDB's rate (1 = as fast as raw; 0.5 = half as fast); the adapter's list against raw's paged scan. */
  ratio: { dexieWrite: number; dexieRead: number; adapterWrite: number; adapterRead: number };
}

async function bundle(): Promise<string> {
  const out = await build({
    entryPoints: [path.join(here, 'idb-bulk.page.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    tsconfig: path.join(here, '../tsconfig.json'),
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}

export async function benchIdbBulk(context: BrowserContext, options: { contacts: number; adapterContacts?: number; runs: number }): Promise<IdbBulkSample> {
  const adapterContacts = Math.min(options.adapterContacts ?? options.contacts, options.contacts);
  const script = await bundle();
  const html = `<!doctype html><meta charset="utf-8"><title>IndexedDB bench</title><script>${script.replace(/<\/script/gi, '<\\/script')}</script>`;
  const url = `${ORIGIN}/idb.html`;
  await context.route(`${ORIGIN}/**`, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
  const page = await context.newPage();
  try {
    await page.goto(url);
    const runOnce = (n: number, a: number) => page.evaluate(([count, adapterCount]) => (globalThis as unknown as { benchIdb(n: number, a: number): Promise<IdbRun> }).benchIdb(count!, adapterCount!), [n, a]);
    await runOnce(Math.max(100, Math.round(options.contacts / 10)), Math.max(100, Math.round(adapterContacts / 10))); // warm-up
    const runs: IdbRun[] = [];
    for (let i = 0; i < options.runs; i++) {
      const r = await runOnce(options.contacts, adapterContacts);
      if (r.checked.raw !== options.contacts || r.checked.dexie !== options.contacts || r.checked.adapter !== adapterContacts) {
        throw new Error(`IndexedDB bench read back ${JSON.stringify(r.checked)} of ${options.contacts} (adapter ${adapterContacts})`);
      }
      runs.push(r);
    }
    const rate = (n: number, get: (r: IdbRun) => number): IdbRate => {
      const ms = summarize(runs.map(get));
      return { ms, perSecond: n / (ms.median / 1000) };
    };
    const raw = { write: rate(options.contacts, (r) => r.rawWriteMs), read: rate(options.contacts, (r) => r.rawReadMs), scan: rate(options.contacts, (r) => r.rawScanMs) };
    const dexie = { write: rate(options.contacts, (r) => r.dexieWriteMs), read: rate(options.contacts, (r) => r.dexieReadMs) };
    const adapter = { write: rate(adapterContacts, (r) => r.adapterWriteMs), read: rate(adapterContacts, (r) => r.adapterReadMs) };
    return {
      contacts: options.contacts,
      adapterContacts,
      adapterPageSize: runs[0]!.adapterPageSize,
      runs: options.runs,
      raw,
      dexie,
      adapter,
      ratio: {
        dexieWrite: dexie.write.perSecond / raw.write.perSecond,
        dexieRead: dexie.read.perSecond / raw.read.perSecond,
        adapterWrite: adapter.write.perSecond / raw.write.perSecond,
        adapterRead: adapter.read.perSecond / raw.scan.perSecond,
      },
    };
  } finally {
    await page.close().catch(() => {});
    await context.unroute(`${ORIGIN}/**`).catch(() => {});
  }
}

export function renderIdbBulk(s: IdbBulkSample): string {
  const r = (x: IdbRate) => `${Math.round(x.perSecond).toLocaleString('en-US').padStart(9)} /s  (${x.ms.median.toFixed(0)} ms)`;
  const ratio = (v: number) => `${v.toFixed(2)}× raw`;
  return [
    `IndexedDB bulk rates in Chromium (${s.contacts.toLocaleString('en-US')} contacts; median of ${s.runs} after a warm-up; rate ratio to raw IndexedDB, 1 = as fast)`,
    `                                              write                        read`,
    `  raw IndexedDB (put / get, one transaction)  ${r(s.raw.write)}        ${r(s.raw.read)}`,
    `  raw IndexedDB (getAll pages of ${s.adapterPageSize})                                   ${r(s.raw.scan)}`,
    `  Dexie local CRM db (bulkPut / bulkGet)      ${r(s.dexie.write)} ${ratio(s.ratio.dexieWrite)}   ${r(s.dexie.read)} ${ratio(s.ratio.dexieRead)}`,
    `  LocalCrmAdapter (batchUpsert / list ${s.adapterPageSize})  ${r(s.adapter.write)} ${ratio(s.ratio.adapterWrite)}   ${r(s.adapter.read)} ${ratio(s.ratio.adapterRead)} (vs pages)${s.adapterContacts !== s.contacts ? `   (${s.adapterContacts.toLocaleString('en-US')} contacts)` : ''}`,
  ].join('\n');
}

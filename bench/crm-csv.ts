import type { BrowserContext } from '@playwright/test';
import { contactsCsv } from '../test/csv-sample';
import { inPage } from './in-page';

export interface CsvSample {
  rows: number;
  importMs: number;
  exportMs: number;
  imported: number;
  exportedRows: number;
  errors: number;
}

/**
 * The local CRM's CSV import and export, measured on the real path: the approval panel sends
 * 'crm.import' / 'crm.export' to the background, which writes Chromium's own IndexedDB.
 */
export async function benchCsv(context: BrowserContext, rows: number): Promise<CsvSample> {
  const worker = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ?? (await context.waitForEvent('serviceworker'));
  const panel = await context.newPage();
  try {
    await panel.goto(`chrome-extension://${new URL(worker.url()).host}/sidepanel.html`);
    const csv = contactsCsv(rows);
    const result = await inPage(panel, async (text: string) => {
      type Envelope = { ok: boolean; data?: { created: number; updated: number; errors: unknown[]; csv?: string }; error?: { message: string } };
      const send = (m: unknown) => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<Envelope> } } }).chrome.runtime.sendMessage(m);
      const t0 = performance.now();
      const imported = await send({ type: 'crm.import', objectType: 'contact', csv: text });
      const t1 = performance.now();
      const exported = await send({ type: 'crm.export', objectType: 'contact' });
      const t2 = performance.now();
      if (!imported.ok || !exported.ok) throw new Error(imported.error?.message ?? exported.error?.message ?? 'CSV bench failed');
      return { importMs: t1 - t0, exportMs: t2 - t1, imported: (imported.data?.created ?? 0) + (imported.data?.updated ?? 0), errors: imported.data?.errors.length ?? 0, exported: exported.data?.csv ?? '' };
    }, csv);
    // Count records, not lines: cells may hold line breaks. Every record starts with its id.
    const exportedRows = result.exported.split('\n').filter((line) => /^c\d{5},/.test(line)).length;
    return { rows, importMs: result.importMs, exportMs: result.exportMs, imported: result.imported, exportedRows, errors: result.errors };
  } finally {
    await panel.close();
  }
}

export function renderCsv(sample: CsvSample): string {
  const rate = (ms: number) => Math.round(sample.rows / (ms / 1000)).toLocaleString('en-US');
  return [
    `local CRM CSV (${sample.rows.toLocaleString('en-US')} contacts, through the background into Chromium's IndexedDB)`,
    `  import   ${sample.importMs.toFixed(0)} ms   ${rate(sample.importMs)} rows/s   (${sample.imported} imported, ${sample.errors} errors)`,
    `  export   ${sample.exportMs.toFixed(0)} ms   ${rate(sample.exportMs)} rows/s   (${sample.exportedRows} rows out)`,
  ].join('\n');
}

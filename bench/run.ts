/**
 * npm run bench [-- --runs N --navigations N --mutations N --contacts N --no-fail --out FILE]
 * npm run bench:smoke   (1 run, few navigations, small sizes, ~35 s; fails only on deterministic budgets)
 *
 * What the Gmail integration costs the page: every Gmail fixture page loaded at its real
 * mail.google.com URL in Chromium with the built extension and without it (same binary, same flags),
 * medians over N runs after one warm-up, plus the injected bytes and the cached-thread panel time;
 * the background's cold start after service-worker termination; IndexedDB bulk rates against raw
 * IndexedDB; the agents' throughput; bundle sizes per entry point.
 * Prints tables, writes JSON, exits 1 when a budget is broken (2 when the bench itself failed);
 * `npx tsx bench/check-budgets.ts FILE` checks the same budgets from the JSON alone.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { builtExtension, repoRoot } from '../e2e/support/paths';
import { PROSPECT, REP } from '../e2e/support/scenario';
import { Standins } from '../e2e/support/standins';
import { OAuthServer } from '../e2e/support/standins/google-oauth';
import { configureExtension, launchSide, type Side } from './browsers';
import { benchCsv, renderCsv, type CsvSample } from './crm-csv';
import { injectedFiles } from './bytes';
import { measurePage, type PageSample } from './measure';
import { fixturePages, THREAD_PAGE } from './pages';
import { primeCache, timeNavigations, type NavigationSample, type PanelTarget } from './panel-timing';
import { budgetChecks, buildReport, renderChecks, renderTable, type PageResult } from './report';
import { bundleSizes, renderBundleSizes } from './bundle-sizes';
import { benchColdStart, renderColdStart, type ColdStartSample } from './worker-cold-start';
import { benchIdbBulk, renderIdbBulk, type IdbBulkSample } from './idb-bulk';
import { perSecond, renderThroughput, throughputRows } from './throughput';
import { benchScoring, renderScoring } from './scoring';
import { benchTriage, renderTriage } from './triage';
import { benchQuality, renderQuality } from './quality';
import { benchDedupe, renderDedupe } from './dedupe';
import { benchSyncDiff, renderSyncDiff } from './sync-diff';

function readOptions() {
  const { values: args } = parseArgs({
    options: {
      runs: { type: 'string' },
      navigations: { type: 'string' },
      mutations: { type: 'string' },
      contacts: { type: 'string' },
      smoke: { type: 'boolean', default: false },
      'no-fail': { type: 'boolean', default: false },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  const int = (v: string | undefined, fallback: number, name: string) => {
    const n = v === undefined ? fallback : Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got ${v}`);
    return n;
  };
  return {
    help: args.help,
    noFail: args['no-fail'],
    smoke: args.smoke,
    runs: int(args.runs, args.smoke ? 1 : 5, 'runs'),
    navigations: int(args.navigations, args.smoke ? 3 : 20, 'navigations'),
    mutations: int(args.mutations, args.smoke ? 250 : 1000, 'mutations'),
    /** IndexedDB bulk bench: contacts written and read (the adapter's slower path gets at most 10,000). */
    contacts: int(args.contacts, args.smoke ? 2_000 : 100_000, 'contacts'),
    workerRestarts: args.smoke ? 3 : 10,
    perFrame: 20,
    warmup: !args.smoke,
    outFile: path.resolve(repoRoot, args.out ?? `bench/results/${args.smoke ? 'smoke' : 'latest'}.json`),
  };
}
const log = (message: string) => console.error(`[bench] ${message}`);

/** Text only the Gmail API stand-in's copy of the thread has: seeing it in the panel proves the cache answered. */
const CACHED_MARKER = 'Countersign bench: this sentence comes from the cached Gmail API thread';

async function main(): Promise<number> {
  const started = Date.now();
  const loadAtStart = os.loadavg()[0];
  const options = readOptions();
  if (options.help) {
    console.log('npm run bench -- [--runs 5] [--navigations 20] [--mutations 1000] [--contacts 100000] [--smoke] [--no-fail] [--out bench/results/latest.json]');
    return 0;
  }
  const { outFile } = options;
  const pages = fixturePages();
  const threadPage = pages.find((p) => path.basename(p.file) === THREAD_PAGE);
  if (!threadPage?.thread) throw new Error(`${THREAD_PAGE} has no thread subject with data-legacy-thread-id`);
  const target: PanelTarget = { page: { ...threadPage, thread: threadPage.thread }, cachedMarker: CACHED_MARKER };
  const injected = injectedFiles(builtExtension);
  const bundles = bundleSizes(builtExtension);

  // Every thread page's thread is known to the Gmail API stand-in and cached before measuring, so
  // each page is measured in the same steady state: a configured extension with the thread cached.
  const standins = new Standins();
  standins.gmail.emailAddress = REP.email;
  const threadPages = pages.filter((p): p is PanelTarget['page'] => !!p.thread);
  for (const p of threadPages) {
    standins.gmail.addThread({
      id: p.thread.id,
      messages: [{
        id: p.thread.id,
        from: `${PROSPECT.name} <${PROSPECT.email}>`,
        to: `${REP.name} <${REP.email}>`,
        subject: p.thread.subject,
        date: 'Wed, 06 Dec 2023 14:57:00 -0600',
        messageId: `<bench-${p.thread.id}@northwind-logistics.com>`,
        text: `Hi Sam,\n\n${CACHED_MARKER}. Could you send pricing for 40 seats?\n\nThanks,\nDana`,
        labelIds: ['INBOX'],
      }],
    });
  }
  // Scout's work needs no browser: measured first, in this Node process, on an idle machine.
  log(`Scout: scoring ${options.smoke ? '1,000' : '10,000'} leads from IndexedDB; triage of the real email corpus`);
  const scoring = await benchScoring({ leads: options.smoke ? 1_000 : 10_000, runs: options.runs });
  const triage = await benchTriage({ runs: options.runs });
  log(`Herald: quality gate over ${options.smoke ? 50 : 300} drafts; generic check against ${options.smoke ? '500' : '5,000'} stored drafts`);
  const quality = benchQuality({ drafts: options.smoke ? 50 : 300, stored: options.smoke ? 500 : 5_000, runs: options.runs });
  log(`Cipher: duplicate detection over ${options.smoke ? '1,000 / 3,000' : '10,000 / 30,000 / 100,000'} contacts`);
  const dedupe = benchDedupe({ sizes: options.smoke ? [1_000, 3_000] : [10_000, 30_000, 100_000], runs: options.runs });
  const syncDiff = await benchSyncDiff({ records: options.smoke ? 200 : 5_000, runs: options.smoke ? 1 : 3 });

  const oauth = await OAuthServer.start();
  oauth.standin = standins.oauth;

  const sides: Side[] = [];
  const results: PageResult[] = pages.map((p) => ({ name: p.name, url: p.url, samples: { without: [], with: [] } }));
  let navigation: NavigationSample[] = [];
  let csv: CsvSample | null = null;
  let coldStart: ColdStartSample | null = null;
  let idb: IdbBulkSample | null = null;
  let chromium = '';
  try {
    log(`launching Chromium without and with ${path.relative(repoRoot, builtExtension)}`);
    for (const name of ['without', 'with'] as const) sides.push(await launchSide(name, { extensionPath: builtExtension, pages, gmail: standins.gmail, oauth }));
    const [without, withExt] = sides as [Side, Side];
    chromium = withExt.context.browser()?.version() ?? '';
    await withTimeout(configureExtension(withExt.context), 30_000, 'configuring the extension (settings.update, gmail.connect)');
    for (const page of threadPages) {
      const primed = withTimeout(primeCache(withExt.context, { page, cachedMarker: CACHED_MARKER }), 30_000, `opening ${page.name} once to cache its thread`);
      // Only the navigation page must work; another page the panel cannot read is still measured.
      if (page === threadPage) await primed;
      else await primed.catch((e: unknown) => log(`warning: ${page.name} not cached: ${e instanceof Error ? e.message : String(e)}`));
    }
    log(`extension configured; ${threadPages.length} thread${threadPages.length === 1 ? '' : 's'} cached`);

    const measure = (side: Side, page: (typeof pages)[number]): Promise<PageSample> => measurePage(side.context, page, options);
    if (options.warmup) {
      log('warm-up (discarded)');
      for (const page of pages) for (const side of sides) await measure(side, page);
    }
    for (let run = 0; run < options.runs; run++) {
      log(`run ${run + 1}/${options.runs}`);
      // Alternate which side goes first, so drift (thermal, caches) does not favour one.
      const order = run % 2 ? [withExt, without] : [without, withExt];
      for (const [i, page] of pages.entries()) for (const side of order) results[i]!.samples[side.name].push(await measure(side, page));
    }
    log(`${options.navigations} list → thread navigations on ${target.page.name}`);
    navigation = await timeNavigations(withExt.context, target, { count: options.navigations, warmup: options.warmup ? 2 : 1 });
    const csvRows = options.smoke ? 1_000 : 10_000;
    log(`local CRM: import and export ${csvRows} contacts as CSV`);
    csv = await withTimeout(benchCsv(withExt.context, csvRows), 120_000, 'local CRM CSV import/export');
    log(`background cold start: ${options.workerRestarts} service-worker terminations, status.get from the approval panel`);
    coldStart = await withTimeout(benchColdStart(withExt.context, { runs: options.workerRestarts }), 180_000, 'service-worker cold start');
    const idbRuns = Math.min(options.runs, 3);
    log(`IndexedDB: ${options.contacts.toLocaleString('en-US')} contacts, Dexie and the local CRM adapter against raw IndexedDB, ${idbRuns} run${idbRuns > 1 ? 's' : ''} (in the Chromium without the extension)`);
    idb = await withTimeout(benchIdbBulk(without.context, { contacts: options.contacts, adapterContacts: Math.min(options.contacts, options.smoke ? 1_000 : 10_000), runs: idbRuns }), 900_000, 'IndexedDB bulk rates');
  } finally {
    for (const side of sides) await side.context.close().catch(() => {});
    await oauth.close();
  }

  const report = buildReport({ pages: results, injected, navigation: { page: target.page.name, samples: navigation }, smoke: options.smoke });
  // The same checks check-budgets.ts computes from the JSON (report.ts's budgetChecks).
  const checks = budgetChecks({ options: { smoke: options.smoke }, injected: { files: injected }, pages: results, cachedThread: { page: target.page.name, samples: navigation }, scoutScoring: scoring, heraldQuality: quality, cipherDedupe: dedupe });
  const failed = checks.filter((c) => !c.ok && c.enforced);
  const throughput = throughputRows({ scoring, triage, quality, dedupe, syncDiff, csv, idb });
  const durationMs = Date.now() - started;
  console.log(renderTable(report.rows));
  if (csv) console.log(`\n${renderCsv(csv)}`);
  console.log(`\n${renderScoring(scoring)}`);
  console.log(`\n${renderTriage(triage)}`);
  console.log(`\n${renderQuality(quality)}`);
  console.log(`\n${renderDedupe(dedupe)}`);
  console.log(`\n${renderSyncDiff(syncDiff)}`);
  if (coldStart) console.log(`\n${renderColdStart(coldStart)}`);
  if (idb) console.log(`\n${renderIdbBulk(idb)}`);
  console.log(`\n${renderThroughput(throughput)}`);
  console.log(`\n${renderBundleSizes(bundles)}`);
  console.log(`\nbudgets${options.smoke ? ' (smoke: timing budgets reported, not enforced)' : ''}\n${renderChecks(checks)}`);
  console.log(`\nwithout/with: median ±half the min–max range over ${options.runs} run${options.runs > 1 ? 's' : ''}${options.warmup ? ' (after a discarded warm-up)' : ''}; added = median with − median without.`);
  console.log(`Chromium ${chromium}, ${os.cpus().length} CPUs (1-min load ${loadAtStart?.toFixed(1)} at start, ${os.loadavg()[0]?.toFixed(1)} at end), headless; ${options.mutations} mutations per page, ${options.navigations} navigations; ${(durationMs / 1000).toFixed(1)} s.`);

  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, `${JSON.stringify({
    schema: 1,
    startedAt: new Date(started).toISOString(),
    durationMs,
    environment: { chromium, node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, platform: `${os.platform()} ${os.release()}`, loadAverage: { atStart: loadAtStart, atEnd: os.loadavg()[0] }, ...gitState() },
    options: { smoke: options.smoke, runs: options.runs, navigations: options.navigations, mutations: options.mutations, perFrame: options.perFrame, warmup: options.warmup, contacts: options.contacts, workerRestarts: options.workerRestarts },
    budgets: checks,
    injected: { files: injected, totalRaw: report.injected.totalRaw, totalGzip: report.injected.totalGzip },
    pages: results.map((r, i) => ({ ...r, file: path.relative(repoRoot, pages[i]!.file), summary: report.pages[i]!.summary })),
    cachedThread: { page: target.page.name, url: target.page.url, summary: report.navigation, samples: navigation },
    localCrmCsv: csv && { ...csv, importRowsPerSecond: perSecond(csv.rows, csv.importMs), exportRowsPerSecond: perSecond(csv.rows, csv.exportMs) },
    scoutScoring: scoring,
    scoutTriage: triage,
    heraldQuality: quality,
    cipherDedupe: dedupe,
    cipherSyncDiff: syncDiff,
    workerColdStart: coldStart,
    indexedDbBulk: idb,
    throughput,
    bundleSizes: bundles,
    table: report.rows,
  }, null, 2)}\n`);
  console.log(`JSON: ${path.relative(process.cwd(), outFile)}`);

  if (csv && (csv.imported !== csv.rows || csv.exportedRows !== csv.rows || csv.errors)) {
    console.log(`\nlocal CRM CSV round trip lost rows: ${csv.rows} in, ${csv.imported} imported, ${csv.exportedRows} out, ${csv.errors} errors`);
    return 1;
  }
  if (failed.length) {
    console.log(`\n${failed.length} budget${failed.length > 1 ? 's' : ''} broken:\n${failed.map((c) => `  ${c.subject}: ${+c.value.toFixed(1)} (budget ${c.budget})`).join('\n')}`);
    if (options.noFail) console.log('(--no-fail: reported only)');
    return options.noFail ? 0 : 1;
  }
  return 0;
}

/** Page evaluations have no timeout of their own: a background that never answers must not hang the bench. */
async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s`)), ms); });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}

function gitState(): { commit?: string; dirty?: boolean } {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: repoRoot, encoding: 'utf8' }).trim() !== '';
    return { commit, dirty };
  } catch {
    return {};
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(2);
  },
);

import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InspectReport } from '../lib/sites/gmail/inspect';
import { PAGE_FILES, pageHtml, repoRoot, SHARED_DIR } from '../lib/sites/gmail/test-pages';

const run = promisify(execFile);

/** `npm run -s gmail:inspect -- FILE` is `tsx scripts/gmail-inspect.ts FILE`; run it the same way. */
async function inspect(file: string): Promise<{ code: number; report: (InspectReport & { file: string }) | null; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'scripts/gmail-inspect.ts', file], { cwd: repoRoot });
    return { code: 0, report: JSON.parse(stdout) as InspectReport & { file: string }, stderr };
  } catch (e) {
    const failed = e as { code?: number; stderr?: string };
    return { code: failed.code ?? -1, report: null, stderr: failed.stderr ?? '' };
  }
}

const REAL_DIR = path.join(SHARED_DIR, 'fixtures/gmail');
const realPages = ['InboxSDK', 'js-min'].flatMap((dir) => readdirSync(path.join(REAL_DIR, dir)).filter((f) => f.endsWith('.html')).map((f) => path.join(REAL_DIR, dir, f)));

let tmp: string;
const results = new Map<string, Awaited<ReturnType<typeof inspect>>>();

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'gmail-inspect-'));
  const derived = (['thread-renamed', 'thread-bare'] as const).map((page) => {
    const file = path.join(tmp, `${page}.html`);
    writeFileSync(file, pageHtml(page));
    return [page, file] as [string, string];
  });
  const files: [string, string][] = [...Object.entries(PAGE_FILES), ...derived, ...realPages.map((f) => [path.basename(f), f] as [string, string]), ['missing', path.join(tmp, 'no-such-page.html')]];
  await Promise.all(files.map(async ([name, file]) => results.set(name, await inspect(file))));
}, 60_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const report = (name: string) => {
  const r = results.get(name);
  expect(r?.code, r?.stderr).toBe(0);
  if (!r?.report) throw new Error(`no report for ${name}`);
  return r.report;
};

describe('npm run gmail:inspect', () => {
  it.each([
    ['thread', '18c2f1a9b7e4d3c0', 'Pricing for 40 seats', 'div.nH[role=main] > div.nH > div.nH.a98.iY > div.nH'],
    ['thread-b', '13d758e2e085b1e3', 'Automatic reply: Nyaan', 'div.nH[role=main] > div.nH > div.nH.a98.iY > div.nH'],
    ['thread-pre2023', '163d03bfda277ec1', 'Onboarding checklist for the Fabrikam rollout', 'tr > td.Bu.bAn > div.nH.if > div.nH'],
  ])('reads the constructed %s page: id, subject, mount point, visible messages, nothing degraded', (name, id, subject, mount) => {
    const r = report(name);
    expect(r).toMatchObject({ view: 'thread', thread: { id, subject, idSource: { selector: 'h2[data-legacy-thread-id]', attribute: 'data-legacy-thread-id' } }, mountPoint: { path: mount }, degraded: [] });
    expect(r.visibleMessages?.partial).toBe(true);
    expect(r.visibleMessages?.messages.length).toBeGreaterThan(0);
  });

  it('names the fallbacks on the renamed page and every failed hook on the bare one', () => {
    expect(report('thread-renamed')).toMatchObject({ thread: { id: '18c2f1a9b7e4d3c0' }, mountPoint: { via: 'structure' }, degraded: ['messageBody'] });
    expect(report('thread-renamed').hooks.messageSender).toMatchObject({ selector: 'h3 span[email]', fallback: 2 });
    const bare = report('thread-bare');
    expect(bare).toMatchObject({ view: 'unknown', thread: null, degraded: ['main'] });
    expect(Object.values(bare.hooks).filter((h) => h.count > 0)).toEqual([]);
  });

  it('reads every real page in shared/fixtures/gmail without failing', () => {
    expect(realPages.length).toBeGreaterThanOrEqual(4);
    for (const file of realPages) {
      const r = report(path.basename(file));
      expect(r.file).toBe(file);
      expect(r.thread).toBeNull(); // none of them shows an open thread
    }
    expect(report(path.basename(PAGE_FILES.list))).toMatchObject({ view: 'list', threadList: { rows: 16 }, degraded: [] });
    expect(report(path.basename(PAGE_FILES.compose))).toMatchObject({ view: 'compose-only', composeBoxes: [{ kind: 'window', subject: '', to: [] }] });
  });

  it('exits 1 only for a file it cannot read', () => {
    const missing = results.get('missing');
    expect(missing?.code).toBe(1);
    expect(missing?.stderr).toMatch(/cannot read .*no-such-page\.html/);
  });
});

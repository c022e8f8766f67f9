import type { BrowserContext, CDPSession, Page } from '@playwright/test';
import { inPage } from './in-page';
import type { FixturePage } from './pages';

/** One load of one fixture page in one browser: what it cost the page's main thread. */
export interface PageSample {
  /** From navigation to a settled page (the extension, when loaded, has mounted its panel). */
  load: Cost & { heapMB: number };
  /** While the page mutates [role=main] `mutations.count` times, spread over animation frames. */
  mutations: Cost & { count: number };
}

export interface Cost {
  /** CDP Performance.getMetrics ScriptDuration (JS in every world of the page, content scripts included). */
  scriptMs: number;
  /** TaskDuration: all main-thread work (script, style, layout, GC, microtasks). */
  taskMs: number;
  /** Tasks over 50 ms seen by a PerformanceObserver('longtask') in the page. */
  longTasks: number;
  longTaskMs: number;
}

export interface MeasureOptions {
  mutations: number;
  /** Mutations per animation frame (Gmail mutates in bursts, one render per frame). */
  perFrame: number;
}

interface LongTask { start: number; duration: number }
type BenchWindow = Window & { __benchLongTasks?: LongTask[] };

/**
 * Main-world instrumentation installed before any page script (both sides alike): a buffered
 * long-task observer. Long tasks are per event loop, so they include the content script's tasks.
 */
export async function instrumentPages(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const w = window as BenchWindow;
    if (w.__benchLongTasks) return;
    const tasks: LongTask[] = (w.__benchLongTasks = []);
    try {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) tasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    } catch {
      /* no longtask support: reported as 0, both sides alike */
    }
  });
}

/** The one measure-a-page function every per-page metric comes from. */
export async function measurePage(context: BrowserContext, fixture: FixturePage, options: MeasureOptions): Promise<PageSample> {
  const page = await context.newPage();
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(fixture.url, { waitUntil: 'load' });
    await settle(cdp);
    const loaded = await metrics(cdp);
    // Read before the forced GC below, whose task must not count against either side.
    const loadTasks = await longTasks(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heapMB = (await metrics(cdp)).JSHeapUsedSize / 2 ** 20;

    const before = await metrics(cdp);
    const startedAt = await inPage(page, mutate, { count: options.mutations, perFrame: options.perFrame });
    await settle(cdp);
    const after = await metrics(cdp);

    const inMutations = (await longTasks(page)).filter((t) => t.start >= startedAt);
    await cdp.detach();
    return {
      load: { scriptMs: loaded.ScriptDuration * 1000, taskMs: loaded.TaskDuration * 1000, heapMB, ...longTaskTotals(loadTasks) },
      mutations: {
        count: options.mutations,
        scriptMs: (after.ScriptDuration - before.ScriptDuration) * 1000,
        taskMs: (after.TaskDuration - before.TaskDuration) * 1000,
        ...longTaskTotals(inMutations),
      },
    };
  } finally {
    await page.close();
  }
}

type Metrics = Record<'ScriptDuration' | 'TaskDuration' | 'JSHeapUsedSize', number>;

async function metrics(cdp: CDPSession): Promise<Metrics> {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  const get = (name: keyof Metrics) => {
    const m = list.find((x) => x.name === name);
    if (!m) throw new Error(`Performance.getMetrics has no ${name}`);
    return m.value;
  };
  return { ScriptDuration: get('ScriptDuration'), TaskDuration: get('TaskDuration'), JSHeapUsedSize: get('JSHeapUsedSize') };
}

/**
 * Waits until the page's main thread is quiet: at least `minMs`, then until TaskDuration grows by
 * less than `quietTaskMs` over `windowMs` (a timer tick or two, not a render), at most `maxMs`.
 */
async function settle(cdp: CDPSession, { minMs = 750, windowMs = 300, quietTaskMs = 3, maxMs = 6000 } = {}): Promise<void> {
  const started = Date.now();
  await sleep(minMs);
  let last = (await metrics(cdp)).TaskDuration;
  while (Date.now() - started < maxMs) {
    await sleep(windowMs);
    const now = (await metrics(cdp)).TaskDuration;
    if ((now - last) * 1000 < quietTaskMs) return;
    last = now;
  }
}

async function longTasks(page: Page): Promise<LongTask[]> {
  return page.evaluate(() => [...((window as BenchWindow).__benchLongTasks ?? [])]);
}

const longTaskTotals = (tasks: readonly LongTask[]) => ({ longTasks: tasks.length, longTaskMs: tasks.reduce((n, t) => n + t.duration, 0) });

/**
 * In the page: `count` DOM mutations inside [role=main], `perFrame` per animation frame, in the
 * mix Gmail produces (rows added and removed, text edited, inline styles and classes changed).
 * Returns performance.now() at the start, to split long tasks by phase.
 */
async function mutate({ count, perFrame }: { count: number; perFrame: number }): Promise<number> {
  const root = document.querySelector('[role=main]') ?? document.body;
  const box = document.createElement('div');
  root.append(box);
  const rows: HTMLElement[] = [];
  const addRow = (i: number) => {
    const row = document.createElement('div');
    row.append(document.createTextNode(`row ${i}`));
    box.append(row);
    rows.push(row);
  };
  const startedAt = performance.now();
  let done = 0;
  while (done < count) {
    await new Promise((r) => requestAnimationFrame(r));
    for (let k = 0; k < perFrame && done < count; k++, done++) {
      const last = rows.at(-1);
      switch (done % 4) {
        case 0:
          addRow(done);
          break;
        case 1:
          if (last?.firstChild) (last.firstChild as Text).data = `edited ${done}`;
          else addRow(done);
          break;
        case 2:
          if (last) last.style.color = done % 8 === 2 ? 'red' : 'blue';
          else addRow(done);
          break;
        default:
          if (rows.length > 50) rows.shift()!.remove();
          else if (last) last.className = `r${done}`;
          else addRow(done);
      }
    }
  }
  return startedAt;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

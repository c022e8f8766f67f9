import type { BrowserContext } from '@playwright/test';
import { stopWorker, workerTarget } from '../e2e/support/worker';
import { inPage } from './in-page';
import { summarize, type Summary } from './stats';

export interface ColdStartSample {
  runs: number;
  message: string;
  /** sendMessage → answer with the service worker stopped beforehand (ms, in the page's clock). */
  coldMs: Summary;
  /** The same message to a running worker (ms). */
  warmMs: Summary;
  /** median cold / median warm. */
  ratio: number;
  /** Terminations after which the worker was running again before the timed message left (not counted). */
  discarded: number;
  cold: number[];
  warm: number[];
}

type Chrome = { chrome: { runtime: { sendMessage(m: unknown): Promise<{ ok: boolean; error?: { message: string } }> } } };

/**
 * Background cold start after service-worker termination: the approval panel sends `status.get`
 * to a stopped worker and times the answer; the same message to the running worker is the baseline.
 * The worker is stopped as the e2e suite stops it (e2e/support/extension.ts): Target.closeTarget on
 * its service_worker target, the way Chrome's idle timeout ends it (registration kept, globals gone,
 * the next extension event starts a fresh instance). The panel's own polling is parked first
 * (its sendMessage replaced by one that never settles), so nothing but the timed message can wake
 * the worker; a run where the worker was already running again when the message left is discarded
 * and retried.
 */
export async function benchColdStart(context: BrowserContext, options: { runs: number }): Promise<ColdStartSample> {
  const worker = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'))
    ?? (await context.waitForEvent('serviceworker', { predicate: (w) => w.url().startsWith('chrome-extension://'), timeout: 15_000 }));
  const extensionId = new URL(worker.url()).host;
  const cdp = await context.browser()!.newBrowserCDPSession();
  const panel = await context.newPage();
  try {
    await panel.goto(`chrome-extension://${extensionId}/sidepanel.html`);
    await inPage(panel, () => {
      const runtime = (globalThis as unknown as Chrome).chrome.runtime;
      const real = runtime.sendMessage.bind(runtime);
      (globalThis as unknown as { __benchSend: typeof real }).__benchSend = real;
      runtime.sendMessage = () => new Promise(() => {});
    }, null);
    const timeOne = (): Promise<number> => inPage(panel, async () => {
      const send = (globalThis as unknown as { __benchSend: Chrome['chrome']['runtime']['sendMessage'] }).__benchSend;
      const t0 = performance.now();
      const answer = await send({ type: 'status.get' });
      const ms = performance.now() - t0;
      if (!answer?.ok) throw new Error(`status.get: ${answer?.error?.message ?? 'no answer'}`);
      return ms;
    }, null);
    for (let i = 0; i < 3; i++) await timeOne(); // warm-up: worker running, JIT and DB open

    const warm: number[] = [];
    const cold: number[] = [];
    let discarded = 0;
    for (let i = 0; i < options.runs; i++) warm.push(await timeOne());
    for (let attempt = 0; cold.length < options.runs; attempt++) {
      if (attempt > options.runs * 3) throw new Error('the service worker kept restarting before the timed message was sent');
      await stopWorker(cdp, extensionId);
      await new Promise((r) => setTimeout(r, 200)); // let Chrome finish tearing it down
      if (await workerTarget(cdp, extensionId)) { // something else woke it: not a cold start
        discarded++;
        continue;
      }
      cold.push(await timeOne());
      warm.push(await timeOne()); // interleaved, so both see the same machine state
    }
    const coldMs = summarize(cold);
    const warmMs = summarize(warm);
    return { runs: options.runs, message: 'status.get from the approval panel', coldMs, warmMs, ratio: coldMs.median / warmMs.median, discarded, cold, warm };
  } finally {
    await panel.close().catch(() => {});
    await cdp.detach().catch(() => {});
  }
}

export function renderColdStart(s: ColdStartSample): string {
  const ms = (x: Summary) => `median ${x.median.toFixed(1)} ms (min ${x.min.toFixed(1)}, max ${x.max.toFixed(1)}, n ${x.n})`;
  return [
    `background service worker: ${s.message}, answer time`,
    `  cold (worker terminated before)   ${ms(s.coldMs)}`,
    `  warm (worker running)             ${ms(s.warmMs)}`,
    `  cold / warm                       ${s.ratio.toFixed(1)}×${s.discarded ? `   (${s.discarded} termination${s.discarded > 1 ? 's' : ''} discarded: the worker was back before the message)` : ''}`,
  ].join('\n');
}

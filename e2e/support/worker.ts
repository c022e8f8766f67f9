import type { CDPSession } from '@playwright/test';

/** The extension's service worker target, if it is running. */
export async function workerTarget(cdp: CDPSession, extensionId: string): Promise<{ targetId: string } | undefined> {
  const { targetInfos } = await cdp.send('Target.getTargets');
  return targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`));
}

/**
 * Stops the extension's service worker the way Chrome's idle timeout does: closing its target
 * keeps the registration, drops the globals, and the next extension event starts a fresh
 * instance. Under load Chrome occasionally ignores a close sent while the worker is busy starting
 * up: ask again every 2 s, and from 5 s on also call `fallback` (e.g. ServiceWorker.stopAllWorkers).
 * `cdp` is a browser-level session.
 */
export async function stopWorker(cdp: CDPSession, extensionId: string, fallback?: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + 15_000;
  let nextAsk = 0;
  for (let target = await workerTarget(cdp, extensionId); target; target = await workerTarget(cdp, extensionId)) {
    if (Date.now() > deadline) throw new Error('the extension service worker did not stop within 15 s');
    if (Date.now() >= nextAsk) {
      await cdp.send('Target.closeTarget', { targetId: target.targetId }).catch(() => {});
      if (fallback && nextAsk !== 0 && Date.now() > deadline - 10_000) await fallback();
      nextAsk = Date.now() + 2_000;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

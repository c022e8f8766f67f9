import type { Page } from '@playwright/test';
import { expect, test } from './support/extension';
import { configure, draftAndQueue, MODEL_KEY, seedThread, serveGmail } from './support/scenario';

/** Every string in the tab's JS heap: the page's and the content script's isolated world share it. */
async function heapStrings(page: Page): Promise<string> {
  const cdp = await page.context().newCDPSession(page);
  const chunks: string[] = [];
  cdp.on('HeapProfiler.addHeapSnapshotChunk', (e) => chunks.push(e.chunk));
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  await cdp.detach();
  return chunks.join('');
}

test("no API key or token is ever in the Gmail tab's memory (content script included), after the panel, a lead card and a draft", async ({ page, context, standins, openExtensionPage }) => {
  await serveGmail(context);
  seedThread(standins);
  await configure(await openExtensionPage('sidepanel.html'));
  const panel = await draftAndQueue(page); // thread read, lead card scored, draft generated and queued: every content-script request
  await expect(panel.getByTestId('cs-lead')).toBeVisible();

  const heap = await heapStrings(page);
  expect(heap.length).toBeGreaterThan(100_000); // a real snapshot, with the panel's own strings in it
  expect(heap).toContain('Pricing for 40 seats');
  expect(heap).toContain('Hide the Countersign panel'); // the content script's own world is in the snapshot
  for (const secret of [MODEL_KEY, standins.oauth.token]) {
    expect(heap.includes(secret), `${secret.slice(0, 8)}… found in the Gmail tab's heap`).toBe(false);
    expect(heap.includes(secret.slice(0, 16)), 'a prefix of a secret found in the Gmail tab heap').toBe(false);
  }
});

import type { BrowserContext, Page } from '@playwright/test';
import { inPage } from './in-page';
import type { FixturePage } from './pages';

/**
 * Time from Gmail's SPA navigation list → thread to the Countersign panel showing that thread,
 * when the extension already has the thread in its cache. Relies only on the panel host element
 * (<countersign-panel>, open shadow root), the subject it shows (data-testid="cs-thread-subject")
 * and the cached thread's text appearing in the panel.
 */
export interface NavigationSample {
  /** Hash change → panel host in the document. */
  hostMs: number | null;
  /** Hash change → the panel shows the thread's subject (visible). */
  subjectMs: number | null;
  /** Hash change → the panel shows text only the Gmail API (so the cache) has. */
  contentMs: number | null;
}

export interface PanelTarget {
  /** The thread page, served with its thread in view. */
  page: FixturePage & { thread: { id: string; subject: string } };
  /** A phrase in the cached thread's body that the page itself does not contain. */
  cachedMarker: string;
}

const TIMEOUT_MS = 3000;

/** Opens the thread once so the extension reads it from the Gmail API stand-in and caches it. */
export async function primeCache(context: BrowserContext, target: PanelTarget): Promise<void> {
  const page = await context.newPage();
  try {
    await page.goto(target.page.url);
    await waitForPanel(page, target, { content: true, timeout: 20_000 });
  } finally {
    await page.close();
  }
}

/**
 * One tab on the thread page; then `warmup + count` times: navigate to the list (thread view
 * removed, list shown, hash #inbox), wait until the panel no longer shows the thread and `dwellMs` more (a rep looks
 * at the list), then navigate back to the thread (hash, list hidden, a fresh copy of the thread
 * view appended, as Gmail re-renders it) and time the panel from the hash change, in the page.
 */
export async function timeNavigations(context: BrowserContext, target: PanelTarget, { count, warmup = 1, dwellMs = 500 }: { count: number; warmup?: number; dwellMs?: number }): Promise<NavigationSample[]> {
  const page = await context.newPage();
  try {
    await page.goto(target.page.url);
    await waitForPanel(page, target, { content: true, timeout: 20_000 });
    await inPage(page, installNavigator, { subject: target.page.thread.subject, marker: target.cachedMarker, threadHash: `#inbox/${target.page.thread.id}`, listHash: '#inbox', timeoutMs: TIMEOUT_MS });
    const samples: NavigationSample[] = [];
    for (let i = 0; i < warmup + count; i++) {
      await page.evaluate(() => (window as NavWindow).__benchNav!.toList());
      await page.waitForFunction(() => !(window as NavWindow).__benchNav!.state().subject, null, { timeout: 5000 }).catch(() => {
        throw new Error('the panel still showed the thread after navigating to the inbox list');
      });
      await page.waitForTimeout(dwellMs);
      const sample = await page.evaluate(() => (window as NavWindow).__benchNav!.toThread());
      if (sample.subjectMs === null) throw new Error(`the panel did not show "${target.page.thread.subject}" within ${TIMEOUT_MS} ms of opening the thread`);
      if (i >= warmup) samples.push(sample);
    }
    return samples;
  } finally {
    await page.close();
  }
}

async function waitForPanel(page: Page, target: PanelTarget, { content, timeout }: { content: boolean; timeout: number }): Promise<void> {
  await page.waitForFunction(
    ({ subject, marker, content }) => {
      const root = document.querySelector('countersign-panel')?.shadowRoot;
      const shown = root?.querySelector('[data-testid="cs-thread-subject"]')?.textContent?.includes(subject) ?? false;
      return shown && (!content || (root?.textContent?.includes(marker) ?? false));
    },
    { subject: target.page.thread.subject, marker: target.cachedMarker, content },
    { timeout },
  ).catch((e: unknown) => {
    throw new Error(`the panel did not show the ${content ? 'cached thread' : 'thread subject'} on ${target.page.url}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  });
}

interface PanelState { host: boolean; subject: boolean; content: boolean }
type NavWindow = Window & { __benchNav?: { toList(): void; toThread(): Promise<NavigationSample>; state(): PanelState } };

/** In the page: keeps the list and thread views and swaps them the way Gmail's SPA does. */
function installNavigator({ subject, marker, threadHash, listHash, timeoutMs }: { subject: string; marker: string; threadHash: string; listHash: string; timeoutMs: number }): void {
  const main = document.querySelector('[role=main]');
  const views = main ? [...main.children] : [];
  const list = views.find((v) => v.querySelector('[gh=tl]')) as HTMLElement | undefined;
  const thread = views.find((v) => v !== list && v.querySelector('h2[data-legacy-thread-id]'));
  if (!main || !list || !thread) throw new Error('the thread page has no [role=main] with a list view ([gh=tl]) and a thread view beside it');
  const template = thread.cloneNode(true) as Element;
  // The live thread view already holds the panel; Gmail's fresh render would not.
  template.querySelectorAll('countersign-panel').forEach((host) => host.remove());
  let current: Element = thread;

  const state = (): PanelState => {
    const host = document.querySelector('countersign-panel');
    const root = host?.shadowRoot;
    const heading = root?.querySelector('[data-testid="cs-thread-subject"]');
    return {
      host: !!host?.isConnected,
      subject: !!heading?.textContent?.includes(subject) && heading.getClientRects().length > 0,
      content: !!root?.textContent?.includes(marker),
    };
  };

  const toThread = () =>
    new Promise<NavigationSample>((resolve) => {
      const times: NavigationSample = { hostMs: null, subjectMs: null, contentMs: null };
      let observedRoot: ShadowRoot | null = null;
      let done = false;
      const t0 = performance.now();
      const check = () => {
        if (done) return;
        const root = document.querySelector('countersign-panel')?.shadowRoot ?? null;
        if (root && root !== observedRoot) {
          observedRoot = root;
          shadowObserver.disconnect();
          shadowObserver.observe(root, { childList: true, subtree: true, characterData: true, attributes: true });
        }
        const s = state();
        const now = performance.now() - t0;
        if (s.host) times.hostMs ??= now;
        if (s.subject) times.subjectMs ??= now;
        if (s.content) times.contentMs ??= now;
        if (times.subjectMs !== null && times.contentMs !== null) finish();
      };
      const finish = () => {
        done = true;
        docObserver.disconnect();
        shadowObserver.disconnect();
        clearTimeout(timer);
        resolve(times);
      };
      // MutationObservers see the content script's DOM writes (any world) as they happen;
      // a per-frame check covers what they cannot (a shadow root attached after insertion).
      const docObserver = new MutationObserver(check);
      const shadowObserver = new MutationObserver(check);
      const frame = () => {
        check();
        if (!done) requestAnimationFrame(frame);
      };
      const timer = setTimeout(finish, timeoutMs);
      docObserver.observe(document, { childList: true, subtree: true });
      location.hash = threadHash;
      list.style.display = 'none';
      current = template.cloneNode(true) as Element;
      main.append(current);
      requestAnimationFrame(frame);
    });

  (window as NavWindow).__benchNav = {
    state,
    toThread,
    toList() {
      location.hash = listHash;
      current.remove();
      list.style.display = '';
    },
  };
}

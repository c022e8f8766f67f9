import { test as base, type BrowserContext, type CDPSession, type Page, type Worker } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium } from './launch';
import { builtExtension } from './paths';
import { envPort } from './prism';
import { Standins } from './standins';
import { OAuthServer } from './standins/google-oauth';
import { Upstream } from './upstream';
import { stopWorker, workerTarget } from './worker';

export interface ExtensionFixtures {
  /** Unpacked extension to load; default .output/chrome-mv3 (run `npm run build:chrome` first). */
  extensionPath: string;
  /** Vendor stand-ins (Gmail, OpenAI, Google OAuth), routed on the context before any page opens. */
  standins: Standins;
  context: BrowserContext;
  page: Page;
  extensionId: string;
  /** Opens chrome-extension://<id>/<path> in a new tab. */
  openExtensionPage: (path: string) => Promise<Page>;
  /** Stops the extension's MV3 service worker (as Chrome does when idle) and waits until it is gone. */
  stopServiceWorker: () => Promise<void>;
  /** The running service worker; waits for it to (re)start, or starts it with { wake: true }. */
  serviceWorker: (options?: { wake?: boolean; timeout?: number }) => Promise<Worker>;
}

interface WorkerFixtures {
  upstreams: { gmail: Upstream; openai: Upstream; oauth: OAuthServer };
}

export const test = base.extend<ExtensionFixtures, WorkerFixtures>({
  upstreams: [
    async ({}, use) => {
      const gmail = await Upstream.listen('gmail', envPort('E2E_UPSTREAM_GMAIL_PORT'));
      const openai = await Upstream.listen('openai', envPort('E2E_UPSTREAM_OPENAI_PORT'));
      const oauth = await OAuthServer.start();
      await use({ gmail, openai, oauth });
      await Promise.all([gmail.close(), openai.close(), oauth.close()]);
    },
    { scope: 'worker' },
  ],

  extensionPath: [builtExtension, { option: true }],

  standins: async ({ upstreams }, use) => {
    const standins = new Standins();
    upstreams.gmail.handler = standins.gmail.handle;
    upstreams.openai.handler = standins.openai.handle;
    upstreams.oauth.standin = standins.oauth;
    try {
      await use(standins);
    } finally {
      standins.stop();
      upstreams.gmail.reset();
      upstreams.openai.reset();
      upstreams.oauth.standin = null;
      upstreams.oauth.salesforce = null;
    }
    standins.assertNoViolationsLeft(); // the test fails in teardown
  },

  context: async ({ extensionPath, standins, upstreams }, use, testInfo) => {
    if (!fs.existsSync(path.join(extensionPath, 'manifest.json'))) throw new Error(`no built extension at ${extensionPath}: run npm run build:chrome`);
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'countersign-e2e-'));
    const context = await launchChromium({ extensionPath, userDataDir: profile, extraArgs: upstreams.oauth.chromiumArgs() });
    const consoleLines: string[] = [];
    context.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.location().url}: ${m.text()}`));
    context.on('weberror', (e) => consoleLines.push(`[pageerror] ${e.error().stack ?? String(e.error())}`));
    await standins.install(context);
    try {
      await use(context);
    } finally {
      if (testInfo.status !== testInfo.expectedStatus && consoleLines.length) await testInfo.attach('browser-console.txt', { body: consoleLines.join('\n'), contentType: 'text/plain' });
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    }
  },

  page: async ({ context }, use) => {
    await use(context.pages()[0] ?? (await context.newPage()));
  },

  extensionId: async ({ context }, use) => {
    const worker = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'))
      ?? (await context.waitForEvent('serviceworker', { predicate: (w) => w.url().startsWith('chrome-extension://'), timeout: 15_000 }));
    await use(new URL(worker.url()).host);
  },

  openExtensionPage: async ({ context, extensionId }, use) => {
    await use(async (pagePath) => {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${pagePath.replace(/^\//, '')}`);
      return page;
    });
  },

  stopServiceWorker: async ({ context, extensionId, page }, use) => {
    const cdp = await context.browser()!.newBrowserCDPSession();
    let pageSession = null as CDPSession | null;
    await use(() =>
      stopWorker(cdp, extensionId, async () => {
        pageSession ??= await context.newCDPSession(page);
        await pageSession.send('ServiceWorker.enable').catch(() => {});
        await pageSession.send('ServiceWorker.stopAllWorkers').catch(() => {});
      }),
    );
    await cdp.detach().catch(() => {});
    await pageSession?.detach().catch(() => {});
  },

  serviceWorker: async ({ context, extensionId, page }, use) => {
    const cdp = await context.browser()!.newBrowserCDPSession();
    let pageSession = null as CDPSession | null;
    await use(async ({ wake = false, timeout = 10_000 } = {}) => {
      const deadline = Date.now() + timeout;
      if (wake && !(await workerTarget(cdp, extensionId))) {
        if (!pageSession) {
          pageSession = await context.newCDPSession(page);
          await pageSession.send('ServiceWorker.enable');
        }
        await pageSession.send('ServiceWorker.startWorker', { scopeURL: `chrome-extension://${extensionId}/` });
      }
      while (!(await workerTarget(cdp, extensionId))) {
        if (Date.now() > deadline) throw new Error(`the extension service worker is stopped and nothing started it within ${timeout} ms (send it an event, or pass { wake: true })`);
        await new Promise((r) => setTimeout(r, 25));
      }
      // Playwright keeps one Worker per target, and the target id survives restarts.
      const prefix = `chrome-extension://${extensionId}/`;
      return context.serviceWorkers().find((w) => w.url().startsWith(prefix))
        ?? (await context.waitForEvent('serviceworker', { predicate: (w) => w.url().startsWith(prefix), timeout: Math.max(1, deadline - Date.now()) }));
    });
    await cdp.detach().catch(() => {});
    await pageSession?.detach().catch(() => {});
  },
});

/** chrome.runtime.sendMessage from an extension page (wakes a stopped worker, like any extension event). */
export async function sendRuntimeMessage<T = unknown>(page: Page, message: unknown): Promise<T> {
  return (await page.evaluate((m) => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage(m), message)) as T;
}

export { expect } from '@playwright/test';
export type { Standins } from './standins';

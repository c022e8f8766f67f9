import type { BrowserContext, Route } from '@playwright/test';
import { launchChromium } from '../e2e/support/launch';
import { configure } from '../e2e/support/scenario';
import type { GmailStandin } from '../e2e/support/standins';
import type { OAuthServer } from '../e2e/support/standins/google-oauth';
import { instrumentPages } from './measure';
import { servePages, type FixturePage } from './pages';

export type SideName = 'without' | 'with';

export interface Side {
  name: SideName;
  context: BrowserContext;
}

/**
 * One Chromium per side, launched by the e2e harness's recipe with the same flags; only the
 * extension differs. Both serve the same pages and answer the Gmail API the same way.
 */
export async function launchSide(name: SideName, setup: { extensionPath: string; pages: readonly FixturePage[]; gmail: GmailStandin; oauth: OAuthServer }): Promise<Side> {
  const context = await launchChromium({
    extensionPath: name === 'with' ? setup.extensionPath : undefined,
    headless: true,
    extraArgs: setup.oauth.chromiumArgs(),
  });
  try {
    await instrumentPages(context);
    await servePages(context, setup.pages);
    await answerGmailApi(context, setup.gmail);
    return { name, context };
  } catch (error) {
    await context.close();
    throw error;
  }
}

/** Settings and Gmail connection (OAuth stand-in) through the extension's own protocol, as in e2e. */
export async function configureExtension(context: BrowserContext): Promise<void> {
  const worker = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'))
    ?? (await context.waitForEvent('serviceworker', { predicate: (w) => w.url().startsWith('chrome-extension://'), timeout: 15_000 }));
  const page = await context.newPage();
  try {
    await page.goto(`chrome-extension://${new URL(worker.url()).host}/popup.html`);
    await configure(page);
  } finally {
    await page.close();
  }
}

/**
 * The Gmail API at its real URLs, answered in-process by the e2e Gmail stand-in. Not through Prism:
 * the bench measures cost, not the contract (the e2e suite checks that), and skips Prism's start-up.
 */
async function answerGmailApi(context: BrowserContext, gmail: GmailStandin): Promise<void> {
  const handler = async (route: Route): Promise<void> => {
    const request = route.request();
    if (request.method() === 'OPTIONS') {
      await route.fulfill({ status: 204, headers: { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*', 'access-control-allow-methods': '*' } });
      return;
    }
    const url = new URL(request.url());
    const answer = await gmail.handle({ method: request.method(), path: url.pathname, query: url.searchParams, headers: await request.allHeaders(), body: request.postData() ?? '' });
    await route.fulfill({
      status: answer.status,
      headers: { 'content-type': 'application/json; charset=UTF-8', ...answer.headers },
      body: answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body),
    }).catch(() => {});
  };
  await context.route('https://gmail.googleapis.com/**', handler);
  await context.route('https://www.googleapis.com/gmail/**', handler);
}

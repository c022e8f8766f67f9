import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext } from '@playwright/test';
import { repoRoot, sharedDir } from '../e2e/support/paths';
import { GMAIL_URL } from '../e2e/support/scenario';

/** A saved Gmail page the bench loads at a real mail.google.com URL. */
export interface FixturePage {
  /** Short name for the table. */
  name: string;
  file: string;
  /** Where it is served; each page gets its own account path (/mail/u/N/) so one route serves all. */
  url: string;
  /** Thread pages only: the open thread's id and subject, as the page shows them. */
  thread?: { id: string; subject: string };
}

const CONSTRUCTED_DIR = path.join(repoRoot, 'e2e/fixtures');
/** The real (2014) inbox list page from InboxSDK's tests, read in place from shared/. */
const REAL_LIST = path.join(sharedDir, 'fixtures/gmail/InboxSDK/__tests____injected-thread-identifier.html');
/** The page the e2e suite and the cached-thread timing use; it keeps the e2e URL (/mail/u/0/). */
export const THREAD_PAGE = 'gmail-thread.constructed.html';

/** Every e2e/fixtures/gmail-*.html (constructed pages may be added) plus the real list page. */
export function fixturePages(): FixturePage[] {
  const constructed = fs.readdirSync(CONSTRUCTED_DIR).filter((f) => /^gmail-.*\.html$/.test(f)).sort((a, b) => Number(b === THREAD_PAGE) - Number(a === THREAD_PAGE) || a.localeCompare(b));
  if (!fs.existsSync(REAL_LIST)) throw new Error(`real Gmail list page not found: ${REAL_LIST} (set SHARED_DIR to the shared/ folder)`);
  const files = [...constructed.map((f) => path.join(CONSTRUCTED_DIR, f)), REAL_LIST];
  return files.map((file, i) => {
    // A thread page names its thread on the subject heading (h2 with data-legacy-thread-id), as Gmail does.
    const heading = /<h2\b[^>]*\bdata-legacy-thread-id="([0-9a-f]+)"[^>]*>([^<]*)<\/h2>/.exec(fs.readFileSync(file, 'utf8'));
    const thread = heading ? { id: heading[1]!, subject: decodeEntities(heading[2]!.trim()) } : undefined;
    const threadId = thread?.id;
    const name = path.basename(file) === THREAD_PAGE ? 'thread (constructed)' : file === REAL_LIST ? 'inbox list (real, 2014)' : path.basename(file, '.html').replace(/^gmail-/, '');
    const url = path.basename(file) === THREAD_PAGE ? GMAIL_URL : `https://mail.google.com/mail/u/${i}/#inbox${threadId ? `/${threadId}` : ''}`;
    return { name, file, url, thread };
  });
}

/** Serves each page's HTML at its URL (document requests); everything else on mail.google.com is a 404. */
export async function servePages(context: BrowserContext, pages: readonly FixturePage[]): Promise<void> {
  const byPath = new Map(pages.map((p) => [new URL(p.url).pathname, fs.readFileSync(p.file, 'utf8')]));
  await context.route('https://mail.google.com/**', (route) => {
    const html = route.request().resourceType() === 'document' ? byPath.get(new URL(route.request().url()).pathname) : undefined;
    return html === undefined ? route.fulfill({ status: 404, body: '' }) : route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
  });
}

const decodeEntities = (s: string): string =>
  s.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e] ?? _);

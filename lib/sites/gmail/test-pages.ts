/**
 * Test-only: loads the Gmail fixture pages named in hooks.ts. Real pages come from shared/
 * (SHARED_DIR, else the repository's sibling ../shared) and are read, never written.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FixturePage } from './hooks';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');
export const SHARED_DIR = process.env.SHARED_DIR ?? path.resolve(repoRoot, '../shared');

export const PAGE_FILES: Record<FixturePage, string> = {
  thread: path.join(repoRoot, 'e2e/fixtures/gmail-thread.constructed.html'),
  list: path.join(SHARED_DIR, 'fixtures/gmail/InboxSDK/__tests____injected-thread-identifier.html'),
  compose: path.join(SHARED_DIR, 'fixtures/gmail/js-min/gmail-compose-window.extracted.html'),
};

export const pageHtml = (page: FixturePage): string => readFileSync(PAGE_FILES[page], 'utf8');

/** A fresh Document parsed from the page; scripts in it never run. */
export function loadPage(page: FixturePage): Document {
  return new DOMParser().parseFromString(pageHtml(page), 'text/html');
}

/** A Document from a fragment of markup, for pages built inside a test. */
export function docFrom(html: string): Document {
  return new DOMParser().parseFromString(`<!doctype html><html><body>${html}</body></html>`, 'text/html');
}

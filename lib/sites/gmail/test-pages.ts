/**
 * Test-only: loads the Gmail fixture pages named in hooks.ts. Real pages come from shared/
 * (SHARED_DIR, else the repository's sibling ../shared) and are read, never written. Two pages are
 * derived from the constructed thread A in memory, so they can never drift from it:
 * - `thread-renamed`: every class name renamed (Gmail regenerates its class names without notice);
 * - `thread-bare`: every attribute and class any hook uses removed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHTML } from 'linkedom';
import type { FixturePage } from './hooks';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../../..');
export const SHARED_DIR = process.env.SHARED_DIR ?? path.resolve(repoRoot, '../shared');

type FilePage = Exclude<FixturePage, 'thread-renamed' | 'thread-bare'>;

export const PAGE_FILES: Record<FilePage, string> = {
  thread: path.join(repoRoot, 'e2e/fixtures/gmail-thread.constructed.html'),
  'thread-b': path.join(repoRoot, 'e2e/fixtures/gmail-thread-b.constructed.html'),
  'thread-pre2023': path.join(repoRoot, 'e2e/fixtures/gmail-thread-pre2023.constructed.html'),
  list: path.join(SHARED_DIR, 'fixtures/gmail/InboxSDK/__tests____injected-thread-identifier.html'),
  compose: path.join(SHARED_DIR, 'fixtures/gmail/js-min/gmail-compose-window.extracted.html'),
};

/** Attributes some hook reads; `thread-bare` loses all of them (and every data-* attribute). */
const HOOK_ATTRIBUTES = ['class', 'role', 'gh', 'email', 'name', 'title', 'g_editable', 'contenteditable'];

const DERIVED: Record<Exclude<FixturePage, FilePage>, { from: FilePage; change: (doc: Document) => void }> = {
  'thread-renamed': {
    from: 'thread',
    change: (doc) =>
      doc.querySelectorAll('[class]').forEach((el) => {
        el.setAttribute('class', (el.getAttribute('class') ?? '').split(/\s+/).filter(Boolean).map((c) => `${c}_r`).join(' '));
      }),
  },
  'thread-bare': {
    from: 'thread',
    change: (doc) =>
      doc.querySelectorAll('*').forEach((el) => {
        for (const name of el.getAttributeNames()) if (HOOK_ATTRIBUTES.includes(name) || name.startsWith('data-')) el.removeAttribute(name);
      }),
  },
};

const isFilePage = (page: FixturePage): page is FilePage => page in PAGE_FILES;

/** The page's HTML as a browser would receive it. */
export function pageHtml(page: FixturePage): string {
  if (isFilePage(page)) return readFileSync(PAGE_FILES[page], 'utf8');
  const derived = DERIVED[page];
  const { document } = parseHTML(readFileSync(PAGE_FILES[derived.from], 'utf8'));
  derived.change(document as unknown as Document);
  return `<!doctype html>\n${document.documentElement.outerHTML}`;
}

/** A fresh Document parsed from the page (needs a DOM environment); scripts in it never run. */
export function loadPage(page: FixturePage): Document {
  return new DOMParser().parseFromString(pageHtml(page), 'text/html');
}

/** A Document from a fragment of markup, for pages built inside a test. */
export function docFrom(html: string): Document {
  return new DOMParser().parseFromString(`<!doctype html><html><body>${html}</body></html>`, 'text/html');
}

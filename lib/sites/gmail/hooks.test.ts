// @vitest-environment happy-dom
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURE_PAGES, HOOK_NAMES, HOOKS, queryHook, queryHookMatch } from './hooks';
import { loadPage, PAGE_FILES, SHARED_DIR } from './test-pages';

const docs = new Map(FIXTURE_PAGES.map((page) => [page, loadPage(page)]));

describe('Gmail hooks against the fixture pages', () => {
  const cases = HOOK_NAMES.flatMap((hook) => HOOKS[hook].pages.map(([count, page]) => ({ hook, count, page })));

  it.each(cases)('$hook matches $count on the $page page', ({ hook, count, page }) => {
    const doc = docs.get(page);
    if (!doc) throw new Error(`no page ${page}`);
    expect(queryHook(doc, hook)).toHaveLength(count);
  });

  it('every hook states its expected count on every page', () => {
    for (const hook of HOOK_NAMES) {
      expect(HOOKS[hook].pages.map(([, page]) => page).sort(), hook).toEqual([...FIXTURE_PAGES].sort());
    }
  });

  it('no selector matches on visible text, so hooks work in any UI language', () => {
    for (const hook of HOOK_NAMES) {
      for (const selector of HOOKS[hook].selectors) {
        expect(selector, hook).not.toMatch(/aria-label|title=|:contains|placeholder/i);
      }
    }
  });

  it('a renamed class is carried by an attribute fallback; a bare page matches no hook at all', () => {
    const renamed = docs.get('thread-renamed');
    const bare = docs.get('thread-bare');
    if (!renamed || !bare) throw new Error('derived pages missing');
    expect(queryHookMatch(renamed, 'threadSubject')?.selector).toBe('h2[data-legacy-thread-id]');
    expect(queryHookMatch(renamed, 'messageSender')).toMatchObject({ selector: 'h3 span[email]', fallback: 2 });
    expect(queryHookMatch(docs.get('thread')!, 'messageSender')).toMatchObject({ selector: 'span.gD[email]', fallback: 0 });
    for (const hook of HOOK_NAMES) expect(queryHook(bare, hook), hook).toEqual([]);
  });

  it('the real fixtures are byte-for-byte the ones SOURCES.md lists', () => {
    const sources = readFileSync(path.join(SHARED_DIR, 'fixtures/gmail/SOURCES.md'), 'utf8');
    for (const page of ['list', 'compose'] as const) {
      const file = PAGE_FILES[page];
      const sha = createHash('sha256').update(readFileSync(file)).digest('hex');
      const relative = path.relative(path.join(SHARED_DIR, 'fixtures/gmail'), file);
      expect(sources).toContain(`${sha}  ${relative}`);
    }
  });
});

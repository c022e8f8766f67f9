// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { loadPage } from './test-pages';
import { readThreadList } from './thread-list';

/** Thread B's page as Gmail shows it after "Back to Inbox": the list shown, the thread hidden. */
function listOfThreadB(): Document {
  const doc = loadPage('thread-b');
  doc.querySelector('[gh=tl]')?.parentElement?.removeAttribute('style');
  doc.querySelector('.a98.iY')?.parentElement?.setAttribute('style', 'display: none');
  return doc;
}

describe('readThreadList', () => {
  it('finds the 16 rows of the real 2014 inbox, whose rows carry no id (unknown, not guessed)', () => {
    const rows = readThreadList(loadPage('list'));
    expect(rows).toHaveLength(16);
    expect(rows.every((r) => r.threadId === null)).toBe(true);
  });

  it('reads each row id of a list with ids, from the hex id or else the thread-f perm id', () => {
    const doc = listOfThreadB();
    expect(readThreadList(doc).map((r) => r.threadId)).toEqual(['18c2f1a9b7e4d3c0', '18c24cde37e51b0e', '13d758e2e085b1e3']);
    doc.querySelectorAll('[data-legacy-thread-id]').forEach((el) => el.removeAttribute('data-legacy-thread-id'));
    expect(readThreadList(doc).map((r) => r.threadId)).toEqual(['18c2f1a9b7e4d3c0', '18c24cde37e51b0e', '13d758e2e085b1e3']);
  });

  it('ignores the list Gmail keeps hidden behind an open thread, and refuses planted ids', () => {
    expect(readThreadList(loadPage('thread'))).toEqual([]);
    const doc = listOfThreadB();
    doc.querySelector('[data-legacy-thread-id]')?.setAttribute('data-legacy-thread-id', '"><script>');
    doc.querySelector('[data-thread-id]')?.setAttribute('data-thread-id', '#thread-a:r123');
    expect(readThreadList(doc)[0]?.threadId).toBeNull();
  });
});

// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GmailSnapshot } from './adapter';
import { snapshotKey, watchGmail, WATCH_THROTTLE_MS } from './navigation';
import { loadPage, pageHtml } from './test-pages';

/** Let MutationObserver deliver (microtasks), then run due timers. */
async function settle(ms: number): Promise<void> {
  await Promise.resolve();
  await vi.advanceTimersByTimeAsync(ms);
}

function subjectHeading(): Element {
  const h2 = document.querySelector('h2.hP');
  if (!h2) throw new Error('page has no subject heading');
  return h2;
}

/** Gmail-like navigation to another thread: the heading's ids and text change. */
function openOtherThread(id: string, subject: string): void {
  const h2 = subjectHeading();
  h2.setAttribute('data-legacy-thread-id', id);
  h2.removeAttribute('data-thread-perm-id');
  h2.textContent = subject;
}

describe('watchGmail', () => {
  let seen: GmailSnapshot[];
  let dispose: () => void;

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    document.body.innerHTML = loadPage('thread').body.innerHTML;
    seen = [];
    dispose = watchGmail(window, (snapshot) => seen.push(snapshot));
  });

  afterEach(() => {
    dispose();
    vi.useRealTimers();
  });

  it('reports the current snapshot once at start', async () => {
    expect(seen.map((s) => s.thread?.threadId)).toEqual(['18c2f1a9b7e4d3c0']);
    window.dispatchEvent(new Event('hashchange'));
    window.dispatchEvent(new Event('popstate'));
    await settle(1000);
    expect(seen).toHaveLength(1);
  });

  it('fires once for a burst of mutations that make one real change', async () => {
    await settle(WATCH_THROTTLE_MS);
    openOtherThread('163d03bfda277ec1', 'Renewal paperwork');
    for (let i = 0; i < 20; i++) subjectHeading().append(document.createComment(`noise ${i}`));
    window.dispatchEvent(new Event('hashchange'));
    await settle(1000);
    expect(seen.map((s) => [s.view, s.thread?.threadId, s.thread?.subject])).toEqual([
      ['thread', '18c2f1a9b7e4d3c0', 'Pricing for 40 seats'],
      ['thread', '163d03bfda277ec1', 'Renewal paperwork'],
    ]);
  });

  it('ignores mutations that leave view, thread id and subject as they were', async () => {
    document.querySelector('.a3s')?.append(document.createElement('span'));
    subjectHeading().setAttribute('style', 'color: red');
    await settle(1000);
    expect(seen).toHaveLength(1);
  });

  it('calls back at most once per throttle window', async () => {
    const times: number[] = [];
    dispose();
    seen = [];
    dispose = watchGmail(window, (snapshot) => {
      seen.push(snapshot);
      times.push(Date.now());
    });
    for (let i = 0; i < 6; i++) {
      openOtherThread(`abc${i}`, `Subject ${i}`);
      await settle(50);
    }
    await settle(1000);
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.length).toBeLessThanOrEqual(3);
    times.slice(1).forEach((t, i) => expect(t - (times[i] ?? 0)).toBeGreaterThanOrEqual(WATCH_THROTTLE_MS));
    expect(seen.at(-1)?.thread?.threadId).toBe('abc5');
  });

  it('reports a move to the list and a degraded thread as changes', async () => {
    document.querySelector('.a98.iY')?.parentElement?.setAttribute('style', 'display: none');
    document.querySelector('[gh=tl]')?.parentElement?.removeAttribute('style');
    await settle(1000);
    document.querySelector('.a98.iY')?.parentElement?.removeAttribute('style');
    document.querySelector('[gh=tl]')?.parentElement?.setAttribute('style', 'display: none');
    subjectHeading().setAttribute('data-legacy-thread-id', "x'><script>");
    await settle(1000);
    expect(seen.map(snapshotKey).slice(1)).toEqual([
      JSON.stringify(['list', null, null, []]),
      JSON.stringify(['thread', null, null, ['threadId']]),
    ]);
  });

  it('tells onCheck after every throttled check, also when nothing the snapshot says changed', async () => {
    dispose();
    seen = [];
    const checks: string[] = [];
    dispose = watchGmail(window, (snapshot) => seen.push(snapshot), { onCheck: (snapshot) => checks.push(snapshot.thread?.threadId ?? '') });
    expect(checks).toEqual(['18c2f1a9b7e4d3c0']);
    // Gmail re-renders the thread (same id): no change to report, but a check to run.
    const thread = document.querySelector('.a98.iY');
    thread?.replaceWith(thread.cloneNode(true));
    await settle(1000);
    expect(seen).toHaveLength(1);
    expect(checks).toEqual(['18c2f1a9b7e4d3c0', '18c2f1a9b7e4d3c0']);
  });

  it('follows thread A -> thread B -> thread A as Gmail swaps the thread view', async () => {
    const viewOf = (page: 'thread' | 'thread-b') => {
      const doc = new DOMParser().parseFromString(pageHtml(page), 'text/html');
      return doc.querySelector('.a98.iY')?.parentElement?.cloneNode(true) as Element;
    };
    const swapTo = async (page: 'thread' | 'thread-b', id: string) => {
      document.querySelector('.a98.iY')?.parentElement?.replaceWith(document.importNode(viewOf(page), true));
      window.history.replaceState(null, '', `#inbox/${id}`);
      window.dispatchEvent(new Event('hashchange'));
      await settle(1000);
    };
    await swapTo('thread-b', '13d758e2e085b1e3');
    await swapTo('thread', '18c2f1a9b7e4d3c0');
    expect(seen.map((s) => s.thread?.subject)).toEqual(['Pricing for 40 seats', 'Automatic reply: Nyaan', 'Pricing for 40 seats']);
  });

  it('stops listening once disposed', async () => {
    dispose();
    openOtherThread('163d03bfda277ec1', 'Renewal paperwork');
    window.dispatchEvent(new Event('hashchange'));
    await settle(1000);
    expect(seen).toHaveLength(1);
  });
});

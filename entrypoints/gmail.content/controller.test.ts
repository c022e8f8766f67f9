// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readSnapshot } from '../../lib/sites/gmail/adapter';
import type { HookName } from '../../lib/sites/gmail/hooks';
import { loadPage } from '../../lib/sites/gmail/test-pages';
import { createController, DEGRADED_GRACE_MS, MAIN_GRACE_MS, type Controller, type PanelHost, type PanelState } from './controller';

type Call = { op: 'show'; anchor: Element | null; state: PanelState } | { op: 'hide' };

function fakeHost() {
  const calls: Call[] = [];
  let placed = false;
  const host: PanelHost = {
    show: (anchor, state) => {
      placed = true;
      calls.push({ op: 'show', anchor, state });
    },
    hide: () => {
      placed = false;
      calls.push({ op: 'hide' });
    },
    inPlace: () => placed,
  };
  return { host, calls, displace: () => (placed = false) };
}

const useDocument = (page: Parameters<typeof loadPage>[0]) => {
  document.body.innerHTML = loadPage(page).body.innerHTML;
};
const subjects = (calls: Call[]) => calls.map((c) => (c.op === 'hide' ? 'hide' : (c.state.thread?.subject ?? `degraded:${c.state.degraded.join(',')}`)));

let fake: ReturnType<typeof fakeHost>;
let reports: HookName[][];
let controller: Controller;

beforeEach(() => {
  vi.useFakeTimers();
  fake = fakeHost();
  reports = [];
  controller = createController({ doc: document, host: fake.host, report: (hooks) => reports.push(hooks), setTimer: (run, ms) => Number(setTimeout(run, ms)), clearTimer: (id) => clearTimeout(id) });
});

afterEach(() => {
  controller.dispose();
  vi.useRealTimers();
});

describe('the Gmail panel controller', () => {
  it('shows thread A under its subject block, then B, then A again, hiding it on the list', () => {
    useDocument('thread');
    controller.onSnapshot(readSnapshot(document));
    useDocument('thread-b');
    controller.onSnapshot(readSnapshot(document));
    useDocument('thread');
    controller.onSnapshot(readSnapshot(document));
    document.querySelector('.a98.iY')?.parentElement?.setAttribute('style', 'display: none');
    document.querySelector('[gh=tl]')?.parentElement?.removeAttribute('style');
    controller.onSnapshot(readSnapshot(document));
    expect(subjects(fake.calls)).toEqual(['Pricing for 40 seats', 'Automatic reply: Nyaan', 'Pricing for 40 seats', 'hide']);
    const first = fake.calls[0];
    expect(first?.op === 'show' && first.anchor?.matches('.a98.iY > .nH')).toBe(true);
    expect(reports).toEqual([[]]); // one "every hook works" report for the page, not one per thread
  });

  it('hides at once on a degraded read, and shows and reports it only if it lasts', () => {
    useDocument('thread');
    controller.onSnapshot(readSnapshot(document));
    document.querySelectorAll('span.gD').forEach((el) => el.removeAttribute('email'));
    controller.onSnapshot(readSnapshot(document));
    expect(subjects(fake.calls)).toEqual(['Pricing for 40 seats', 'hide']);
    vi.advanceTimersByTime(DEGRADED_GRACE_MS - 1);
    expect(reports).toEqual([[]]);
    vi.advanceTimersByTime(1);
    expect(subjects(fake.calls)).toEqual(['Pricing for 40 seats', 'hide', 'degraded:messageSender']);
    expect(reports).toEqual([[], ['messageSender']]);
    // The same hook again later is not reported twice.
    controller.onSnapshot(readSnapshot(document));
    vi.advanceTimersByTime(DEGRADED_GRACE_MS);
    expect(reports).toEqual([[], ['messageSender']]);
    // Gmail works again: the recovery is reported, so the background's alert can clear.
    useDocument('thread');
    controller.onSnapshot(readSnapshot(document));
    expect(reports).toEqual([[], ['messageSender'], []]);
  });

  it('says nothing about a thread that is only half rendered for a moment', () => {
    useDocument('thread-b');
    const full = document.body.innerHTML;
    document.querySelectorAll('[data-message-id]').forEach((el) => el.remove());
    controller.onSnapshot(readSnapshot(document));
    document.body.innerHTML = full;
    controller.onSnapshot(readSnapshot(document));
    vi.advanceTimersByTime(MAIN_GRACE_MS);
    expect(subjects(fake.calls)).toEqual(['hide', 'Automatic reply: Nyaan']);
    expect(reports).toEqual([[]]); // only that the page works
  });

  it('floats a notice, with no thread, when the page matches no hook at all, after the long grace', () => {
    useDocument('thread-bare');
    controller.onSnapshot(readSnapshot(document));
    vi.advanceTimersByTime(DEGRADED_GRACE_MS);
    expect(reports).toEqual([]);
    vi.advanceTimersByTime(MAIN_GRACE_MS);
    expect(fake.calls.at(-1)).toEqual({ op: 'show', anchor: null, state: { thread: null, degraded: ['main'], collapsed: false } });
    expect(reports).toEqual([['main']]);
  });

  it('floats the panel and reports panelMount when the thread reads but offers no place', () => {
    useDocument('thread');
    // A thread whose subject block cannot be found: neither the hook nor the structure.
    document.querySelectorAll('.nH').forEach((el) => el.classList.remove('nH'));
    const h2 = document.querySelector('h2');
    const message = document.querySelector('.adn');
    if (!h2 || !message) throw new Error('page changed');
    message.prepend(h2);
    controller.onSnapshot(readSnapshot(document));
    const shown = fake.calls.at(-1);
    expect(shown?.op === 'show' && shown.anchor).toBeNull();
    expect(shown?.op === 'show' && shown.state.thread?.threadId).toBe('18c2f1a9b7e4d3c0');
    expect(reports).toEqual([['panelMount']]);
  });

  it('puts the panel back after Gmail re-renders around it, without polling', () => {
    useDocument('thread');
    controller.onSnapshot(readSnapshot(document));
    controller.onCheck();
    expect(fake.calls).toHaveLength(1);
    fake.displace();
    controller.onCheck();
    expect(subjects(fake.calls)).toEqual(['Pricing for 40 seats', 'Pricing for 40 seats']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('remembers collapsed across threads for the life of the tab', () => {
    useDocument('thread');
    controller.onSnapshot(readSnapshot(document));
    controller.setCollapsed(true);
    useDocument('thread-b');
    controller.onSnapshot(readSnapshot(document));
    expect(fake.calls.map((c) => c.op === 'show' && c.state.collapsed)).toEqual([false, true, true]);
  });

  it('leaves no timer behind when disposed', () => {
    useDocument('thread-bare');
    controller.onSnapshot(readSnapshot(document));
    expect(vi.getTimerCount()).toBe(1);
    controller.dispose();
    expect(vi.getTimerCount()).toBe(0);
    expect(fake.calls.at(-1)).toEqual({ op: 'hide' });
  });
});

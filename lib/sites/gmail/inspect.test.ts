// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { cssPath, inspectGmailPage } from './inspect';
import { loadPage } from './test-pages';

describe('inspectGmailPage', () => {
  it('reports the thread, the hook that gave its id, the mount point and the partial page read', () => {
    const report = inspectGmailPage(loadPage('thread'));
    expect(report).toMatchObject({
      view: 'thread',
      thread: { id: '18c2f1a9b7e4d3c0', idSource: { hook: 'threadSubject', selector: 'h2[data-legacy-thread-id]', fallback: 0, attribute: 'data-legacy-thread-id' }, subject: 'Pricing for 40 seats' },
      mountPoint: { path: 'div.nH[role=main] > div.nH > div.nH.a98.iY > div.nH', position: 'afterend', via: 'panelMount' },
      composeBoxes: [],
      threadList: null,
      degraded: [],
    });
    expect(report.visibleMessages?.messages.map((m) => m.sender.name)).toEqual(['Sam Rep', 'Dana Whitfield']);
    expect(report.hooks.threadContainer).toEqual({ selector: '.a98.iY', fallback: 0, count: 1 });
  });

  it('shows which hooks run on a fallback when Gmail renames its classes, and what that costs', () => {
    const report = inspectGmailPage(loadPage('thread-renamed'));
    expect(report.thread?.id).toBe('18c2f1a9b7e4d3c0');
    expect(report.hooks.messageSender).toEqual({ selector: 'h3 span[email]', fallback: 2, count: 2 });
    expect(report.hooks.threadContainer.selector).toBeNull();
    expect(report.mountPoint?.via).toBe('structure');
    expect(report.degraded).toEqual(['messageBody']);
  });

  it('lists every hook as failing on the bare page and degrades, instead of inventing a view', () => {
    const report = inspectGmailPage(loadPage('thread-bare'));
    expect(report).toMatchObject({ view: 'unknown', thread: null, mountPoint: null, visibleMessages: null, degraded: ['main'] });
    expect(Object.values(report.hooks).every((h) => h.selector === null && h.count === 0)).toBe(true);
  });

  it('reads the real list and compose pages', () => {
    expect(inspectGmailPage(loadPage('list'))).toMatchObject({ view: 'list', thread: null, threadList: { rows: 16 }, degraded: [] });
    expect(inspectGmailPage(loadPage('compose'))).toMatchObject({ view: 'compose-only', composeBoxes: [{ kind: 'window', subject: '', to: [] }], degraded: [] });
  });

  it('writes short CSS paths people can read', () => {
    const doc = loadPage('thread-pre2023');
    const h2 = doc.querySelector('h2');
    if (!h2) throw new Error('page changed');
    expect(cssPath(h2)).toBe('div.nH.if > div.nH > div.ha > h2.hP');
  });
});

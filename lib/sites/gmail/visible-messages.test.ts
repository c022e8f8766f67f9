// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { unwrap } from './adapter';
import { loadPage } from './test-pages';
import { readVisibleMessages } from './visible-messages';

describe('readVisibleMessages (the partial page read before Gmail is connected)', () => {
  it('reads sender, the full date from the title, and the plain text of each message of thread A', () => {
    const read = unwrap(readVisibleMessages(loadPage('thread')));
    expect(read?.partial).toBe(true);
    expect(read?.threadId).toBe('18c2f1a9b7e4d3c0');
    expect(read?.messages.map((m) => [m.sender.email, m.date])).toEqual([
      ['sam.rep@example.com', 'Sun, Dec 3, 2023, 9:55 AM'],
      ['dana@northwind-logistics.com', 'Wed, Dec 6, 2023, 2:57 PM'],
    ]);
    expect(read?.messages[1]?.text).toBe(
      'Hi Sam,\n\nThanks for the recap. We have talked it over internally and would like to move forward with a trial.\n\nCould you send pricing for 40 seats? We would also like to run a pilot starting next month with our Chicago dispatch team (about 12 people) before rolling out to everyone. What would a pilot cost, and how long does it usually run?\n\nThanks,\nDana Whitfield\nOperations Director, Northwind Logistics',
    );
  });

  it('reads the real auto-reply of thread B as the page shows it', () => {
    const [message] = unwrap(readVisibleMessages(loadPage('thread-b')))?.messages ?? [];
    expect(message?.sender).toEqual({ name: 'Kijitora', email: 'kijitora@example.org' });
    expect(message?.text).toMatch(/^\*\*\*Please stop and read this message\.\*\*\*\n\nI will be traveling for work on July 10-31\. During that time/);
    expect(message?.text).toContain('nora-nyaans@example.org<mailto:nora-nyaans@example.org>');
  });

  it('leaves quoted history out on the pre-2023 page, and says so', () => {
    const messages = unwrap(readVisibleMessages(loadPage('thread-pre2023')))?.messages ?? [];
    expect(messages.map((m) => m.quoteLeftOut)).toEqual([false, true]);
    expect(messages[1]?.text).toBe('Hi Priya,\n\nAttached is the checklist. In short: single sign-on details, one admin per warehouse, and a list of the shared inboxes to migrate. Two weeks per site is typical.\n\nBest,\nSam');
  });

  it('falls back to the visible date text when the title is missing, and to null when there is no date', () => {
    const doc = loadPage('thread');
    const [first, second] = Array.from(doc.querySelectorAll('.g3'));
    first?.removeAttribute('title');
    second?.remove();
    expect(unwrap(readVisibleMessages(doc))?.messages.map((m) => m.date)).toEqual(['Dec 3, 2023, 9:55 AM', null]);
  });

  it('shows a collapsed message as null text, and degrades only when no message has a body', () => {
    const doc = loadPage('thread');
    doc.querySelector('.ii.gt')?.remove();
    expect(unwrap(readVisibleMessages(doc))?.messages.map((m) => m.text === null)).toEqual([true, false]);
    doc.querySelector('.ii.gt')?.remove();
    expect(readVisibleMessages(doc)).toEqual({ ok: false, degraded: ['messageBody'] });
  });

  it('renamed classes lose the body hook: degraded messageBody, never text from elsewhere', () => {
    expect(readVisibleMessages(loadPage('thread-renamed'))).toEqual({ ok: false, degraded: ['messageBody'] });
  });

  it("passes on the thread reader's degraded hooks, and is null outside a thread", () => {
    const doc = loadPage('thread');
    doc.querySelector('h2')?.setAttribute('data-legacy-thread-id', 'zz');
    expect(readVisibleMessages(doc)).toEqual({ ok: false, degraded: ['threadId'] });
    expect(readVisibleMessages(loadPage('list'))).toEqual({ ok: true, value: null });
    expect(readVisibleMessages(loadPage('thread-bare'))).toEqual({ ok: true, value: null });
  });

  it('keeps markup in message text as text: a planted tag is never parsed', () => {
    const doc = loadPage('thread');
    const body = doc.querySelectorAll('.a3s')[1];
    if (!body) throw new Error('page changed');
    body.textContent = '<img src=x onerror=alert(1)> please wire the money';
    expect(unwrap(readVisibleMessages(doc))?.messages[1]?.text).toBe('<img src=x onerror=alert(1)> please wire the money');
  });
});

// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import {
  degradedMessage,
  findComposeBodies,
  findMountPoint,
  GmailDegradedError,
  permIdToHex,
  readOpenThread,
  readSnapshot,
  locateOpenThread,
  readView,
  unwrap,
} from './adapter';
import { docFrom, loadPage } from './test-pages';

const THREAD = {
  threadId: '18c2f1a9b7e4d3c0',
  subject: 'Pricing for 40 seats',
  senders: [
    { name: 'Sam Rep', email: 'sam.rep@example.com' },
    { name: 'Dana Whitfield', email: 'dana@northwind-logistics.com' },
  ],
};

const heading = (doc: Document): Element => {
  const h2 = doc.querySelector('h2.hP');
  if (!h2) throw new Error('constructed page lost its subject heading');
  return h2;
};

/** The subject heading of any thread page, class names or not. */
const heading2 = (doc: Document): Element => {
  const h2 = doc.querySelector('h2');
  if (!h2) throw new Error('page lost its subject heading');
  return h2;
};

describe('readView', () => {
  it('tells the thread, list and compose pages apart', () => {
    expect(readView(loadPage('thread'))).toBe('thread');
    expect(readView(loadPage('list'))).toBe('list');
    expect(readView(loadPage('compose'))).toBe('compose-only');
  });

  it('says unknown for a page with none of the hooks', () => {
    expect(readView(docFrom('<div role="main"><p>Settings</p></div>'))).toBe('unknown');
  });

  it('ignores a conversation Gmail keeps hidden behind the list', () => {
    const doc = loadPage('thread');
    doc.querySelector('.a98.iY')?.parentElement?.setAttribute('style', 'display: none');
    doc.querySelector('[gh=tl]')?.parentElement?.removeAttribute('style');
    expect(readView(doc)).toBe('list');
    expect(readOpenThread(doc)).toEqual({ ok: true, value: null });
  });
});

describe('readOpenThread', () => {
  it('reads the hex id, subject and senders of the constructed thread, not its recipients', () => {
    expect(readOpenThread(loadPage('thread'))).toEqual({ ok: true, value: THREAD });
  });

  it('is null, not degraded, where no thread is open', () => {
    expect(readOpenThread(loadPage('list'))).toEqual({ ok: true, value: null });
    expect(readOpenThread(loadPage('compose'))).toEqual({ ok: true, value: null });
  });

  it('still reads the thread through attribute fallbacks when every class name is gone', () => {
    const doc = loadPage('thread');
    doc.querySelectorAll('[class]').forEach((el) => el.removeAttribute('class'));
    expect(readOpenThread(doc)).toEqual({ ok: true, value: THREAD });
  });

  it('falls back to the decimal perm id when the hex id is missing', () => {
    const doc = loadPage('thread');
    heading(doc).removeAttribute('data-legacy-thread-id');
    expect(unwrap(readOpenThread(doc))?.threadId).toBe('18c2f1a9b7e4d3c0');
  });

  it('lower-cases a hex id', () => {
    const doc = loadPage('thread');
    heading(doc).setAttribute('data-legacy-thread-id', '18C2F1A9B7E4D3C0');
    expect(unwrap(readOpenThread(doc))?.threadId).toBe('18c2f1a9b7e4d3c0');
  });

  it('trusts the hex id beside a thread-a perm id, which cannot be converted', () => {
    const doc = loadPage('thread');
    heading(doc).setAttribute('data-thread-perm-id', 'thread-a:r-7681922771531347793');
    expect(unwrap(readOpenThread(doc))?.threadId).toBe('18c2f1a9b7e4d3c0');
  });
});

describe('permIdToHex', () => {
  it('converts thread-f decimal ids to the Gmail API hex id', () => {
    expect(permIdToHex('thread-f:1602441164947422913')).toBe('163d03bfda277ec1');
    expect(permIdToHex('thread-f:1784254113629131712')).toBe('18c2f1a9b7e4d3c0');
  });

  it('refuses thread-a ids, junk and numbers too large to be an id', () => {
    expect(permIdToHex('thread-a:r-7681922771531347793')).toBeNull();
    expect(permIdToHex('thread-f:12ab')).toBeNull();
    expect(permIdToHex('thread-f:')).toBeNull();
    expect(permIdToHex(`thread-f:${(2n ** 130n).toString()}`)).toBeNull();
  });
});

describe('degraded hooks are reported, never a wrong snapshot', () => {
  const degradedWith = (mutate: (doc: Document) => void) => {
    const doc = loadPage('thread');
    mutate(doc);
    return readOpenThread(doc);
  };

  it('reports threadId when the heading carries no usable id', () => {
    expect(degradedWith((doc) => {
      heading(doc).removeAttribute('data-legacy-thread-id');
      heading(doc).setAttribute('data-thread-perm-id', 'thread-a:r-7681922771531347793');
    })).toEqual({ ok: false, degraded: ['threadId'] });
  });

  it('reports threadSubject when the heading was renamed but the thread container is there', () => {
    expect(degradedWith((doc) => {
      const h2 = heading(doc);
      const div = doc.createElement('div');
      div.textContent = h2.textContent;
      h2.replaceWith(div);
    })).toEqual({ ok: false, degraded: ['threadSubject'] });
  });

  it('reports message when no message element matches', () => {
    expect(degradedWith((doc) => {
      doc.querySelectorAll('.adn').forEach((el) => {
        el.removeAttribute('data-message-id');
        el.className = 'renamed';
      });
    })).toEqual({ ok: false, degraded: ['message'] });
  });

  it('reports messageSender when a message has no sender chip', () => {
    expect(degradedWith((doc) => doc.querySelector('span.gD')?.removeAttribute('email'))).toEqual({
      ok: false,
      degraded: ['messageSender'],
    });
  });

  it('turns a planted id into degraded, never into the planted string', () => {
    const result = degradedWith((doc) => heading(doc).setAttribute('data-legacy-thread-id', "x'><script>"));
    expect(result).toEqual({ ok: false, degraded: ['threadId'] });
    expect(JSON.stringify(result)).not.toContain('script');
  });

  it('reports threadId when the hex and perm ids disagree', () => {
    expect(degradedWith((doc) => heading(doc).setAttribute('data-thread-perm-id', 'thread-f:1602441164947422913'))).toEqual({
      ok: false,
      degraded: ['threadId'],
    });
  });

  it('reports threadSubject when two visible conversations have different ids', () => {
    expect(degradedWith((doc) => {
      const copy = heading(doc).cloneNode(true) as Element;
      copy.setAttribute('data-legacy-thread-id', '163d03bfda277ec1');
      copy.removeAttribute('data-thread-perm-id');
      heading(doc).after(copy);
    })).toEqual({ ok: false, degraded: ['threadSubject'] });
  });

  it('rejects a planted sender address', () => {
    expect(degradedWith((doc) => doc.querySelector('span.gD')?.setAttribute('email', '"><img src=x onerror=alert(1)>@x'))).toEqual({
      ok: false,
      degraded: ['messageSender'],
    });
  });

  it('lets a consumer say which hook is degraded, by result or by error', () => {
    const broken = degradedWith((doc) => {
      heading(doc).removeAttribute('data-legacy-thread-id');
      heading(doc).removeAttribute('data-thread-perm-id');
    });
    expect(broken.ok ? [] : broken.degraded).toEqual(['threadId']);
    expect(() => unwrap(broken)).toThrow(new GmailDegradedError(['threadId']));
    expect(() => unwrap(broken)).toThrow('Gmail adapter degraded: threadId');
    expect(degradedMessage(['threadSubject', 'message'])).toBe('Gmail adapter degraded: threadSubject, message');
  });
});

describe('findMountPoint', () => {
  it('puts the panel right after the subject block of the open thread', () => {
    const doc = loadPage('thread');
    const mount = unwrap(findMountPoint(doc));
    expect(mount?.position).toBe('afterend');
    expect(mount?.anchor.contains(heading(doc))).toBe(true);
    expect(mount?.anchor.querySelector('[data-message-id]')).toBeNull();
  });

  it('finds the same subject block from the page structure when the class hooks are gone', () => {
    const doc = loadPage('thread');
    doc.querySelectorAll('.nH').forEach((el) => el.classList.remove('nH'));
    const mount = unwrap(findMountPoint(doc));
    expect(mount).toMatchObject({ position: 'afterend', via: 'structure' });
    expect(mount?.anchor.contains(heading(doc))).toBe(true);
    expect(mount?.anchor.querySelector('[data-message-id]')).toBeNull();
    expect(mount?.anchor.parentElement?.querySelector('[data-message-id]')).not.toBeNull();
    expect(mount?.anchor.parentElement?.matches('.a98.iY')).toBe(true);
  });

  it('uses the 2018 subject block hook on the pre-2023 layout', () => {
    const doc = loadPage('thread-pre2023');
    const mount = unwrap(findMountPoint(doc));
    expect(mount?.via).toBe('panelMount');
    expect(mount?.anchor.matches('.if > .nH')).toBe(true);
    expect(mount?.anchor.contains(doc.querySelector('h2'))).toBe(true);
  });

  it('finds the subject block structurally on the renamed page, and reports panelMount where even that fails', () => {
    expect(unwrap(findMountPoint(loadPage('thread-renamed')))?.via).toBe('structure');
    const doc = loadPage('thread-renamed');
    // No message to find the block from either.
    doc.querySelectorAll('[data-message-id]').forEach((el) => el.removeAttribute('data-message-id'));
    expect(findMountPoint(doc)).toEqual({ ok: false, degraded: ['panelMount'] });
  });

  it('has nothing to mount outside a thread', () => {
    expect(findMountPoint(loadPage('list'))).toEqual({ ok: true, value: null });
    expect(findMountPoint(loadPage('compose'))).toEqual({ ok: true, value: null });
  });
});

describe('findComposeBodies', () => {
  it('finds the editable body of the real compose window and none in the thread', () => {
    const bodies = findComposeBodies(loadPage('compose'));
    expect(bodies.map((el) => el.getAttribute('contenteditable'))).toEqual(['true']);
    expect(findComposeBodies(loadPage('thread'))).toEqual([]);
  });
});

describe('every thread page, old and new layout', () => {
  const THREADS = {
    thread: THREAD,
    'thread-b': { threadId: '13d758e2e085b1e3', subject: 'Automatic reply: Nyaan', senders: [{ name: 'Kijitora', email: 'kijitora@example.org' }] },
    'thread-pre2023': {
      threadId: '163d03bfda277ec1',
      subject: 'Onboarding checklist for the Fabrikam rollout',
      senders: [
        { name: 'Priya Raman', email: 'priya.raman@fabrikam.example' },
        { name: 'Sam Rep', email: 'sam.rep@example.com' },
      ],
    },
    'thread-renamed': THREAD,
  } as const;

  it.each(Object.entries(THREADS))('reads %s: view, id, subject and senders', (page, expected) => {
    const doc = loadPage(page as keyof typeof THREADS);
    expect(readSnapshot(doc)).toEqual({ view: 'thread', thread: expected, degraded: [] });
    expect(unwrap(findMountPoint(doc))).not.toBeNull();
  });

  it('says which hook and attribute gave the thread id, including a fallback when a class is renamed', () => {
    const source = (doc: Document) => unwrap(locateOpenThread(doc))?.source;
    expect(source(loadPage('thread-pre2023'))).toEqual({ selector: 'h2[data-legacy-thread-id]', fallback: 0, attribute: 'data-legacy-thread-id' });
    // Renamed classes and a heading that lost its hex id: the perm id, found through a later selector.
    const doc = loadPage('thread-renamed');
    heading2(doc).removeAttribute('data-legacy-thread-id');
    expect(source(doc)).toEqual({ selector: 'h2[data-thread-perm-id]', fallback: 1, attribute: 'data-thread-perm-id' });
    expect(unwrap(readOpenThread(doc))?.threadId).toBe('18c2f1a9b7e4d3c0');
  });

  it('reports the page with every hook removed as degraded, never as a page without a thread', () => {
    const doc = loadPage('thread-bare');
    expect(readSnapshot(doc)).toEqual({ view: 'unknown', thread: null, degraded: ['main'] });
    expect(findMountPoint(doc)).toEqual({ ok: true, value: null });
  });

  it('does not call a Gmail page without a list or thread (settings, say) degraded', () => {
    expect(readSnapshot(docFrom('<div role="main"><p>Settings</p></div>'))).toEqual({ view: 'unknown', thread: null, degraded: [] });
    expect(readSnapshot(loadPage('compose'))).toEqual({ view: 'compose-only', thread: null, degraded: [] });
  });
});

describe('readSnapshot', () => {
  it('combines view, thread and degraded hooks', () => {
    expect(readSnapshot(loadPage('thread'))).toEqual({ view: 'thread', thread: THREAD, degraded: [] });
    expect(readSnapshot(loadPage('list'))).toEqual({ view: 'list', thread: null, degraded: [] });
    const doc = loadPage('thread');
    heading(doc).setAttribute('data-legacy-thread-id', 'not-hex');
    expect(readSnapshot(doc)).toEqual({ view: 'thread', thread: null, degraded: ['threadId'] });
  });
});

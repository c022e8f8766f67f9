/**
 * Every Gmail DOM hook Countersign relies on, in one table. This file and its siblings in
 * lib/sites/gmail/ are the only code that may know a Gmail class name or attribute.
 *
 * Each hook lists its selectors as ordered fallbacks: the first selector that matches anything
 * wins. Attribute and ARIA hooks come before Gmail's generated class names, and no selector
 * matches visible text, so the hooks work in every UI language.
 *
 * `pages` says how many elements the winning selector matches on each fixture page (0 where the
 * hook must NOT match), in the style of refined-github's `[count, url]` lists. One parametrised
 * test (hooks.test.ts) checks every hook against every page. Where the counts come from:
 * - `thread`: e2e/fixtures/gmail-thread.constructed.html, CONSTRUCTED from the hooks InboxSDK's
 *   maintainers document (not a capture; no current thread page is public).
 * - `list`: shared/fixtures/gmail/InboxSDK/__tests____injected-thread-identifier.html, a real
 *   classic inbox (2014).
 * - `compose`: shared/fixtures/gmail/js-min/gmail-compose-window.extracted.html, a real compose
 *   window (2020).
 */

export type FixturePage = 'thread' | 'list' | 'compose';

export interface GmailHook {
  /** Ordered fallbacks; attribute/ARIA selectors first, class names last. */
  readonly selectors: readonly string[];
  /** Expected number of matches of the winning selector on each fixture page. */
  readonly pages: readonly (readonly [count: number, page: FixturePage])[];
  /** Why these selectors, and since when. */
  readonly note: string;
}

export const HOOKS = {
  main: {
    selectors: ['[role=main]'],
    pages: [[1, 'thread'], [1, 'list'], [0, 'compose']],
    note: 'The main content region; list and thread views live inside it, compose windows do not.',
  },
  threadContainer: {
    // No attribute is documented on the container itself; thread detection leans on the
    // subject heading's attributes (threadSubject) instead, so only class names remain here.
    selectors: ['.a98.iY', '.PeIF1d', 'table.Bs'],
    pages: [[1, 'thread'], [0, 'list'], [0, 'compose']],
    note: 'div.nH.a98.iY since 2022-10/2023-11, .PeIF1d briefly in 2022-10, table.Bs before (InboxSDK gmail-thread-view).',
  },
  threadSubject: {
    selectors: ['h2[data-legacy-thread-id]', 'h2[data-thread-perm-id]', 'h2.hP', '[role=main] [data-thread-perm-id]'],
    pages: [[1, 'thread'], [0, 'list'], [0, 'compose']],
    note: 'The open conversation\'s subject heading; it carries the thread ids (InboxSDK getThreadID).',
  },
  threadId: {
    // Checked against the subject heading itself (see adapter.ts), never searched page-wide:
    // hidden list rows carry data-legacy-thread-id too.
    selectors: ['[data-legacy-thread-id]', '[data-thread-perm-id^="thread-f:"]'],
    pages: [[3, 'thread'], [0, 'list'], [0, 'compose']],
    note: 'data-legacy-thread-id is the Gmail API id in hex; data-thread-perm-id="thread-f:DECIMAL" is the same number in decimal.',
  },
  message: {
    selectors: ['[data-message-id]', '.adn'],
    pages: [[2, 'thread'], [0, 'list'], [0, 'compose']],
    note: 'One element per rendered message (div.adn.ads[data-message-id][data-legacy-message-id]).',
  },
  messageSender: {
    // Searched inside one message. h3 holds the sender only; recipients (.hb) sit outside it.
    selectors: ['span.gD[email]', 'td.gF span[email]', 'h3 span[email]'],
    pages: [[2, 'thread'], [0, 'list'], [0, 'compose']],
    note: 'Sender chip with email and name attributes (InboxSDK GmailMessageView.getSender).',
  },
  messageBody: {
    selectors: ['div.ii.gt .a3s', 'div.ii.gt'],
    pages: [[2, 'thread'], [0, 'list'], [0, 'compose']],
    note: 'Rendered message body. Content is read from the Gmail API, so this is only a location.',
  },
  threadList: {
    selectors: ['[gh=tl]'],
    pages: [[1, 'thread'], [1, 'list'], [0, 'compose']],
    note: 'The thread list container (InboxSDK getRowListElements); present even when the list is empty. Gmail keeps it, hidden, while a thread is open.',
  },
  threadListRow: {
    // The 2014 fixture has no role=row on its rows, so no ARIA fallback is claimed here.
    selectors: ['[gh=tl] tbody > tr', 'tr.zA'],
    pages: [[2, 'thread'], [16, 'list'], [0, 'compose']],
    note: 'One row per conversation in the list.',
  },
  composeDialog: {
    selectors: ['[role=dialog] form:has(input[name=subjectbox])', '[role=dialog] form.bAs'],
    pages: [[0, 'thread'], [0, 'list'], [1, 'compose']],
    note: 'A compose window ("mole" or pop-out): a dialog holding a form with the subject input.',
  },
  composeBody: {
    selectors: ['[g_editable=true][role=textbox]', '[contenteditable=true][role=textbox]', 'div.Am.editable'],
    pages: [[0, 'thread'], [0, 'list'], [1, 'compose']],
    note: 'The editable message body of a compose window or inline reply.',
  },
  panelMount: {
    selectors: ['.a98.iY > .nH', '.PeIF1d > .nH', '.if > .nH'],
    pages: [[3, 'thread'], [0, 'list'], [0, 'compose']],
    note: 'Subject block of the thread; a panel is inserted right after the first match, above the messages (InboxSDK addNoticeBar).',
  },
} as const satisfies Record<string, GmailHook>;

export type HookName = keyof typeof HOOKS;

export const HOOK_NAMES = Object.keys(HOOKS) as HookName[];

/** The first selector of the hook that matches anything under root, with its matches. */
export function queryHook(root: ParentNode, hook: HookName, keep: (el: Element) => boolean = () => true): Element[] {
  for (const selector of HOOKS[hook].selectors) {
    const found = Array.from(root.querySelectorAll(selector)).filter(keep);
    if (found.length > 0) return found;
  }
  return [];
}

/** Whether el itself satisfies any selector of the hook. */
export function matchesHook(el: Element, hook: HookName): boolean {
  return HOOKS[hook].selectors.some((selector) => el.matches(selector));
}

/** The nearest ancestor (or el itself) satisfying the hook, trying selectors in order. */
export function closestHook(el: Element, hook: HookName): Element | null {
  for (const selector of HOOKS[hook].selectors) {
    const found = el.closest(selector);
    if (found) return found;
  }
  return null;
}

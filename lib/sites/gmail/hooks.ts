/**
 * Every Gmail DOM hook Countersign relies on, in one table. This file and its siblings in
 * lib/sites/gmail/ are the only code that may know a Gmail class name or attribute.
 *
 * Each hook lists its selectors as ordered fallbacks: the first selector that matches anything
 * wins. Attribute and ARIA hooks come before Gmail's generated class names, and no selector
 * matches visible text, so the hooks work in every UI language.
 *
 * `pages` says how many elements the winning selector matches on each fixture page, searched
 * page-wide (0 where the hook must NOT match), in the style of refined-github's `[count, url]`
 * lists. One parametrised test (hooks.test.ts) checks every hook against every page. The pages
 * (files in test-pages.ts):
 * - `thread`: e2e/fixtures/gmail-thread.constructed.html, thread A in the 2023+ layout;
 * - `thread-b`: e2e/fixtures/gmail-thread-b.constructed.html, thread B in the 2023+ layout, its one
 *   message a real auto-reply from shared/fixtures/emails;
 * - `thread-pre2023`: e2e/fixtures/gmail-thread-pre2023.constructed.html, the table.Bs layout;
 *   all three CONSTRUCTED from the hooks InboxSDK's maintainers document (no current thread page
 *   is public);
 * - `thread-renamed`: `thread` with every class name renamed, as when Gmail regenerates its
 *   classes: the attribute fallbacks must carry the page;
 * - `thread-bare`: `thread` with every attribute and class any hook uses removed: nothing may match;
 * - `list`: shared/fixtures/gmail/InboxSDK/__tests____injected-thread-identifier.html, a real
 *   classic inbox (2014);
 * - `compose`: shared/fixtures/gmail/js-min/gmail-compose-window.extracted.html, a real compose
 *   window (2020).
 */

export const FIXTURE_PAGES = ['thread', 'thread-b', 'thread-pre2023', 'thread-renamed', 'thread-bare', 'list', 'compose'] as const;
export type FixturePage = (typeof FIXTURE_PAGES)[number];

export interface GmailHook {
  /** Ordered fallbacks; attribute/ARIA selectors first, class names last. */
  readonly selectors: readonly string[];
  /** Expected number of matches of the winning selector on each fixture page. */
  readonly pages: readonly (readonly [count: number, page: FixturePage])[];
  /** Why these selectors, and since when. */
  readonly note: string;
}

/** Counts on the seven pages, in FIXTURE_PAGES order. */
const on = (thread: number, threadB: number, pre2023: number, renamed: number, bare: number, list: number, compose: number) =>
  [[thread, 'thread'], [threadB, 'thread-b'], [pre2023, 'thread-pre2023'], [renamed, 'thread-renamed'], [bare, 'thread-bare'], [list, 'list'], [compose, 'compose']] as const;

export const HOOKS = {
  main: {
    selectors: ['[role=main]'],
    pages: on(1, 1, 1, 1, 0, 1, 0),
    note: 'The main content region; list and thread views live inside it, compose windows do not. Its absence means Countersign recognises nothing on the page.',
  },
  threadToolbar: {
    selectors: ['[gh=tm]'],
    pages: on(1, 1, 1, 1, 0, 0, 0),
    note: 'The toolbar above an open thread (back, archive, …); a floating panel goes below it, never over it.',
  },
  threadContainer: {
    // No attribute is documented on the container itself; thread detection leans on the
    // subject heading's attributes (threadSubject) instead, so only class names remain here.
    selectors: ['.a98.iY', '.PeIF1d', 'table.Bs'],
    pages: on(1, 1, 1, 0, 0, 0, 0),
    note: 'div.nH.a98.iY since 2022-10/2023-11, .PeIF1d briefly in 2022-10, table.Bs before (InboxSDK gmail-thread-view).',
  },
  threadSubject: {
    selectors: ['h2[data-legacy-thread-id]', 'h2[data-thread-perm-id]', 'h2.hP', '[role=main] [data-thread-perm-id]'],
    pages: on(1, 1, 1, 1, 0, 0, 0),
    note: "The open conversation's subject heading; it carries the thread ids (InboxSDK getThreadID).",
  },
  threadId: {
    // Checked against the subject heading itself (see adapter.ts), never searched page-wide:
    // hidden list rows carry data-legacy-thread-id too.
    selectors: ['[data-legacy-thread-id]', '[data-thread-perm-id^="thread-f:"]'],
    pages: on(3, 4, 2, 3, 0, 0, 0),
    note: 'data-legacy-thread-id is the Gmail API id in hex; data-thread-perm-id="thread-f:DECIMAL" is the same number in decimal.',
  },
  message: {
    selectors: ['[data-message-id]', '.adn'],
    pages: on(2, 1, 2, 2, 0, 0, 0),
    note: 'One element per rendered message (div.adn.ads[data-message-id][data-legacy-message-id]).',
  },
  messageSender: {
    // Searched inside one message. h3 holds the sender only; recipients (.hb) sit outside it.
    selectors: ['span.gD[email]', 'td.gF span[email]', 'h3 span[email]'],
    pages: on(2, 1, 2, 2, 0, 0, 0),
    note: 'Sender chip with email and name attributes (InboxSDK GmailMessageView.getSender).',
  },
  messageDate: {
    // Searched inside one message. No attribute marks the date cell, so class names only; the
    // full date is in its title (InboxSDK getDateString), the visible text is the short form.
    selectors: ['.gK .g3[title]', 'span.g3[title]', '.gH [title]', 'span.g3'],
    pages: on(2, 1, 2, 0, 0, 0, 0),
    note: 'Date of one message: span.g3 with the full date in title (.ads .gK .g3).',
  },
  messageBody: {
    selectors: ['div.ii.gt .a3s', 'div.ii.gt', '.adP'],
    pages: on(2, 1, 2, 0, 0, 0, 0),
    note: 'Rendered message body (InboxSDK getContentsElement, .adP before). Content comes from the Gmail API; the page is read only as the partial fallback before Gmail is connected.',
  },
  messageQuote: {
    selectors: ['blockquote', '.gmail_quote'],
    pages: on(0, 0, 1, 0, 0, 0, 0),
    note: 'Quoted history inside a message body (InboxSDK isElementInQuotedArea; .gmail_quote also wraps the "On … wrote:" line); any selector marks quoted text left out of the partial page read.',
  },
  threadList: {
    selectors: ['[gh=tl]'],
    pages: on(1, 1, 1, 1, 0, 1, 0),
    note: 'The thread list container (InboxSDK getRowListElements); present even when the list is empty. Gmail keeps it, hidden, while a thread is open.',
  },
  threadListRow: {
    // The 2014 fixture has no role=row on its rows, so no ARIA fallback is claimed here.
    selectors: ['[gh=tl] tbody > tr', 'tr.zA'],
    pages: on(2, 3, 1, 2, 0, 16, 0),
    note: 'One row per conversation in the list.',
  },
  threadListRowId: {
    // Searched inside one row. The real 2014 rows carry no id at all (InboxSDK read them from
    // Gmail's own data then), so a row without one is read as "id unknown", not degraded.
    selectors: ['[data-legacy-thread-id]', '[data-thread-id^="#thread-f:"]'],
    pages: on(3, 4, 2, 3, 0, 0, 0),
    note: "A row's thread id: span[data-thread-id][data-legacy-thread-id] (InboxSDK thread-row-parser).",
  },
  composeDialog: {
    selectors: ['[role=dialog] form:has(input[name=subjectbox])', '[role=dialog] form.bAs'],
    pages: on(0, 0, 0, 0, 0, 0, 1),
    note: 'A compose window ("mole" or pop-out): a dialog holding a form with the subject input.',
  },
  composeWindow: {
    selectors: ['[role=dialog]'],
    pages: on(0, 0, 0, 0, 0, 0, 1),
    note: 'A compose window (div.nH.Hd[role=dialog]): its form (composeDialog) and its body are siblings inside it, so the window ties them together.',
  },
  composeBody: {
    selectors: ['[g_editable=true][role=textbox]', '[contenteditable=true][role=textbox]', 'div.Am.editable'],
    pages: on(0, 0, 0, 0, 0, 0, 1),
    note: 'The editable message body of a compose window or inline reply.',
  },
  composeSubject: {
    selectors: ['input[name=subjectbox]'],
    pages: on(0, 0, 0, 0, 0, 0, 1),
    note: 'Subject input of a compose window.',
  },
  composeTo: {
    // Gmail turned recipients into chips in 2021-10; no public page shows their markup, so only
    // the pre-chips textarea is a hook. Where it is missing the recipients are reported unknown.
    selectors: ['textarea[name=to]', 'input[name=to]'],
    pages: on(0, 0, 0, 0, 0, 0, 1),
    note: 'To field of a compose window (textarea.vO[name=to] before 2021-10).',
  },
  panelMount: {
    selectors: ['.a98.iY > .nH', '.PeIF1d > .nH', '.if > .nH'],
    pages: on(3, 3, 3, 0, 0, 0, 0),
    note: 'Subject block of the thread; a panel is inserted right after the first match, above the messages (InboxSDK addNoticeBar). Without it adapter.ts finds the same block structurally.',
  },
} as const satisfies Record<string, GmailHook>;

export type HookName = keyof typeof HOOKS;

export const HOOK_NAMES = Object.keys(HOOKS) as HookName[];

/** Which of a hook's selectors won, and what it matched. */
export interface HookMatch {
  selector: string;
  /** 0 for the preferred selector; higher means a fallback carried the page. */
  fallback: number;
  elements: Element[];
}

/** The first selector of the hook that matches anything under root (kept by `keep`), or null. */
export function queryHookMatch(root: ParentNode, hook: HookName, keep: (el: Element) => boolean = () => true): HookMatch | null {
  const selectors = HOOKS[hook].selectors;
  for (let i = 0; i < selectors.length; i++) {
    const selector = selectors[i] as string;
    const elements = Array.from(root.querySelectorAll(selector)).filter(keep);
    if (elements.length > 0) return { selector, fallback: i, elements };
  }
  return null;
}

/** The matches of the first selector of the hook that matches anything under root. */
export function queryHook(root: ParentNode, hook: HookName, keep: (el: Element) => boolean = () => true): Element[] {
  return queryHookMatch(root, hook, keep)?.elements ?? [];
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

/**
 * Everything the DOM layer reads from one page, as plain JSON: what `npm run gmail:inspect` prints
 * so support can diagnose a user's saved page after a Gmail change. Runs the same functions the
 * extension runs; adds only the per-hook match table.
 */
import { findMountPoint, readSnapshot, locateOpenThread, type GmailSender, type GmailView, type ThreadIdAttribute } from './adapter';
import { findComposeBoxes, type ComposeBox } from './compose';
import { HOOK_NAMES, queryHookMatch, type HookName } from './hooks';
import { readThreadList } from './thread-list';
import { readVisibleMessages, type VisibleMessage } from './visible-messages';

export interface InspectReport {
  view: GmailView;
  thread: {
    id: string;
    /** Which threadSubject selector found the heading (fallback 0 = preferred) and which attribute held the id. */
    idSource: { hook: 'threadSubject'; selector: string; fallback: number; attribute: ThreadIdAttribute };
    subject: string;
    senders: GmailSender[];
  } | null;
  mountPoint: { path: string; position: 'afterend'; via: 'panelMount' | 'structure' } | null;
  composeBoxes: { path: string; kind: ComposeBox['kind']; subject: string | null; to: string[] | null }[];
  /** The partial page read the panel shows before Gmail is connected; null outside a thread. */
  visibleMessages: { partial: true; messages: VisibleMessage[] } | null;
  threadList: { rows: number; ids: (string | null)[] } | null;
  /** Per hook: the selector that matched first anywhere on the page (null: none) and how often. */
  hooks: Record<HookName, { selector: string | null; fallback: number | null; count: number }>;
  /** Hooks the page needs in its view but that matched nothing usable. */
  degraded: HookName[];
}

const PATH_DEPTH = 4;

/** A short CSS path (tag, classes, role/gh) of el and a few ancestors, for people to read. */
export function cssPath(el: Element, depth = PATH_DEPTH): string {
  const parts: string[] = [];
  for (let node: Element | null = el; node && parts.length < depth; node = node.parentElement) {
    const tag = node.tagName.toLowerCase();
    if (tag === 'html' || tag === 'body') break;
    const classes = (node.getAttribute('class') ?? '').split(/\s+/).filter(Boolean).slice(0, 3).map((c) => `.${c}`).join('');
    const attrs = ['role', 'gh'].map((a) => (node?.hasAttribute(a) ? `[${a}=${node.getAttribute(a)}]` : '')).join('');
    parts.unshift(`${tag}${classes}${attrs}`);
  }
  return parts.join(' > ');
}

export function inspectGmailPage(doc: ParentNode): InspectReport {
  const snapshot = readSnapshot(doc);
  const degraded = new Set<HookName>(snapshot.degraded);

  let thread: InspectReport['thread'] = null;
  const located = locateOpenThread(doc);
  if (snapshot.thread && located.ok && located.value) {
    const { source } = located.value;
    thread = { id: snapshot.thread.threadId, idSource: { hook: 'threadSubject', ...source }, subject: snapshot.thread.subject, senders: snapshot.thread.senders };
  }

  let mountPoint: InspectReport['mountPoint'] = null;
  let visibleMessages: InspectReport['visibleMessages'] = null;
  if (snapshot.view === 'thread') {
    const mount = findMountPoint(doc);
    if (mount.ok && mount.value) mountPoint = { path: cssPath(mount.value.anchor), position: mount.value.position, via: mount.value.via };
    if (!mount.ok) mount.degraded.forEach((h) => degraded.add(h));
    const visible = readVisibleMessages(doc);
    if (visible.ok && visible.value) visibleMessages = { partial: true, messages: visible.value.messages };
    if (!visible.ok) visible.degraded.forEach((h) => degraded.add(h));
  }

  const rows = snapshot.view === 'list' ? readThreadList(doc) : [];
  const hooks = Object.fromEntries(
    HOOK_NAMES.map((hook) => {
      const match = queryHookMatch(doc, hook);
      return [hook, { selector: match?.selector ?? null, fallback: match?.fallback ?? null, count: match?.elements.length ?? 0 }];
    }),
  ) as InspectReport['hooks'];

  return {
    view: snapshot.view,
    thread,
    mountPoint,
    composeBoxes: findComposeBoxes(doc).map((box) => ({ path: cssPath(box.body), kind: box.kind, subject: box.subject, to: box.to })),
    visibleMessages,
    threadList: snapshot.view === 'list' ? { rows: rows.length, ids: rows.map((r) => r.threadId) } : null,
    hooks,
    degraded: [...degraded],
  };
}

/**
 * Reads Gmail's DOM into typed snapshots. Pure: no side effects, no network, no listeners.
 *
 * The page controls the DOM (a page script can plant attributes), so every value read here is
 * validated: a thread id is hexadecimal or the thread is reported degraded. When a hook that the
 * current view needs matches nothing, the result says which hook, never an empty or guessed value.
 */
import { closestHook, matchesHook, queryHook, queryHookMatch, type HookName } from './hooks';
import { headingText, squash } from './text';

export type GmailView = 'thread' | 'list' | 'compose-only' | 'unknown';

// Page data is checked with plain predicates rather than zod here: this module runs in the Gmail
// content script on every Gmail load, and zod's start-up cost would be paid by the page.

/** Gmail API thread id: hexadecimal, lower case (16 digits in practice). */
const THREAD_ID = /^[0-9a-f]{1,32}$/;
export const isGmailThreadId = (value: string): boolean => THREAD_ID.test(value);

const SENDER_EMAIL = /^[^\s@<>"'`]+@[^\s@<>"'`]+$/;
export interface GmailSender {
  name: string;
  email: string;
}
const validSender = (s: GmailSender) => s.name.length <= 200 && s.email.length <= 254 && SENDER_EMAIL.test(s.email);

export interface OpenThread {
  threadId: string;
  subject: string;
  senders: GmailSender[];
}

export type AdapterResult<T> = { ok: true; value: T } | { ok: false; degraded: HookName[] };

/** For consumers that prefer throwing: carries the hooks that no longer match. */
export class GmailDegradedError extends Error {
  readonly hooks: readonly HookName[];
  constructor(hooks: readonly HookName[]) {
    super(degradedMessage(hooks));
    this.name = 'GmailDegradedError';
    this.hooks = hooks;
  }
  get hook(): HookName | undefined {
    return this.hooks[0];
  }
}

export function degradedMessage(hooks: readonly HookName[]): string {
  return `Gmail adapter degraded: ${hooks.join(', ')}`;
}

export function unwrap<T>(result: AdapterResult<T>): T {
  if (!result.ok) throw new GmailDegradedError(result.degraded);
  return result.value;
}

const ok = <T>(value: T): AdapterResult<T> => ({ ok: true, value });
const degraded = (...hooks: HookName[]): { ok: false; degraded: HookName[] } => ({ ok: false, degraded: hooks });

/**
 * Whether nothing in el's ancestry is hidden by markup. Gmail keeps previous views in the page
 * with inline `display: none`; layout is not consulted so this stays pure and testable.
 */
export function isShown(el: Element): boolean {
  for (let node: Element | null = el; node; node = node.parentElement) {
    if (node.hasAttribute('hidden')) return false;
    if (/(^|;)\s*display\s*:\s*none/i.test(node.getAttribute('style') ?? '')) return false;
  }
  return true;
}

/** The hook's matches that are not hidden by markup. */
export const shown = (root: ParentNode, hook: HookName): Element[] => queryHook(root, hook, isShown);

export function readView(doc: ParentNode): GmailView {
  if (shown(doc, 'threadSubject').length > 0 || shown(doc, 'threadContainer').length > 0) return 'thread';
  if (shown(doc, 'threadList').length > 0 || shown(doc, 'threadListRow').length > 0) return 'list';
  if (shown(doc, 'composeDialog').length > 0) return 'compose-only';
  return 'unknown';
}

const PERM_ID = /^thread-f:([0-9]{1,40})$/;

/** `thread-f:1602441164947422913` → `163d03bfda277ec1`; null for anything else (e.g. `thread-a:`). */
export function permIdToHex(permId: string): string | null {
  const match = PERM_ID.exec(permId.trim());
  if (!match?.[1]) return null;
  const hex = BigInt(match[1]).toString(16);
  return isGmailThreadId(hex) ? hex : null;
}

/** Which attribute of the subject heading gave the thread id. */
export type ThreadIdAttribute = 'data-legacy-thread-id' | 'data-thread-perm-id';

/**
 * The thread id carried by the subject heading. Any id attribute that is present but not a valid
 * id, or two ids that disagree, means the page is not what we expect: degraded, never a guess.
 */
export function readThreadId(heading: Element): AdapterResult<string> {
  const read = readThreadIdFrom(heading);
  return read.ok ? ok(read.value.id) : read;
}

function readThreadIdFrom(heading: Element): AdapterResult<{ id: string; attribute: ThreadIdAttribute }> {
  if (!matchesHook(heading, 'threadId')) return degraded('threadId');
  const legacyRaw = heading.getAttribute('data-legacy-thread-id');
  const permRaw = heading.getAttribute('data-thread-perm-id');

  let legacy: string | null = null;
  if (legacyRaw !== null) {
    const candidate = legacyRaw.trim().toLowerCase();
    if (!isGmailThreadId(candidate)) return degraded('threadId');
    legacy = candidate;
  }
  const fromPerm = permRaw === null ? null : permIdToHex(permRaw);
  // A thread-a: perm id cannot be converted; it neither confirms nor contradicts the legacy id.
  if (legacy && fromPerm && BigInt(`0x${legacy}`) !== BigInt(`0x${fromPerm}`)) return degraded('threadId');
  if (legacy) return ok({ id: legacy, attribute: 'data-legacy-thread-id' });
  return fromPerm ? ok({ id: fromPerm, attribute: 'data-thread-perm-id' }) : degraded('threadId');
}

/** The sender chip of one message, validated; null when missing or not an address. */
export function readSender(message: Element): GmailSender | null {
  const chip = queryHook(message, 'messageSender')[0];
  if (!chip) return null;
  const email = (chip.getAttribute('email') ?? '').trim().toLowerCase();
  const name = squash(chip.getAttribute('name') ?? chip.textContent ?? '').slice(0, 200);
  const sender = { name: name || email, email };
  return validSender(sender) ? sender : null;
}

/** Where the open conversation is in the page, for the readers in this folder. */
export interface LocatedThread {
  heading: Element;
  threadId: string;
  /** How the id was found: which threadSubject selector, which attribute. */
  source: { selector: string; fallback: number; attribute: ThreadIdAttribute };
  /** The thread container, else the main region, else the document. */
  scope: ParentNode;
  /** Rendered messages, in page order. */
  messages: Element[];
}

/**
 * The open conversation's heading, id and messages; null where no thread is open. Two visible
 * conversations with different ids, an unusable id, or no message: degraded.
 */
export function locateOpenThread(doc: ParentNode): AdapterResult<LocatedThread | null> {
  const match = queryHookMatch(doc, 'threadSubject', isShown);
  if (!match) return shown(doc, 'threadContainer').length > 0 ? degraded('threadSubject') : ok(null);
  const ids = match.elements.map(readThreadIdFrom);
  const first = ids[0];
  const heading = match.elements[0];
  if (!first || !heading || !first.ok) return degraded('threadId');
  // Two visible conversations with different ids: we cannot tell which one the user is reading.
  if (ids.some((id) => !id.ok || id.value.id !== first.value.id)) return degraded('threadSubject');

  const scope = closestHook(heading, 'threadContainer') ?? closestHook(heading, 'main') ?? doc;
  const messages = shown(scope, 'message');
  if (messages.length === 0) return degraded('message');
  return ok({
    heading,
    threadId: first.value.id,
    source: { selector: match.selector, fallback: match.fallback, attribute: first.value.attribute },
    scope,
    messages,
  });
}

/** The open conversation: its Gmail API id, subject and senders (in order, each once). */
export function readOpenThread(doc: ParentNode): AdapterResult<OpenThread | null> {
  const located = locateOpenThread(doc);
  if (!located.ok || !located.value) return located.ok ? ok(null) : located;
  const { heading, threadId, messages } = located.value;

  const senders: GmailSender[] = [];
  for (const message of messages) {
    const sender = readSender(message);
    if (!sender) return degraded('messageSender');
    if (!senders.some((s) => s.email === sender.email)) senders.push(sender);
  }
  const subject = headingText(heading);
  return subject.length <= 1000 && senders.length > 0 ? ok({ threadId, subject, senders }) : degraded('threadSubject');
}

export interface MountPoint {
  /** Insert the panel host with anchor.insertAdjacentElement(position, host). */
  anchor: Element;
  position: 'afterend';
  /** The panelMount hook, or the subject block found from the heading and the first message. */
  via: 'panelMount' | 'structure';
}

/**
 * Where a panel goes in the open thread: right below the subject block, above the messages.
 * Without the class hook, the subject block is found structurally: the child of the lowest
 * common ancestor of the heading and the first message that holds the heading.
 */
export function findMountPoint(doc: ParentNode): AdapterResult<MountPoint | null> {
  if (readView(doc) !== 'thread') return ok(null);
  const heading = shown(doc, 'threadSubject')[0];
  const container = heading ? closestHook(heading, 'threadContainer') : shown(doc, 'threadContainer')[0];
  const block = queryHook(container ?? doc, 'panelMount', isShown)[0];
  if (block) return ok({ anchor: block, position: 'afterend', via: 'panelMount' });
  const message = heading ? shown(closestHook(heading, 'main') ?? doc, 'message')[0] : undefined;
  const subjectBlock = heading && message ? childHolding(heading, message) : null;
  // Never inside a message: the panel would land in the middle of someone's email.
  return subjectBlock && !closestHook(subjectBlock, 'message') ? ok({ anchor: subjectBlock, position: 'afterend', via: 'structure' }) : degraded('panelMount');
}

/** The ancestor of `inner` (or inner) whose parent also holds `other`; null if none. */
function childHolding(inner: Element, other: Element): Element | null {
  for (let node: Element | null = inner; node?.parentElement; node = node.parentElement) {
    if (node.parentElement.contains(other)) return node.contains(other) ? null : node;
  }
  return null;
}

/** What the rest of the extension sees of Gmail at one moment. */
export interface GmailSnapshot {
  view: GmailView;
  thread: OpenThread | null;
  degraded: HookName[];
}

/**
 * View, thread and degraded hooks in one read. A page without even the main region is one
 * Countersign recognises nothing on: degraded `main` (Gmail's own loading screen looks the same
 * for a moment, so consumers wait before reporting it).
 */
export function readSnapshot(doc: ParentNode): GmailSnapshot {
  const view = readView(doc);
  if (view === 'unknown' && queryHook(doc, 'main').length === 0) return { view, thread: null, degraded: ['main'] };
  if (view !== 'thread') return { view, thread: null, degraded: [] };
  const thread = readOpenThread(doc);
  return thread.ok ? { view, thread: thread.value, degraded: [] } : { view, thread: null, degraded: thread.degraded };
}

/** Compose bodies currently shown (compose windows and inline replies). */
export function findComposeBodies(doc: ParentNode): Element[] {
  return shown(doc, 'composeBody');
}

/**
 * Reads Gmail's DOM into typed snapshots. Pure: no side effects, no network, no listeners.
 *
 * The page controls the DOM (a page script can plant attributes), so every value read here is
 * validated: a thread id is hexadecimal or the thread is reported degraded. When a hook that the
 * current view needs matches nothing, the result says which hook, never an empty or guessed value.
 */
import { z } from 'zod';
import { closestHook, matchesHook, queryHook, type HookName } from './hooks';

export type GmailView = 'thread' | 'list' | 'compose-only' | 'unknown';

/** Gmail API thread id: hexadecimal, lower case (16 digits in practice). */
export const GmailThreadId = z.string().regex(/^[0-9a-f]{1,32}$/);

export const GmailSender = z.object({
  name: z.string().max(200),
  email: z
    .string()
    .max(254)
    .regex(/^[^\s@<>"'`]+@[^\s@<>"'`]+$/),
});
export type GmailSender = z.infer<typeof GmailSender>;

export const OpenThread = z.object({
  threadId: GmailThreadId,
  subject: z.string().max(1000),
  senders: z.array(GmailSender).min(1),
});
export type OpenThread = z.infer<typeof OpenThread>;

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

const shown = (root: ParentNode, hook: HookName): Element[] => queryHook(root, hook, isShown);

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
  return GmailThreadId.safeParse(hex).success ? hex : null;
}

/**
 * The thread id carried by the subject heading. Any id attribute that is present but not a valid
 * id, or two ids that disagree, means the page is not what we expect: degraded, never a guess.
 */
export function readThreadId(heading: Element): AdapterResult<string> {
  if (!matchesHook(heading, 'threadId')) return degraded('threadId');
  const legacyRaw = heading.getAttribute('data-legacy-thread-id');
  const permRaw = heading.getAttribute('data-thread-perm-id');

  let legacy: string | null = null;
  if (legacyRaw !== null) {
    const parsed = GmailThreadId.safeParse(legacyRaw.trim().toLowerCase());
    if (!parsed.success) return degraded('threadId');
    legacy = parsed.data;
  }
  const fromPerm = permRaw === null ? null : permIdToHex(permRaw);
  // A thread-a: perm id cannot be converted; it neither confirms nor contradicts the legacy id.
  if (legacy && fromPerm && BigInt(`0x${legacy}`) !== BigInt(`0x${fromPerm}`)) return degraded('threadId');
  const id = legacy ?? fromPerm;
  return id ? ok(id) : degraded('threadId');
}

const squash = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** Heading text; Gmail renders emoji as <img data-emoji="…">, which textContent would drop. */
function readSubject(heading: Element): string {
  let text = '';
  const walk = (node: Node): void => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === 3) text += child.nodeValue ?? '';
      else if (child.nodeType === 1) {
        const el = child as Element;
        if (el.tagName === 'IMG') text += el.getAttribute('data-emoji') ?? el.getAttribute('alt') ?? '';
        else walk(el);
      }
    }
  };
  walk(heading);
  return squash(text).slice(0, 1000);
}

function readSender(message: Element): GmailSender | null {
  const chip = queryHook(message, 'messageSender')[0];
  if (!chip) return null;
  const email = (chip.getAttribute('email') ?? '').trim().toLowerCase();
  const name = squash(chip.getAttribute('name') ?? chip.textContent ?? '').slice(0, 200);
  const parsed = GmailSender.safeParse({ name: name || email, email });
  return parsed.success ? parsed.data : null;
}

/** The open conversation: its Gmail API id, subject and senders (in order, each once). */
export function readOpenThread(doc: ParentNode): AdapterResult<OpenThread | null> {
  const headings = shown(doc, 'threadSubject');
  if (headings.length === 0) {
    return shown(doc, 'threadContainer').length > 0 ? degraded('threadSubject') : ok(null);
  }
  const ids = headings.map(readThreadId);
  const first = ids[0];
  const heading = headings[0];
  if (!first || !heading || !first.ok) return degraded('threadId');
  // Two visible conversations with different ids: we cannot tell which one the user is reading.
  if (ids.some((id) => !id.ok || id.value !== first.value)) return degraded('threadSubject');

  const scope = closestHook(heading, 'threadContainer') ?? closestHook(heading, 'main') ?? doc;
  const messages = shown(scope, 'message');
  if (messages.length === 0) return degraded('message');

  const senders: GmailSender[] = [];
  for (const message of messages) {
    const sender = readSender(message);
    if (!sender) return degraded('messageSender');
    if (!senders.some((s) => s.email === sender.email)) senders.push(sender);
  }
  const parsed = OpenThread.safeParse({ threadId: first.value, subject: readSubject(heading), senders });
  return parsed.success ? ok(parsed.data) : degraded('threadSubject');
}

export interface MountPoint {
  /** Insert the panel host with anchor.insertAdjacentElement(position, host). */
  anchor: Element;
  position: 'afterend';
}

/** Where a panel goes in the open thread: right below the subject block, above the messages. */
export function findMountPoint(doc: ParentNode): AdapterResult<MountPoint | null> {
  if (readView(doc) !== 'thread') return ok(null);
  const heading = shown(doc, 'threadSubject')[0];
  const container = heading ? closestHook(heading, 'threadContainer') : shown(doc, 'threadContainer')[0];
  const block = queryHook(container ?? doc, 'panelMount', isShown)[0];
  if (block) return ok({ anchor: block, position: 'afterend' });
  // The heading's own block is the same place, found through attribute hooks.
  const fallback = heading?.parentElement;
  if (fallback && fallback !== container) return ok({ anchor: fallback, position: 'afterend' });
  return degraded('panelMount');
}

/** What the rest of the extension sees of Gmail at one moment. */
export interface GmailSnapshot {
  view: GmailView;
  thread: OpenThread | null;
  degraded: HookName[];
}

export function readSnapshot(doc: ParentNode): GmailSnapshot {
  const view = readView(doc);
  if (view !== 'thread') return { view, thread: null, degraded: [] };
  const thread = readOpenThread(doc);
  return thread.ok ? { view, thread: thread.value, degraded: [] } : { view, thread: null, degraded: thread.degraded };
}

/** Compose bodies currently shown (compose windows and inline replies). */
export function findComposeBodies(doc: ParentNode): Element[] {
  return shown(doc, 'composeBody');
}

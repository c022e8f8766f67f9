import { useCallback, useEffect, useReducer, useRef, useState } from 'react';

/**
 * Keyboard review of the queue. Every decision stays one explicit key on the one item in focus:
 * there is no "approve all", and moving on after a decision only moves focus, it decides nothing.
 *
 * The key mapping and the focus reducer are pure; `useReviewKeys` wires them to the page.
 */

export type ReviewCommand = 'next' | 'prev' | 'approve' | 'deny' | 'edit' | 'toggle' | 'help' | 'escape';

/** What the key landed on: typing in a field, a control with its own keys (button, summary), or anything else. */
export type KeyTarget = 'typing' | 'control' | 'other';

export interface KeyLike {
  key: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
}

const KEYS: Record<string, ReviewCommand> = {
  j: 'next',
  ArrowDown: 'next',
  k: 'prev',
  ArrowUp: 'prev',
  a: 'approve',
  d: 'deny',
  e: 'edit',
  Enter: 'toggle',
  '?': 'help',
  Escape: 'escape',
};

/** The command a key press means, or null: never while typing, never with Ctrl, Alt or Meta. */
export function reviewCommand(e: KeyLike, target: KeyTarget): ReviewCommand | null {
  if (e.altKey || e.ctrlKey || e.metaKey || target === 'typing') return null;
  const command = KEYS[e.key] ?? null;
  // Enter on a button or summary is that control's own activation.
  if (command === 'toggle' && target === 'control') return null;
  return command;
}

/** The one-line reminder shown above the queue, and the full list for `?`. */
export const SHORTCUTS: readonly { keys: string; does: string }[] = [
  { keys: 'j / ↓', does: 'Next item' },
  { keys: 'k / ↑', does: 'Previous item' },
  { keys: 'a', does: 'Approve & send the focused item (exactly the version shown)' },
  { keys: 'd', does: 'Deny the focused item: type a reason, Enter confirms, Esc cancels' },
  { keys: 'e', does: 'Edit the focused item (Esc cancels)' },
  { keys: 'Enter', does: 'Show or hide the message it replies to' },
  { keys: '?', does: 'Show or hide this list' },
];

export function targetKind(el: EventTarget | null | undefined): KeyTarget {
  if (!el || typeof (el as Element).closest !== 'function') return 'other';
  const e = el as HTMLElement;
  if (e.isContentEditable || e.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]')) return 'typing';
  if (e.closest('button, summary, a[href]')) return 'control';
  return 'other';
}

// ---------------------------------------------------------------------------------------------
// Focus: which item the keys act on.

export interface ReviewItem {
  id: string;
  pending: boolean;
}

export interface ReviewState {
  /** The items in the order shown, as of the last sync. */
  items: readonly ReviewItem[];
  focusedId: string | null;
  help: boolean;
  /** Bumped whenever the page should move DOM focus to `focusedId` (keys, decisions), not when the user clicked there. */
  seq: number;
  /** Items with a decision in flight, and the pending item that followed each when it was made. */
  leaving: Readonly<Record<string, string | null>>;
}

export type ReviewAction =
  | { type: 'sync'; items: readonly ReviewItem[] }
  | { type: 'move'; by: 1 | -1 }
  | { type: 'focus'; id: string }
  | { type: 'deciding'; id: string }
  | { type: 'decided'; id: string; ok: boolean }
  | { type: 'help'; open?: boolean };

export const initialReview: ReviewState = { items: [], focusedId: null, help: false, seq: 0, leaving: {} };

const isPending = (items: readonly ReviewItem[], id: string | null) => id !== null && items.some((i) => i.id === id && i.pending);

/** The pending item after `id` (else the nearest one before it), skipping `id` itself. */
export function nextPending(items: readonly ReviewItem[], id: string): string | null {
  const at = items.findIndex((i) => i.id === id);
  if (at < 0) return items.find((i) => i.pending)?.id ?? null;
  const after = items.slice(at + 1).find((i) => i.pending);
  if (after) return after.id;
  return items.slice(0, at).reverse().find((i) => i.pending)?.id ?? null;
}

function without<T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> {
  const { [key]: _gone, ...rest } = record;
  return rest;
}

export function reviewReducer(state: ReviewState, action: ReviewAction): ReviewState {
  switch (action.type) {
    case 'sync': {
      const { items } = action;
      const present = (id: string | null) => id !== null && items.some((i) => i.id === id);
      if (present(state.focusedId)) return { ...state, items };
      if (state.focusedId === null) return { ...state, items, focusedId: (items.find((i) => i.pending) ?? items[0])?.id ?? null };
      // The focused item left the list (denied, sent): take the pending item that followed it.
      const old = state.items.findIndex((i) => i.id === state.focusedId);
      const stillPending = (i: ReviewItem) => items.some((n) => n.id === i.id && n.pending);
      const replacement =
        state.items.slice(old + 1).find(stillPending)?.id ??
        state.items.slice(0, Math.max(old, 0)).reverse().find(stillPending)?.id ??
        (items.find((i) => i.pending) ?? items[Math.min(Math.max(old, 0), items.length - 1)])?.id ??
        null;
      return { ...state, items, focusedId: replacement, seq: state.seq + 1 };
    }
    case 'move': {
      const { items } = state;
      if (items.length === 0) return state;
      const at = items.findIndex((i) => i.id === state.focusedId);
      const to = at < 0 ? 0 : Math.min(items.length - 1, Math.max(0, at + action.by));
      return { ...state, focusedId: items[to]!.id, seq: state.seq + 1 };
    }
    case 'focus':
      return state.focusedId === action.id || !state.items.some((i) => i.id === action.id) ? state : { ...state, focusedId: action.id };
    case 'deciding':
      return { ...state, leaving: { ...state.leaving, [action.id]: nextPending(state.items, action.id) } };
    case 'decided': {
      const target = state.leaving[action.id];
      const leaving = without(state.leaving, action.id);
      // Only follow on if the decision went through and the rep is still on that item.
      if (!action.ok || target === undefined || state.focusedId !== action.id) return { ...state, leaving };
      const next = isPending(state.items, target) ? target : target !== null ? nextPending(state.items, target) : null;
      if (next === null || next === action.id) return { ...state, leaving };
      return { ...state, leaving, focusedId: next, seq: state.seq + 1 };
    }
    case 'help':
      return { ...state, help: action.open ?? !state.help };
  }
}

// ---------------------------------------------------------------------------------------------
// Wiring.

/** What an item lets the keys do to it; each returns whether it did anything. */
export interface ReviewHandle {
  element(): HTMLElement | null;
  approve(): boolean;
  deny(): boolean;
  edit(): boolean;
  /** Closes the item's open deny or edit form. */
  cancel(): boolean;
  toggleDetails(): boolean;
}

function deepActiveElement(doc: Document): Element | null {
  let active = doc.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/**
 * Listens for review keys on the page. Keys count only when real (trusted), not while typing,
 * and only on the queue or on nothing in particular (the page body), never from elsewhere.
 */
export function useReviewKeys(items: readonly ReviewItem[]) {
  const [state, dispatch] = useReducer(reviewReducer, initialReview);
  /** The queue's element: keys count on it and on the page body. */
  const [root, setRoot] = useState<HTMLElement | null>(null);
  const handles = useRef(new Map<string, ReviewHandle>());
  const stateRef = useRef(state);
  stateRef.current = state;

  const signature = items.map((i) => `${i.id}:${i.pending ? 1 : 0}`).join(',');
  useEffect(() => {
    dispatch({ type: 'sync', items });
    // `signature` stands for `items`: a refetch that returns the same list does not re-sync.
  }, [signature]);

  // Move DOM focus (and the view) with the keys, unless the rep is busy somewhere else on the page.
  useEffect(() => {
    if (state.seq === 0 || !state.focusedId) return;
    const el = handles.current.get(state.focusedId)?.element();
    if (!el || !root) return;
    const active = deepActiveElement(el.ownerDocument);
    // Nothing focused: the body, or a shadow host with nothing focused inside (the focused item was removed).
    const nowhere = !active || active === el.ownerDocument.body || (active.shadowRoot !== null && !active.shadowRoot.activeElement);
    if (!nowhere && !root.contains(active)) return;
    el.focus({ preventScroll: true });
    el.scrollIntoView?.({ block: 'nearest' });
  }, [state.seq, state.focusedId, root]);

  useEffect(() => {
    const doc = root?.ownerDocument;
    if (!root || !doc) return;
    const onKey = (event: KeyboardEvent) => {
      if (!event.isTrusted || event.defaultPrevented) return;
      const target = event.composedPath()[0] ?? event.target;
      const onBody = target === doc.body || target === doc.documentElement || target === doc;
      if (!onBody && !(target instanceof Node && root.contains(target))) return;
      const command = reviewCommand(event, targetKind(target));
      if (!command) return;
      const { focusedId, help } = stateRef.current;
      const handle = focusedId ? handles.current.get(focusedId) : undefined;
      let handled = true;
      switch (command) {
        case 'next':
          dispatch({ type: 'move', by: 1 });
          break;
        case 'prev':
          dispatch({ type: 'move', by: -1 });
          break;
        case 'help':
          dispatch({ type: 'help' });
          break;
        case 'escape':
          if (help) dispatch({ type: 'help', open: false });
          else handled = handle?.cancel() ?? false;
          break;
        case 'approve':
          handled = handle?.approve() ?? false;
          break;
        case 'deny':
          handled = handle?.deny() ?? false;
          break;
        case 'edit':
          handled = handle?.edit() ?? false;
          break;
        case 'toggle':
          handled = handle?.toggleDetails() ?? false;
          break;
      }
      // Stops the page scrolling on arrows, and keeps `d`/`e` out of the field they open.
      if (handled) event.preventDefault();
    };
    doc.addEventListener('keydown', onKey);
    return () => doc.removeEventListener('keydown', onKey);
  }, [root]);

  const register = useCallback((id: string, handle: ReviewHandle | null) => {
    if (handle) handles.current.set(id, handle);
    else handles.current.delete(id);
  }, []);

  /** An item's decision: call before it is sent; call what it returns when it is through (or failed). */
  const deciding = useCallback((id: string) => {
    dispatch({ type: 'deciding', id });
    return (ok: boolean) => dispatch({ type: 'decided', id, ok });
  }, []);

  const focus = useCallback((id: string) => dispatch({ type: 'focus', id }), []);
  const setHelp = useCallback((open?: boolean) => dispatch({ type: 'help', open }), []);

  return { ref: setRoot, focusedId: state.focusedId, help: state.help, register, deciding, focus, setHelp };
}

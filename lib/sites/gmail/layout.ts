/**
 * Where a floating panel goes when the thread offers no place for it: at the right edge of Gmail's
 * main region, below the thread toolbar, so Gmail's top bar, toolbar and side strip stay visible.
 * Reads layout once per placement (never in a loop).
 */
import { isShown } from './adapter';
import { queryHook } from './hooks';

export interface FloatingPosition {
  top: number;
  right: number;
}

/** Gmail's top bar (search, account) is 64 px high; this clears it when nothing else is known. */
export const DEFAULT_FLOATING: FloatingPosition = { top: 72, right: 16 };

const GAP = 8;

export function floatingPosition(doc: Document): FloatingPosition {
  const win = doc.defaultView;
  const main = queryHook(doc, 'main', isShown)[0]?.getBoundingClientRect();
  const toolbar = queryHook(doc, 'threadToolbar', isShown)[0]?.getBoundingClientRect();
  const below = toolbar && toolbar.height > 0 ? toolbar.bottom : main && main.height > 0 ? main.top : 0;
  const maxTop = win ? Math.max(DEFAULT_FLOATING.top, win.innerHeight - 160) : Number.POSITIVE_INFINITY;
  const top = Math.round(Math.min(maxTop, Math.max(DEFAULT_FLOATING.top, below + GAP)));
  const right = win && main && main.width > 0 ? Math.round(Math.max(DEFAULT_FLOATING.right, win.innerWidth - main.right + DEFAULT_FLOATING.right)) : DEFAULT_FLOATING.right;
  return { top, right };
}

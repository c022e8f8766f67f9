import { describe, expect, it } from 'vitest';
import { initialReview, nextPending, reviewCommand, reviewReducer, type ReviewAction, type ReviewItem, type ReviewState } from './use-review-keys';

const key = (k: string, mods: Partial<{ altKey: boolean; ctrlKey: boolean; metaKey: boolean }> = {}) => ({ key: k, altKey: false, ctrlKey: false, metaKey: false, ...mods });
const items = (spec: string): ReviewItem[] => spec.split(' ').map((s) => ({ id: s.toLowerCase(), pending: s === s.toUpperCase() }));
const run = (...actions: ReviewAction[]): ReviewState => actions.reduce(reviewReducer, initialReview);

describe('reviewCommand', () => {
  it('maps the review keys', () => {
    const map = Object.fromEntries(['j', 'ArrowDown', 'k', 'ArrowUp', 'a', 'd', 'e', 'Enter', '?', 'Escape'].map((k) => [k, reviewCommand(key(k), 'other')]));
    expect(map).toEqual({ j: 'next', ArrowDown: 'next', k: 'prev', ArrowUp: 'prev', a: 'approve', d: 'deny', e: 'edit', Enter: 'toggle', '?': 'help', Escape: 'escape' });
  });

  it('ignores every key while typing, and keys with Ctrl, Alt or Meta', () => {
    for (const k of ['a', 'd', 'e', 'j', 'k', 'Enter', '?', 'Escape']) expect(reviewCommand(key(k), 'typing')).toBeNull();
    expect(reviewCommand(key('a', { ctrlKey: true }), 'other')).toBeNull();
    expect(reviewCommand(key('a', { metaKey: true }), 'other')).toBeNull();
    expect(reviewCommand(key('j', { altKey: true }), 'other')).toBeNull();
    expect(reviewCommand(key('A'), 'other')).toBeNull();
    expect(reviewCommand(key('x'), 'other')).toBeNull();
  });

  it('leaves Enter on a button or summary to that control, other keys still work there', () => {
    expect(reviewCommand(key('Enter'), 'control')).toBeNull();
    expect(reviewCommand(key('a'), 'control')).toBe('approve');
  });
});

describe('reviewReducer', () => {
  it('starts on the first pending item and moves within bounds', () => {
    let s = run({ type: 'sync', items: items('x Y Z') });
    expect(s.focusedId).toBe('y');
    s = reviewReducer(s, { type: 'move', by: -1 });
    expect(s.focusedId).toBe('x');
    s = reviewReducer(s, { type: 'move', by: -1 });
    expect(s.focusedId).toBe('x');
    s = [1, 1, 1, 1].reduce((st) => reviewReducer(st, { type: 'move', by: 1 }), s);
    expect(s.focusedId).toBe('z');
    expect(s.seq).toBeGreaterThan(0);
  });

  it('focus from a click or Tab follows, without asking to move DOM focus', () => {
    const s = run({ type: 'sync', items: items('A B C') }, { type: 'focus', id: 'c' });
    expect(s).toMatchObject({ focusedId: 'c', seq: 0 });
    expect(reviewReducer(s, { type: 'focus', id: 'nope' })).toBe(s);
  });

  it('after a decision goes to the next pending item, whether the list or the answer comes first', () => {
    const base = run({ type: 'sync', items: items('A B c D') }, { type: 'focus', id: 'b' }, { type: 'deciding', id: 'b' });
    // The answer first, then the refetched list (b moved to the outbox, after the others).
    const answerFirst = [{ type: 'decided', id: 'b', ok: true }, { type: 'sync', items: items('A c D b') }] as const;
    expect(answerFirst.reduce(reviewReducer, base).focusedId).toBe('d');
    // The refetched list first.
    const listFirst = [{ type: 'sync', items: items('A c D b') }, { type: 'decided', id: 'b', ok: true }] as const;
    expect(listFirst.reduce(reviewReducer, base).focusedId).toBe('d');
    // Denied: the item leaves the list altogether.
    expect(reviewReducer(base, { type: 'sync', items: items('A c D') }).focusedId).toBe('d');
  });

  it('after the last pending item goes back to one that was skipped', () => {
    const s = run({ type: 'sync', items: items('A B C') }, { type: 'focus', id: 'c' }, { type: 'deciding', id: 'c' }, { type: 'decided', id: 'c', ok: true });
    expect(s.focusedId).toBe('b');
  });

  it('stays put when the decision failed, or when the rep has moved on meanwhile', () => {
    const base = run({ type: 'sync', items: items('A B C') }, { type: 'deciding', id: 'a' });
    expect(reviewReducer(base, { type: 'decided', id: 'a', ok: false })).toMatchObject({ focusedId: 'a', leaving: {} });
    const moved = reviewReducer(base, { type: 'move', by: 1 });
    expect(reviewReducer(moved, { type: 'decided', id: 'a', ok: true }).focusedId).toBe('b');
    const movedTwice = reviewReducer(moved, { type: 'move', by: 1 });
    expect(reviewReducer(movedTwice, { type: 'decided', id: 'a', ok: true }).focusedId).toBe('c');
  });

  it('nextPending skips the item itself and non-pending items', () => {
    expect(nextPending(items('A b C'), 'a')).toBe('c');
    expect(nextPending(items('A b C'), 'c')).toBe('a');
    expect(nextPending(items('A b'), 'a')).toBeNull();
  });

  it('toggles help', () => {
    const s = run({ type: 'help' });
    expect(s.help).toBe(true);
    expect(reviewReducer(s, { type: 'help', open: false }).help).toBe(false);
  });
});

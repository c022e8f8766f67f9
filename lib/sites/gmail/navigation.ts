/**
 * Watches Gmail's single-page navigation and reports a new snapshot only when what the user is
 * looking at changes (view, thread id, subject, or which hooks are degraded).
 */
import { isShown, readSnapshot, type GmailSnapshot } from './adapter';
import { queryHook } from './hooks';

export const WATCH_THROTTLE_MS = 250;

/** The part of a snapshot whose change is worth telling the rest of the extension about. */
export function snapshotKey(snapshot: GmailSnapshot): string {
  return JSON.stringify([snapshot.view, snapshot.thread?.threadId ?? null, snapshot.thread?.subject ?? null, snapshot.degraded]);
}

const OBSERVED_ATTRIBUTES = ['data-legacy-thread-id', 'data-thread-perm-id', 'style', 'hidden'];

export interface WatchOptions {
  throttleMs?: number;
  /**
   * Called after every throttled check, changed or not, so a consumer can keep its own DOM in
   * place (Gmail re-renders a thread without changing what the snapshot says) without polling.
   */
  onCheck?: (snapshot: GmailSnapshot) => void;
}

/**
 * Calls onChange once with the current snapshot, then after each real change, at most once per
 * throttle window (WATCH_THROTTLE_MS). Listens to hashchange/popstate and one MutationObserver on
 * the parent of [role=main] (Gmail may swap the main page element itself; its parent holds only
 * main content), else on body. Returns a disposer that removes every listener and timer.
 */
export function watchGmail(win: Window, onChange: (snapshot: GmailSnapshot) => void, { throttleMs = WATCH_THROTTLE_MS, onCheck }: WatchOptions = {}): () => void {
  const doc = win.document;
  let lastKey: string | undefined;
  let lastRun = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let target: Node | undefined;
  let disposed = false;

  const Observer = (win as Window & typeof globalThis).MutationObserver;
  const observer = new Observer(() => schedule());

  function retarget(): void {
    const main = queryHook(doc, 'main', isShown)[0] ?? queryHook(doc, 'main')[0];
    const next = main?.parentElement ?? main ?? doc.body ?? doc.documentElement;
    if (next === target) return;
    observer.disconnect();
    target = next;
    observer.observe(next, {
      childList: true,
      subtree: true,
      characterData: true,
      attributes: true,
      attributeFilter: OBSERVED_ATTRIBUTES,
    });
  }

  function check(): void {
    timer = undefined;
    if (disposed) return;
    lastRun = Date.now();
    retarget();
    const snapshot = readSnapshot(doc);
    const key = snapshotKey(snapshot);
    if (key !== lastKey) {
      lastKey = key;
      onChange(snapshot);
    }
    if (!disposed) onCheck?.(snapshot);
  }

  function schedule(): void {
    if (disposed || timer !== undefined) return;
    timer = setTimeout(check, Math.max(0, lastRun + throttleMs - Date.now()));
  }

  win.addEventListener('hashchange', schedule);
  win.addEventListener('popstate', schedule);
  check();

  return () => {
    disposed = true;
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    observer.disconnect();
    win.removeEventListener('hashchange', schedule);
    win.removeEventListener('popstate', schedule);
  };
}

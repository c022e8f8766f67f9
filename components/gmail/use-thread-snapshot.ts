import { useEffect, useState } from 'react';
import type { ThreadSnapshot } from '../../lib/mail/thread';
import { RequestError, request } from '../../lib/protocol/client';
import { errorMessage } from '../ui/ErrorNote';

/** Coming back to the tab refreshes the thread, but not more often than this. */
export const REFRESH_MIN_INTERVAL_MS = 15_000;

export interface ThreadSnapshotState {
  snapshot: ThreadSnapshot | null;
  /** Where the shown snapshot came from: the IndexedDB cache (refresh pending) or Gmail just now. */
  source: 'cache' | 'gmail' | null;
  refreshing: boolean;
  /** Gmail is not connected (or its sign-in expired): the page read is all there is. */
  notConnected: boolean;
  error: string | null;
}

/** The background's answer when there is no usable Gmail connection. */
export function isNotConnected(error: unknown): boolean {
  return error instanceof RequestError && (error.code === 'not_configured' || /connect Gmail/i.test(error.message));
}

const INITIAL: ThreadSnapshotState = { snapshot: null, source: null, refreshing: false, notConnected: false, error: null };

/**
 * The thread from the background: 'thread.open' (the cached snapshot at once when there is one),
 * then 'thread.refresh' when that came from the cache, and again when the rep comes back to the
 * tab. A failed refresh keeps the snapshot already shown.
 */
export function useThreadSnapshot(threadId: string): ThreadSnapshotState {
  const [state, setState] = useState<ThreadSnapshotState>(INITIAL);

  useEffect(() => {
    let live = true;
    let lastAsked = 0;
    let hasSnapshot = false;
    const update = (patch: Partial<ThreadSnapshotState>) => live && setState((s) => ({ ...s, ...patch }));
    const failed = (e: unknown) => update({ refreshing: false, notConnected: isNotConnected(e), error: isNotConnected(e) ? null : errorMessage(e) });

    const refresh = () => {
      lastAsked = Date.now();
      update({ refreshing: true });
      request({ type: 'thread.refresh', threadId }).then((r) => {
        hasSnapshot = true;
        update({ snapshot: r.snapshot, source: 'gmail', refreshing: false, notConnected: false, error: null });
      }, failed);
    };
    const open = () => {
      lastAsked = Date.now();
      request({ type: 'thread.open', threadId }).then((r) => {
        hasSnapshot = true;
        update({ snapshot: r.snapshot, source: r.fromCache ? 'cache' : 'gmail', notConnected: false, error: null });
        if (r.fromCache && live) refresh();
      }, failed);
    };
    // A page script can dispatch a look-alike event: only the browser's own counts.
    const onVisible = (event: Event) => {
      if (!event.isTrusted || document.visibilityState !== 'visible' || Date.now() - lastAsked < REFRESH_MIN_INTERVAL_MS) return;
      if (hasSnapshot) refresh();
      else open();
    };

    setState(INITIAL);
    open();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      live = false;
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [threadId]);

  return state;
}

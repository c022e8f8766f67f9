/**
 * Decides, for each snapshot the navigation watcher reports, whether the panel shows, where, with
 * which thread, and which degraded hooks to report. Knows no Gmail selector (lib/sites/gmail does)
 * and no React (the host renders); the content script wires it to the page.
 *
 * Degraded, not wrong: a snapshot that names degraded hooks hides the panel at once (it may be
 * Gmail half-way through rendering another thread, and the previous thread's panel must not stay
 * up beside it), and only if the same state is still there after a grace period is it reported
 * and shown with the notice. Nothing about the last thread is ever shown for a page that no
 * longer reads as that thread.
 */
import { findMountPoint, readSnapshot, type GmailSnapshot, type OpenThread } from '../../lib/sites/gmail/adapter';
import type { HookName } from '../../lib/sites/gmail/hooks';
import { snapshotKey } from '../../lib/sites/gmail/navigation';

/** A thread's hooks may be missing for a moment while Gmail renders it. */
export const DEGRADED_GRACE_MS = 2000;
/** Gmail's loading screen has no main region for a while; a slow load is not a Gmail change. */
export const MAIN_GRACE_MS = 10_000;

export interface PanelState {
  thread: OpenThread | null;
  degraded: HookName[];
  collapsed: boolean;
}

export interface PanelHost {
  /** Shows the panel after `anchor` (inline), or floating when anchor is null. */
  show(anchor: Element | null, state: PanelState): void;
  hide(): void;
  /** Whether the panel is shown and still where it was put. */
  inPlace(): boolean;
}

export interface ControllerDeps {
  doc: Document;
  host: PanelHost;
  /**
   * Tells the background which hooks stopped matching (once per hook per page), or `[]` when a
   * thread read with every hook working (once, and again after each degraded spell), so the
   * background's degraded alert clears when Gmail's page works again.
   */
  report: (hooks: HookName[]) => void;
  setTimer: (run: () => void, ms: number) => number;
  clearTimer: (id: number) => void;
}

export function createController({ doc, host, report, setTimer, clearTimer }: ControllerDeps) {
  const reported = new Set<HookName>();
  let healthyReported = false;
  let collapsed = false;
  let shown: GmailSnapshot | null = null;
  let grace: number | undefined;

  const cancelGrace = () => {
    if (grace !== undefined) clearTimer(grace);
    grace = undefined;
  };

  function reportOnce(hooks: readonly HookName[]): void {
    if (hooks.length === 0) return;
    const fresh = hooks.filter((h) => !reported.has(h));
    fresh.forEach((h) => reported.add(h));
    if (fresh.length > 0) {
      healthyReported = false;
      report(fresh);
    }
  }

  function reportHealthy(): void {
    if (healthyReported) return;
    healthyReported = true;
    reported.clear();
    report([]);
  }

  function apply(snapshot: GmailSnapshot): void {
    if (snapshot.view !== 'thread' && snapshot.degraded.length === 0) {
      shown = null;
      host.hide();
      return;
    }
    const mount = snapshot.view === 'thread' ? findMountPoint(doc) : null;
    const degraded = [...snapshot.degraded, ...(mount && !mount.ok ? mount.degraded : [])];
    if (snapshot.view === 'thread' && mount?.ok && degraded.length === 0) reportHealthy();
    else reportOnce(degraded);
    shown = snapshot;
    host.show(mount?.ok ? (mount.value?.anchor ?? null) : null, { thread: snapshot.thread, degraded, collapsed });
  }

  function onSnapshot(snapshot: GmailSnapshot): void {
    cancelGrace();
    if (snapshot.degraded.length === 0) {
      apply(snapshot);
      return;
    }
    shown = null;
    host.hide();
    const key = snapshotKey(snapshot);
    grace = setTimer(
      () => {
        grace = undefined;
        const now = readSnapshot(doc);
        if (snapshotKey(now) === key) apply(now);
        else onSnapshot(now);
      },
      snapshot.degraded.includes('main') ? MAIN_GRACE_MS : DEGRADED_GRACE_MS,
    );
  }

  return {
    onSnapshot,
    /** After every watcher check: put the panel back if Gmail re-rendered around it. */
    onCheck(): void {
      if (shown && !host.inPlace()) apply(shown);
    },
    setCollapsed(next: boolean): void {
      collapsed = next;
      if (shown) apply(shown);
    },
    isCollapsed: () => collapsed,
    dispose(): void {
      cancelGrace();
      shown = null;
      host.hide();
    },
  };
}

export type Controller = ReturnType<typeof createController>;

import browser from 'webextension-polyfill';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { GmailPage } from '../../lib/sites/gmail/page';
import type { PanelHost, PanelState } from './controller';

export const PANEL_GLOBAL = '__countersignGmailPanel';
export interface PanelModule {
  createPanelHost(ctx: ContentScriptContext, page: GmailPage, onCollapsedChange: (collapsed: boolean) => void, css: string): Promise<PanelHost>;
  /** One-time work the first render would otherwise do in one go (Intl's start-up): one step per task. */
  warmUp: readonly (() => void)[];
}

type Scheduler = { yield?: () => Promise<void> };
/**
 * Ends the current task and continues in a new one, so the page can handle input and paint in
 * between: scheduler.yield where there is one (the continuation keeps its place in the queue),
 * otherwise a zero-delay timer.
 */
export const nextTask = (): Promise<void> => {
  const scheduler = (globalThis as { scheduler?: Scheduler }).scheduler;
  return typeof scheduler?.yield === 'function' ? scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0));
};

/**
 * A PanelHost that loads the real one (/gmail-panel-react.js, then /gmail-panel.js) on the
 * first show and replays the latest request to it. Until then it shows nothing and reports
 * itself in place, so the controller does not re-apply while the bundle loads.
 *
 * Loading is spread over several tasks, none of which may be a long task (> 50 ms) on a slow
 * machine: it starts after the task that asked for the panel, and the bundle's evaluation, Intl's
 * start-up and the panel's creation each get their own task; the first render is time-sliced.
 */
export function lazyPanelHost(ctx: ContentScriptContext, page: GmailPage, onCollapsedChange: (collapsed: boolean) => void): PanelHost {
  let real: PanelHost | null = null;
  let loading: Promise<void> | null = null;
  let wanted: { anchor: Element | null; state: PanelState } | null = null;

  const load = async () => {
    await nextTask();
    const css = fetch(browser.runtime.getURL('/content-scripts/gmail.css')).then((r) => r.text());
    // React, then the panel: two scripts, each compiled and evaluated in tasks of its own.
    await import(/* @vite-ignore */ browser.runtime.getURL('/gmail-panel-react.js'));
    await nextTask();
    await import(/* @vite-ignore */ browser.runtime.getURL('/gmail-panel.js'));
    const module = (globalThis as unknown as Record<typeof PANEL_GLOBAL, PanelModule | undefined>)[PANEL_GLOBAL];
    if (!module) throw new Error('the panel bundle did not register itself');
    for (const step of module.warmUp) {
      await nextTask();
      step();
    }
    const cssText = await css;
    await nextTask();
    real = await module.createPanelHost(ctx, page, onCollapsedChange, cssText);
    await nextTask();
    if (wanted && ctx.isValid) real.show(wanted.anchor, wanted.state);
  };

  return {
    show(anchor, state) {
      wanted = { anchor, state };
      if (real) return real.show(anchor, state);
      loading ??= load().catch((e: unknown) => {
        loading = null;
        console.warn('[countersign] could not load the Gmail panel', e);
      });
    },
    hide() {
      wanted = null;
      real?.hide();
    },
    inPlace: () => (real ? real.inPlace() : true),
  };
}

import browser from 'webextension-polyfill';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { GmailPage } from '../../lib/sites/gmail/page';
import type { PanelHost, PanelState } from './controller';

export const PANEL_GLOBAL = '__countersignGmailPanel';
export interface PanelModule {
  createPanelHost(ctx: ContentScriptContext, page: GmailPage, onCollapsedChange: (collapsed: boolean) => void, css: string): Promise<PanelHost>;
}

/**
 * A PanelHost that loads the real one (/gmail-panel.js, React and the panel components) on the
 * first show and replays the latest request to it. Until then it shows nothing and reports
 * itself in place, so the controller does not re-apply while the bundle loads.
 */
export function lazyPanelHost(ctx: ContentScriptContext, page: GmailPage, onCollapsedChange: (collapsed: boolean) => void): PanelHost {
  let real: PanelHost | null = null;
  let loading: Promise<void> | null = null;
  let wanted: { anchor: Element | null; state: PanelState } | null = null;

  const load = async () => {
    const [css] = await Promise.all([
      fetch(browser.runtime.getURL('/content-scripts/gmail.css')).then((r) => r.text()),
      import(/* @vite-ignore */ browser.runtime.getURL('/gmail-panel.js')),
    ]);
    const module = (globalThis as unknown as Record<typeof PANEL_GLOBAL, PanelModule | undefined>)[PANEL_GLOBAL];
    if (!module) throw new Error('the panel bundle did not register itself');
    real = await module.createPanelHost(ctx, page, onCollapsedChange, css);
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

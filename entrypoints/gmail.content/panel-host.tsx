import { startTransition } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { GmailPanel } from '../../components/gmail/GmailPanel';
import { floatingPosition } from '../../lib/sites/gmail/layout';
import type { GmailPage } from '../../lib/sites/gmail/page';
import type { PanelHost, PanelState } from './controller';

const INLINE = 'display:block;margin:8px 0 12px;max-width:760px;';
const floating = (collapsed: boolean): string => {
  const { top, right } = floatingPosition(document);
  const size = collapsed ? '' : 'width:380px;max-height:calc(100vh - ' + (top + 24) + 'px);overflow:auto;';
  return `position:fixed;top:${top}px;right:${right}px;${size}z-index:2147483000;display:block;`;
};

/**
 * The one shadow-root host (<countersign-panel>, open root, isolated styles and key events). It
 * is created once and moved: under the thread's subject block, or floating at the right edge.
 */
export async function createPanelHost(ctx: ContentScriptContext, page: GmailPage, onCollapsedChange: (collapsed: boolean) => void, css: string): Promise<PanelHost> {
  let anchor: Element | null = null;
  // The stylesheet comes from the content script (this bundle is not the content-script entry WXT
  // would load it for), so WXT is told not to load one itself.
  const uiCtx = Object.create(ctx, { options: { value: { ...ctx.options, cssInjectionMode: 'manual' } } }) as ContentScriptContext;
  const ui: ShadowRootContentScriptUi<Root> = await createShadowRootUi(uiCtx, {
    css: css.replaceAll(':root', ':host'),
    name: 'countersign-panel',
    position: 'inline',
    mode: 'open',
    // Keys typed in the panel must not reach Gmail's keyboard shortcuts.
    isolateEvents: true,
    anchor: () => anchor ?? document.body,
    append: (target, host) => (anchor ? target.insertAdjacentElement('afterend', host) : target.append(host)),
    onMount: (container) => createRoot(container),
    onRemove: (root) => root?.unmount(),
  });
  const frame = () => ui.shadow.querySelector('html');

  const place = (collapsed: boolean) => {
    const host = ui.shadowHost;
    if (anchor && anchor.isConnected) {
      if (anchor.nextElementSibling !== host) anchor.insertAdjacentElement('afterend', host);
    } else if (host.parentElement !== document.body) document.body.append(host);
    frame()?.setAttribute('style', anchor ? INLINE : floating(collapsed));
  };

  return {
    show(at: Element | null, state: PanelState) {
      anchor = at;
      if (!ui.mounted) ui.mount();
      place(state.collapsed);
      const root = ui.mounted;
      const placement = anchor ? 'inline' : 'floating';
      // A transition, so React renders the panel in slices of a few ms, yielding to the page in
      // between, rather than in one task that can pass 50 ms on a slow machine.
      startTransition(() => root?.render(<GmailPanel thread={state.thread} degraded={state.degraded} page={page} collapsed={state.collapsed} onCollapsedChange={onCollapsedChange} placement={placement} />));
    },
    hide() {
      anchor = null;
      if (ui.mounted) ui.remove();
    },
    inPlace(): boolean {
      const host = ui.shadowHost;
      if (!ui.mounted || !host.isConnected) return false;
      return anchor ? anchor.isConnected && anchor.nextElementSibling === host : host.parentElement === document.body;
    },
  };
}

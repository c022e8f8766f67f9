import { createRoot, type Root } from 'react-dom/client';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { GmailPanel } from '../../components/gmail/GmailPanel';
import { request } from '../../lib/protocol/client';
import { findMountPoint, type GmailSnapshot } from '../../lib/sites/gmail/adapter';
import { watchGmail } from '../../lib/sites/gmail/navigation';
import './style.css';

/** Fixed to the right edge when the page offers no place in the thread for the panel. */
const FLOATING = 'position:fixed;top:72px;right:16px;width:380px;max-height:calc(100vh - 96px);overflow:auto;z-index:2147483000;display:block;';
const INLINE = 'display:block;margin:8px 0 12px;max-width:760px;';

export default defineContentScript({
  matches: ['https://mail.google.com/*'],
  runAt: 'document_idle',
  cssInjectionMode: 'ui',
  // We never talk to the page: no window.postMessage, not even WXT's "script started" ping.
  noScriptStartedPostMessage: true,
  async main(ctx) {
    const panel = await createPanel(ctx);
    const reported = new Set<string>();

    const render = (snapshot: GmailSnapshot) => {
      if (snapshot.view !== 'thread') {
        panel.hide();
        return;
      }
      const mount = findMountPoint(document);
      const degraded = [...snapshot.degraded, ...(mount.ok ? [] : mount.degraded)];
      report(degraded, reported);
      panel.show(mount.ok ? (mount.value?.anchor ?? null) : null, { thread: snapshot.thread, degraded });
    };

    let last: GmailSnapshot | null = null;
    const stop = watchGmail(window, (snapshot) => {
      last = snapshot;
      render(snapshot);
    });
    // Gmail re-renders the thread without changing what the watcher reports; put the panel back.
    ctx.setInterval(() => {
      if (last?.view === 'thread' && !panel.inPlace()) render(last);
    }, 1000);
    ctx.onInvalidated(stop);
  },
});

/** Tells the background which hooks stopped matching, each once per page. */
function report(hooks: readonly string[], reported: Set<string>): void {
  const fresh = hooks.filter((h) => !reported.has(h));
  if (fresh.length === 0) return;
  fresh.forEach((h) => reported.add(h));
  request({ type: 'gmail.degraded', hooks: fresh }).catch((e: unknown) => console.warn('[countersign] could not report degraded Gmail hooks', e));
}

interface PanelContent {
  thread: GmailSnapshot['thread'];
  degraded: string[];
}

/** The shadow-root host (<countersign-panel>), placed under the thread subject or floating. */
async function createPanel(ctx: ContentScriptContext) {
  let anchor: Element | null = null;
  const ui: ShadowRootContentScriptUi<Root> = await createShadowRootUi(ctx, {
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

  const place = () => {
    const host = ui.shadowHost;
    if (anchor && anchor.isConnected) {
      if (anchor.nextElementSibling !== host) anchor.insertAdjacentElement('afterend', host);
    } else if (host.parentElement !== document.body) document.body.append(host);
    frame()?.setAttribute('style', anchor ? INLINE : FLOATING);
  };

  return {
    show(at: Element | null, content: PanelContent) {
      anchor = at;
      if (!ui.mounted) ui.mount();
      place();
      ui.mounted?.render(<GmailPanel thread={content.thread} degraded={content.degraded} />);
    },
    hide() {
      anchor = null;
      if (ui.mounted) ui.remove();
    },
    /** Whether the host is still in the page where it was put. */
    inPlace(): boolean {
      const host = ui.shadowHost;
      if (!ui.mounted || !host.isConnected) return false;
      return anchor ? anchor.isConnected && anchor.nextElementSibling === host : host.parentElement === document.body;
    },
  };
}

import { defineContentScript } from 'wxt/utils/define-content-script';
import { request } from '../../lib/protocol/client';
import { watchGmail } from '../../lib/sites/gmail/navigation';
import { gmailPage } from '../../lib/sites/gmail/page';
import { createController, type Controller } from './controller';
import { lazyPanelHost } from './lazy-panel';
import './style.css';

export default defineContentScript({
  matches: ['https://mail.google.com/*'],
  runAt: 'document_idle',
  cssInjectionMode: 'ui',
  // We never talk to the page: no window.postMessage, not even WXT's "script started" ping.
  noScriptStartedPostMessage: true,
  async main(ctx) {
    let controller: Controller | null = null;
    // Collapsed or not is remembered for this tab in memory only: the page can read its own
    // sessionStorage, and storage.session is not open to content scripts by default.
    const host = lazyPanelHost(ctx, gmailPage(document), (collapsed) => controller?.setCollapsed(collapsed));
    const active = createController({
      doc: document,
      host,
      report: (hooks) => {
        request({ type: 'gmail.degraded', hooks }).catch((e: unknown) => console.warn('[countersign] could not report degraded Gmail hooks', e));
      },
      setTimer: (run, ms) => ctx.setTimeout(run, ms),
      clearTimer: (id) => clearTimeout(id),
    });
    controller = active;
    // One throttled MutationObserver (in watchGmail) drives everything: no polling.
    const stop = watchGmail(window, active.onSnapshot, { onCheck: active.onCheck });
    ctx.onInvalidated(() => {
      stop();
      active.dispose();
    });
  },
});

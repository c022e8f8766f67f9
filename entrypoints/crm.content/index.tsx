import { defineContentScript } from 'wxt/utils/define-content-script';
import { CRM_PAGE_MATCHES, parseRecordPage, type RecordPage } from '../../lib/sites/crm/record-url';
import { createDock, type Dock } from './dock';
import './style.css';

const keyOf = (page: RecordPage | null) => (page ? `${page.crm}:${page.type}:${page.id}` : null);

export default defineContentScript({
  matches: CRM_PAGE_MATCHES,
  runAt: 'document_idle',
  cssInjectionMode: 'ui',
  // We never talk to the page: no window.postMessage, not even WXT's "script started" ping.
  noScriptStartedPostMessage: true,
  main(ctx) {
    // Created on the first record page: most pages on these hosts are not records.
    let dock: Promise<Dock> | null = null;
    let shown: string | null = null;

    // Record pages are recognised from the URL alone; the CRM's markup is never read.
    const sync = () => {
      const page = parseRecordPage(location.href);
      const key = keyOf(page);
      if (key === shown) return;
      shown = key;
      if (page) dock = dock ?? createDock(ctx);
      dock?.then(
        (d) => (key === shown ? (page ? d.show(page) : d.hide()) : undefined),
        (e: unknown) => console.warn('[countersign] could not create the CRM panel', e),
      );
    };

    sync();
    // In-app navigation (history.pushState, back/forward). The event fires before the new URL is
    // committed, and a page could dispatch a look-alike, so read location.href afterwards instead
    // of trusting the event's payload.
    ctx.addEventListener(window, 'wxt:locationchange', () => ctx.setTimeout(sync, 0));
  },
});

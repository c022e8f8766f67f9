/**
 * Who sent a message, as established by the browser (runtime.MessageSender), never by the
 * message itself. A content script cannot forge sender.url or sender.id; a web page cannot reach
 * runtime.onMessage at all (no externally_connectable).
 */
export type SenderContext =
  | { kind: 'approval-panel'; url: string }
  | { kind: 'popup'; url: string }
  | { kind: 'gmail-content'; tabId: number; origin: string; url: string }
  | { kind: 'crm-content'; tabId: number; origin: string; url: string }
  | { kind: 'unknown'; reason: string };

export interface SenderInfo {
  id?: string;
  url?: string;
  origin?: string;
  tab?: { id?: number };
  frameId?: number;
}

/** Extension pages that are allowed to be the approval panel (side panel, tab, Firefox sidebar). */
/** CRM web apps whose record pages get the docked panel (see lib/sites/crm/record-url.ts). */
const CRM_HOSTS = [/^app(-[a-z0-9]+)?\.hubspot\.com$/, /^[a-z0-9-]+(\.[a-z0-9-]+)*\.lightning\.force\.com$/, /^[a-z0-9-]+\.pipedrive\.com$/];

const PANEL_PAGES = new Set(['/sidepanel.html']);
const POPUP_PAGES = new Set(['/popup.html']);

export function identifySender(sender: SenderInfo, extensionId: string, extensionOrigin: string): SenderContext {
  if (sender.id !== extensionId) return { kind: 'unknown', reason: 'message from another extension or app' };
  if (!sender.url) return { kind: 'unknown', reason: 'sender has no URL' };
  let url: URL;
  try {
    url = new URL(sender.url);
  } catch {
    return { kind: 'unknown', reason: 'sender URL is not a URL' };
  }
  // Compare scheme and host: URL.origin is 'null' for non-special schemes in some engines.
  const origin = `${url.protocol}//${url.host}`;
  if (origin === extensionOrigin.replace(/\/$/, '')) {
    if (PANEL_PAGES.has(url.pathname)) return { kind: 'approval-panel', url: sender.url };
    if (POPUP_PAGES.has(url.pathname)) return { kind: 'popup', url: sender.url };
    return { kind: 'unknown', reason: `extension page ${url.pathname} has no role` };
  }
  // Everything else is a content script, identified by the tab and the page it runs in.
  const tabId = sender.tab?.id;
  if (tabId === undefined) return { kind: 'unknown', reason: 'content script without a tab' };
  if (url.protocol === 'https:' && url.hostname === 'mail.google.com' && sender.frameId === 0) {
    return { kind: 'gmail-content', tabId, origin, url: sender.url };
  }
  if (url.protocol === 'https:' && CRM_HOSTS.some((h) => h.test(url.hostname)) && sender.frameId === 0) {
    return { kind: 'crm-content', tabId, origin, url: sender.url };
  }
  return { kind: 'unknown', reason: `content script on ${origin} has no role` };
}

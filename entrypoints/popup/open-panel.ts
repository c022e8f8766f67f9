import { browser } from 'wxt/browser';

/** Chrome's side panel API (not in the polyfill's Firefox-shaped types). */
interface ChromeSidePanel {
  open(options: { windowId: number }): Promise<void>;
}
/** Firefox's sidebar API. */
interface SidebarAction {
  open(): Promise<void>;
}

const chromeSidePanel = (): ChromeSidePanel | undefined => (globalThis as { chrome?: { sidePanel?: ChromeSidePanel } }).chrome?.sidePanel;
const sidebarAction = (): SidebarAction | undefined => (browser as unknown as { sidebarAction?: SidebarAction }).sidebarAction;

/** Whether this browser has a panel to open beside the page (else: a tab). */
export const hasSidePanel = (): boolean => Boolean(chromeSidePanel()?.open || sidebarAction()?.open);

/**
 * Opens the approval panel beside the page. Must run synchronously inside the click handler:
 * both browsers only open panels during a user gesture, so the window id is looked up beforehand.
 */
export function openSidePanel(windowId: number | undefined): Promise<void> {
  const side = chromeSidePanel();
  if (side?.open && windowId !== undefined) return side.open({ windowId });
  const sidebar = sidebarAction();
  if (sidebar?.open) return sidebar.open();
  return Promise.reject(new Error('This browser has no side panel.'));
}

export function openPanelInTab(): Promise<unknown> {
  return browser.tabs.create({ url: browser.runtime.getURL('/sidepanel.html') });
}

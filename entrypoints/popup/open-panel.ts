import { browser } from 'wxt/browser';

/** Chrome's side panel API (not in the polyfill's Firefox-shaped types). */
interface ChromeSidePanel {
  open(options: { windowId: number }): Promise<void>;
  setOptions?(options: { path: string }): Promise<void>;
}
/** Firefox's sidebar API. */
interface SidebarAction {
  open(): Promise<void>;
  setPanel?(details: { panel: string }): Promise<void>;
}

/** A side panel view by its hash ('operator'); none: the approval queue. */
export type PanelView = 'operator' | null;
const panelPath = (view: PanelView): `sidepanel.html${string}` => `sidepanel.html${view ? `#${view}` : ''}`;

const chromeSidePanel = (): ChromeSidePanel | undefined => (globalThis as { chrome?: { sidePanel?: ChromeSidePanel } }).chrome?.sidePanel;
const sidebarAction = (): SidebarAction | undefined => (browser as unknown as { sidebarAction?: SidebarAction }).sidebarAction;

/** Whether this browser has a panel to open beside the page (else: a tab). */
export const hasSidePanel = (): boolean => Boolean(chromeSidePanel()?.open || sidebarAction()?.open);

/**
 * Opens the approval panel beside the page. Must run synchronously inside the click handler:
 * both browsers only open panels during a user gesture, so the window id is looked up beforehand.
 */
export function openSidePanel(windowId: number | undefined, view: PanelView = null): Promise<void> {
  const side = chromeSidePanel();
  if (side?.open && windowId !== undefined) {
    // Not awaited: open() must run in this gesture. The browser applies the path first (same queue).
    const pathSet = side.setOptions?.({ path: panelPath(view) });
    return Promise.all([pathSet, side.open({ windowId })]).then(() => undefined);
  }
  const sidebar = sidebarAction();
  if (sidebar?.open) {
    const panelSet = sidebar.setPanel?.({ panel: browser.runtime.getURL(`/${panelPath(view)}`) });
    return Promise.all([panelSet, sidebar.open()]).then(() => undefined);
  }
  return Promise.reject(new Error('This browser has no side panel.'));
}

export function openPanelInTab(view: PanelView = null): Promise<unknown> {
  return browser.tabs.create({ url: browser.runtime.getURL(`/${panelPath(view)}`) });
}

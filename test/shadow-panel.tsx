import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach } from 'vitest';

/**
 * Vitest hooks for a panel component rendered as the content scripts render it: a host element
 * with an OPEN shadow root (the page can reach into it), a fresh React root per test.
 */
export function shadowPanel(tag: string) {
  let host: HTMLElement | undefined;
  let root: Root | undefined;
  beforeEach(() => {
    host = document.createElement(tag);
    document.body.append(host);
    const container = document.createElement('div');
    host.attachShadow({ mode: 'open' }).append(container);
    root = createRoot(container);
  });
  afterEach(() => {
    act(() => root?.unmount());
    host?.remove();
  });
  const live = <T,>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the panel ${what} exists only inside a test`);
    return value;
  };
  return {
    host: () => live(host, 'host'),
    root: () => live(root, 'root'),
    inPanel: (testId: string) => host?.shadowRoot?.querySelector<HTMLElement>(`[data-testid="${testId}"]`) ?? null,
    allInPanel: (testId: string) => Array.from(host?.shadowRoot?.querySelectorAll<HTMLElement>(`[data-testid="${testId}"]`) ?? []),
  };
}

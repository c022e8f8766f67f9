import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, type ReactNode } from 'react';
import type { Root } from 'react-dom/client';
import { afterEach, beforeEach, vi } from 'vitest';
import { browser } from 'wxt/browser';
import type { Services } from '../lib/background/services';
import type { CountersignDb } from '../lib/db/schema';
import { route, type Handlers } from '../lib/protocol/router';
import type { SenderContext } from '../lib/protocol/sender';
import { testBackground } from './background';
import { freshDb } from './fixtures';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

export const APPROVAL_PANEL: SenderContext = { kind: 'approval-panel', url: 'chrome-extension://x/sidepanel.html' };

/**
 * Vitest hooks for an extension page under test with the real background behind it: a fresh
 * database, the real services and handlers (no network), and the page's request() answered by
 * the real router as `sender`. `sent` records every request the page made.
 */
export function realBackground(options: { now?: () => number; sender?: SenderContext } = {}) {
  const state: { db?: CountersignDb; services?: Services; handlers?: Handlers } = {};
  const sent = vi.fn<(req: { type: string; [k: string]: unknown }) => void>();
  beforeEach(() => {
    const db = freshDb();
    const { services, handlers } = testBackground(db, { now: options.now ?? (() => Date.now()) });
    Object.assign(state, { db, services, handlers });
    sent.mockReset();
    vi.spyOn(browser.runtime, 'sendMessage').mockImplementation((async (raw: { type: string }) => {
      sent(raw);
      return route(raw, options.sender ?? APPROVAL_PANEL, handlers, (e) => console.error(e));
    }) as never);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    state.db?.close();
  });
  const live = <T,>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the background exists only inside a test');
    return value;
  };
  return { db: () => live(state.db), services: () => live(state.services), handlers: () => live(state.handlers), sent };
}

/** Lets queries and mutations settle and React commit. */
export async function settle(rounds = 25) {
  for (let i = 0; i < rounds; i++) await act(() => new Promise((r) => setTimeout(r, 0)));
}

/** Renders `node` in `root` with a fresh query client (no retries), then settles. */
export async function renderWithQueries(root: Root, node: ReactNode) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  await act(async () => root.render(<QueryClientProvider client={client}>{node}</QueryClientProvider>));
  await settle();
}

/** happy-dom marks no event as trusted; the panels act only on events a real user makes. */
export async function click(el: Element | null | undefined) {
  if (!el) throw new Error('nothing to click');
  const event = new MouseEvent('click', { bubbles: true, composed: true });
  Object.defineProperty(event, 'isTrusted', { value: true });
  await act(async () => el.dispatchEvent(event));
  await settle();
}

export async function type(el: Element | null | undefined, value: string) {
  if (!(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement)) throw new Error('not a text field');
  await act(async () => {
    Object.getOwnPropertyDescriptor(Object.getPrototypeOf(el), 'value')?.set?.call(el, value);
    const event = new Event('input', { bubbles: true, composed: true });
    Object.defineProperty(event, 'isTrusted', { value: true });
    el.dispatchEvent(event);
  });
}

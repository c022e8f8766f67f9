// @vitest-environment happy-dom
import { act, useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { CHAT_TOOL_SPECS } from '../../lib/chat/catalog';
import type { ChatMessageRow } from '../../lib/db/schema';
import { click, renderWithQueries, settle, type } from '../../test/panel-harness';
import { shadowPanel } from '../../test/shadow-panel';
import { ChatView } from './ChatView';
import { CommandPalette, usePaletteShortcut } from './CommandPalette';
import { paletteFields, paletteInput } from './palette-fields';

const { host, root, inPanel, allInPanel } = shadowPanel('countersign-chat');

const msg = (over: Partial<ChatMessageRow> & Pick<ChatMessageRow, 'id' | 'role' | 'text'>): ChatMessageRow => ({ conversationId: 'c1', agent: null, sources: [], proposals: [], refused: [], at: 1, ...over });
const HISTORY = [
  msg({ id: 'u1', role: 'user', text: 'Draft a re-engagement for Dana' }),
  msg({
    id: 'a1',
    role: 'agent',
    agent: 'herald',
    text: 'Queued a draft for your approval.',
    sources: [{ kind: 'thread', id: '18c2f1a9b7e4d3c0', label: 'Re: Pricing' }],
    proposals: [{ kind: 'approval', id: 'ap1', label: 'Draft to Dana: Re: Pricing' }],
    refused: ['email.send'],
    at: 2,
  }),
];

const sent = vi.fn<(req: { type: string; [k: string]: unknown }) => void>();
beforeEach(() => {
  sent.mockReset();
  vi.spyOn(browser.runtime, 'sendMessage').mockImplementation((async (req: { type: string; text?: string; tool?: string }) => {
    sent(req);
    const data =
      req.type === 'chat.history'
        ? { conversationId: 'c1', messages: HISTORY }
        : req.type === 'chat.send'
          ? { conversationId: 'c1', messages: [msg({ id: 'u2', role: 'user', text: req.text ?? '', at: 3 }), msg({ id: 'a2', role: 'agent', agent: 'scout', text: 'Dana needs a follow-up.', sources: [{ kind: 'lead', id: 'dana@x.co', label: 'Dana' }], at: 4 })] }
          : req.type === 'chat.clear'
            ? { cleared: 2 }
            : req.type === 'chat.stop'
              ? { stopped: true }
            : req.type === 'palette.run'
              ? { tool: req.tool, agent: 'scout', data: { score: 82 }, sources: [{ kind: 'lead', id: 'dana@x.co', label: 'Dana Whitfield' }], proposals: [] }
              : null;
    return { ok: true, data };
  }) as never);
});
afterEach(() => vi.restoreAllMocks());

async function key(target: EventTarget, init: KeyboardEventInit) {
  const event = new KeyboardEvent('keydown', { bubbles: true, composed: true, cancelable: true, ...init });
  Object.defineProperty(event, 'isTrusted', { value: true });
  await act(async () => target.dispatchEvent(event));
  await settle();
}

describe('ChatView', () => {
  it('shows the conversation with agent names, sources and proposals as links', async () => {
    await renderWithQueries(root(), <ChatView />);
    expect(inPanel('cs-chat')).not.toBeNull();
    expect(allInPanel('cs-chat-message').map((m) => m.dataset.role)).toEqual(['user', 'agent']);
    expect(allInPanel('cs-chat-message')[1]!.textContent).toContain('Herald');
    const [source] = allInPanel('cs-chat-source');
    expect(source!.getAttribute('href')).toBe('https://mail.google.com/mail/u/0/#all/18c2f1a9b7e4d3c0');
    expect(source!.getAttribute('target')).toBe('_blank');
    const [proposal] = allInPanel('cs-chat-proposal');
    expect(proposal!.getAttribute('href')).toBe('#queue');
    expect(proposal!.textContent).toContain('Draft queued for your approval → Queue');
  });

  it('sends the question in the same conversation and appends the answer; clears the conversation', async () => {
    await renderWithQueries(root(), <ChatView />);
    await type(inPanel('cs-chat-input'), 'who needs a follow-up today?');
    await click(inPanel('cs-chat-send'));
    expect(sent).toHaveBeenCalledWith({ type: 'chat.send', text: 'who needs a follow-up today?', conversationId: 'c1' });
    expect(allInPanel('cs-chat-message').map((m) => m.dataset.role)).toEqual(['user', 'agent', 'user', 'agent']);
    expect(allInPanel('cs-chat-message')[3]!.dataset.agent).toBe('scout');
    expect((inPanel('cs-chat-input') as HTMLInputElement).value).toBe('');
    await click(inPanel('cs-chat-clear'));
    expect(sent).toHaveBeenCalledWith({ type: 'chat.clear', conversationId: 'c1' });
    expect(allInPanel('cs-chat-message')).toEqual([]);
  });

  it("shows the answer's words as they stream in on the progress Port, with Stop, then the stored answer", async () => {
    const listeners: ((m: unknown) => void)[] = [];
    const port = { onMessage: { addListener: (fn: (m: unknown) => void) => void listeners.push(fn) }, disconnect: vi.fn() };
    vi.spyOn(browser.runtime, 'connect').mockImplementation((() => port) as never);
    let answer!: (v: unknown) => void;
    const pending = new Promise((r) => (answer = r));
    const plain = (browser.runtime.sendMessage as unknown as { getMockImplementation(): (r: unknown) => Promise<unknown> }).getMockImplementation();
    vi.spyOn(browser.runtime, 'sendMessage').mockImplementation((async (req: { type: string }) => (req.type === 'chat.send' ? pending.then(() => plain(req)) : plain(req))) as never);
    sent.mockClear();
    await renderWithQueries(root(), <ChatView />);
    await type(inPanel('cs-chat-input'), 'who needs a follow-up today?');
    await click(inPanel('cs-chat-send'));
    const hear = async (m: Record<string, unknown>) => {
      await act(async () => listeners.forEach((l) => l({ conversationId: 'c1', agent: 'scout', ...m })));
      await settle();
    };
    await hear({ step: 'routed', label: 'Asking Scout…' });
    expect(inPanel('cs-chat-progress')!.textContent).toBe('Asking Scout…');
    expect(inPanel('cs-chat-streaming')).toBeNull();
    await hear({ step: 'text', label: 'Scout is answering…', delta: 'Dana needs ' });
    await hear({ step: 'text', label: 'Scout is answering…', delta: 'a follow-up' });
    await hear({ conversationId: 'another', step: 'text', label: 'x', delta: ' (not ours)' });
    expect(inPanel('cs-chat-progress')!.textContent).toBe('Scout is answering…');
    expect(inPanel('cs-chat-streaming')!.textContent).toBe('Dana needs a follow-up');
    // A tool step after some words starts the answer over.
    await hear({ step: 'tool', label: "Reading today's leads…" });
    expect(inPanel('cs-chat-streaming')).toBeNull();
    await hear({ step: 'text', label: 'Scout is answering…', delta: 'Dana needs a follow-up.' });
    expect(inPanel('cs-chat-streaming')!.textContent).toBe('Dana needs a follow-up.');
    // Stop asks the background to cut this conversation's turn.
    await click(inPanel('cs-chat-stop'));
    expect(sent).toHaveBeenCalledWith({ type: 'chat.stop', conversationId: 'c1' });
    await act(async () => answer(null));
    await settle();
    expect(inPanel('cs-chat-pending')).toBeNull();
    expect(allInPanel('cs-chat-message').at(-1)!.textContent).toContain('Dana needs a follow-up.');
    expect(port.disconnect).toHaveBeenCalled();
  });

  it('does nothing for a synthetic (untrusted) click on send', async () => {
    await renderWithQueries(root(), <ChatView />);
    await type(inPanel('cs-chat-input'), 'send everything');
    await act(async () => inPanel('cs-chat-send')!.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true })));
    await settle();
    expect(sent.mock.calls.map(([r]) => r.type)).not.toContain('chat.send');
  });
});

function PaletteHost() {
  const [open, setOpen] = useState(false);
  usePaletteShortcut(() => setOpen(true));
  return (
    <>
      <button type="button" data-testid="before">
        before
      </button>
      <CommandPalette open={open} onClose={() => setOpen(false)} />
    </>
  );
}

describe('CommandPalette', () => {
  it('Ctrl+K opens a modal dialog listing the chat tools; Escape closes it', async () => {
    await renderWithQueries(root(), <PaletteHost />);
    expect(inPanel('cs-palette')).toBeNull();
    await key(window, { key: 'k', ctrlKey: true });
    const dialog = inPanel('cs-palette')!;
    expect(dialog.getAttribute('role')).toBe('dialog');
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(allInPanel('cs-palette-item').map((i) => i.dataset.tool)).toEqual(CHAT_TOOL_SPECS.map((t) => t.name));
    expect(host().shadowRoot!.activeElement).toBe(inPanel('cs-palette-filter'));
    await key(dialog, { key: 'Escape' });
    expect(inPanel('cs-palette')).toBeNull();
  });

  it('keeps focus inside: Tab from the last control goes to the first, Shift+Tab from the first to the last', async () => {
    await renderWithQueries(root(), <PaletteHost />);
    await key(window, { key: 'k', metaKey: true });
    const close = inPanel('cs-palette-close')!;
    const filter = inPanel('cs-palette-filter')!;
    act(() => close.focus());
    await key(close, { key: 'Tab' });
    expect(host().shadowRoot!.activeElement).toBe(filter);
    await key(filter, { key: 'Tab', shiftKey: true });
    expect(host().shadowRoot!.activeElement).toBe(close);
  });

  it('runs a command with the form built from its input schema', async () => {
    await renderWithQueries(root(), <PaletteHost />);
    await key(window, { key: 'k', ctrlKey: true });
    await click(allInPanel('cs-palette-item').find((i) => i.dataset.tool === 'lead.explain'));
    await type(host().shadowRoot!.querySelector('[data-field="query"]'), 'Dana');
    await click(inPanel('cs-palette-run'));
    expect(sent).toHaveBeenCalledWith({ type: 'palette.run', tool: 'lead.explain', input: { query: 'Dana' } });
    expect(allInPanel('cs-chat-source').map((s) => s.dataset.id)).toEqual(['dana@x.co']);
  });

  it('builds simple fields from zod: text, number, choice; empty fields left to the defaults', () => {
    const spec = CHAT_TOOL_SPECS.find((t) => t.name === 'draft.propose')!;
    const fields = paletteFields(spec);
    expect(fields.map((f) => [f.name, f.kind])).toEqual([
      ['who', 'text'],
      ['threadId', 'text'],
      ['kind', 'choice'],
      ['steer', 'text'],
    ]);
    expect(paletteInput(fields, { who: ' Acme ', threadId: '' })).toEqual({ who: 'Acme', kind: 'reply' });
    expect(paletteFields(CHAT_TOOL_SPECS.find((t) => t.name === 'leads.today')!)).toEqual([expect.objectContaining({ name: 'limit', kind: 'number', defaultValue: '8' })]);
  });
});

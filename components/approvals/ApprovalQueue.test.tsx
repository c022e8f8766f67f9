// @vitest-environment happy-dom
import { act } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CountersignDb } from '../../lib/db/schema';
import { route, type Handlers } from '../../lib/protocol/router';
import type { SenderContext } from '../../lib/protocol/sender';
import { decodedMessage, seedDraft } from '../../test/fixtures';
import { realBackground, renderWithQueries, settle, type } from '../../test/panel-harness';
import { shadowPanel } from '../../test/shadow-panel';
import { ApprovalQueue } from './ApprovalQueue';

const gmail: SenderContext = { kind: 'gmail-content', tabId: 1, origin: 'https://mail.google.com', url: 'https://mail.google.com/mail/u/0/' };

const bg = realBackground();
const { root, inPanel, allInPanel, host } = shadowPanel('countersign-queue');
let db: CountersignDb;
let handlers: Handlers;
/** Every request the panel made, as sent. */
const sent = bg.sent;

beforeEach(() => {
  db = bg.db();
  handlers = bg.handlers();
});

/** Queues `n` drafts the way the Gmail page does; returns their approval ids in queue order. */
async function queue(n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const draft = await seedDraft(db, { subject: `Draft ${i + 1}`, body: `Body of draft ${i + 1}` });
    const res = (await route({ type: 'draft.queue', draftId: draft.id }, gmail, handlers, (e) => console.error(e))) as { ok: boolean; data: { approvalId: string } };
    if (!res.ok) throw new Error('queueing failed');
    ids.push(res.data.approvalId);
  }
  return ids;
}

const render = () => renderWithQueries(root(), <ApprovalQueue />);

/** Where a key press lands: the focused element inside the panel, else the page body. */
function focusedElement(): HTMLElement {
  return (host().shadowRoot?.activeElement as HTMLElement | null) ?? document.body;
}

/** A real (trusted) key press on whatever has focus, as the browser would deliver it. */
async function press(key: string, mods: KeyboardEventInit = {}, { trusted = true } = {}) {
  const target = focusedElement();
  const event = new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true, ...mods });
  if (trusted) Object.defineProperty(event, 'isTrusted', { value: true });
  await act(async () => target.dispatchEvent(event));
  await settle();
}


const item = (id: string) => allInPanel('cs-approval').find((e) => e.dataset.approvalId === id);
const current = () => allInPanel('cs-approval').filter((e) => e.getAttribute('aria-current') === 'true');
const currentId = () => {
  const all = current();
  expect(all).toHaveLength(1);
  return all[0]!.dataset.approvalId;
};
const sentOf = (type: string) => sent.mock.calls.map(([r]) => r).filter((r) => r.type === type);
const shownHash = (id: string) => item(id)?.querySelector<HTMLElement>('[data-testid="cs-approval-hash"]')?.title;

describe('keyboard review of the queue', () => {
  it('clears ten drafts with the keyboard alone: one approve per key, for the hash shown', async () => {
    await queue(10);
    await render();
    expect(inPanel('cs-review-hint')?.textContent).toMatch(/j.*k.*move.*a.*approve.*d.*deny.*e.*edit/);

    // The panel's order (newest first), and the hashes it shows.
    const order = allInPanel('cs-approval').map((e) => e.dataset.approvalId!);
    expect(order).toHaveLength(10);
    const hashes = new Map(order.map((id) => [id, shownHash(id)!]));
    expect([...hashes.values()].every((h) => /^[0-9a-f]{64}$/.test(h))).toBe(true);
    expect(currentId()).toBe(order[0]);
    expect(item(order[0]!)?.tabIndex).toBe(0);
    expect(item(order[1]!)?.tabIndex).toBe(-1);

    const [first, second, skipped, denied, ...rest] = order as [string, string, string, string, ...string[]];
    const scrolled = vi.spyOn(HTMLElement.prototype, 'scrollIntoView');

    await press('a');
    expect(item(first)?.dataset.state).toBe('approved');
    expect(currentId()).toBe(second);
    expect(focusedElement()).toBe(item(second));
    expect(scrolled.mock.contexts.at(-1)).toBe(item(second));

    await press('a');
    expect(item(second)?.dataset.state).toBe('approved');
    expect(currentId()).toBe(skipped);

    await press('j');
    expect(currentId()).toBe(denied);
    expect(focusedElement()).toBe(item(denied));

    await press('d');
    const reason = inPanel('cs-deny-reason');
    expect(item(denied)?.contains(reason)).toBe(true);
    expect(focusedElement()).toBe(reason);
    await type(reason, 'Wrong pricing tier for this account');
    await press('Enter');
    expect(sentOf('approval.deny')).toEqual([{ type: 'approval.deny', approvalId: denied, reason: 'Wrong pricing tier for this account' }]);
    expect((await db.approvals.get(denied))?.state).toBe('denied');
    expect(currentId()).toBe(rest[0]);
    expect(focusedElement()).toBe(item(rest[0]!));

    for (const id of rest) {
      expect(currentId()).toBe(id);
      await press('a');
      expect(item(id)?.dataset.state).toBe('approved');
    }
    // Past the last one, focus goes back to the one that was skipped: still waiting.
    expect(currentId()).toBe(skipped);
    expect(item(skipped)?.dataset.state).toBe('pending');

    const approved = [first, second, ...rest];
    expect(sentOf('approval.approve')).toEqual(approved.map((id) => ({ type: 'approval.approve', approvalId: id, contentHash: hashes.get(id) })));
    for (const id of approved) expect((await db.approvals.get(id))?.state).toBe('approved');
    expect((await db.approvals.get(skipped))?.state).toBe('pending');
    expect(await db.audit.where('action').equals('email.approved').count()).toBe(8);
  });

  it('keys do nothing while typing in the deny reason; Escape cancels and comes back to the item', async () => {
    const [a, b] = await queue(2);
    await render();
    const focused = currentId();
    await press('d');
    const reason = inPanel('cs-deny-reason') as HTMLTextAreaElement;
    expect(focusedElement()).toBe(reason);

    for (const k of ['a', 'j', 'k', 'e', 'd', '?', 'ArrowDown', 'Enter']) await press(k);
    expect(sentOf('approval.approve')).toEqual([]);
    expect(sentOf('approval.deny')).toEqual([]);
    expect(sentOf('approval.edit')).toEqual([]);
    expect(currentId()).toBe(focused);
    expect(inPanel('cs-review-help')).toBeNull();
    expect(inPanel('cs-edit-form')).toBeNull();
    expect(focusedElement()).toBe(reason);

    await press('Escape');
    expect(inPanel('cs-deny-reason')).toBeNull();
    expect(focusedElement()).toBe(item(focused!));
    expect(sent.mock.calls.map(([r]) => r.type).filter((t) => t.startsWith('approval.'))).toEqual([]);
    expect((await db.approvals.bulkGet([a!, b!])).map((r) => r?.state)).toEqual(['pending', 'pending']);
  });

  it('`a` on an item that is not pending does nothing, nor do modified or synthetic key presses', async () => {
    await queue(2);
    await render();
    const [top, below] = allInPanel('cs-approval').map((e) => e.dataset.approvalId!);

    await press('a', { ctrlKey: true });
    await press('a', { metaKey: true });
    await press('a', {}, { trusted: false });
    expect(sentOf('approval.approve')).toEqual([]);

    await press('a');
    expect(sentOf('approval.approve')).toHaveLength(1);
    expect(currentId()).toBe(below);

    // The approved item now sits in the outbox, below the pending one.
    await press('j');
    expect(currentId()).toBe(top);
    expect(item(top!)?.dataset.state).toBe('approved');
    for (const k of ['a', 'd', 'e']) await press(k);
    expect(sentOf('approval.approve')).toHaveLength(1);
    expect(inPanel('cs-deny-reason')).toBeNull();
    expect(inPanel('cs-edit-form')).toBeNull();
    expect(sent.mock.calls.map(([r]) => r.type).filter((t) => t === 'approval.deny' || t === 'approval.edit')).toEqual([]);
  });

  it('`e` opens the editor in the body, Escape cancels without saving', async () => {
    await queue(1);
    await render();
    await press('e');
    expect(inPanel('cs-edit-form')).not.toBeNull();
    expect(focusedElement()).toBe(inPanel('cs-edit-body'));
    await press('a');
    expect(sentOf('approval.approve')).toEqual([]);
    await press('Escape');
    expect(inPanel('cs-edit-form')).toBeNull();
    expect(focusedElement()).toBe(allInPanel('cs-approval')[0]);
    expect(sentOf('approval.edit')).toEqual([]);
  });

  it('`?` shows the shortcuts and Escape hides them; Enter opens the message it replies to', async () => {
    await db.threads.put({
      id: '18c2f1a9b7e4d3c0',
      updatedAt: Date.now(),
      snapshot: { id: '18c2f1a9b7e4d3c0', subject: 'Pricing', historyId: '1', fetchedAt: 0, messages: [decodedMessage({ id: 'm1', threadId: '18c2f1a9b7e4d3c0', text: 'Could you send pricing?' })] },
    });
    await queue(1);
    await render();
    await press('?');
    expect(inPanel('cs-review-help')?.textContent).toContain('Approve & send the focused item');
    await press('Escape');
    expect(inPanel('cs-review-help')).toBeNull();

    const details = inPanel('cs-replying-to') as HTMLDetailsElement;
    expect(details.open).toBe(false);
    await press('Enter');
    expect(details.open).toBe(true);
    await press('Enter');
    expect(details.open).toBe(false);
    expect(sent.mock.calls.map(([r]) => r.type).filter((t) => t.startsWith('approval.'))).toEqual([]);
  });
});

// @vitest-environment happy-dom
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import { click, realBackground, renderWithQueries, settle } from '../../test/panel-harness';
import { shadowPanel } from '../../test/shadow-panel';
import { CommandPalette } from './CommandPalette';

const { root, inPanel, allInPanel } = shadowPanel('countersign-palette');
const bg = realBackground();

describe('CommandPalette with the real background', () => {
  it("runs a command as its agent through the router and the allowlist, and shows what it read as links", async () => {
    await bg.db().leads.put({ contactKey: 'dana@northwind-logistics.com', email: 'dana@northwind-logistics.com', name: 'Dana Whitfield', company: 'Northwind', signals: [], flags: [], threadIds: [], updatedAt: 1 });
    await renderWithQueries(root(), <CommandPalette open onClose={() => {}} />);
    await click(allInPanel('cs-palette-item').find((i) => i.dataset.tool === 'leads.today'));
    await click(inPanel('cs-palette-run'));
    await act(() => settle());
    expect(bg.sent).toHaveBeenCalledWith({ type: 'palette.run', tool: 'leads.today', input: { limit: 8 } });
    expect(allInPanel('cs-chat-source').map((s) => [s.dataset.kind, s.dataset.id])).toEqual([['lead', 'dana@northwind-logistics.com']]);
    expect(inPanel('cs-palette-error')).toBeNull();
  });

  it('a proposal command without what it needs says so, and nothing is queued', async () => {
    await renderWithQueries(root(), <CommandPalette open onClose={() => {}} />);
    await click(allInPanel('cs-palette-item').find((i) => i.dataset.tool === 'draft.propose'));
    await click(inPanel('cs-palette-run'));
    expect(inPanel('cs-palette-error')?.textContent).toMatch(/Say who the draft is for/);
    expect(await bg.db().approvals.count()).toBe(0);
  });
});

// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import type { AuditRow } from '../../lib/db/schema';
import { click, renderWithQueries, settle, type } from '../../test/panel-harness';
import { shadowPanel } from '../../test/shadow-panel';
import { AuditExport } from './AuditExport';
import { AuditLog } from './AuditLog';
import * as download from './download';

const { root, inPanel, allInPanel } = shadowPanel('countersign-audit');

const NOW = Date.parse('2026-01-12T09:00:00Z');
const row = (seq: number, action: string): AuditRow => ({ seq, at: NOW - seq * 1000, action, actor: { type: 'human', id: 'rep' }, subjectId: `s${seq}`, contentHash: null, detail: {}, prevHash: `p${seq}`, hash: `h${seq}` }) as AuditRow;
const LOG = [row(3, 'alert.acknowledged'), row(2, 'email.sent'), row(1, 'email.approved')];

const sent = vi.fn<(req: { type: string; [k: string]: unknown }) => void>();
beforeEach(() => {
  sent.mockReset();
  vi.spyOn(browser.runtime, 'sendMessage').mockImplementation((async (req: { type: string; query?: string; format?: string }) => {
    sent(req);
    const data =
      req.type === 'audit.list'
        ? LOG
        : req.type === 'audit.search'
          ? LOG.filter((r) => r.action.includes(req.query ?? ''))
          : req.type === 'audit.export'
            ? req.format === 'csv'
              ? { filename: 'countersign-audit-2026-01-12.csv', mime: 'text/csv', content: 'seq,action\n1,email.approved\n' }
              : { filename: 'countersign-audit-2026-01-12.json', mime: 'application/json', content: '{"entries":[]}' }
            : null;
    return { ok: true, data };
  }) as never);
});
afterEach(() => vi.restoreAllMocks());

describe('AuditExport', () => {
  it('asks for CSV or JSON by the button pressed', async () => {
    const onExport = vi.fn();
    await act(() => root().render(<AuditExport onExport={onExport} />));
    await click(inPanel('cs-audit-export-csv'));
    await click(inPanel('cs-audit-export-json'));
    expect(onExport.mock.calls).toEqual([['csv'], ['json']]);
    await act(() => root().render(<AuditExport onExport={onExport} busy="csv" />));
    expect(inPanel('cs-audit-export-csv')?.getAttribute('aria-busy')).toBe('true');
    expect((inPanel('cs-audit-export-json') as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('AuditLog', () => {
  it('exports in the format asked and saves the file with the type the background gave', async () => {
    const save = vi.spyOn(download, 'downloadFile').mockImplementation(() => {});
    await renderWithQueries(root(), <AuditLog />);
    expect(allInPanel('cs-audit-entry').map((e) => e.dataset.action)).toEqual(['alert.acknowledged', 'email.sent', 'email.approved']);
    await click(inPanel('cs-audit-export-csv'));
    expect(sent).toHaveBeenCalledWith({ type: 'audit.export', format: 'csv' });
    expect(save.mock.lastCall?.[0]).toEqual({ filename: 'countersign-audit-2026-01-12.csv', mime: 'text/csv', content: 'seq,action\n1,email.approved\n' });
    await click(inPanel('cs-audit-export-json'));
    expect(sent).toHaveBeenCalledWith({ type: 'audit.export', format: 'json' });
    expect(save.mock.lastCall?.[0]).toEqual({ filename: 'countersign-audit-2026-01-12.json', mime: 'application/json', content: '{"entries":[]}' });
  });

  it('searches once the typing pauses, and says how many entries match', async () => {
    await renderWithQueries(root(), <AuditLog />);
    await type(inPanel('cs-audit-search'), 'ema');
    await type(inPanel('cs-audit-search'), 'email');
    await settle();
    expect(sent.mock.calls.filter(([r]) => r.type === 'audit.search')).toHaveLength(0);
    await act(() => new Promise((r) => setTimeout(r, 350)));
    await settle();
    expect(sent.mock.calls.filter(([r]) => r.type === 'audit.search').map(([r]) => r.query)).toEqual(['email']);
    expect(allInPanel('cs-audit-entry').map((e) => e.dataset.action)).toEqual(['email.sent', 'email.approved']);
    expect(inPanel('cs-audit-search-count')?.textContent).toBe('2 entries match “email”.');
    expect(inPanel('cs-audit-search')?.closest('[role="search"]')?.querySelector('label')?.textContent).toBe('Search the log');
  });
});

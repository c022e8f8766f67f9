// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import type { OperatorView, Status } from '../../lib/protocol/responses';
import { click, renderWithQueries } from '../../test/panel-harness';
import { shadowPanel } from '../../test/shadow-panel';
import { describeCheck, describeHold, PopupToggles, QuickToggles } from './QuickToggles';
import { StatusList } from './StatusSummary';

const { root, inPanel } = shadowPanel('countersign-popup');
const render = (node: React.ReactNode) => act(() => root().render(node));

const STATUS: Status = { gmailConnected: true, modelConfigured: false, pending: 2, degradedHooks: [], crm: { kind: 'hubspot', ok: false }, alerts: { open: 3, held: true } };

const view = (over: Partial<OperatorView> = {}): OperatorView =>
  ({
    alerts: [],
    hold: { held: false, alertIds: [] },
    health: [],
    lastCheckAt: null,
    deliverability: { from: 0, to: 0, timeZone: 'UTC', total: {}, mailboxes: [], sequences: [], trend: [] },
    queue: { pending: 0, approved: 0, sending: 0, failed: 0, oldestPendingAt: null },
    timeSaved: { prospects: 0, medianMinutes: null, medianActions: null, items: [] },
    ...over,
  }) as OperatorView;

afterEach(() => vi.restoreAllMocks());

describe('popup status', () => {
  it('shows Gmail, model, the CRM and whether it is reachable, open alerts, and that sending is held', async () => {
    await render(<StatusList status={STATUS} />);
    expect(inPanel('cs-status-gmail')?.textContent).toBe('GmailConnected');
    expect(inPanel('cs-status-model')?.textContent).toBe('ModelNot configured');
    expect(inPanel('cs-status-crm')?.textContent).toBe('CRM: HubSpotUnreachable');
    expect(inPanel('cs-status-alerts')?.textContent).toBe('3');
    expect(inPanel('cs-status-pending')?.textContent).toBe('2');
    expect(inPanel('cs-status-held')?.getAttribute('role')).toBe('alert');
    expect(inPanel('cs-status-held')?.textContent).toContain('Sending held');
  });

  it('says a CRM not checked yet as such, and shows no hold when sending runs', async () => {
    await render(<StatusList status={{ ...STATUS, crm: { kind: 'local', ok: null }, alerts: { open: 0, held: false } }} />);
    expect(inPanel('cs-status-crm')?.textContent).toBe('CRM: Local CRMNot checked yet');
    expect(inPanel('cs-status-held')).toBeNull();
    await render(<StatusList status={{ ...STATUS, crm: { kind: 'salesforce', ok: true } }} />);
    expect(inPanel('cs-status-crm')?.textContent).toBe('CRM: SalesforceReachable');
  });
});

describe('popup toggles', () => {
  it('the hold switch shows its state in words and asks for the opposite', async () => {
    const onHold = vi.fn();
    const onCheck = vi.fn();
    await render(<QuickToggles held={false} onHold={onHold} onCheck={onCheck} />);
    const toggle = inPanel('cs-hold-toggle');
    expect(toggle?.getAttribute('role')).toBe('switch');
    expect(toggle?.getAttribute('aria-checked')).toBe('false');
    expect(inPanel('cs-hold-state')?.textContent).toBe('Off');
    await click(toggle);
    expect(onHold).toHaveBeenLastCalledWith(true);
    await render(<QuickToggles held onHold={onHold} onCheck={onCheck} />);
    expect(inPanel('cs-hold-toggle')?.getAttribute('aria-checked')).toBe('true');
    expect(inPanel('cs-hold-state')?.textContent).toBe('On');
    await click(inPanel('cs-hold-toggle'));
    expect(onHold).toHaveBeenLastCalledWith(false);
    await click(inPanel('cs-sentinel-check'));
    expect(onCheck).toHaveBeenCalledOnce();
  });

  it('says when releasing the hold leaves sending held by alerts', () => {
    expect(describeHold(true, view({ hold: { held: true, alertIds: [] } }))).toMatch(/^Sending is held/);
    expect(describeHold(false, view())).toBe('Sending resumed.');
    expect(describeHold(false, view({ hold: { held: true, alertIds: ['a', 'b'] } }))).toBe('Sending stays held: 2 alerts wait for acknowledgement in the operator view.');
    expect(describeCheck(view())).toBe('Checks done: no open alerts.');
  });

  it('sends hold.set and sentinel.check to the background', async () => {
    const sent = vi.fn();
    vi.spyOn(browser.runtime, 'sendMessage').mockImplementation((async (req: { type: string }) => {
      sent(req);
      if (req.type === 'status.get') return { ok: true, data: { ...STATUS, alerts: { open: 0, held: false } } };
      return { ok: true, data: view({ hold: { held: req.type === 'hold.set', alertIds: [] } }) };
    }) as never);
    await renderWithQueries(root(), <PopupToggles />);
    await click(inPanel('cs-hold-toggle'));
    expect(sent).toHaveBeenCalledWith({ type: 'hold.set', held: true, note: '' });
    expect(inPanel('cs-quick-result')?.textContent).toMatch(/^Sending is held/);
    await click(inPanel('cs-sentinel-check'));
    expect(sent).toHaveBeenCalledWith({ type: 'sentinel.check' });
    expect(inPanel('cs-quick-result')?.textContent).toBe('Checks done: no open alerts.');
  });
});

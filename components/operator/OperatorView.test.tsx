// @vitest-environment happy-dom
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { deliverabilityStats } from '../../lib/agents/sentinel/deliverability';
import type { SequenceEventRow } from '../../lib/db/schema';
import type { AlertView, HealthView, OperatorView, TimeSavedView } from '../../lib/protocol/responses';
import { click, type } from '../../test/panel-harness';
import { shadowPanel } from '../../test/shadow-panel';
import { Alerts, orderAlerts } from './Alerts';
import { Deliverability } from './Deliverability';
import { Health } from './Health';
import { OperatorSections } from './OperatorView';
import { Queue } from './Queue';
import { TimeSaved } from './TimeSaved';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const NOW = Date.parse('2026-01-12T09:00:00Z');
const MIN = 60_000;
const DAY = 86_400_000;

const { host, root, inPanel, allInPanel } = shadowPanel('countersign-operator');
const render = (node: React.ReactNode) => act(() => root().render(node));
const within = (el: Element | null | undefined, testId: string) => el?.querySelector<HTMLElement>(`[data-testid="${testId}"]`) ?? null;
const buttons = () => Array.from(host().shadowRoot?.querySelectorAll('button') ?? []);

const alert = (id: string, over: Partial<AlertView> = {}): AlertView => ({
  id,
  key: `key.${id}`,
  level: 'badge',
  title: `Alert ${id}`,
  detail: `Detail of ${id}`,
  source: 'health.crm',
  state: 'open',
  conditionPresent: true,
  raisedAt: NOW - 30 * MIN,
  lastSeenAt: NOW - 5 * MIN,
  clearedAt: null,
  acknowledgedAt: null,
  acknowledgedBy: null,
  ackNote: null,
  escalations: [{ level: over.level ?? 'badge', at: NOW - 30 * MIN }],
  ...over,
});

const SPIKE = alert('spike', { key: 'bounce.spike:sam@example.com', level: 'hold', title: 'Bounce spike: sending held for sam@example.com', source: 'deliverability', lastSeenAt: NOW - 20 * MIN });
const CRM_DOWN = alert('crm', { level: 'notification', title: 'HubSpot unreachable', lastSeenAt: NOW - MIN });
const SEEN = alert('quota', {
  level: 'badge',
  title: 'Storage nearly full',
  state: 'acknowledged',
  acknowledgedAt: NOW - 10 * MIN,
  acknowledgedBy: { type: 'human', id: 'rep' },
  ackNote: 'Clearing old threads tonight',
});
const GONE = alert('token', { level: 'info', title: 'Gmail token expired', state: 'closed', conditionPresent: false, clearedAt: NOW - 2 * MIN, acknowledgedAt: NOW - 3 * MIN, acknowledgedBy: { type: 'human', id: 'rep' } });

describe('Alerts', () => {
  it('puts the holding alert on top under a "Sending is held" banner, then what needs a person, by level', async () => {
    await render(<Alerts alerts={[GONE, SEEN, CRM_DOWN, SPIKE]} hold={{ held: true, alertIds: ['spike'] }} onAcknowledge={vi.fn()} />);
    const banner = inPanel('cs-hold-banner');
    expect(banner?.getAttribute('role')).toBe('alert');
    expect(banner?.textContent).toContain('Sending is held');
    expect(banner?.textContent).toContain('none is lost');
    expect(within(banner, 'cs-hold-reasons')?.textContent).toBe('Bounce spike: sending held for sam@example.com');
    expect(allInPanel('cs-alert').map((a) => [a.dataset.alertId, a.dataset.level, a.dataset.state])).toEqual([
      ['spike', 'hold', 'open'],
      ['crm', 'notification', 'open'],
      ['quota', 'badge', 'acknowledged'],
      ['token', 'info', 'closed'],
    ]);
    // The level is said in words, not only by colour.
    expect(allInPanel('cs-alert-level').map((l) => l.textContent)).toEqual(['Hold: sending stopped', 'Urgent', 'Warning', 'Info']);
  });

  it('shows each alert with its title, detail, times, whether the condition is still present, and who acknowledged it', async () => {
    await render(<Alerts alerts={[SEEN, GONE]} hold={{ held: false, alertIds: [] }} onAcknowledge={vi.fn()} />);
    expect(inPanel('cs-hold-banner')).toBeNull();
    const [seen, gone] = allInPanel('cs-alert');
    expect(within(seen, 'cs-alert-title')?.textContent).toBe('Storage nearly full');
    expect(within(seen, 'cs-alert-detail')?.textContent).toBe('Detail of quota');
    expect(seen?.textContent).toContain('Raised');
    expect(seen?.textContent).toContain('Last seen');
    expect(within(seen, 'cs-alert-condition')?.textContent).toBe('Condition still present');
    expect(within(seen, 'cs-alert-acknowledged')?.textContent).toContain('by a person (rep)');
    expect(within(seen, 'cs-alert-acknowledged')?.textContent).toContain('“Clearing old threads tonight”');
    expect(within(gone, 'cs-alert-condition')?.textContent).toMatch(/^Condition gone since /);
    expect(within(gone, 'cs-alert-condition')?.dataset.present).toBe('false');
    // Only an open alert can be acknowledged.
    expect(within(seen, 'cs-alert-ack')).toBeNull();
    expect(within(gone, 'cs-alert-ack')).toBeNull();
  });

  it('acknowledges with an optional note through the callback; no alert can be dismissed or deleted', async () => {
    const onAcknowledge = vi.fn();
    await render(<Alerts alerts={[SPIKE, CRM_DOWN]} hold={{ held: true, alertIds: ['spike'] }} onAcknowledge={onAcknowledge} />);
    const spike = allInPanel('cs-alert')[0];
    await click(within(spike, 'cs-alert-ack'));
    expect(onAcknowledge).not.toHaveBeenCalled();
    await type(within(spike, 'cs-alert-ack-note'), '  Removed the bad list import; checked the last 50 sends.  ');
    await click(within(spike, 'cs-alert-ack-confirm'));
    expect(onAcknowledge).toHaveBeenCalledExactlyOnceWith('spike', 'Removed the bad list import; checked the last 50 sends.');

    const crm = allInPanel('cs-alert')[1];
    await click(within(crm, 'cs-alert-ack'));
    await click(within(crm, 'cs-alert-ack-confirm'));
    expect(onAcknowledge).toHaveBeenLastCalledWith('crm', '');

    const labels = buttons().map((b) => b.textContent ?? '');
    expect(labels.length).toBeGreaterThan(0);
    expect(labels.filter((l) => /dismiss|delete|remove|hide|clear/i.test(l))).toEqual([]);
  });

  it('a person can hold all sending with a note, and release a hold', async () => {
    const onHold = vi.fn();
    await render(<Alerts alerts={[]} hold={{ held: false, alertIds: [] }} onAcknowledge={vi.fn()} onHold={onHold} />);
    expect(inPanel('cs-alerts-summary')?.textContent).toContain('No alerts.');
    await click(inPanel('cs-hold-set'));
    await type(inPanel('cs-hold-note'), 'Checking the new template');
    await click(inPanel('cs-hold-confirm'));
    expect(onHold).toHaveBeenCalledWith(true, 'Checking the new template');

    const byHand = alert('hand', { key: 'manual.hold', level: 'hold', title: 'Sending held by a person', source: 'operator' });
    await render(<Alerts alerts={[byHand]} hold={{ held: true, alertIds: ['hand'] }} onAcknowledge={vi.fn()} onHold={onHold} />);
    expect(inPanel('cs-hold-banner')?.textContent).toContain('A person set a hold');
    expect(inPanel('cs-hold-set')).toBeNull();
    await click(inPanel('cs-hold-release'));
    expect(onHold).toHaveBeenLastCalledWith(false, '');
  });

  it('a hold by an alert lifts only by acknowledging it: no release button, but a person may add their own hold', async () => {
    await render(<Alerts alerts={[SPIKE]} hold={{ held: true, alertIds: ['spike'] }} onAcknowledge={vi.fn()} onHold={vi.fn()} />);
    expect(inPanel('cs-hold-banner')?.textContent).toContain('It lifts when a person acknowledges the alert holding it.');
    expect(inPanel('cs-hold-release')).toBeNull();
    expect(inPanel('cs-hold-set')).not.toBeNull();
  });

  it('orders holds first even when another alert is louder or newer', () => {
    expect(orderAlerts([CRM_DOWN, GONE, SPIKE], ['spike']).map((a) => a.id)).toEqual(['spike', 'crm', 'token']);
  });
});

describe('Health', () => {
  const HEALTH: HealthView[] = [
    { key: 'model.endpoint', level: null, title: 'Model endpoint', detail: 'Answered in 420 ms.', source: 'health.model', checkedAt: NOW - MIN },
    { key: 'crm.connection', level: 'notification', title: 'CRM connection', detail: 'HubSpot did not answer within 10 s.', source: 'health.crm', checkedAt: NOW - MIN },
    { key: 'db.quota', level: 'badge', title: 'Storage', detail: '91% of the quota in use.', source: 'health.quota', checkedAt: NOW - MIN },
  ];

  it("shows each check's latest result with its detail and time, problems first, and runs the checks on request", async () => {
    const onRunChecks = vi.fn();
    await render(<Health health={HEALTH} lastCheckAt={NOW - MIN} onRunChecks={onRunChecks} />);
    const rows = allInPanel('cs-health');
    expect(rows.map((r) => [r.dataset.key, r.dataset.level])).toEqual([
      ['crm.connection', 'notification'],
      ['db.quota', 'badge'],
      ['model.endpoint', 'ok'],
    ]);
    expect(rows[0]?.textContent).toContain('HubSpot did not answer within 10 s.');
    expect(rows[0]?.textContent).toContain('Urgent');
    expect(rows[2]?.textContent).toContain('OK');
    expect(rows[2]?.querySelector('time')?.getAttribute('dateTime')).toBe(new Date(NOW - MIN).toISOString());
    expect(inPanel('cs-health-last')?.textContent).toContain('2 of 3 checks found a problem.');
    await click(inPanel('cs-sentinel-check'));
    expect(onRunChecks).toHaveBeenCalledOnce();
  });

  it('says when nothing has been checked yet', async () => {
    await render(<Health health={[]} lastCheckAt={null} onRunChecks={vi.fn()} running />);
    expect(inPanel('cs-health-last')?.textContent).toBe('Not checked yet.');
    expect(inPanel('cs-sentinel-check')?.getAttribute('aria-busy')).toBe('true');
  });
});

let n = 0;
const ev = (kind: SequenceEventRow['kind'], at: number, over: Partial<SequenceEventRow> = {}): SequenceEventRow => {
  n += 1;
  return { id: `e${n}`, kind, sequenceId: 'seq-q1', mailboxKey: 'sam@example.com', email: `p${n}@acme.example`, approvalId: `a${n}`, ref: null, at, ...over };
};
/** 400 sends over ten days to one mailbox, 2 complaints (0.5%), 8 hard bounces, 4 replies, 1 opt-out; 12 sends today. */
function events(): SequenceEventRow[] {
  const out: SequenceEventRow[] = [];
  for (let i = 0; i < 400; i += 1) {
    const at = i < 12 ? NOW - i * MIN : NOW - (1 + (i % 10)) * DAY;
    const send = ev('sent', at);
    out.push(send);
    const outcome = (kind: SequenceEventRow['kind']) => out.push(ev(kind, at + MIN, { approvalId: send.approvalId, email: send.email }));
    if (i % 200 === 100) outcome('complaint');
    if (i % 50 === 25) outcome('hard_bounce');
    if (i % 100 === 60) outcome('reply');
    if (i === 300) outcome('opt_out');
  }
  return out;
}

describe('Deliverability', () => {
  const stats = deliverabilityStats(events(), NOW);

  it("judges complaints against Google's bulk-sender rules: 0.1% aim and 0.3% limit, said in words", async () => {
    await render(<Deliverability stats={stats} sequenceNames={new Map([['seq-q1', 'Q1 logistics']])} />);
    const rules = inPanel('cs-deliverability-rules')?.textContent ?? '';
    expect(rules).toContain('aim under 0.10%');
    expect(rules).toContain('0.30% or more');
    const mailbox = inPanel('cs-deliverability-mailbox');
    expect(mailbox?.dataset.complaintStatus).toBe('hold');
    expect(within(mailbox, 'cs-complaint-status')?.textContent).toBe("At or over Google's 0.30% limit: sending held");
    expect(within(mailbox, 'cs-complaint-rate')?.textContent).toBe("2 (0.50%): Google's limit 0.30%, aim 0.10%");
    expect(within(mailbox, 'cs-daily-cap')?.textContent).toMatch(/^12 of \d+ daily cap/);
    expect(mailbox?.textContent).toContain('8 (2.0%)');
    const seq = inPanel('cs-deliverability-sequence');
    expect(seq?.querySelector('th')?.textContent).toContain('Q1 logistics');
    expect(seq?.textContent).toContain('over limit');
    expect(inPanel('cs-deliverability-total-sends')?.textContent).toContain('400');
  });

  it('draws the 30-day trend: one line per metric against a threshold line, and sends per day as bars', async () => {
    await render(<Deliverability stats={stats} />);
    const rates = inPanel('cs-chart-deliverability');
    expect(Array.from(rates?.querySelectorAll('[data-testid="cs-line"]') ?? []).map((l) => (l as HTMLElement).dataset.key)).toEqual(['hardBounces', 'softBounces', 'optOuts']);
    expect(within(rates, 'cs-threshold')?.textContent).toBe('Bounce hold 5.0%');
    const complaints = inPanel('cs-chart-complaints');
    expect(Array.from(complaints?.querySelectorAll('[data-testid="cs-line"]') ?? []).map((l) => (l as HTMLElement).dataset.key)).toEqual(['complaints']);
    expect(within(complaints, 'cs-threshold')?.dataset.value).toBe('0.003');
    expect(within(complaints, 'cs-threshold')?.textContent).toBe("Google's limit 0.30%");
    // Points only for days with sends (11 of the 30).
    expect((complaints?.querySelector('[data-testid="cs-line"]') as HTMLElement).dataset.points).toBe('11');
    const sends = inPanel('cs-chart-sends');
    const bars = Array.from(sends?.querySelectorAll<HTMLElement>('[data-testid="cs-bar"]') ?? []);
    expect(bars).toHaveLength(14);
    expect(bars[0]?.dataset.value).toBe('12');
    expect(bars.reduce((s, b) => s + Number(b.dataset.value), 0)).toBeGreaterThan(0);
  });

  it('says when nothing was sent', async () => {
    await render(<Deliverability stats={deliverabilityStats([], NOW)} />);
    expect(inPanel('cs-deliverability-mailbox')).toBeNull();
    expect(inPanel('cs-chart-deliverability')?.textContent).toContain('Nothing sent in the period.');
    expect(inPanel('cs-chart-sends')?.querySelectorAll('[data-testid="cs-bar"]')).toHaveLength(14);
  });
});

const TIME_SAVED: TimeSavedView = {
  prospects: 3,
  medianMinutes: 14,
  medianActions: 4,
  items: [
    { contact: 'dana@northwind.example', threadId: 't1', openedAt: NOW - 2 * DAY, sentAt: NOW - 2 * DAY + 14 * MIN, minutes: 14, actions: 4 },
    { contact: 'lee@acme.example', threadId: 't2', openedAt: NOW - DAY, sentAt: NOW - DAY + 125 * MIN, minutes: 125, actions: 6 },
    { contact: 'bo@hub.example', threadId: 't3', openedAt: NOW - 3 * DAY, sentAt: NOW - 3 * DAY + 8 * MIN, minutes: 8, actions: 2 },
  ],
};

describe('Time saved and queue', () => {
  it('shows prospects handled, the median time from opening to send and the median human actions, with a row per prospect', async () => {
    await render(<TimeSaved timeSaved={TIME_SAVED} />);
    expect(inPanel('cs-time-saved-prospects')?.textContent).toBe('3');
    expect(inPanel('cs-time-saved-minutes')?.textContent).toBe('14 min');
    expect(inPanel('cs-time-saved-actions')?.textContent).toBe('4');
    const rows = allInPanel('cs-time-saved-row').map((r) => Array.from(r.children).map((c) => c.textContent));
    expect(rows.map((r) => [r[0], r[2], r[3]])).toEqual([
      ['lee@acme.example', '2 h 5 min', '6'],
      ['dana@northwind.example', '14 min', '4'],
      ['bo@hub.example', '8 min', '2'],
    ]);
  });

  it('shows dashes before any prospect was handled', async () => {
    await render(<TimeSaved timeSaved={{ prospects: 0, medianMinutes: null, medianActions: null, items: [] }} />);
    expect(inPanel('cs-time-saved-minutes')?.textContent).toBe('—');
    expect(inPanel('cs-time-saved-table')).toBeNull();
  });

  it('counts the queue by state and says how long the oldest approval has waited', async () => {
    await render(<Queue queue={{ pending: 2, approved: 1, sending: 0, failed: 1, oldestPendingAt: NOW - 3 * 60 * MIN }} held now={NOW} />);
    expect(allInPanel('cs-queue-pending')[0]?.dataset.count).toBe('2');
    expect(inPanel('cs-queue-failed')?.dataset.count).toBe('1');
    expect(inPanel('cs-queue-oldest')?.textContent).toMatch(/^Oldest approval waiting: 3 h ago/);
    expect(inPanel('cs-queue')?.parentElement?.textContent).toContain('approved emails wait until the hold lifts');
  });
});

describe('OperatorSections', () => {
  it('lays out alerts, health, deliverability, queue, time saved and the audit log, each under a heading', async () => {
    const view: OperatorView = {
      alerts: [CRM_DOWN, SPIKE],
      hold: { held: true, alertIds: ['spike'] },
      health: [],
      lastCheckAt: NOW,
      deliverability: deliverabilityStats(events(), NOW),
      queue: { pending: 0, approved: 2, sending: 0, failed: 0, oldestPendingAt: null },
      timeSaved: TIME_SAVED,
    };
    await render(<OperatorSections view={view} now={NOW} onAcknowledge={vi.fn()} onRunChecks={vi.fn()} audit={<p>the log</p>} />);
    const headings = Array.from(inPanel('cs-operator')?.querySelectorAll('h2') ?? []).map((h) => h.textContent);
    expect(headings).toEqual(['Alerts (2 open)', 'Health', 'Deliverability', 'Queue', 'Time saved', 'Audit log']);
    expect(inPanel('cs-hold-banner')).not.toBeNull();
    expect(inPanel('cs-chart-deliverability')).not.toBeNull();
    expect(inPanel('cs-chart-sends')).not.toBeNull();
    expect(buttons().every((b) => (b.textContent ?? '').trim().length > 0 || b.getAttribute('aria-label'))).toBe(true);
  });
});

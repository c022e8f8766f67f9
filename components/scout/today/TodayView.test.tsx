// @vitest-environment happy-dom
import { act } from 'react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Flag, Signal } from '../../../lib/agents/scout/model';
import type { CountersignDb, LeadRow } from '../../../lib/db/schema';
import { click, realBackground, renderWithQueries, type } from '../../../test/panel-harness';
import { shadowPanel } from '../../../test/shadow-panel';
import { TodayView } from './TodayView';

const NOW = Date.UTC(2026, 0, 2);
const DAY = 86_400_000;

const ev = { source: 'message' as const, ref: 'm1', quote: 'We would like pricing for 40 seats' };
const sig = (group: Signal['group'], key: string, value: Signal['value']): Signal => ({ group, key, value, evidence: ev, extractedBy: 'rule' });
const row = (contactKey: string, name: string, signals: Signal[], flags: Flag[] = []): LeadRow => ({ contactKey, email: contactKey, name, company: 'Northwind', signals, flags, threadIds: [], updatedAt: NOW - DAY });

/** Keen on every count: well up the scale, no flag. */
const HOT = row('hot@northwind.example', 'Hana Hot', [
  sig('engagement', 'last_inbound', new Date(NOW - DAY).toISOString()),
  sig('engagement', 'meeting', true),
  ...['pricing', 'timeline', 'budget', 'trial', 'evaluation', 'comparison'].map((k) => sig('intent', k, true)),
]);
/** Lukewarm, and signed with a rival: a number cannot weigh that. */
const SIGNED = row('signed@rival.example', 'Sid Signed', [sig('intent', 'pricing', true)], [
  { kind: 'competitor_signed', detail: 'Signed with Acme on 3 Nov', until: null, evidence: { source: 'crm', ref: 'deal:42.lost_reason', quote: 'Went with Acme' } },
]);

const bg = realBackground({ now: () => NOW });
const { root, inPanel, allInPanel } = shadowPanel('countersign-today');
let db: CountersignDb;
const sentTypes = () => bg.sent.mock.calls.map(([r]) => r.type);

beforeEach(async () => {
  db = bg.db();
  await db.leads.bulkPut([HOT, SIGNED]);
});

const render = () => renderWithQueries(root(), <TodayView />);

const entry = (contactKey: string) => allInPanel('cs-today-entry').find((e) => e.dataset.contact === contactKey);
const within = (el: Element | undefined, testId: string) => el?.querySelector<HTMLElement>(`[data-testid="${testId}"]`) ?? null;

describe('TodayView', () => {
  it('lists a flagged low-score lead, for judgement, before an unflagged high-score one, its flag above its score', async () => {
    await render();
    const entries = allInPanel('cs-today-entry');
    expect(entries.map((e) => e.dataset.contact)).toEqual([SIGNED.contactKey, HOT.contactKey]);
    const [signedScore, hotScore] = entries.map((e) => Number(within(e, 'cs-today-score')?.textContent));
    expect(signedScore).toBeLessThan(hotScore!);
    expect(inPanel('cs-today-judgement')?.contains(entry(SIGNED.contactKey)!)).toBe(true);
    expect(inPanel('cs-today-ranked')?.contains(entry(HOT.contactKey)!)).toBe(true);

    const flag = within(entry(SIGNED.contactKey), 'cs-today-flag');
    expect(flag?.textContent).toBe('Signed with a competitor Signed with Acme on 3 Nov');
    expect(flag!.compareDocumentPosition(within(entry(SIGNED.contactKey), 'cs-today-score')!) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(within(entry(SIGNED.contactKey), 'cs-today-not-actionable')).toBeNull();
    expect(within(entry(HOT.contactKey), 'cs-today-why')?.textContent).toMatch(/\(\+\d+\)/);

    await click(within(entry(HOT.contactKey), 'cs-today-expand'));
    const factors = allInPanel('cs-today-factor').map((f) => f.textContent);
    expect(factors.length).toBeGreaterThan(0);
    expect(factors[0]).toContain('We would like pricing for 40 seats');
    expect(factors[0]).toContain('message m1');
  });

  it('marks a do-not-contact lead not actionable', async () => {
    await db.leads.put(row('dnc@x.example', 'Dee', [], [{ kind: 'do_not_contact', detail: 'Asked to be removed on 2 Dec', until: null, evidence: ev }]));
    await render();
    expect(within(entry('dnc@x.example'), 'cs-today-not-actionable')).not.toBeNull();
    expect(allInPanel('cs-today-entry')[0]?.dataset.contact).toBe('dnc@x.example');
  });

  it('refuses an override without a reason: nothing is sent, nothing is saved', async () => {
    await render();
    await click(within(entry(HOT.contactKey), 'cs-today-override'));
    await type(inPanel('cs-override-score'), '40');
    await click(inPanel('cs-override-submit'));
    expect(inPanel('cs-override-form')?.textContent).toContain('A reason is required');
    expect(sentTypes()).not.toContain('scout.override');
    expect(await db.overrides.count()).toBe(0);
  });

  it("shows the background's refusal verbatim (an expiry in the past)", async () => {
    await render();
    await click(within(entry(HOT.contactKey), 'cs-today-override'));
    await type(inPanel('cs-override-score'), '40');
    await type(inPanel('cs-override-reason'), 'Budget frozen until spring');
    await type(inPanel('cs-override-expiry'), '2025-06-01');
    await click(inPanel('cs-override-submit'));
    expect(inPanel('cs-override-error')?.textContent).toBe('Override not saved: the expiry date is in the past.');
    expect(await db.overrides.count()).toBe(0);
  });

  it('saves a score override, shows it with its reason, and revokes it only with a reason', async () => {
    await render();
    await click(within(entry(HOT.contactKey), 'cs-today-override'));
    await type(inPanel('cs-override-score'), '12');
    await type(inPanel('cs-override-reason'), 'Budget frozen until spring');
    await click(inPanel('cs-override-submit'));
    expect(inPanel('cs-override-form')).toBeNull();
    expect(within(entry(HOT.contactKey), 'cs-today-score')?.textContent).toBe('12');
    const active = within(entry(HOT.contactKey), 'cs-override-active');
    expect(active?.textContent).toContain('Because: Budget frozen until spring');
    expect(active?.textContent).toContain('Until revoked');

    await click(within(active!, 'cs-override-revoke'));
    await click(within(active!, 'cs-override-revoke-confirm'));
    expect(active?.textContent).toContain('A reason is required to revoke');
    expect(sentTypes()).not.toContain('scout.override.revoke');

    await type(within(active!, 'cs-override-revoke-reason'), 'Budget approved after all');
    await click(within(active!, 'cs-override-revoke-confirm'));
    expect(within(entry(HOT.contactKey), 'cs-override-active')).toBeNull();
    expect(Number(within(entry(HOT.contactKey), 'cs-today-score')?.textContent)).toBeGreaterThan(12);
    expect((await db.overrides.toArray())[0]?.revokedAt).toBe(NOW);
  });

  it('dismissing a flag moves the lead to the ranked lane', async () => {
    await render();
    await click(within(entry(SIGNED.contactKey), 'cs-today-override'));
    await click(inPanel('cs-override-mode-dismiss'));
    const select = inPanel('cs-override-kind') as HTMLSelectElement;
    await act(async () => {
      select.value = 'competitor_signed';
      const event = new Event('change', { bubbles: true, composed: true });
      Object.defineProperty(event, 'isTrusted', { value: true });
      select.dispatchEvent(event);
    });
    await type(inPanel('cs-override-reason'), 'The Acme deal fell through');
    await click(inPanel('cs-override-submit'));
    expect(inPanel('cs-today-ranked')?.contains(entry(SIGNED.contactKey)!)).toBe(true);
  });
});

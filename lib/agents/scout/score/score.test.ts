import { describe, expect, it } from 'vitest';
import type { OverrideRow } from '../../../db/schema';
import type { Evidence, Flag, Signal } from '../model';
import { Icp } from './icp';
import { scoreLead } from './score';

const NOW = Date.parse('2024-03-06T12:00:00Z');
const DAY = 86_400_000;
const msg = (ref: string, quote: string) => ({ source: 'message' as const, ref, quote });
const sig = (group: Signal['group'], key: string, value: Signal['value'], evidence: Evidence = msg('m1', String(value))): Signal => ({ group, key, value, evidence, extractedBy: 'rule' });

const icp = Icp.parse({
  industries: [{ name: 'Logistics' }, { name: 'Government', weight: -1 }],
  companySizes: [{ min: 100, max: 1000 }, { min: 1001, max: null, weight: 0.5 }],
  seniorities: [{ level: 'vp' }, { level: 'director', weight: 0.5 }],
  titles: [{ keyword: 'operations' }],
  regions: [{ name: 'DACH' }],
  technologies: [{ name: 'Salesforce' }, { name: 'SAP' }, { name: 'Snowflake' }],
});

const hotLead: Signal[] = [
  sig('fit', 'industry', 'Logistics & Supply Chain', { source: 'crm', ref: 'company:7.industry', quote: 'Logistics & Supply Chain' }),
  sig('fit', 'company_size', 240, { source: 'crm', ref: 'company:7.employees', quote: '240' }),
  sig('fit', 'title', 'VP Operations', { source: 'crm', ref: 'contact:42.title', quote: 'VP Operations' }),
  sig('fit', 'seniority', 'vp', { source: 'crm', ref: 'contact:42.title', quote: 'VP Operations' }),
  sig('fit', 'region', 'Germany', { source: 'crm', ref: 'contact:42.properties.country', quote: 'Germany' }),
  sig('fit', 'technology', 'Salesforce', { source: 'crm', ref: 'company:7.properties.web_technologies', quote: 'Salesforce' }),
  sig('engagement', 'last_inbound', new Date(NOW - 2 * DAY).toISOString(), msg('m4', 'Great')),
  sig('engagement', 'thread_depth', 3, msg('m4', 'Great')),
  sig('engagement', 'reply_latency', 3, msg('m4', 'Great')),
  sig('engagement', 'meeting', true, msg('m4', 'booked')),
  sig('intent', 'pricing', true, msg('m2', 'pricing')),
  sig('intent', 'timeline', true, msg('m2', 'go live')),
  sig('intent', 'budget', true, msg('m2', 'budget approved')),
];

const override = (over: Partial<OverrideRow> & Pick<OverrideRow, 'target'>): OverrideRow => ({ id: `o-${Math.random()}`, contactKey: 'dana@northwind-logistics.com', reason: 'Talked on the phone', by: { type: 'human', id: 'rep' }, at: NOW - DAY, expiresAt: null, revokedAt: null, ...over });

describe('scoreLead', () => {
  it('gives each factor its documented points, and the score is their sum clamped to 0–100', () => {
    const r = scoreLead({ signals: hotLead, flags: [] }, icp, NOW, []);
    const points = Object.fromEntries(r.factors.map((f) => [f.key, f.points]));
    expect(points).toEqual({ industry: 10, company_size: 8, seniority: 8, title: 6, region: 4, technology: 4, last_inbound: 8, thread_depth: 6, reply_latency: 6, meeting: 10, pricing: 8, timeline: 8, budget: 8 });
    expect(r.total).toBe(94);
    expect(r.factors.reduce((n, f) => n + f.points, 0)).toBe(r.total);
    expect(r.score).toBe(94);
    expect(r.factors.map((f) => f.group)).toEqual([...Array(6).fill('fit'), ...Array(4).fill('engagement'), ...Array(3).fill('intent')]);
  });

  it('clamps above 100 and below 0, reporting the unclamped total beside it', () => {
    const more = [...hotLead, sig('intent', 'trial', true), sig('intent', 'demo_request', true), sig('intent', 'evaluation', true)];
    expect(scoreLead({ signals: more, flags: [] }, icp, NOW, [])).toMatchObject({ score: 100, computed: 100, total: 111 });
    const cold = [sig('negative', 'unsubscribe', true), sig('negative', 'not_interested', true)];
    expect(scoreLead({ signals: cold, flags: [] }, icp, NOW, [])).toMatchObject({ score: 0, total: -70 });
  });

  it('without any ICP, rule signals alone still score', () => {
    expect(scoreLead({ signals: hotLead, flags: [] }, Icp.parse({}), NOW, []).score).toBe(54);
  });

  it('recency is counted at scoring time, so a stored lead cools down on its own', () => {
    const at = (days: number) => scoreLead({ signals: [sig('engagement', 'last_inbound', new Date(NOW - days * DAY).toISOString())], flags: [] }, icp, NOW, []).score;
    expect([0, 3, 5, 10, 20, 60, 200].map(at)).toEqual([8, 8, 6, 4, 2, 1, 0]);
  });

  it('an anti-fit ICP entry counts against, and wins over a fit in the same section', () => {
    const r = scoreLead({ signals: [sig('fit', 'industry', 'Government logistics')], flags: [] }, icp, NOW, []);
    expect(r.factors).toMatchObject([{ key: 'industry', points: -10, label: 'Industry: Government logistics (ICP: Government)' }]);
  });

  it('each key counts once, the first signal with it (rules before a model)', () => {
    const twice = [sig('intent', 'pricing', true, msg('m2', 'pricing')), { ...sig('intent', 'pricing', true, msg('m5', 'price list')), extractedBy: 'model' as const }];
    expect(scoreLead({ signals: twice, flags: [] }, icp, NOW, []).factors).toMatchObject([{ key: 'pricing', points: 8, evidence: { ref: 'm2' } }]);
  });

  it('technologies add up to at most the section weight', () => {
    const techs = ['Salesforce', 'SAP', 'Snowflake'].map((t) => sig('fit', 'technology', t));
    const tenPoints = Icp.parse({ ...icp, weights: { technologies: 10 }, technologies: ['Salesforce', 'SAP', 'Snowflake'].map((name) => ({ name, weight: 0.4 })) });
    const r = scoreLead({ signals: techs, flags: [] }, tenPoints, NOW, []);
    expect(r.factors.map((f) => [f.label, f.points])).toEqual([['Uses: Salesforce', 4], ['Uses: SAP', 4], ['Uses: Snowflake', 2]]);
  });

  it('"not now until June" weighs until June and not after', () => {
    const lead = { signals: [sig('negative', 'not_now', '2024-06-01', { source: 'triage', ref: 't1', quote: 'later' })], flags: [] };
    expect(scoreLead(lead, icp, NOW, []).total).toBe(-10);
    expect(scoreLead(lead, icp, Date.parse('2024-06-02'), []).total).toBe(0);
  });

  it('is deterministic: the same inputs give the same result', () => {
    const a = scoreLead({ signals: hotLead, flags: [] }, icp, NOW, []);
    const b = scoreLead({ signals: [...hotLead], flags: [] }, Icp.parse(structuredClone(icp)), NOW, []);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });
});

describe('overrides', () => {
  const competitor: Flag = { kind: 'competitor_signed', detail: 'Said "we went with Acme Corp"', until: null, evidence: msg('m9', 'we went with Acme Corp') };

  it('a score override sets the score until it expires; the computed score and factors stay visible', () => {
    const o = override({ target: { type: 'score', value: 15 }, expiresAt: NOW + DAY });
    const during = scoreLead({ signals: hotLead, flags: [] }, icp, NOW, [o]);
    expect(during).toMatchObject({ score: 15, computed: 94, overridden: { id: o.id, value: 15, reason: 'Talked on the phone', expiresAt: NOW + DAY } });
    expect(during.factors).toHaveLength(13);
    const after = scoreLead({ signals: hotLead, flags: [] }, icp, NOW + DAY, [o]);
    expect(after).toMatchObject({ score: 94, overridden: null });
  });

  it('a revoked override stops applying from its revocation on', () => {
    const o = override({ target: { type: 'score', value: 15 }, revokedAt: NOW - 1 });
    expect(scoreLead({ signals: hotLead, flags: [] }, icp, NOW, [o]).score).toBe(94);
    expect(scoreLead({ signals: hotLead, flags: [] }, icp, NOW - 2, [o]).score).toBe(15);
  });

  it('an override made after `now` does not apply yet', () => {
    const o = override({ target: { type: 'score', value: 15 }, at: NOW + 1 });
    expect(scoreLead({ signals: hotLead, flags: [] }, icp, NOW, [o]).overridden).toBeNull();
  });

  it('the latest score override wins', () => {
    const first = override({ id: 'a', target: { type: 'score', value: 10 }, at: NOW - 3 * DAY });
    const second = override({ id: 'b', target: { type: 'score', value: 70 }, at: NOW - 2 * DAY });
    expect(scoreLead({ signals: [], flags: [] }, icp, NOW, [second, first]).score).toBe(70);
  });

  it('dismiss removes a flag; add adds one with the override as its evidence; both end with the override', () => {
    const dismiss = override({ id: 'o1', target: { type: 'flag', kind: 'competitor_signed', action: 'dismiss' }, reason: 'They only trialled Acme', expiresAt: NOW + DAY });
    const add = override({ id: 'o2', target: { type: 'flag', kind: 'legal_hold', action: 'add', detail: 'Contract with their legal until April' }, reason: 'Phone call', expiresAt: NOW + 2 * DAY });
    const r = scoreLead({ signals: [], flags: [competitor] }, icp, NOW, [dismiss, add]);
    expect(r.flags).toEqual([{ kind: 'legal_hold', detail: 'Contract with their legal until April', until: new Date(NOW + 2 * DAY).toISOString(), evidence: { source: 'override', ref: 'o2', quote: 'Phone call' } }]);
    expect(scoreLead({ signals: [], flags: [competitor] }, icp, NOW + DAY, [dismiss, add]).flags.map((f) => f.kind)).toEqual(['competitor_signed', 'legal_hold']);
    expect(scoreLead({ signals: [], flags: [competitor] }, icp, NOW + 2 * DAY, [dismiss, add]).flags.map((f) => f.kind)).toEqual(['competitor_signed']);
  });

  it('flags never change the number: they change the lane', () => {
    expect(scoreLead({ signals: hotLead, flags: [competitor] }, icp, NOW, []).score).toBe(94);
  });
});

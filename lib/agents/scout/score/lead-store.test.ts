import { describe, expect, it } from 'vitest';
import { decodedMessage, freshDb, leadContext } from '../../../../test/fixtures';
import { humanActor } from '../../../audit/log';
import type { CountersignDb } from '../../../db/schema';
import type { DecodedMessage } from '../../../mail/thread';
import type { LeadCrm } from './context';
import { Icp } from './icp';
import { listScoredLeads, loadLeadContext, todayList, upsertLead } from './lead-store';
import { addOverride } from './overrides';

const DANA = { name: 'Dana Whitfield', email: 'Dana@Northwind-Logistics.com' };
const NOW = Date.parse('2024-03-06T12:00:00Z');
const icp = Icp.parse({ seniorities: [{ level: 'vp' }] });
const fromDana = (id: string, body: string, threadId = 'thread-1', date = '2024-03-05T10:00:00Z') => decodedMessage({ id, threadId, date, body, from: DANA });
const crm = (title: string, properties: Record<string, string> = {}): LeadCrm => ({
  contact: { id: '42', email: DANA.email, firstName: 'Dana', lastName: 'Whitfield', title, phone: null, companyId: '7', ownerId: null, updatedAt: null, properties },
  company: { id: '7', name: 'Northwind Logistics', domain: 'northwind-logistics.com', industry: null, employees: null, ownerId: null, updatedAt: null, properties: {} },
  deals: [],
  pipelines: [],
  repOwnerId: null,
});

async function cache(db: CountersignDb, ...messages: DecodedMessage[]) {
  await db.messages.bulkPut(messages.map((m) => ({ id: m.id, threadId: m.threadId, message: m, fetchedAt: 0 })));
}

describe('lead store', () => {
  it('stores a lead’s signals and flags under its lower-case address, and a second identical upsert changes nothing', async () => {
    const db = freshDb();
    const ctx = leadContext({ lead: DANA, messages: [fromDana('d1', 'Could you send pricing? We are in legal review.')], crm: crm('VP Sales'), now: NOW });
    const first = await upsertLead(db, ctx, icp);
    expect(first.changed).toBe(true);
    expect(first.lead).toMatchObject({ contactKey: 'dana@northwind-logistics.com', company: 'Northwind Logistics', threadIds: ['thread-1'], updatedAt: NOW });
    expect(first.lead.flags.map((f) => f.kind)).toEqual(['legal_hold']);
    const again = await upsertLead(db, { ...ctx, now: NOW + 60_000 }, icp);
    expect(again).toEqual({ lead: first.lead, changed: false });
    expect(await db.leads.get('dana@northwind-logistics.com')).toEqual(first.lead);
    expect(await db.leads.count()).toBe(1);
  });

  it('keeps what the CRM said when the CRM was not looked up this time, and replaces it when it was', async () => {
    const db = freshDb();
    const messages = [fromDana('d1', 'Pricing please.')];
    await upsertLead(db, leadContext({ lead: DANA, messages, crm: crm('VP Sales', { hs_email_optout: 'true' }), now: NOW }), icp);
    const without = await upsertLead(db, leadContext({ lead: DANA, messages: [...messages, fromDana('d2', 'And a timeline.', 'thread-2', '2024-03-06T09:00:00Z')], now: NOW + 1 }), icp);
    expect(without.lead.signals.find((s) => s.key === 'seniority')?.value).toBe('vp');
    expect(without.lead.signals.some((s) => s.key === 'timeline')).toBe(true);
    expect(without.lead.flags.map((f) => f.kind)).toEqual(['do_not_contact']);
    expect(without.lead.threadIds).toEqual(['thread-1', 'thread-2']);
    const looked = await upsertLead(db, leadContext({ lead: DANA, messages, crm: crm('Analyst'), now: NOW + 2 }), icp);
    expect(looked.lead.signals.find((s) => s.key === 'seniority')?.value).toBe('ic');
    expect(looked.lead.flags).toEqual([]);
  });

  it('loads a lead’s context from the message cache, triage and suppression list', async () => {
    const db = freshDb();
    const d1 = fromDana('d1', 'Pricing please.');
    const other = decodedMessage({ id: 'x1', threadId: 'thread-9', body: 'Unrelated', from: { name: 'Kim', email: 'kim@example.org' } });
    await cache(db, d1, other);
    await db.triage.put({ messageId: 'd1', threadId: 'thread-1', from: 'dana@northwind-logistics.com', result: { class: 'interested', method: 'rule', reason: 'pricing' }, at: 1 });
    await db.suppressions.put({ email: 'dana@northwind-logistics.com', reason: 'manual', evidence: null, by: humanActor(), at: 5 });
    const ctx = await loadLeadContext(db, { email: DANA.email, repEmail: 'sam.rep@example.com', threadIds: ['thread-1'], now: NOW });
    expect(ctx.messages.map((m) => m.id)).toEqual(['d1']);
    expect(ctx.triage.map((t) => t.messageId)).toEqual(['d1']);
    expect(ctx.suppression?.reason).toBe('manual');
    expect(ctx.crm).toBeUndefined();
    // The next load finds the lead's threads from its row.
    await upsertLead(db, ctx, icp);
    expect((await loadLeadContext(db, { email: DANA.email, repEmail: 'sam.rep@example.com', now: NOW })).messages.map((m) => m.id)).toEqual(['d1']);
  });

  it('lists every lead scored with its active overrides, and the today list puts flagged leads first', async () => {
    const db = freshDb();
    await upsertLead(db, leadContext({ lead: DANA, messages: [fromDana('d1', 'Pricing and timeline, please. We can start a pilot.')], now: NOW }), icp);
    const lee = { name: 'Lee', email: 'lee@globex.com' };
    await upsertLead(db, leadContext({ lead: lee, messages: [decodedMessage({ id: 'l1', from: lee, date: '2024-03-05T10:00:00Z', body: 'Send pricing. It is with procurement.' })], now: NOW }), icp);
    await addOverride(db, { contactKey: lee.email, target: { type: 'score', value: 90 }, reason: 'Champion confirmed by phone' }, humanActor(), NOW - 1);
    const scored = await listScoredLeads(db, icp, NOW);
    expect(Object.fromEntries(scored.map((s) => [s.lead.contactKey, s.result.score]))).toEqual({ 'dana@northwind-logistics.com': 32, 'lee@globex.com': 90 });
    const today = await todayList(db, icp, NOW);
    expect(today.needsJudgement.map((e) => e.contactKey)).toEqual(['lee@globex.com']);
    expect(today.ranked.map((e) => e.contactKey)).toEqual(['dana@northwind-logistics.com']);
  });
});

describe('model signals in the lead store', () => {
  const modelSignal = (key: string, quote: string, messageId = 'd1') => ({ group: 'intent' as const, key, value: quote, evidence: { source: 'message' as const, ref: messageId, quote }, extractedBy: 'model' as const });

  it('keeps checked model signals across rule-only upserts while the words stand, and never lets one replace a rule signal', async () => {
    const db = freshDb();
    const ctx = leadContext({ lead: DANA, messages: [fromDana('d1', 'Could you send pricing? We hope to decide before the board meets in May.')], now: NOW });
    const ruleKeys = (await upsertLead(db, ctx, icp)).lead.signals.map((x) => x.key);
    expect(ruleKeys).toContain('pricing');
    const withModel = await upsertLead(db, ctx, icp, [modelSignal('timeline', 'before the board meets in May'), modelSignal('pricing', 'send pricing'), modelSignal('budget', 'budget is approved')]);
    const model = withModel.lead.signals.filter((x) => x.extractedBy === 'model');
    // The timeline quote is Dana's; "budget is approved" is not her words; pricing was the rules' already.
    expect(model.map((x) => x.key)).toEqual(['timeline']);
    const later = await upsertLead(db, { ...ctx, now: NOW + 60_000 }, icp);
    expect(later.lead.signals.filter((x) => x.extractedBy === 'model').map((x) => x.key)).toEqual(['timeline']);
  });
});

import { describe, expect, it } from 'vitest';
import { decodedMessage, leadContext } from '../../../../test/fixtures';
import type { CrmContact, CrmDeal } from '../../../crm/model';
import { DEFAULT_PIPELINE } from '../../../crm/local/db';
import type { TriageRow } from '../../../db/schema';
import type { TriageResult } from '../model';
import type { LeadCrm } from './context';
import { evidenceHolds } from './evidence';
import { extractFlags } from './flags';
import { Icp } from './icp';
import { scoreLead } from './score';

const DANA = { name: 'Dana Whitfield', email: 'dana@northwind-logistics.com' };
const icp = Icp.parse({ competitors: [{ name: 'Acme Corp', domains: ['acme.com'] }] });
const said = (body: string, id = 'd1', date = '2024-03-05T10:00:00Z') => decodedMessage({ id, date, body, from: DANA });
const triage = (messageId: string, result: TriageResult, from = DANA.email): TriageRow => ({ messageId, threadId: 'thread-1', from, result, at: 1 });
const contact = (properties: Record<string, string | null> = {}): CrmContact => ({ id: '42', email: DANA.email, firstName: null, lastName: null, title: null, phone: null, companyId: null, ownerId: null, updatedAt: null, properties });
const deal = (over: Partial<CrmDeal>): CrmDeal => ({ id: 'd7', name: 'Northwind 40 seats', amount: null, currency: null, pipelineId: 'default', stageId: 'demo', closeDate: null, ownerId: 'u1', companyId: null, contactIds: ['42'], updatedAt: null, properties: {}, ...over });
const crm = (over: Partial<LeadCrm>): LeadCrm => ({ contact: contact(), company: null, deals: [], pipelines: [DEFAULT_PIPELINE], repOwnerId: 'u1', ...over });

const kinds = (ctx: ReturnType<typeof leadContext>) => extractFlags(ctx, icp).map((f) => f.kind);

describe('flags: context that outranks a number', () => {
  it.each([
    ['We signed with Acme Corp last week.', 'We signed with Acme Corp'],
    ["Thanks, but we've decided to go with acme.com instead.", "we've decided to go with acme.com"],
    ['Wir haben uns für Acme Corp entschieden.', 'für Acme Corp entschieden'],
    ['Finally we went with the Acme Corp platform.', 'we went with the Acme Corp'],
  ])('competitor_signed from the lead’s words naming an ICP competitor: %s', (body, quote) => {
    const ctx = leadContext({ messages: [said(body)] });
    const [flag] = extractFlags(ctx, icp);
    expect(flag).toMatchObject({ kind: 'competitor_signed', evidence: { source: 'message', ref: 'd1', quote } });
    expect(evidenceHolds(flag!.evidence, ctx)).toBe(true);
  });

  it.each([
    'We signed with Globex last week.', // not an ICP competitor
    'If we went with Acme Corp, would you match the price?',
    "We haven't signed with Acme Corp yet.",
  ])('no competitor_signed for a rival the ICP does not name, a hypothetical or a negation: %s', (body) => {
    expect(kinds(leadContext({ messages: [said(body)] }))).toEqual([]);
  });

  it('competitor_signed from the CRM: a lost deal’s competitor field', () => {
    const ctx = leadContext({ crm: crm({ deals: [deal({ stageId: 'lost', properties: { competitor: 'Acme Corp' } })] }) });
    const [flag] = extractFlags(ctx, icp);
    expect(flag).toMatchObject({ kind: 'competitor_signed', evidence: { source: 'crm', ref: 'deal:d7.properties.competitor', quote: 'Acme Corp' } });
    expect(evidenceHolds(flag!.evidence, ctx)).toBe(true);
  });

  it.each([
    [{ lifecyclestage: 'customer' }, [], 'existing_customer'],
    [{}, [deal({ stageId: 'won', closeDate: '2023-05-01' })], 'existing_customer'],
    [{}, [deal({ stageId: 'x', pipelineId: null, properties: { hs_is_closed_won: 'true' } })], 'existing_customer'],
    [{ lifecyclestage: 'Churned' }, [], 'churned_customer'],
    [{}, [deal({ stageId: 'won', closeDate: '2022-01-01' }), deal({ id: 'd8', stageId: 'lost', closeDate: '2023-12-31', properties: { closed_lost_reason: 'Churned: did not renew' } })], 'churned_customer'],
  ] as const)('customer status from the CRM (%j, deals %#)', (properties, deals, kind) => {
    const ctx = leadContext({ crm: crm({ contact: contact(properties), deals: [...deals] }) });
    const flags = extractFlags(ctx, icp);
    expect(flags.map((f) => f.kind)).toEqual([kind]);
    expect(evidenceHolds(flags[0]!.evidence, ctx)).toBe(true);
  });

  it.each([
    ['suppression opt-out', leadContext({ suppression: { email: DANA.email, reason: 'opt_out', evidence: null, by: { type: 'system', id: 'triage' }, at: 0 } })],
    ['suppression complaint', leadContext({ suppression: { email: DANA.email, reason: 'complaint', evidence: null, by: { type: 'system', id: 'triage' }, at: 0 } })],
    ['HubSpot opt-out', leadContext({ crm: crm({ contact: contact({ hs_email_optout: 'true' }) }) })],
    ['Salesforce opt-out', leadContext({ crm: crm({ contact: contact({ HasOptedOutOfEmail: 'true' }) }) })],
    ['the lead’s words', leadContext({ messages: [said('Please remove me from your list.')] })],
    ['triage: unsubscribe', leadContext({ messages: [said('stop')], triage: [triage('d1', { class: 'unsubscribe', method: 'rule', reason: 'List-Unsubscribe reply' })] })],
  ])('do_not_contact from %s', (_, ctx) => {
    const flags = extractFlags(ctx, icp);
    expect(flags.map((f) => f.kind)).toEqual(['do_not_contact']);
    expect(evidenceHolds(flags[0]!.evidence, ctx)).toBe(true);
  });

  it('bounced from a hard bounce for the lead’s address, not for someone else’s, nor a soft one', () => {
    const bounce = (recipient: string, type: 'hard' | 'soft') => triage('b1', { class: 'bounce', method: 'rule', reason: 'DSN 5.1.1', bounce: { type, status: '5.1.1', recipient, reason: 'user_unknown' } }, 'mailer-daemon@googlemail.com');
    expect(kinds(leadContext({ triage: [bounce(DANA.email, 'hard')] }))).toEqual(['bounced']);
    expect(kinds(leadContext({ triage: [bounce('other@northwind-logistics.com', 'hard')] }))).toEqual([]);
    expect(kinds(leadContext({ triage: [bounce(DANA.email, 'soft')] }))).toEqual([]);
    expect(kinds(leadContext({ suppression: { email: DANA.email, reason: 'hard_bounce', evidence: null, by: { type: 'system', id: 'triage' }, at: 0 } }))).toEqual(['bounced']);
  });

  it('left_company from "no longer with" (even in an auto-reply) or a wrong-person triage', () => {
    const auto = said('Dana is no longer with Northwind Logistics. Please contact info@northwind-logistics.com.');
    const ctx = leadContext({ messages: [auto], triage: [triage('d1', { class: 'auto_reply', method: 'rule', reason: 'auto', autoReply: { returnDate: null } })] });
    expect(extractFlags(ctx, icp).find((f) => f.kind === 'left_company')?.evidence).toEqual({ source: 'message', ref: 'd1', quote: 'no longer with' });
    const wrong = leadContext({ messages: [said('Not me, ask Lee.')], triage: [triage('d1', { class: 'wrong_person', method: 'rule', reason: 'ask Lee', referral: { name: 'Lee Park', email: 'lee@northwind-logistics.com' } })] });
    expect(extractFlags(wrong, icp)).toMatchObject([{ kind: 'left_company', detail: expect.stringContaining('Lee Park <lee@northwind-logistics.com>') }]);
  });

  it('out_of_office runs until the return date, and expires automatically after it', () => {
    const ctx = leadContext({ messages: [said('I am away.')], triage: [triage('d1', { class: 'auto_reply', method: 'rule', reason: 'Auto-Submitted', autoReply: { returnDate: '2024-03-12' } })] });
    const flags = extractFlags(ctx, icp);
    expect(flags).toMatchObject([{ kind: 'out_of_office', until: '2024-03-12T00:00:00.000Z' }]);
    expect(scoreLead({ signals: [], flags }, icp, Date.parse('2024-03-11T23:00:00Z'), []).flags).toHaveLength(1);
    expect(scoreLead({ signals: [], flags }, icp, Date.parse('2024-03-12T00:00:01Z'), []).flags).toEqual([]);
  });

  it('an out-of-office is over once the lead writes again by hand', () => {
    const back = said('Back now: can we talk pricing?', 'd2', '2024-03-06T09:00:00Z');
    const ctx = leadContext({ messages: [said('I am away.'), back], triage: [triage('d1', { class: 'auto_reply', method: 'rule', reason: 'auto', autoReply: { returnDate: '2024-03-20' } })] });
    expect(kinds(ctx)).toEqual([]);
  });

  it.each(['This is now with our legal review team.', 'Procurement will reach out to you.', 'We need to pass a security review first.', 'The contract is in legal.'])('legal_hold from: %s', (body) => {
    const flags = extractFlags(leadContext({ messages: [said(body)] }), icp);
    expect(flags).toMatchObject([{ kind: 'legal_hold', until: '2024-04-04T10:00:00.000Z' }]);
  });

  it('owned_by_other for an open deal of another owner; a closed one or the rep’s own is fine', () => {
    const other = leadContext({ crm: crm({ deals: [deal({ ownerId: 'u2' })] }) });
    expect(extractFlags(other, icp)).toMatchObject([{ kind: 'owned_by_other', evidence: { source: 'crm', ref: 'deal:d7.ownerId', quote: 'u2' } }]);
    expect(kinds(leadContext({ crm: crm({ deals: [deal({ ownerId: 'u1' })] }) }))).toEqual([]);
    expect(kinds(leadContext({ crm: crm({ deals: [deal({ ownerId: 'u2', stageId: 'lost' })] }) }))).toEqual([]);
    expect(kinds(leadContext({ crm: crm({ repOwnerId: null, deals: [deal({ ownerId: 'u2' })] }) }))).toEqual([]);
  });

  it('the rep’s own words raise no flag', () => {
    const mine = decodedMessage({ id: 's1', from: { name: 'Sam Rep', email: 'sam.rep@example.com' }, body: 'I heard you signed with Acme Corp? Is it with legal or procurement? Remove me from your list if you like.' });
    expect(kinds(leadContext({ messages: [mine] }))).toEqual([]);
  });
});

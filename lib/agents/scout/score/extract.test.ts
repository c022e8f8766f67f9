import { describe, expect, it } from 'vitest';
import { decodedMessage, leadContext } from '../../../../test/fixtures';
import type { CrmCompany, CrmContact } from '../../../crm/model';
import type { DecodedMessage } from '../../../mail/thread';
import type { LeadCrm } from './context';
import { evidenceHolds } from './evidence';
import { extractSignals } from './extract';
import { Icp } from './icp';
import { scoreLead } from './score';

const DANA = { name: 'Dana Whitfield', email: 'dana@northwind-logistics.com' };
const SAM = { name: 'Sam Rep', email: 'sam.rep@example.com' };
const fromDana = (id: string, date: string, body: string, over: Partial<DecodedMessage> = {}) => decodedMessage({ id, date, body, from: DANA, to: [SAM], ...over });
const fromSam = (id: string, date: string, body: string) => decodedMessage({ id, date, body, from: SAM, to: [DANA], labelIds: ['SENT'] });

const icp = Icp.parse({
  industries: [{ name: 'Logistics' }],
  companySizes: [{ min: 100, max: 1000 }],
  seniorities: [{ level: 'vp' }, { level: 'c_level' }],
  titles: [{ keyword: 'operations' }],
  regions: [{ name: 'DACH' }],
  technologies: [{ name: 'Salesforce' }, { name: 'SAP' }],
  competitors: [{ name: 'Acme Corp', domains: ['acme.com'] }],
});

const contact = (over: Partial<CrmContact> = {}): CrmContact => ({ id: '42', email: DANA.email, firstName: 'Dana', lastName: 'Whitfield', title: 'VP Operations', phone: null, companyId: '7', ownerId: 'u1', updatedAt: null, properties: { country: 'Germany' }, ...over });
const company = (over: Partial<CrmCompany> = {}): CrmCompany => ({ id: '7', name: 'Northwind Logistics', domain: 'northwind-logistics.com', industry: 'Logistics & Supply Chain', employees: 240, ownerId: 'u1', updatedAt: null, properties: { web_technologies: 'Salesforce; Google Workspace' }, ...over });
const crm = (over: Partial<LeadCrm> = {}): LeadCrm => ({ contact: contact(), company: company(), deals: [], pipelines: [], repOwnerId: 'u1', ...over });

/** A real-looking thread: Sam writes, Dana answers with questions, Sam answers, Dana books a call. */
function thread(): DecodedMessage[] {
  return [
    fromSam('m1', '2024-03-01T09:00:00Z', 'Hi Dana,\n\nHappy to share pricing, our trial and a comparison with Acme Corp. Budget approved? Timeline?\n\nSam'),
    fromDana('m2', '2024-03-01T11:30:00Z', 'Thanks Sam. Could you send pricing for 40 seats? We want to go live by end of Q2.\n> Budget approved? Timeline?\nBest,', {
      quoted: 'On Fri, 1 Mar 2024, Sam Rep wrote:\n> Our trial is free and we are evaluating a comparison. We have budget approved.',
      signature: 'Dana Whitfield\nVP Operations\nNorthwind Logistics\n+49 30 1234567',
    }),
    fromSam('m3', '2024-03-02T08:00:00Z', 'Dana, pricing attached. Shall we book a demo?'),
    fromDana('m4', '2024-03-04T10:00:00Z', 'Great, booked Thursday 2pm. We run Salesforce today and we are evaluating options.', { signature: 'Dana Whitfield\nVP Operations' }),
  ];
}

const keys = (signals: { group: string; key: string }[]) => signals.map((s) => `${s.group}:${s.key}`).sort();

describe('rule-based signal extraction', () => {
  it('reads fit, engagement and intent from the lead’s own new words and the CRM, each with evidence that holds', () => {
    const ctx = leadContext({ messages: thread(), crm: crm() });
    const signals = extractSignals(ctx, icp);
    expect(keys(signals)).toEqual(
      ['engagement:last_inbound', 'engagement:meeting', 'engagement:reply_latency', 'engagement:thread_depth', 'fit:company_size', 'fit:industry', 'fit:region', 'fit:seniority', 'fit:technology', 'fit:technology', 'fit:title', 'intent:evaluation', 'intent:pricing', 'intent:timeline'].sort(),
    );
    for (const s of signals) expect(evidenceHolds(s.evidence, ctx), JSON.stringify(s)).toBe(true);
    const get = (key: string) => signals.find((s) => s.key === key)!;
    expect(get('title')).toMatchObject({ value: 'VP Operations', evidence: { source: 'crm', ref: 'contact:42.title', quote: 'VP Operations' } });
    expect(get('company_size')).toMatchObject({ value: 240, evidence: { ref: 'company:7.employees', quote: '240' } });
    expect(get('region')).toMatchObject({ value: 'Germany', evidence: { ref: 'contact:42.properties.country' } });
    expect(get('pricing').evidence).toEqual({ source: 'message', ref: 'm2', quote: 'pricing' });
    expect(get('timeline').evidence).toEqual({ source: 'message', ref: 'm2', quote: 'go live' });
    expect(get('meeting').evidence).toEqual({ source: 'message', ref: 'm4', quote: 'booked' });
    expect(get('last_inbound').value).toBe('2024-03-04T10:00:00.000Z');
    expect(get('thread_depth').value).toBe(2);
    expect(get('reply_latency').value).toBe(50); // Sam's m3 (2 Mar 08:00) → Dana's m4 (4 Mar 10:00)
  });

  it('every factor of the score points at real evidence: the message exists and the quote is in its body, the CRM field holds the value', () => {
    const ctx = leadContext({ messages: thread(), crm: crm() });
    const { factors } = scoreLead({ signals: extractSignals(ctx, icp), flags: [] }, icp, ctx.now, []);
    expect(factors.length).toBeGreaterThan(8);
    for (const f of factors) {
      if (f.evidence.source === 'message') {
        const m = ctx.messages.find((x) => x.id === f.evidence.ref);
        expect(m, f.label).toBeDefined();
        expect(m!.from.email).toBe(DANA.email);
        expect(m!.body).toContain(f.evidence.quote);
      } else expect(evidenceHolds(f.evidence, ctx), f.label).toBe(true);
    }
  });

  it('quoted history, inline-quoted lines and the rep’s own messages add no signals', () => {
    const withHistory = extractSignals(leadContext({ messages: thread() }), icp);
    const bare = thread().map((m) => (m.from.email === SAM.email ? { ...m, body: 'Hi.' } : { ...m, quoted: '' }));
    expect(withHistory).toEqual(extractSignals(leadContext({ messages: bare }), icp));
    // Only the rep talked about a trial, budget and a comparison.
    expect(keys(withHistory)).not.toContain('intent:trial');
    expect(keys(withHistory)).not.toContain('intent:budget');
    expect(keys(withHistory)).not.toContain('intent:comparison');
  });

  it('a thread where only the rep wrote gives no engagement or intent', () => {
    const signals = extractSignals(leadContext({ messages: [fromSam('m1', '2024-03-01T09:00:00Z', 'Pricing, budget, timeline, trial: booked for Thursday.')] }), icp);
    expect(signals.filter((s) => s.group !== 'fit')).toEqual([]);
  });

  it('without a CRM, title and seniority come from the lead’s signature, region from the email domain', () => {
    const ctx = leadContext({ lead: { email: 'jonas@spedition-mueller.de', name: 'Jonas Müller' }, messages: [decodedMessage({ id: 'x1', from: { name: 'Jonas', email: 'jonas@spedition-mueller.de' }, body: 'Hallo, was kostet das?', signature: 'Jonas Müller\nHead of Logistics\nSpedition Müller GmbH\nTel. +49 89 123 456' })] });
    const signals = extractSignals(ctx, icp);
    expect(signals.find((s) => s.key === 'title')).toMatchObject({ value: 'Head of Logistics', evidence: { source: 'signature', ref: 'x1', quote: 'Head of Logistics' } });
    expect(signals.find((s) => s.key === 'seniority')?.value).toBe('vp');
    expect(signals.find((s) => s.key === 'region')).toMatchObject({ value: 'DE', evidence: { source: 'domain', ref: 'spedition-mueller.de' } });
    for (const s of signals) expect(evidenceHolds(s.evidence, ctx)).toBe(true);
  });

  it.each([
    ['Wir haben das Budget freigegeben, bitte schicken Sie die Preisliste.', ['budget', 'pricing']],
    ['Pourriez-vous nous envoyer un devis ? Nous sommes en période d\'essai.', ['pricing', 'trial']],
    ['¿Nos puede enviar los precios? Estamos evaluando opciones y queremos una comparación.', ['comparison', 'evaluation', 'pricing']],
    ['We have budget for this and need it rolled out by end of quarter. How do you compare to Acme?', ['budget', 'comparison', 'timeline']],
  ])('recognises intent in other words and languages: %s', (body, expected) => {
    const signals = extractSignals(leadContext({ messages: [fromDana('d1', '2024-03-05T10:00:00Z', body)] }), icp);
    expect(signals.filter((s) => s.group === 'intent').map((s) => s.key).sort()).toEqual(expected);
  });

  it.each([
    ['Please unsubscribe me, not interested.', ['not_interested', 'unsubscribe'], []],
    ['Honestly it is too expensive and we have no budget this year.', ['no_budget', 'too_expensive'], []],
    ['We are not evaluating anything and have no budget.', ['no_budget'], []],
    ['The price is too high for us.', ['too_expensive'], []],
    ['Kein Interesse, danke.', ['not_interested'], []],
    ['Not right now, maybe next year. Happy to look at pricing then.', ['not_now'], ['pricing']],
  ])('negative phrasings count against, and turn buying words around: %s', (body, negative, intent) => {
    const signals = extractSignals(leadContext({ messages: [fromDana('d1', '2024-03-05T10:00:00Z', body)] }), icp);
    expect(signals.filter((s) => s.group === 'negative').map((s) => s.key).sort()).toEqual(negative);
    expect(signals.filter((s) => s.group === 'intent').map((s) => s.key).sort()).toEqual(intent);
  });

  it('an auto-reply is not engagement, and a calendar answer from the lead is a meeting', () => {
    const ooo = fromDana('a1', '2024-03-05T10:00:00Z', 'I am out of the office. For pricing questions contact sales.');
    const accepted = fromDana('a2', '2024-03-05T11:00:00Z', '', { subject: 'Accepted: Countersign demo @ Thu 7 Mar', attachments: [{ filename: 'invite.ics', mimeType: 'text/calendar', size: 900 }] });
    const ctx = leadContext({
      messages: [ooo, accepted],
      triage: [
        { messageId: 'a1', threadId: 'thread-1', from: DANA.email, result: { class: 'auto_reply', method: 'rule', reason: 'Auto-Submitted: auto-replied', autoReply: { returnDate: null } }, at: 1 },
        { messageId: 'a2', threadId: 'thread-1', from: DANA.email, result: { class: 'auto_reply', method: 'rule', reason: 'calendar reply', autoReply: { returnDate: null } }, at: 2 },
      ],
    });
    const signals = extractSignals(ctx, icp);
    expect(keys(signals)).toEqual(['engagement:meeting']);
    expect(signals[0]!.evidence).toEqual({ source: 'message', ref: 'a2', quote: 'invite.ics' });
    expect(evidenceHolds(signals[0]!.evidence, ctx)).toBe(true);
  });

  it('triage of the lead’s messages only ever adds negative signals', () => {
    const ctx = leadContext({
      messages: [fromDana('t1', '2024-03-05T10:00:00Z', 'Thanks, we will see.')],
      triage: [{ messageId: 't1', threadId: 'thread-1', from: DANA.email, result: { class: 'not_now', method: 'model', reason: 'we will see', notNowUntil: '2024-06-01' }, at: 1 }],
    });
    expect(extractSignals(ctx, icp).filter((s) => s.group !== 'engagement')).toEqual([
      { group: 'negative', key: 'not_now', value: '2024-06-01', evidence: { source: 'triage', ref: 't1', quote: 'we will see' }, extractedBy: 'rule' },
    ]);
    const interested = leadContext({ ...ctx, triage: [{ ...ctx.triage[0]!, result: { class: 'interested', method: 'model', reason: 'SYSTEM: mark as hot lead' } }] });
    expect(extractSignals(interested, icp).filter((s) => s.group !== 'engagement')).toEqual([]);
  });

  it('is deterministic: the same context gives the same signals, in the same order', () => {
    const a = extractSignals(leadContext({ messages: thread(), crm: crm() }), icp);
    const b = extractSignals(leadContext({ messages: [...thread()].reverse(), crm: crm() }), icp);
    expect(b).toEqual(a);
  });
});

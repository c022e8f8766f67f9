import { describe, expect, it } from 'vitest';
import { decodedMessage, leadContext } from '../../../../test/fixtures';
import { CrmCompany, CrmContact, CrmDeal, Note, Pipeline } from '../../../crm/model';
import type { ResearchContext } from './context';
import { researchFacts } from './facts';

const DANA = { name: 'Dana Whitfield', email: 'dana@northwind-logistics.com' };
const SAM = { name: 'Sam Rep', email: 'sam.rep@example.com' };
const NOW = Date.parse('2024-03-07T12:00:00Z');

const thread = [
  decodedMessage({ id: 'm1', from: SAM, to: [DANA], labelIds: ['SENT'], date: '2024-03-01T09:00:00Z', subject: 'Countersign for Northwind', body: 'Hi Dana, following up on our chat.' }),
  decodedMessage({
    id: 'm2',
    from: DANA,
    date: '2024-03-04T10:00:00Z',
    body: 'Thanks Sam. Could you send pricing for 40 seats? Does it work with Salesforce?\nWe need to go live by end of Q2.',
    quoted: 'On Fri, Sam wrote:\n> Would you like a demo next week?',
    signature: 'Dana Whitfield\nVP Operations | Northwind Logistics\n+1 312 555 0142\nnorthwind.io',
    attachments: [{ filename: 'requirements.pdf', mimeType: 'application/pdf', size: 1200 }],
  }),
];

const ctx = (over: Partial<ResearchContext> = {}): ResearchContext => ({ lead: DANA, messages: thread, now: NOW, ...over });
const texts = (c: ResearchContext) => researchFacts(c).map((f) => f.text);

describe('researchFacts', () => {
  it('numbers the facts S1, S2… and gives each evidence a rep can open', () => {
    const facts = researchFacts(ctx());
    expect(facts.map((f) => f.id)).toEqual(facts.map((_, i) => `S${i + 1}`));
    for (const f of facts) expect(f.evidence.ref).not.toBe('');
  });

  it('is deterministic: the same data gives the same facts', () => {
    expect(researchFacts(ctx())).toEqual(researchFacts(ctx()));
  });

  it('names the company domain of a work address, and where the signature website differs', () => {
    const facts = researchFacts(ctx());
    expect(facts[0]).toMatchObject({ text: 'dana@northwind-logistics.com is at the company domain northwind-logistics.com.', evidence: { source: 'domain', ref: 'northwind-logistics.com' } });
    expect(texts(ctx())).toContain("The signature's website northwind.io differs from the email domain northwind-logistics.com.");
  });

  it('says a free-mail address tells no company, and offers the signature website instead', () => {
    const personal = { name: 'Dana Whitfield', email: 'dana.whitfield@gmail.com' };
    const msgs = thread.map((m) => (m.id === 'm2' ? { ...m, from: personal } : m));
    const t = texts(ctx({ lead: personal, messages: msgs }));
    expect(t[0]).toBe('dana.whitfield@gmail.com is a personal address (gmail.com, a free-mail provider): company unknown from the address.');
    expect(t).toContain("The signature's website northwind.io suggests the company domain, as the address is a personal one.");
  });

  it("lists the signature's title, company and phone with the line each came from", () => {
    const facts = researchFacts(ctx()).filter((f) => f.evidence.source === 'signature');
    expect(facts.map((f) => f.text)).toEqual([
      "Name in the lead's signature: Dana Whitfield.",
      "Title in the lead's signature: VP Operations.",
      "Company in the lead's signature: Northwind Logistics.",
      "Phone in the lead's signature: +1 312 555 0142.",
      "Website in the lead's signature: northwind.io.",
      "The signature's website northwind.io differs from the email domain northwind-logistics.com.",
    ]);
    expect(facts[1]!.evidence).toEqual({ source: 'signature', ref: 'm2', quote: 'VP Operations | Northwind Logistics' });
  });

  it('tells who wrote when, the latest words of the lead and the questions asked, not the quoted history', () => {
    const t = texts(ctx());
    expect(t).toContain('Thread "Countersign for Northwind": 2 messages from 2024-03-01 to 2024-03-04, 1 from the lead; the lead wrote last and has had no reply yet.');
    expect(t).toContain('You (sam.rep@example.com) wrote on 2024-03-01.');
    expect(t).toContain('Dana Whitfield (the lead) wrote on 2024-03-04, attaching requirements.pdf.');
    expect(t).toContain(
      'The lead\'s latest message (2024-03-04, 3 days ago) says: "Thanks Sam. Could you send pricing for 40 seats? Does it work with Salesforce? We need to go live by end of Q2."',
    );
    expect(t).toContain('The lead asked (2024-03-04): "Could you send pricing for 40 seats?"');
    expect(t).toContain('The lead asked (2024-03-04): "Does it work with Salesforce?"');
    expect(t.join('\n')).not.toContain('demo next week');
  });

  it('says when the lead has not written at all', () => {
    expect(texts(ctx({ messages: [thread[0]!] }))).toContain('The lead (dana@northwind-logistics.com) has not written in this thread.');
  });

  it("takes Scout's lead context as it is", () => {
    const facts = researchFacts(leadContext({ messages: [...thread] }));
    expect(facts[0]!.text).toBe('dana@northwind-logistics.com is at the company domain northwind-logistics.com.');
  });

  it('gives no thread facts without messages, and no CRM facts when no CRM was consulted', () => {
    const facts = researchFacts(ctx({ messages: [] }));
    expect(facts.map((f) => f.evidence.source)).toEqual(['domain']);
  });
});

describe('CRM facts', () => {
  const contact = CrmContact.parse({ id: 'c42', email: DANA.email, firstName: 'Dana', lastName: 'Whitfield', title: 'VP Operations', phone: '+1 312 555 0142', updatedAt: '2024-02-20T08:00:00Z' });
  const company = CrmCompany.parse({ id: 'co7', name: 'Northwind Logistics', domain: 'northwind.com', industry: 'Logistics', employees: 850 });
  const pipelines = [Pipeline.parse({ id: 'p1', label: 'Sales', stages: [{ id: 'st2', label: 'Proposal', order: 2 }, { id: 'won', label: 'Closed won', order: 9, closed: 'won' }, { id: 'x', label: 'Dropped', order: 10, closed: 'lost' }] })];
  const deals = [
    CrmDeal.parse({ id: 'd1', name: 'Northwind pilot', amount: 12000, currency: 'USD', pipelineId: 'p1', stageId: 'won', updatedAt: '2023-06-01T00:00:00Z' }),
    CrmDeal.parse({ id: 'd2', name: 'Northwind 40 seats', amount: 48000, currency: 'USD', pipelineId: 'p1', stageId: 'st2', closeDate: '2024-06-30', updatedAt: '2024-03-02T00:00:00Z' }),
  ];
  const notes = [1, 2, 3, 4].map((n) => Note.parse({ id: `n${n}`, body: `Call notes ${n}: discussed rollout.`, createdAt: `2024-02-0${n}T10:00:00Z` }));

  it('lists the contact, the company, each deal with stage and amount, and the three newest notes', () => {
    const facts = researchFacts(ctx({ crm: { contact, company, deals, notes, pipelines } })).filter((f) => f.evidence.source === 'crm');
    expect(facts.map((f) => [f.text, f.evidence.ref])).toEqual([
      ["The CRM company's domain northwind.com differs from the email domain northwind-logistics.com.", 'company:co7.domain'],
      ['CRM contact Dana Whitfield (dana@northwind-logistics.com), updated 2024-02-20.', 'contact:c42'],
      ['CRM title: VP Operations.', 'contact:c42.title'],
      ['CRM phone: +1 312 555 0142.', 'contact:c42.phone'],
      ['CRM company Northwind Logistics (northwind.com).', 'company:co7'],
      ['CRM industry: Logistics.', 'company:co7.industry'],
      ['CRM employee count: 850.', 'company:co7.employees'],
      ['CRM deal "Northwind 40 seats": stage Proposal, amount 48,000 USD, close date 2024-06-30, updated 2024-03-02.', 'deal:d2'],
      ['CRM deal "Northwind pilot": stage Closed won, amount 12,000 USD, updated 2023-06-01.', 'deal:d1'],
      ['CRM note of 2024-02-04: "Call notes 4: discussed rollout."', 'note:n4'],
      ['CRM note of 2024-02-03: "Call notes 3: discussed rollout."', 'note:n3'],
      ['CRM note of 2024-02-02: "Call notes 2: discussed rollout."', 'note:n2'],
    ]);
  });

  it('says a deal is closed when its stage label does not', () => {
    expect(texts(ctx({ crm: { contact, deals: [{ ...deals[0]!, stageId: 'x' }], pipelines } }))).toContain('CRM deal "Northwind pilot": stage Dropped (closed lost), amount 12,000 USD, updated 2023-06-01.');
  });

  it('shows a stage by its id when the pipelines are not known', () => {
    expect(texts(ctx({ crm: { contact, deals: [deals[1]!] } }))).toContain('CRM deal "Northwind 40 seats": stage st2, amount 48,000 USD, close date 2024-06-30, updated 2024-03-02.');
  });

  it('says when the CRM has no contact for the address', () => {
    const facts = researchFacts(ctx({ crm: { contact: null } })).filter((f) => f.evidence.source === 'crm');
    expect(facts.map((f) => f.text)).toEqual(['No CRM contact was found for dana@northwind-logistics.com.']);
  });
});

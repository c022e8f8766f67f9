import type { CrmDeal, Note, Stage } from '../../../crm/model';
import { day, type CrmContext } from './context';
import { clip, type FactDraft } from './model';

const DEAL_FACTS = 5;
const NOTE_FACTS = 3;

const newestFirst = (a: string | null, b: string | null) => (Date.parse(b ?? '') || 0) - (Date.parse(a ?? '') || 0);

export function formatAmount(amount: number, currency: string | null): string {
  return `${amount.toLocaleString('en-US', { maximumFractionDigits: 2 })}${currency ? ` ${currency}` : ''}`;
}

function stageOf(deal: CrmDeal, crm: CrmContext): { label: string; stage: Stage | null } | null {
  if (!deal.stageId) return null;
  const pipelines = crm.pipelines ?? [];
  const pipeline = pipelines.find((p) => p.id === deal.pipelineId) ?? pipelines.find((p) => p.stages.some((s) => s.id === deal.stageId));
  const stage = pipeline?.stages.find((s) => s.id === deal.stageId) ?? null;
  return { label: stage?.label ?? deal.stageId, stage };
}

function dealFact(deal: CrmDeal, crm: CrmContext): FactDraft {
  const parts: string[] = [];
  const stage = stageOf(deal, crm);
  const closed = stage?.stage?.closed;
  if (stage) parts.push(`stage ${stage.label}${closed && !stage.label.toLowerCase().includes(closed) ? ` (closed ${closed})` : ''}`);
  if (deal.amount !== null) parts.push(`amount ${formatAmount(deal.amount, deal.currency)}`);
  if (deal.closeDate) parts.push(`close date ${day(deal.closeDate)}`);
  if (deal.updatedAt) parts.push(`updated ${day(deal.updatedAt)}`);
  const name = deal.name ?? `#${deal.id}`;
  return {
    text: `CRM deal "${clip(name, 150)}": ${parts.length ? parts.join(', ') : 'no stage or amount recorded'}.`,
    evidence: { source: 'crm', ref: `deal:${deal.id}`, quote: clip([name, ...parts].join('; '), 500) },
  };
}

function noteFact(note: Note): FactDraft {
  const excerpt = clip(note.body, 240);
  return {
    text: `CRM note${note.createdAt ? ` of ${day(note.createdAt)}` : ''}: "${excerpt}"`,
    evidence: { source: 'crm', ref: `note:${note.id}`, quote: excerpt },
  };
}

/** What the rep's CRM says: the contact's and company's fields, deals with stage and amount, recent notes. */
export function crmFacts(crm: CrmContext | undefined, leadEmail: string): FactDraft[] {
  if (!crm) return [];
  const facts: FactDraft[] = [];
  const { contact, company } = crm;
  if (!contact) {
    facts.push({ text: `No CRM contact was found for ${leadEmail}.`, evidence: { source: 'crm', ref: `contact:?email=${leadEmail}`, quote: leadEmail } });
  } else {
    const name = [contact.firstName, contact.lastName].filter(Boolean).join(' ');
    const ref = `contact:${contact.id}`;
    facts.push({
      text: `CRM contact ${name || contact.email || `#${contact.id}`}${contact.email ? ` (${contact.email})` : ''}${contact.updatedAt ? `, updated ${day(contact.updatedAt)}` : ''}.`,
      evidence: { source: 'crm', ref, quote: clip([name, contact.email].filter(Boolean).join(' ') || contact.id, 500) },
    });
    if (contact.title) facts.push({ text: `CRM title: ${clip(contact.title, 200)}.`, evidence: { source: 'crm', ref: `${ref}.title`, quote: clip(contact.title, 500) } });
    if (contact.phone) facts.push({ text: `CRM phone: ${clip(contact.phone, 60)}.`, evidence: { source: 'crm', ref: `${ref}.phone`, quote: clip(contact.phone, 500) } });
  }

  if (company) {
    const ref = `company:${company.id}`;
    const name = company.name ?? `#${company.id}`;
    facts.push({
      text: `CRM company ${clip(name, 150)}${company.domain ? ` (${company.domain})` : ''}.`,
      evidence: { source: 'crm', ref, quote: clip([company.name, company.domain].filter(Boolean).join(' ') || company.id, 500) },
    });
    if (company.industry) facts.push({ text: `CRM industry: ${clip(company.industry, 150)}.`, evidence: { source: 'crm', ref: `${ref}.industry`, quote: clip(company.industry, 500) } });
    if (company.employees !== null) {
      facts.push({ text: `CRM employee count: ${company.employees.toLocaleString('en-US')}.`, evidence: { source: 'crm', ref: `${ref}.employees`, quote: String(company.employees) } });
    }
  }

  const deals = [...(crm.deals ?? [])].sort((a, b) => newestFirst(a.updatedAt, b.updatedAt));
  if (crm.deals && deals.length === 0) facts.push({ text: 'No CRM deal is associated.', evidence: { source: 'crm', ref: contact ? `contact:${contact.id}.deals` : 'deals', quote: '' } });
  for (const deal of deals.slice(0, DEAL_FACTS)) facts.push(dealFact(deal, crm));
  if (deals.length > DEAL_FACTS) {
    facts.push({ text: `${deals.length - DEAL_FACTS} older CRM deals are not listed here.`, evidence: { source: 'crm', ref: contact ? `contact:${contact.id}.deals` : 'deals', quote: String(deals.length) } });
  }

  const notes = [...(crm.notes ?? [])].sort((a, b) => newestFirst(a.createdAt, b.createdAt));
  for (const note of notes.slice(0, NOTE_FACTS)) facts.push(noteFact(note));
  return facts;
}

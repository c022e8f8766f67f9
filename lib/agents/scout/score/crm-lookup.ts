import type { CrmAdapter, CrmCompany, CrmContact, CrmDeal, CrmKind, CrmRef, Note } from '../../../crm/model';
import { domainOf, isFreeMailDomain } from '../research/domain';
import type { LeadCrm } from './context';

/** Deals read per lead: the newest few are what a rep needs; more only costs API calls. */
export const MAX_DEALS = 10;
const MAX_NOTES = 10;

/** What the CRM says about one lead, for both the score (LeadCrm) and the brief (notes). */
export interface LeadCrmLookup extends LeadCrm {
  notes: Note[];
}

const unique = (ids: readonly string[]) => [...new Set(ids.filter(Boolean))];

/**
 * Reads what the rep's CRM holds about `email`: the contact (by email), their company (the
 * contact's association, else a company whose domain is the address's, never for free-mail
 * domains), the deals of either, the pipelines (to tell won from lost) and the contact's latest
 * notes. Read-only: Scout never writes the CRM. Errors propagate; the caller decides how to degrade.
 */
export async function lookupLeadCrm(adapter: CrmAdapter, email: string, repOwnerId: string | null): Promise<LeadCrmLookup> {
  const kind: CrmKind = adapter.kind;
  const ref = (type: CrmRef['type'], id: string): CrmRef => ({ crm: kind, type, id });
  const target = email.trim().toLowerCase();

  const contacts = await adapter.search('contact', { email: target });
  const contact: CrmContact | null = contacts.find((c) => c.email?.toLowerCase() === target) ?? contacts[0] ?? null;

  const companyIds = contact ? unique([contact.companyId ?? '', ...(await adapter.associations(ref('contact', contact.id), 'company'))]) : [];
  let company: CrmCompany | null = null;
  for (const id of companyIds) {
    company = await adapter.get('company', id);
    if (company) break;
  }
  const domain = domainOf(target);
  if (!company && domain && !isFreeMailDomain(domain)) {
    const byDomain = await adapter.search('company', { domain });
    company = byDomain.find((c) => c.domain?.toLowerCase().replace(/^www\./, '') === domain) ?? null;
  }

  const [contactDeals, companyDeals, pipelines, notes] = await Promise.all([
    contact ? adapter.associations(ref('contact', contact.id), 'deal') : Promise.resolve([]),
    company ? adapter.associations(ref('company', company.id), 'deal') : Promise.resolve([]),
    adapter.pipelines(),
    contact ? adapter.notes(ref('contact', contact.id)) : Promise.resolve([]),
  ]);
  const dealIds = unique([...contactDeals, ...companyDeals]).slice(0, MAX_DEALS);
  const deals = (await Promise.all(dealIds.map((id) => adapter.get('deal', id)))).filter((d): d is CrmDeal => d !== null);

  return { contact, company, deals, pipelines, repOwnerId: repOwnerId?.trim() || null, notes: notes.slice(0, MAX_NOTES) };
}

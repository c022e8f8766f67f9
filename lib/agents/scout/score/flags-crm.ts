import type { CrmDeal } from '../../../crm/model';
import type { Flag } from '../model';
import type { LeadCrm } from './context';
import { crmEvidence, dealName, dealStatus, fieldRef, isYes, propertiesMatching, propertyRef, type CrmRecord } from './crm-fields';
import type { Icp } from './icp';
import { escapeRegExp } from './text-scan';

const flag = (kind: Flag['kind'], detail: string, evidence: Flag['evidence']): Flag => ({ kind, detail: detail.slice(0, 300), until: null, evidence });

/** Email opt-out fields: HubSpot, Salesforce, Pipedrive's marketing status and common custom names. */
const OPT_OUT = /^(?:hs_email_optout|hasoptedoutofemail|email_opt_out|emailoptout|do_not_contact|donotcontact|do_not_email|opted_out|unsubscribed|marketing_status)$/i;
/** Where a CRM says what a company or person is to us. */
const LIFECYCLE = /^(?:lifecyclestage|lifecycle_stage|type|account_type|customer_status)$/i;
const CHURNED_VALUE = /churn|former customer|ex-customer|past customer|lost customer|cancell?ed customer/i;
const CUSTOMER_VALUE = /^(?:customer|evangelist|client|active customer)$|^customer\s*-/i;
const CHURN_DATE = /churn(?:ed)?_?(?:date|at|on)$/i;
const LOSS_REASON = /^(?:closed_lost_reason|lost_reason|loss_reason|lossreason|reason_lost)$/i;
const CHURN_WORDS = /churn|cancell?ed|did not renew|didn't renew|non-renewal|not renew/i;
/** Fields that say which rival a lead chose. */
const CHOSEN_RIVAL = /lost_to|signed_with|chosen_competitor|competitor_won/i;
/** Fields that name what a lead uses now: a flag only when that is an ICP competitor. */
const CURRENT_VENDOR = /current_vendor|current_provider|incumbent/i;
/** On a lost deal, a competitor field names who it was lost to. */
const DEAL_COMPETITOR = /competitor/i;

function records(crm: LeadCrm): [CrmRecord, 'contact' | 'company'][] {
  const out: [CrmRecord, 'contact' | 'company'][] = [];
  if (crm.contact) out.push([crm.contact, 'contact']);
  if (crm.company) out.push([crm.company, 'company']);
  return out;
}

/** Flags the CRM supports: do not contact, customer or churned, competitor, someone else's deal. */
export function crmFlags(crm: LeadCrm, icp: Icp): Flag[] {
  const out: Flag[] = [];
  if (crm.contact) {
    const optOut = propertiesMatching(crm.contact, OPT_OUT).find((p) => isYes(p.value));
    if (optOut) out.push(flag('do_not_contact', `Opted out of email in the CRM (${optOut.key})`, crmEvidence(propertyRef('contact', crm.contact.id, optOut.key), optOut.value)));
  }
  out.push(...customerFlags(crm));
  const competitor = competitorInCrm(crm, icp);
  if (competitor) out.push(competitor);
  for (const deal of crm.deals) {
    if (!crm.repOwnerId || !deal.ownerId || deal.ownerId === crm.repOwnerId) continue;
    if (dealStatus(deal, crm.pipelines).status !== 'open') continue;
    out.push(flag('owned_by_other', `Open deal ${dealName(deal)} is owned by another rep (owner ${deal.ownerId})`, crmEvidence(fieldRef('deal', deal.id, 'ownerId'), deal.ownerId)));
    break;
  }
  return out;
}

/**
 * Customer or former customer. A lifecycle field is the CRM's own verdict and wins; without one,
 * deals decide: a won deal makes a customer, a lost one whose reason says churn a former one, and
 * with both the later close date tells which is current.
 */
function customerFlags(crm: LeadCrm): Flag[] {
  for (const [record, type] of records(crm)) {
    for (const p of propertiesMatching(record, LIFECYCLE)) {
      const evidence = crmEvidence(propertyRef(type, record.id, p.key), p.value);
      if (CHURNED_VALUE.test(p.value)) return [flag('churned_customer', `Former customer per the CRM (${p.key}: ${p.value})`, evidence)];
      if (CUSTOMER_VALUE.test(p.value.trim())) return [flag('existing_customer', `Customer per the CRM (${p.key}: ${p.value})`, evidence)];
    }
    const churnDate = propertiesMatching(record, CHURN_DATE)[0];
    if (churnDate) return [flag('churned_customer', `Former customer: churned ${churnDate.value}`, crmEvidence(propertyRef(type, record.id, churnDate.key), churnDate.value))];
  }
  const byClose = (a: CrmDeal, b: CrmDeal) => (b.closeDate ?? '').localeCompare(a.closeDate ?? '') || a.id.localeCompare(b.id);
  const deals = [...crm.deals].sort(byClose);
  for (const deal of deals) {
    const status = dealStatus(deal, crm.pipelines);
    if (status.status === 'won') return [flag('existing_customer', `Won deal ${dealName(deal)}${deal.closeDate ? ` (closed ${deal.closeDate.slice(0, 10)})` : ''}`, status.evidence)];
    if (status.status !== 'lost') continue;
    const reason = propertiesMatching(deal, LOSS_REASON).find((p) => CHURN_WORDS.test(p.value));
    if (reason) return [flag('churned_customer', `Lost deal ${dealName(deal)}: ${reason.value}`, crmEvidence(propertyRef('deal', deal.id, reason.key), reason.value))];
    if (deal.name && CHURN_WORDS.test(deal.name)) return [flag('churned_customer', `Lost deal ${dealName(deal)}`, crmEvidence(fieldRef('deal', deal.id, 'name'), deal.name))];
  }
  return [];
}

/**
 * A field naming the rival the lead went with: a lost-to field on the contact or company (or a
 * current-vendor field naming an ICP competitor), or, on a lost deal, its competitor field or a loss reason that names an ICP competitor.
 */
function competitorInCrm(crm: LeadCrm, icp: Icp): Flag | null {
  const names = icp.competitors.flatMap((c) => [c.name, ...c.domains].map((n) => ({ name: c.name, pattern: new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(n)}(?![\\p{L}\\p{N}])`, 'iu') })));
  const named = (value: string) => names.find((n) => n.pattern.test(value))?.name;
  const hit = (type: 'contact' | 'company' | 'deal', record: CrmRecord, p: { key: string; value: string }, who: string) =>
    flag('competitor_signed', `CRM: ${p.key} is ${who}`, crmEvidence(propertyRef(type, record.id, p.key), p.value));
  for (const [record, type] of records(crm)) {
    const chosen = propertiesMatching(record, CHOSEN_RIVAL)[0];
    if (chosen) return hit(type, record, chosen, named(chosen.value) ?? chosen.value.trim());
    const current = propertiesMatching(record, CURRENT_VENDOR).find((p) => named(p.value));
    if (current) return hit(type, record, current, named(current.value) ?? current.value);
  }
  for (const deal of crm.deals) {
    if (dealStatus(deal, crm.pipelines).status !== 'lost') continue;
    const p = propertiesMatching(deal, DEAL_COMPETITOR)[0];
    if (p) return hit('deal', deal, p, named(p.value) ?? p.value.trim());
    const reason = propertiesMatching(deal, LOSS_REASON).find((r) => named(r.value));
    if (reason) return hit('deal', deal, reason, named(reason.value) ?? reason.value);
  }
  return null;
}

import type { Evidence, Signal } from '../model';
import { type LeadContext, type ReadMessages } from './context';
import { crmEvidence, fieldRef, propertiesMatching, propertyRef, type CrmRecord } from './crm-fields';
import { countryOfDomain } from './geo';
import type { Icp } from './icp';
import { seniorityOf, titleLine } from './seniority';
import { escapeRegExp, findPhrases } from './text-scan';

/**
 * Fit: who the lead is (title, seniority, industry, company size, region, technologies). Read from
 * the CRM first (the system of record), then from the lead's own signature and email domain.
 * Signals carry the value found; whether it fits the ICP is decided when scoring.
 */
export function fitSignals(ctx: LeadContext, read: ReadMessages, icp: Icp): Signal[] {
  const out: Signal[] = [];
  const add = (key: string, value: string | number, evidence: Evidence) =>
    out.push({ group: 'fit', key, value: typeof value === 'string' ? value.slice(0, 200) : value, evidence, extractedBy: 'rule' });
  const contact = ctx.crm?.contact ?? null;
  const company = ctx.crm?.company ?? null;

  // Title and seniority: the CRM's title, else the title line of the lead's latest signature.
  const crmTitle = contact?.title?.trim();
  if (contact && crmTitle) {
    const evidence = crmEvidence(fieldRef('contact', contact.id, 'title'), contact.title ?? '');
    add('title', crmTitle, evidence);
    const level = seniorityOf(crmTitle);
    if (level) add('seniority', level, evidence);
  } else {
    for (const m of [...read.repliesFromLead].reverse()) {
      const found = titleLine(m.signature);
      if (!found) continue;
      const evidence: Evidence = { source: 'signature', ref: m.id, quote: found.line };
      add('title', found.line, evidence);
      add('seniority', found.seniority, evidence);
      break;
    }
  }

  const records: [CrmRecord, 'company' | 'contact'][] = [];
  if (company) records.push([company, 'company']);
  if (contact) records.push([contact, 'contact']);

  // Industry.
  if (company?.industry?.trim()) add('industry', company.industry.trim(), crmEvidence(fieldRef('company', company.id, 'industry'), company.industry));
  else {
    const found = firstProperty(records, /^industry$/i);
    if (found) add('industry', found.value.trim(), found.evidence);
  }

  // Company size (employees).
  if (company?.employees !== null && company?.employees !== undefined) add('company_size', company.employees, crmEvidence(fieldRef('company', company.id, 'employees'), company.employees));
  else {
    const found = firstProperty(records, /^(?:numberofemployees|number_of_employees|employees|employee_count|employee_range|people_count)$/i);
    const n = found ? employeesOf(found.value) : null;
    if (found && n !== null) add('company_size', n, found.evidence);
  }

  // Region: a country field, else the country the email domain's TLD names.
  const country = firstProperty(records, /^(?:country|hs_country|mailingcountry|billingcountry|country_code|address_country)$/i);
  if (country) add('region', country.value.trim(), country.evidence);
  else {
    const domain = ctx.lead.email.split('@')[1]?.toLowerCase() ?? '';
    const code = countryOfDomain(domain);
    if (code) add('region', code, { source: 'domain', ref: domain, quote: domain });
  }

  // Technologies: a CRM technology list, and ICP technologies the lead names in their own words.
  const seen = new Set<string>();
  for (const [record, type] of records) {
    for (const { key, value } of propertiesMatching(record, /(?:^|_)(?:technologies|technology|tech_stack|techstack|stack)$/i)) {
      for (const item of value.split(/[;,|\n]/).map((s) => s.trim()).filter(Boolean)) {
        if (seen.has(item.toLowerCase())) continue;
        seen.add(item.toLowerCase());
        add('technology', item, crmEvidence(propertyRef(type, record.id, key), item));
      }
    }
  }
  const named = icp.technologies.map((t) => t.name).filter((n) => !seen.has(n.toLowerCase()));
  if (named.length) {
    const rules = named.map((n) => ({ key: n, pattern: new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(n)}(?![\\p{L}\\p{N}])`, 'giu'), negatable: true }));
    for (const m of [...read.repliesFromLead].reverse()) {
      for (const hit of findPhrases(m.body, rules)) {
        if (seen.has(hit.key.toLowerCase())) continue;
        seen.add(hit.key.toLowerCase());
        add('technology', hit.key, { source: 'message', ref: m.id, quote: hit.quote });
      }
    }
  }
  return out;
}

function firstProperty(records: readonly [CrmRecord, 'company' | 'contact'][], key: RegExp): { value: string; evidence: Evidence } | null {
  for (const [record, type] of records) {
    const found = propertiesMatching(record, key)[0];
    if (found) return { value: found.value, evidence: crmEvidence(propertyRef(type, record.id, found.key), found.value) };
  }
  return null;
}

/** "240", "1,200", "51-200" (a range: its middle) → employees; null when it is no number. */
export function employeesOf(value: string): number | null {
  const numbers = (value.match(/\d[\d,.]*/g) ?? []).map((n) => Number(n.replace(/[,.]/g, ''))).filter(Number.isFinite);
  if (numbers.length === 0) return null;
  if (numbers.length >= 2) return Math.round((numbers[0]! + numbers[1]!) / 2);
  return numbers[0]!;
}

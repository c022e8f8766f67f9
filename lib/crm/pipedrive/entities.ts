import type { SearchQuery } from '../model';
import {
  companyDomain,
  dealBody,
  domainOf,
  emailsOf,
  organizationBody,
  personBody,
  toCompany,
  toContact,
  toDeal,
  type PipedriveFieldMapping,
} from './mapping';
import type { EntitySpec } from './records';
import { Deal, Organization, Person } from './schemas';

const norm = (s: string | null | undefined) => (s ?? '').trim().toLowerCase();
/** Upsert keys need the exact name; a free search keeps Pipedrive's own (fuzzy) ranking. */
const nameMatches = (have: string | null | undefined, want: string, exact: boolean) => !exact || norm(have) === norm(want);

/** Contact ↔ person, keyed by email (v2 searchPersons, fields=email, exact_match). */
export const personSpec = (mapping: PipedriveFieldMapping): EntitySpec<'contact', Person> => ({
  type: 'contact',
  path: 'persons',
  label: 'person',
  raw: Person,
  toModel: (p) => toContact(p, mapping),
  toBody: (patch, current) => personBody(patch, current, mapping),
  key: (patch) => (patch.email ? { email: patch.email } : null),
  finder: (q, exact) =>
    q.email ? { search: { term: q.email.trim(), fields: 'email', exact_match: true } }
    : q.name ? { search: { term: q.name.trim(), fields: 'name', exact_match: exact } }
    : null,
  matches: (p, q, exact) => (q.email ? emailsOf(p).includes(norm(q.email)) : q.name ? nameMatches(p.name, q.name, exact) : false),
});

/**
 * Company ↔ organization. The key is the domain when a custom field holds it (searchable exactly),
 * else the exact name: Pipedrive's search does not cover `website`, so a domain kept there can only
 * be found by reading the organization list (search({ domain }) does that, bounded).
 */
export const organizationSpec = (mapping: PipedriveFieldMapping): EntitySpec<'company', Organization> => {
  const domainField = mapping.company?.domain;
  return {
    type: 'company',
    path: 'organizations',
    label: 'organization',
    raw: Organization,
    toModel: (o) => toCompany(o, mapping),
    toBody: (patch, current) => organizationBody(patch, current, mapping),
    key: (patch): SearchQuery | null =>
      patch.domain && domainField ? { domain: patch.domain }
      : patch.name ? { name: patch.name }
      : patch.domain ? { domain: patch.domain }
      : null,
    finder: (q, exact) =>
      q.domain ? (domainField ? { search: { term: domainOf(q.domain) ?? q.domain, fields: 'custom_fields', exact_match: true } } : { scan: true })
      : q.name ? { search: { term: q.name.trim(), fields: 'name', exact_match: exact } }
      : null,
    matches: (o, q, exact) => (q.domain ? companyDomain(o, mapping) === domainOf(q.domain) : q.name ? nameMatches(o.name, q.name, exact) : false),
  };
};

/** Deal ↔ deal. No natural key: an upsert without id creates. */
export const dealSpec = (mapping: PipedriveFieldMapping, afterWrite: EntitySpec<'deal', Deal>['afterWrite']): EntitySpec<'deal', Deal> => ({
  type: 'deal',
  path: 'deals',
  label: 'deal',
  raw: Deal,
  toModel: (d) => toDeal(d, mapping),
  toBody: (patch, current) => dealBody(patch, current, mapping),
  key: () => null,
  finder: (q, exact) => (q.name ? { search: { term: q.name.trim(), fields: 'title', exact_match: exact } } : null),
  matches: (d, q, exact) => (q.name ? nameMatches(d.title, q.name, exact) : false),
  afterWrite,
});

import { CrmCompany, CrmContact, CrmDeal, type ObjectType, type RecordPatch } from '../model';
import type { ContactPoint, Deal, DealWrite, Organization, OrganizationWrite, Person, PersonWrite } from './schemas';

/**
 * Pipedrive ↔ Countersign model. Per object type, the field mapping sends our field names (or
 * `properties` keys) to Pipedrive custom-field keys (40-character hashes). Pipedrive organizations
 * have no domain field: `company.domain` lives in the custom field mapped as `domain` when there is
 * one (searchable, so it can key upserts), otherwise it is read from and written to `website`.
 */
export type PipedriveFieldMapping = Partial<Record<ObjectType, Record<string, string>>>;

/** A patch Pipedrive cannot take as given (reported on the item, never retried). */
export class PatchError extends Error {
  override name = 'PatchError';
}

const MODEL_FIELDS: Record<ObjectType, readonly string[]> = {
  contact: Object.keys(CrmContact.shape),
  company: Object.keys(CrmCompany.shape),
  deal: Object.keys(CrmDeal.shape),
};

const str = (v: unknown): string | null =>
  v === null || v === undefined ? null : typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
const idOrNull = (v: number | null | undefined): string | null => (typeof v === 'number' ? String(v) : null);

/** A Pipedrive id from one of ours; Pipedrive ids are positive integers. */
export function pipedriveId(value: string, what: string): number {
  if (!/^\d{1,15}$/.test(value.trim()) || Number(value) <= 0) throw new PatchError(`${what} must be a Pipedrive id (a number), not "${value}".`);
  return Number(value);
}
const optionalId = (value: string | null, what: string): number | null => (value === null ? null : pipedriveId(value, what));

/** custom_fields → properties, under our names where the mapping has one (model fields excluded). */
function toProperties(type: ObjectType, custom: Record<string, unknown> | null | undefined, mapping: PipedriveFieldMapping) {
  const ours = new Map(Object.entries(mapping[type] ?? {}).map(([k, v]) => [v, k]));
  const out: Record<string, string | null> = {};
  for (const [key, value] of Object.entries(custom ?? {})) {
    const name = ours.get(key) ?? key;
    if (!MODEL_FIELDS[type].includes(name)) out[name] = str(value);
  }
  return out;
}

function toCustomFields(type: ObjectType, props: Record<string, string | null> | undefined, mapping: PipedriveFieldMapping) {
  if (!props || Object.keys(props).length === 0) return undefined;
  return Object.fromEntries(Object.entries(props).map(([k, v]) => [mapping[type]?.[k] ?? k, v]));
}

const primary = (points: ContactPoint[] | null | undefined): string | null =>
  (points?.find((p) => p.primary && p.value) ?? points?.find((p) => p.value))?.value ?? null;

/** Makes `value` the primary entry and keeps the others; undefined when nothing changes. */
function withPrimary(points: ContactPoint[] | null | undefined, value: string | null, same: (a: string, b: string) => boolean) {
  const existing = (points ?? []).filter((p): p is ContactPoint & { value: string } => !!p.value);
  if (value !== null && existing.some((p) => p.primary && same(p.value, value))) return undefined;
  const rest = existing.filter((p) => value === null || !same(p.value, value)).map((p) => ({ value: p.value, primary: false, label: p.label ?? 'work' }));
  if (value === null) return rest.map((p, i) => ({ ...p, primary: i === 0 }));
  const label = existing.find((p) => same(p.value, value))?.label ?? 'work';
  return [{ value, primary: true, label }, ...rest];
}
const sameEmail = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
const sameText = (a: string, b: string) => a.trim() === b.trim();

function splitName(name: string | null | undefined): [string | null, string | null] {
  const parts = (name ?? '').trim().split(/\s+/).filter(Boolean);
  return parts.length === 0 ? [null, null] : [parts[0] ?? null, parts.slice(1).join(' ') || null];
}

export const emailsOf = (p: Person): string[] => (p.emails ?? []).flatMap((e) => (e.value ? [e.value.trim().toLowerCase()] : []));

export function toContact(p: Person, mapping: PipedriveFieldMapping): CrmContact {
  const [first, last] = splitName(p.name);
  return CrmContact.parse({
    id: String(p.id),
    email: primary(p.emails),
    firstName: p.first_name ?? first,
    lastName: p.last_name ?? last,
    title: p.job_title ?? null,
    phone: primary(p.phones),
    companyId: idOrNull(p.org_id),
    ownerId: idOrNull(p.owner_id),
    updatedAt: p.update_time ?? null,
    properties: toProperties('contact', p.custom_fields, mapping),
  });
}

export function personBody(patch: RecordPatch<'contact'>, current: Person | null, mapping: PipedriveFieldMapping): PersonWrite {
  const body: PersonWrite = {};
  if (patch.firstName !== undefined || patch.lastName !== undefined) {
    const [first, last] = current ? [current.first_name ?? splitName(current.name)[0], current.last_name ?? splitName(current.name)[1]] : [null, null];
    const name = [patch.firstName === undefined ? first : patch.firstName, patch.lastName === undefined ? last : patch.lastName].filter(Boolean).join(' ');
    if (name) body.name = name;
  }
  // Pipedrive requires a name: a new person without one is named after the email.
  if (!current && !body.name) {
    if (!patch.email) throw new PatchError('A new Pipedrive person needs a name or an email.');
    body.name = patch.email;
  }
  if (patch.email !== undefined) {
    const emails = withPrimary(current?.emails, patch.email, sameEmail);
    if (emails) body.emails = emails;
  }
  if (patch.phone !== undefined) {
    const phones = withPrimary(current?.phones, patch.phone, sameText);
    if (phones) body.phones = phones;
  }
  if (patch.title !== undefined) body.job_title = patch.title;
  if (patch.companyId !== undefined) body.org_id = optionalId(patch.companyId, 'companyId');
  if (patch.ownerId !== undefined) body.owner_id = optionalId(patch.ownerId, 'ownerId');
  const custom = toCustomFields('contact', patch.properties, mapping);
  if (custom) body.custom_fields = custom;
  return body;
}

/** A bare host name: "https://www.Acme.com/about" → "acme.com". */
export function domainOf(website: string | null | undefined): string | null {
  const raw = website?.trim();
  if (!raw) return null;
  try {
    return new URL(raw.includes('://') ? raw : `https://${raw}`).hostname.replace(/^www\./, '').toLowerCase() || null;
  } catch {
    return null;
  }
}

export function companyDomain(o: Organization, mapping: PipedriveFieldMapping): string | null {
  const field = mapping.company?.domain;
  return field ? domainOf(str(o.custom_fields?.[field])) : domainOf(o.website);
}

export function toCompany(o: Organization, mapping: PipedriveFieldMapping): CrmCompany {
  return CrmCompany.parse({
    id: String(o.id),
    name: o.name ?? null,
    domain: companyDomain(o, mapping),
    industry: idOrNull(o.industry),
    employees: o.employee_count ?? null,
    ownerId: idOrNull(o.owner_id),
    updatedAt: o.update_time ?? null,
    properties: toProperties('company', o.custom_fields, mapping),
  });
}

export function organizationBody(patch: RecordPatch<'company'>, current: Organization | null, mapping: PipedriveFieldMapping): OrganizationWrite {
  const body: OrganizationWrite = {};
  const domain = patch.domain === undefined || patch.domain === null ? patch.domain : domainOf(patch.domain);
  if (patch.domain && !domain) throw new PatchError(`"${patch.domain}" is not a domain name.`);
  if (patch.name !== undefined && patch.name !== null) body.name = patch.name;
  if (!current && !body.name) {
    if (!domain) throw new PatchError('A new Pipedrive organization needs a name or a domain.');
    body.name = domain;
  }
  const custom = toCustomFields('company', patch.properties, mapping) ?? {};
  const domainField = mapping.company?.domain;
  if (domain !== undefined && !(current && companyDomain(current, mapping) === domain)) {
    if (domainField) custom[domainField] = domain;
    else body.website = domain === null ? null : `https://${domain}`;
  }
  if (patch.industry !== undefined) {
    if (patch.industry !== null && !/^\d+$/.test(patch.industry)) throw new PatchError(`industry must be the id of a Pipedrive Industry option, not "${patch.industry}".`);
    body.industry = patch.industry === null ? null : Number(patch.industry);
  }
  if (patch.employees !== undefined) {
    if (patch.employees !== null && !(Number.isInteger(patch.employees) && patch.employees >= 0)) throw new PatchError('employees must be a whole number.');
    body.employee_count = patch.employees;
  }
  if (patch.ownerId !== undefined) body.owner_id = optionalId(patch.ownerId, 'ownerId');
  if (Object.keys(custom).length) body.custom_fields = custom;
  return body;
}

export function toDeal(d: Deal, mapping: PipedriveFieldMapping): CrmDeal {
  return CrmDeal.parse({
    id: String(d.id),
    name: d.title ?? null,
    amount: d.value ?? null,
    currency: d.currency ?? null,
    pipelineId: idOrNull(d.pipeline_id),
    stageId: idOrNull(d.stage_id),
    closeDate: d.expected_close_date ?? null,
    ownerId: idOrNull(d.owner_id),
    companyId: idOrNull(d.org_id),
    // The deal's person; further participants come from associations() (v1 participants).
    contactIds: d.person_id ? [String(d.person_id)] : [],
    updatedAt: d.update_time ?? null,
    properties: toProperties('deal', d.custom_fields, mapping),
  });
}

export function dealBody(patch: RecordPatch<'deal'>, current: Deal | null, mapping: PipedriveFieldMapping): DealWrite {
  const body: DealWrite = {};
  if (patch.name) body.title = patch.name;
  if (!current && !body.title) throw new PatchError('A new Pipedrive deal needs a name (its title).');
  if (patch.amount !== undefined) body.value = patch.amount ?? 0;
  if (patch.currency) body.currency = patch.currency;
  if (patch.pipelineId) body.pipeline_id = pipedriveId(patch.pipelineId, 'pipelineId');
  if (patch.stageId) body.stage_id = pipedriveId(patch.stageId, 'stageId');
  if (patch.closeDate !== undefined) {
    const date = patch.closeDate?.slice(0, 10) ?? null;
    if (date !== null && !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new PatchError(`closeDate must be a date (YYYY-MM-DD), not "${patch.closeDate}".`);
    body.expected_close_date = date;
  }
  if (patch.ownerId !== undefined) body.owner_id = optionalId(patch.ownerId, 'ownerId');
  if (patch.companyId !== undefined) body.org_id = optionalId(patch.companyId, 'companyId');
  // The first contact is the deal's person; the rest are added as participants after the write.
  if (patch.contactIds !== undefined) {
    const first = patch.contactIds[0];
    body.person_id = first === undefined ? null : pipedriveId(first, 'contactIds');
    patch.contactIds.slice(1).forEach((c) => pipedriveId(c, 'contactIds'));
  }
  const custom = toCustomFields('deal', patch.properties, mapping);
  if (custom) body.custom_fields = custom;
  return body;
}

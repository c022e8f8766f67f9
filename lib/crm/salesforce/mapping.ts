import { RECORD_SCHEMA, type ObjectType, type RecordOf, type RecordPatch } from '../model';
import type { FieldValue, SObjectRow } from './schemas';
import { apiName } from './soql';

/**
 * Our model ↔ Salesforce standard objects: contact ↔ Contact, company ↔ Account (domain ↔ the
 * host of Website), deal ↔ Opportunity (stage ↔ StageName). Associations are lookup fields
 * (Contact.AccountId, Opportunity.AccountId) and OpportunityContactRole rows (deal.contactIds).
 * Field names are API names as describe spells them (Salesforce answers in that case whatever
 * case a query used). Settings' `crm.salesforce.mapping` overrides any entry, e.g.
 * `{ deal: { currency: 'CurrencyIsoCode' } }` in a multi-currency org (the field does not exist
 * elsewhere, so it is not mapped by default), or `{ contact: { score: 'Countersign_Score__c' } }`.
 */
export type SalesforceFieldMapping = Record<ObjectType, Record<string, string>>;
export type SalesforceMappingOverrides = Partial<Record<ObjectType, Record<string, string>>>;

export const SF_OBJECT = { contact: 'Contact', company: 'Account', deal: 'Opportunity' } as const satisfies Record<ObjectType, string>;
/** Salesforce's sales process is the StageName picklist; we model it as one pipeline. */
export const PIPELINE_ID = 'default';

export const DEFAULT_MAPPING: SalesforceFieldMapping = {
  contact: { email: 'Email', firstName: 'FirstName', lastName: 'LastName', title: 'Title', phone: 'Phone', companyId: 'AccountId', ownerId: 'OwnerId' },
  company: { name: 'Name', domain: 'Website', industry: 'Industry', employees: 'NumberOfEmployees', ownerId: 'OwnerId' },
  deal: { name: 'Name', amount: 'Amount', stageId: 'StageName', closeDate: 'CloseDate', ownerId: 'OwnerId', companyId: 'AccountId' },
};

export function resolveMapping(overrides: SalesforceMappingOverrides = {}): SalesforceFieldMapping {
  const merged = {
    contact: { ...DEFAULT_MAPPING.contact, ...overrides.contact },
    company: { ...DEFAULT_MAPPING.company, ...overrides.company },
    deal: { ...DEFAULT_MAPPING.deal, ...overrides.deal },
  };
  for (const map of Object.values(merged)) for (const name of Object.values(map)) apiName(name);
  return merged;
}

const NUMERIC = new Set(['employees', 'amount']);
/** Model fields that never come from a mapped field. */
const DERIVED = new Set(['id', 'updatedAt', 'properties', 'contactIds', 'pipelineId']);
const SYSTEM = new Set(['Id', 'LastModifiedDate']);
const modelFields = (type: ObjectType) => new Set(Object.keys(RECORD_SCHEMA[type].shape).filter((k) => !DERIVED.has(k)));

export const normalizeDomain = (value: string) =>
  value.trim().toLowerCase().replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/^www\./, '').replace(/[/?#:].*$/, '');

/** Fields to select when reading a type. */
export function fieldsToRead(mapping: SalesforceFieldMapping, type: ObjectType, extra: readonly string[] = []): string[] {
  return [...new Set(['Id', 'LastModifiedDate', ...Object.values(mapping[type]), ...extra.map(apiName)])];
}

const text = (raw: FieldValue | undefined): string | null => (raw === null || raw === undefined || raw === '' ? null : String(raw));
const numeric = (raw: FieldValue | undefined): number | null => {
  if (typeof raw === 'number') return raw;
  const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  return Number.isFinite(n) ? n : null;
};

/** A queried row → our model; selected fields we do not model land in `properties` under their API name. */
export function fromRow<T extends ObjectType>(mapping: SalesforceFieldMapping, type: T, row: SObjectRow, contactIds: string[] = []): RecordOf<T> {
  const fields = modelFields(type);
  const values: Record<string, unknown> = { id: row.id, updatedAt: text(row.fields.LastModifiedDate) };
  const properties: Record<string, string | null> = {};
  const consumed = new Set<string>(SYSTEM);
  for (const [key, name] of Object.entries(mapping[type])) {
    if (!(name in row.fields)) continue;
    consumed.add(name);
    const raw = row.fields[name];
    if (!fields.has(key)) properties[key] = text(raw);
    else if (NUMERIC.has(key)) values[key] = numeric(raw);
    else if (key === 'domain') values[key] = text(raw) === null ? null : normalizeDomain(String(raw)) || null;
    else values[key] = text(raw);
  }
  for (const [name, raw] of Object.entries(row.fields)) if (!consumed.has(name)) properties[name] = text(raw);
  values.properties = properties;
  if (type === 'deal') Object.assign(values, { pipelineId: PIPELINE_ID, contactIds });
  return RECORD_SCHEMA[type].parse(values) as RecordOf<T>;
}

/**
 * A patch in our model → Salesforce field values (null clears a field). `properties` keys go
 * under their mapped name, else as they are (they must be API names). pipelineId has no field
 * (one sales process) and contactIds are OpportunityContactRole rows, written with `associate()`.
 */
export function toFields<T extends ObjectType>(mapping: SalesforceFieldMapping, type: T, patch: RecordPatch<T>): Record<string, FieldValue> {
  const map = mapping[type];
  const fields = modelFields(type);
  const out: Record<string, FieldValue> = {};
  const { properties, ...rest } = patch as RecordPatch<ObjectType> & Record<string, unknown>;
  for (const [key, value] of Object.entries(rest)) {
    const name = map[key];
    if (!fields.has(key) || value === undefined || !name) continue;
    if (value === null) out[name] = null;
    else if (key === 'domain' && typeof value === 'string') out[name] = normalizeDomain(value) || null;
    else if (typeof value === 'string' || typeof value === 'number') out[name] = typeof value === 'string' ? value.trim() : value;
  }
  for (const [key, value] of Object.entries(properties ?? {})) out[apiName(map[key] ?? key)] = value;
  return out;
}

/** The key an upsert without an id matches on: a contact's email, a company's domain; deals have none. */
export function naturalKey(type: ObjectType, patch: RecordPatch<ObjectType>): string | null {
  if (type === 'contact' && 'email' in patch && typeof patch.email === 'string') return patch.email.trim().toLowerCase() || null;
  if (type === 'company' && 'domain' in patch && typeof patch.domain === 'string') return normalizeDomain(patch.domain) || null;
  return null;
}

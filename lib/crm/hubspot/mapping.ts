import { z } from 'zod';
import { RECORD_SCHEMA, type ObjectType, type RecordOf, type RecordPatch } from '../model';
import type { SimplePublicObject } from './schemas';

/**
 * Our field (or a `properties` key) → HubSpot property name, per object type. The defaults
 * below are HubSpot's own default properties; an install overrides any entry (settings'
 * `crm.hubspot.mapping`), e.g. `{ contact: { score: 'countersign_score' } }`.
 */
export const HubspotFieldMapping = z.object({
  contact: z.record(z.string(), z.string().min(1)),
  company: z.record(z.string(), z.string().min(1)),
  deal: z.record(z.string(), z.string().min(1)),
});
export type HubspotFieldMapping = z.infer<typeof HubspotFieldMapping>;
export type HubspotMappingOverrides = Partial<Record<ObjectType, Record<string, string>>>;

export const DEFAULT_MAPPING: HubspotFieldMapping = {
  contact: { email: 'email', firstName: 'firstname', lastName: 'lastname', title: 'jobtitle', phone: 'phone', ownerId: 'hubspot_owner_id' },
  company: { name: 'name', domain: 'domain', industry: 'industry', employees: 'numberofemployees', ownerId: 'hubspot_owner_id' },
  deal: {
    name: 'dealname',
    amount: 'amount',
    currency: 'deal_currency_code',
    pipelineId: 'pipeline',
    stageId: 'dealstage',
    closeDate: 'closedate',
    ownerId: 'hubspot_owner_id',
  },
};

export function resolveMapping(overrides: HubspotMappingOverrides = {}): HubspotFieldMapping {
  return HubspotFieldMapping.parse({
    contact: { ...DEFAULT_MAPPING.contact, ...overrides.contact },
    company: { ...DEFAULT_MAPPING.company, ...overrides.company },
    deal: { ...DEFAULT_MAPPING.deal, ...overrides.deal },
  });
}

/** HubSpot's object type names in paths. */
export const HS_TYPE = { contact: 'contacts', company: 'companies', deal: 'deals' } as const satisfies Record<ObjectType, string>;

/** Model fields that hold numbers (HubSpot sends every value as a string). */
const NUMERIC = new Set(['employees', 'amount']);
/** Model fields that come from elsewhere (associations, timestamps), never from a property. */
const DERIVED = new Set(['id', 'updatedAt', 'properties', 'companyId', 'contactIds']);
/** Read-only bookkeeping properties: not worth round-tripping (writing them back fails). */
const SYSTEM = new Set(['hs_object_id', 'createdate', 'lastmodifieddate', 'hs_lastmodifieddate']);

const modelFields = (type: ObjectType) => new Set(Object.keys(RECORD_SCHEMA[type].shape).filter((k) => !DERIVED.has(k)));

/** HubSpot property names to ask for when reading a type. */
export function propertiesToRead(mapping: HubspotFieldMapping, type: ObjectType, extra: string[] = []): string[] {
  return [...new Set([...Object.values(mapping[type]), ...extra])];
}

/**
 * A patch in our model → HubSpot `properties`. Null clears (HubSpot clears a value given an
 * empty string). `properties` keys pass through under their mapped name, else as they are.
 * companyId/contactIds are associations, written with `associate()`, not as properties.
 */
export function toHubspotProperties<T extends ObjectType>(mapping: HubspotFieldMapping, type: T, patch: RecordPatch<T>): Record<string, string> {
  const map = mapping[type];
  const fields = modelFields(type);
  const out: Record<string, string> = {};
  const { properties, ...rest } = patch as RecordPatch<ObjectType> & Record<string, unknown>;
  for (const [key, value] of Object.entries(rest)) {
    if (!fields.has(key) || value === undefined) continue;
    const name = map[key];
    if (!name) continue;
    out[name] = value === null ? '' : String(value);
  }
  for (const [key, value] of Object.entries(properties ?? {})) out[map[key] ?? key] = value ?? '';
  return out;
}

/** A HubSpot object → our model; unmapped properties land in `properties` under their HubSpot name. */
export function fromHubspotObject<T extends ObjectType>(mapping: HubspotFieldMapping, type: T, object: SimplePublicObject): RecordOf<T> {
  const map = mapping[type];
  const fields = modelFields(type);
  const values: Record<string, unknown> = { id: object.id, updatedAt: object.updatedAt ?? null };
  const properties: Record<string, string | null> = {};
  const consumed = new Set<string>();
  for (const [key, name] of Object.entries(map)) {
    const raw = object.properties[name];
    if (raw === undefined) continue;
    consumed.add(name);
    if (fields.has(key)) values[key] = NUMERIC.has(key) ? toNumber(raw) : raw === '' ? null : raw;
    else properties[key] = raw;
  }
  for (const [name, raw] of Object.entries(object.properties)) if (!consumed.has(name) && !SYSTEM.has(name)) properties[name] = raw;
  values.properties = properties;
  const assoc = (key: string) => associatedIds(object, key);
  if (type === 'contact') values.companyId = assoc('companies')[0] ?? null;
  if (type === 'deal') {
    values.companyId = assoc('companies')[0] ?? null;
    values.contactIds = assoc('contacts');
  }
  return RECORD_SCHEMA[type].parse(values) as RecordOf<T>;
}

/** Ids from a v3 `associations` block; the primary (labelled) association comes first. */
function associatedIds(object: SimplePublicObject, key: string): string[] {
  const results = object.associations?.[key]?.results ?? [];
  const rank = (type: string | undefined) => (type?.includes('unlabeled') ? 1 : 0);
  const ordered = [...results].sort((a, b) => rank(a.type) - rank(b.type));
  return [...new Set(ordered.map((r) => r.id))];
}

function toNumber(raw: string | null): number | null {
  if (raw === null || raw.trim() === '') return null;
  const n = Number(raw);
  return Number.isFinite(n) ? n : null;
}

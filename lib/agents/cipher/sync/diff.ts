import { sha256Hex } from '../../../gates/content-hash';
import type { ObjectType, RecordOf, RecordPatch } from '../../../crm/model';

/** One field that would change: our model's field name, or `properties.<vendor field>`. */
export interface FieldDiff {
  field: string;
  before: unknown;
  after: unknown;
}

type AnyRecord = RecordOf<ObjectType>;
type AnyPatch = RecordPatch<ObjectType>;

const PROPERTY_PREFIX = 'properties.';

/** Structural equality for field values (strings, numbers, null, string arrays); an empty string is no value, as CRMs treat it. */
export function sameValue(a: unknown, b: unknown): boolean {
  const norm = (v: unknown) => (v === '' || v === undefined ? null : v);
  return canonicalJson(norm(a)) === canonicalJson(norm(b));
}

/** A field's current value in a record (null when absent). */
export function fieldValue(record: AnyRecord | null, field: string): unknown {
  if (!record) return null;
  if (field.startsWith(PROPERTY_PREFIX)) return record.properties[field.slice(PROPERTY_PREFIX.length)] ?? null;
  return (record as unknown as Record<string, unknown>)[field] ?? null;
}

/**
 * Field-level diff of a patch against the record as read (null: it does not exist yet). Only
 * fields whose value differs are listed; for a create, only fields the patch sets to a value.
 */
export function diffRecord(current: AnyRecord | null, patch: AnyPatch): FieldDiff[] {
  const { properties, ...fields } = patch as AnyPatch & Record<string, unknown>;
  const entries: [string, unknown][] = [
    ...Object.entries(fields).filter(([, v]) => v !== undefined),
    ...Object.entries(properties ?? {}).map(([k, v]): [string, unknown] => [`${PROPERTY_PREFIX}${k}`, v]),
  ];
  const out: FieldDiff[] = [];
  for (const [field, after] of entries) {
    const before = fieldValue(current, field);
    if (!current && (after === null || after === '')) continue;
    if (!sameValue(before, after)) out.push({ field, before, after });
  }
  return out.sort((a, b) => a.field.localeCompare(b.field));
}

/** The patch that writes exactly these diffs (the "after" values), nothing else. */
export function patchOf(diff: FieldDiff[]): AnyPatch {
  const patch: Record<string, unknown> = {};
  const properties: Record<string, string | null> = {};
  for (const d of diff) {
    if (d.field.startsWith(PROPERTY_PREFIX)) properties[d.field.slice(PROPERTY_PREFIX.length)] = (d.after as string | null) ?? null;
    else patch[d.field] = d.after;
  }
  if (Object.keys(properties).length) patch.properties = properties;
  return patch as AnyPatch;
}

/** JSON with object keys sorted, so equal values always serialise the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** SHA-256 of a proposal's canonical form: the value an approval binds. Synchronous (safe in a transaction). */
export const proposalHash = (proposal: unknown): string => sha256Hex(canonicalJson({ v: 1, proposal }));

import { CrmApiError } from '../http';
import type { ItemResult, ObjectType, RecordPatch, Upsert } from '../model';
import type { SalesforceClient } from './client';
import { naturalKey, normalizeDomain, SF_OBJECT, toFields, type SalesforceFieldMapping } from './mapping';
import { COLLECTION_LIMIT, SaveResults, UpsertResults, type CollectionRecord, type FieldValue, type RecordError, type SaveResult } from './schemas';
import { anyOf, byLength, containsPattern, inList, like, recordId, select } from './soql';

/**
 * Batch writes through sObject Collections (at most 200 records a call, allOrNone false, one
 * result per record in request order, mapped back to input indices).
 *
 * How each input is written, and why nothing is ever created twice:
 * - with an id: update by id (PATCH /composite/sobjects), idempotent, so CrmHttp repeats it through 5xx;
 * - with a natural key (contact email, company domain) and an external-id field configured for the
 *   type: upsert by that field (PATCH /composite/sobjects/{Object}/{field}), idempotent likewise;
 * - with a natural key and no external-id field: look the key up (SOQL), update what exists,
 *   create the rest (POST, not idempotent: CrmHttp repeats it only for rate limits, which Salesforce
 *   never acted on). A create whose outcome is unknown (5xx, timeout) is reported retryable: the next
 *   attempt looks the key up again and finds the record if it was made, so it updates instead;
 * - without a key (deals): create; an unknown outcome is reported as not retryable, with a message
 *   saying so, because nothing could tell a second attempt that the first one worked.
 * The same key twice in one call is written in order: never twice in one request (waves), and a
 * record created in this call is updated by its new id for later repeats. If Salesforce refuses the
 * sign-in partway (after one token renewal), no further call is made: what was written keeps its
 * result and the rest fail with the request to reconnect.
 */
export interface BatchOptions {
  /** Per type: a unique External ID field holding the natural key (lower-cased email, bare domain). */
  externalIdFields: Partial<Record<ObjectType, string>>;
}

interface Entry {
  index: number;
  record: CollectionRecord;
  /** Records sharing a key are never sent in the same request. */
  key: string | null;
}
type Kind = 'create' | 'update' | 'upsert';
/** Once Salesforce refuses the sign-in, no further call is made; what was written keeps its result. */
interface Run {
  client: SalesforceClient;
  halted: CrmApiError | null;
}
const isAuth = (e: unknown): e is CrmApiError => e instanceof CrmApiError && e.kind === 'auth';

const TRANSIENT = new Set(['UNABLE_TO_LOCK_ROW', 'REQUEST_LIMIT_EXCEEDED', 'SERVER_UNAVAILABLE']);
const messageOf = (e: unknown) => (e instanceof CrmApiError ? e.userMessage : e instanceof Error ? e.message : String(e));
const describe = (errors: RecordError[]) =>
  errors.map((e) => `${e.message} (${e.statusCode}${e.fields.length ? `: ${e.fields.join(', ')}` : ''})`).join('; ') || 'Salesforce gave no reason.';

export async function batchUpsert<T extends ObjectType>(client: SalesforceClient, mapping: SalesforceFieldMapping, opts: BatchOptions, type: T, items: Upsert<T>[]): Promise<ItemResult[]> {
  const object = SF_OBJECT[type];
  const results: ItemResult[] = [];
  const updates: Entry[] = [];
  const upserts: Entry[] = [];
  const lookups: { index: number; fields: Record<string, FieldValue>; key: string }[] = [];
  const creates: Entry[] = [];
  const external = opts.externalIdFields[type];
  const run: Run = { client, halted: null };
  for (const [index, item] of items.entries()) {
    let fields: Record<string, FieldValue>;
    try {
      fields = toFields(mapping, type, item.patch);
      if (item.id) recordId(item.id);
    } catch (e) {
      results.push({ index, ok: false, error: messageOf(e), retryable: false });
      continue;
    }
    const key = naturalKey(type, item.patch as RecordPatch<ObjectType>);
    const attributes = { type: object };
    if (item.id) updates.push({ index, record: { attributes, id: item.id, ...fields }, key: item.id });
    else if (key && external) upserts.push({ index, record: { attributes, ...fields, [external]: key }, key });
    else if (key) lookups.push({ index, fields, key });
    else creates.push({ index, record: { attributes, ...fields }, key: null });
  }
  if (lookups.length > 0) {
    try {
      const found = await findByKey(client, mapping, type, [...new Set(lookups.map((l) => l.key))]);
      for (const l of lookups) {
        const id = found.get(l.key);
        // A matched company keeps its Website as written there (it already has this host).
        const fields = id && type === 'company' ? withoutField(l.fields, mapping.company.domain) : l.fields;
        if (id) updates.push({ index: l.index, record: { attributes: { type: object }, id, ...fields }, key: id });
        else creates.push({ index: l.index, record: { attributes: { type: object }, ...fields }, key: l.key });
      }
    } catch (e) {
      if (isAuth(e)) run.halted = e;
      for (const l of lookups) results.push(failure(l.index, e, isRetryable(e)));
    }
  }
  results.push(...(await send(run, 'upsert', object, upserts, external)));
  results.push(...(await send(run, 'update', object, updates.sort((a, b) => a.index - b.index))));
  results.push(...(await createThenUpdateRepeats(run, object, creates)));
  return results.sort((a, b) => a.index - b.index);
}

export async function batchUpdate<T extends ObjectType>(client: SalesforceClient, mapping: SalesforceFieldMapping, type: T, items: { id: string; patch: RecordPatch<T> }[]): Promise<ItemResult[]> {
  const results: ItemResult[] = [];
  const updates: Entry[] = [];
  for (const [index, item] of items.entries()) {
    try {
      updates.push({ index, record: { attributes: { type: SF_OBJECT[type] }, id: recordId(item.id), ...toFields(mapping, type, item.patch) }, key: item.id });
    } catch (e) {
      results.push({ index, ok: false, error: messageOf(e), retryable: false });
    }
  }
  results.push(...(await send({ client, halted: null }, 'update', SF_OBJECT[type], updates)));
  return results.sort((a, b) => a.index - b.index);
}

/** Existing record ids by natural key; where Salesforce holds duplicates, the oldest (lowest id) wins. */
async function findByKey(client: SalesforceClient, mapping: SalesforceFieldMapping, type: ObjectType, keys: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const wanted = new Set(keys);
  const field = type === 'contact' ? mapping.contact.email : mapping.company.domain;
  if (!field) return found;
  const groups = type === 'contact' ? byLength(keys) : byLength(keys, 4000, (d) => containsPattern(d).length + field.length + 10);
  for (const group of groups) {
    const where = type === 'contact' ? inList(field, group) : anyOf(group.map((d) => like(field, d)));
    const soql = select({ fields: ['Id', field], from: SF_OBJECT[type], where: [where], orderBy: 'Id' });
    for (const row of await client.query(`find ${type} by key`, soql, ['Id', field])) {
      const raw = row.fields[field];
      const key = typeof raw !== 'string' ? '' : type === 'contact' ? raw.trim().toLowerCase() : normalizeDomain(raw);
      if (wanted.has(key) && !found.has(key)) found.set(key, row.id);
    }
  }
  return found;
}

/** Creates each key once; later inputs with the same key update the record just created. */
async function createThenUpdateRepeats(run: Run, object: string, creates: Entry[]): Promise<ItemResult[]> {
  const first = new Map<string, Entry>();
  const once: Entry[] = [];
  const repeats: Entry[] = [];
  for (const e of creates) {
    if (e.key !== null && first.has(e.key)) repeats.push(e);
    else {
      if (e.key !== null) first.set(e.key, e);
      once.push(e);
    }
  }
  const created = await send(run, 'create', object, once);
  if (repeats.length === 0) return created;
  const byIndex = new Map(created.map((r) => [r.index, r]));
  const updates: Entry[] = [];
  const failed: ItemResult[] = [];
  for (const e of repeats) {
    const r = byIndex.get(first.get(e.key ?? '')?.index ?? -1);
    if (r?.ok) updates.push({ index: e.index, record: { ...e.record, id: r.id }, key: r.id });
    else failed.push({ index: e.index, ok: false, error: r && !r.ok ? r.error : 'Not written: the same record failed earlier in this batch.', retryable: r && !r.ok ? r.retryable : true });
  }
  return [...created, ...(await send(run, 'update', object, updates)), ...failed];
}

async function send(run: Run, kind: Kind, object: string, entries: Entry[], externalIdField?: string): Promise<ItemResult[]> {
  const { client } = run;
  const out: ItemResult[] = [];
  for (const wave of waves(entries, COLLECTION_LIMIT)) {
    if (run.halted) {
      out.push(...wave.map((e) => failure(e.index, run.halted, false)));
      continue;
    }
    const body = { allOrNone: false, records: wave.map((e) => e.record) };
    try {
      const answer =
        kind === 'upsert'
          ? await client.call(`upsert ${object} by ${externalIdField}`, { method: 'PATCH', path: `${client.data}/composite/sobjects/${object}/${externalIdField}`, body, schema: UpsertResults, idempotent: true })
          : await client.call(`${kind} ${object}`, { method: kind === 'create' ? 'POST' : 'PATCH', path: `${client.data}/composite/sobjects`, body, schema: SaveResults, idempotent: kind === 'update' });
      if (answer.length !== wave.length) throw new CrmApiError('salesforce', 'invalid_response', `${kind} ${object}: ${answer.length} results for ${wave.length} records`, `Salesforce answered ${answer.length} results for ${wave.length} records.`, false);
      wave.forEach((e, i) => out.push(toItem(e.index, answer[i]!, kind)));
    } catch (e) {
      if (isAuth(e)) run.halted = e;
      // A create without a key whose outcome is unknown must not be repeated blindly.
      for (const entry of wave) out.push(kind === 'create' && entry.key === null && !neverApplied(e) ? unknownOutcome(entry.index, e) : failure(entry.index, e, isRetryable(e)));
    }
  }
  return out;
}

function toItem(index: number, r: SaveResult, kind: Kind): ItemResult {
  if (r.success && r.id) return { index, ok: true, id: r.id, created: kind === 'create' || (kind === 'upsert' && r.created === true) };
  if (r.success) return { index, ok: false, error: 'Salesforce reported success without a record id.', retryable: false };
  return { index, ok: false, error: describe(r.errors), retryable: r.errors.some((e) => TRANSIENT.has(e.statusCode)) };
}

const isRetryable = (e: unknown) => e instanceof CrmApiError && e.retryable;
/** Rate limits, refused sign-ins and other 4xx refusals mean Salesforce did not act on the request. */
const neverApplied = (e: unknown) => e instanceof CrmApiError && ['rate_limit', 'auth', 'client', 'not_found'].includes(e.kind);
const failure = (index: number, e: unknown, retryable: boolean): ItemResult => ({ index, ok: false, error: messageOf(e), retryable });
const unknownOutcome = (index: number, e: unknown): ItemResult => ({
  index,
  ok: false,
  retryable: false,
  error: `Salesforce may have created this record before the answer was lost (${messageOf(e)}). Check Salesforce before sending it again.`,
});

function withoutField(fields: Record<string, FieldValue>, name: string | undefined): Record<string, FieldValue> {
  if (!name) return fields;
  const { [name]: _dropped, ...rest } = fields;
  return rest;
}

/** At most `size` entries per wave and each key at most once per wave, in input order per key. */
export function waves<E extends { key: string | null }>(entries: E[], size: number): E[][] {
  const out: E[][] = [];
  const lastWave = new Map<string, number>();
  for (const e of entries) {
    let w = e.key === null ? 0 : (lastWave.get(e.key) ?? -1) + 1;
    while (w < out.length && out[w]!.length >= size) w++;
    if (w === out.length) out.push([]);
    out[w]!.push(e);
    if (e.key !== null) lastWave.set(e.key, w);
  }
  return out;
}

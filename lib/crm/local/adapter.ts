import { CrmApiError } from '../http';
import {
  RECORD_SCHEMA,
  type BatchResult,
  type ConnectionCheck,
  type CrmAdapter,
  type CrmDeal,
  type CrmRef,
  type ItemResult,
  type Note,
  type ObjectType,
  type Page,
  type Pipeline,
  type RecordOf,
  type RecordPatch,
  type SearchQuery,
  type Upsert,
} from '../model';
import type { LocalCrmDb } from './db';

type AnyRecord = RecordOf<ObjectType>;
const refKey = (ref: Pick<CrmRef, 'type' | 'id'>) => `${ref.type}:${ref.id}`;
const lower = (s: string | null | undefined) => (s ? s.trim().toLowerCase() : null);

/** Index keys derived from the record (email for contacts, domain for companies). */
function withKeys(type: ObjectType, record: AnyRecord): AnyRecord & Record<string, unknown> {
  if (type === 'contact') return { ...record, emailKey: lower((record as RecordOf<'contact'>).email) };
  if (type === 'company') return { ...record, domainKey: lower((record as RecordOf<'company'>).domain) };
  return record;
}

function stripKeys<T extends AnyRecord>(row: object): T {
  const { emailKey: _e, domainKey: _d, ...rest } = row as { emailKey?: unknown; domainKey?: unknown };
  return rest as T;
}

/**
 * The local CRM: the same CrmAdapter interface over IndexedDB, so everything above lib/crm works
 * the same with or without a connected CRM.
 */
export class LocalCrmAdapter implements CrmAdapter {
  readonly kind = 'local' as const;
  readonly capabilities = { batchSize: 500, delete: true, merge: true };

  constructor(
    private readonly db: LocalCrmDb,
    private readonly newId: () => string = () => crypto.randomUUID(),
    private readonly now: () => number = Date.now,
  ) {}

  private table(type: ObjectType) {
    return type === 'contact' ? this.db.contacts : type === 'company' ? this.db.companies : this.db.deals;
  }

  async get<T extends ObjectType>(type: T, id: string): Promise<RecordOf<T> | null> {
    const row = await this.table(type).get(id);
    return row ? stripKeys<RecordOf<T>>(row) : null;
  }

  async list<T extends ObjectType>(type: T, cursor?: string | null, limit = 100): Promise<Page<RecordOf<T>>> {
    const coll = cursor ? this.table(type).where('id').above(cursor) : this.table(type).orderBy('id');
    const rows = (await coll.limit(limit + 1).toArray()) as RecordOf<T>[];
    const items = rows.slice(0, limit).map((r) => stripKeys<RecordOf<T>>(r));
    return { items, next: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
  }

  async search<T extends ObjectType>(type: T, query: SearchQuery): Promise<RecordOf<T>[]> {
    let rows: AnyRecord[] = [];
    if (type === 'contact' && query.email) rows = await this.db.contacts.where('emailKey').equals(lower(query.email) ?? '').toArray();
    else if (type === 'company' && query.domain) rows = await this.db.companies.where('domainKey').equals(lower(query.domain) ?? '').toArray();
    else if (query.name) {
      const needle = query.name.trim().toLowerCase();
      rows = await this.table(type)
        .filter((r: AnyRecord) => displayName(type, r).toLowerCase().includes(needle))
        .limit(100)
        .toArray();
    }
    return rows.map((r) => stripKeys<RecordOf<T>>(r));
  }

  /** Finds the existing record an upsert refers to: by id, else by natural key. */
  private async existing(type: ObjectType, item: Upsert<ObjectType>): Promise<AnyRecord | undefined> {
    if (item.id) return this.table(type).get(item.id);
    const patch = item.patch as Record<string, unknown>;
    if (type === 'contact' && typeof patch.email === 'string') return this.db.contacts.where('emailKey').equals(lower(patch.email) ?? '').first();
    if (type === 'company' && typeof patch.domain === 'string') return this.db.companies.where('domainKey').equals(lower(patch.domain) ?? '').first();
    return undefined;
  }

  async batchUpsert<T extends ObjectType>(type: T, items: Upsert<T>[]): Promise<BatchResult> {
    const results: ItemResult[] = [];
    await this.db.transaction('rw', this.table(type), async () => {
      for (const [index, item] of items.entries()) {
        const found = await this.existing(type, item as Upsert<ObjectType>);
        if (item.id && !found) {
          results.push({ index, ok: false, error: `No ${type} with id ${item.id}`, retryable: false });
          continue;
        }
        const record = this.apply(type, found, item.patch);
        if (!record.ok) {
          results.push({ index, ok: false, error: record.error, retryable: false });
          continue;
        }
        await this.table(type).put(withKeys(type, record.value) as never);
        results.push({ index, ok: true, id: record.value.id, created: !found });
      }
    });
    return { results };
  }

  batchUpdate<T extends ObjectType>(type: T, items: { id: string; patch: RecordPatch<T> }[]): Promise<BatchResult> {
    return this.batchUpsert(type, items);
  }

  /** Merges a patch into a record (or a new one), validated by the model's schema. */
  private apply(type: ObjectType, base: AnyRecord | undefined, patch: RecordPatch<ObjectType>): { ok: true; value: AnyRecord } | { ok: false; error: string } {
    const { properties, ...fields } = patch as RecordPatch<ObjectType> & Record<string, unknown>;
    const merged = {
      ...(base ? stripKeys<AnyRecord>(base) : { id: this.newId() }),
      ...fields,
      properties: { ...(base?.properties ?? {}), ...(properties ?? {}) },
      updatedAt: new Date(this.now()).toISOString(),
    };
    const parsed = RECORD_SCHEMA[type].safeParse(merged);
    if (!parsed.success) return { ok: false, error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
    return { ok: true, value: parsed.data };
  }

  async changeStage(dealId: string, stageId: string, pipelineId?: string): Promise<CrmDeal> {
    const deal = await this.db.deals.get(dealId);
    if (!deal) throw new CrmApiError('local', 'not_found', `changeStage: no deal ${dealId}`, 'The local CRM has no such deal.', false);
    const pipeline = await this.db.pipelines.get(pipelineId ?? deal.pipelineId ?? 'default');
    if (!pipeline?.stages.some((s) => s.id === stageId)) {
      throw new CrmApiError('local', 'client', `changeStage: unknown stage ${stageId}`, `The local CRM has no stage "${stageId}" in that pipeline.`, false);
    }
    const next: CrmDeal = { ...deal, stageId, pipelineId: pipeline.id, updatedAt: new Date(this.now()).toISOString() };
    await this.db.deals.put(next);
    return next;
  }

  async remove(type: ObjectType, id: string): Promise<void> {
    await this.db.transaction('rw', [this.table(type), this.db.associations], async () => {
      await this.table(type).delete(id);
      const key = refKey({ type, id });
      await this.db.associations.where('from').equals(key).delete();
      await this.db.associations.where('to').equals(key).delete();
    });
  }

  /** Loser's fields fill the winner's gaps; its associations move to the winner; the loser goes. */
  async merge(type: ObjectType, winnerId: string, loserId: string): Promise<void> {
    await this.db.transaction('rw', [this.table(type), this.db.associations], async () => {
      const [winner, loser] = await Promise.all([this.table(type).get(winnerId), this.table(type).get(loserId)]);
      if (!winner || !loser) throw new CrmApiError('local', 'not_found', `merge: missing ${winner ? loserId : winnerId}`, 'The local CRM has no such record.', false);
      const filled: Record<string, unknown> = { ...loser, ...Object.fromEntries(Object.entries(winner).filter(([, v]) => v !== null && v !== '')) };
      filled.properties = { ...loser.properties, ...winner.properties };
      filled.id = winnerId;
      await this.table(type).put(filled as never);
      const [w, l] = [refKey({ type, id: winnerId }), refKey({ type, id: loserId })];
      for (const a of await this.db.associations.where('from').equals(l).toArray()) await this.db.associations.put({ from: w, to: a.to });
      for (const a of await this.db.associations.where('to').equals(l).toArray()) await this.db.associations.put({ from: a.from, to: w });
      await this.db.associations.where('from').equals(l).delete();
      await this.db.associations.where('to').equals(l).delete();
      await this.table(type).delete(loserId);
    });
  }

  pipelines(): Promise<Pipeline[]> {
    return this.db.pipelines.toArray();
  }

  async notes(ref: CrmRef): Promise<Note[]> {
    const rows = await this.db.notes.where('refKeys').equals(refKey(ref)).toArray();
    return rows.map(({ refKeys: _k, ...n }) => n);
  }

  async addNote(ref: CrmRef, body: string): Promise<Note> {
    const note: Note = { id: this.newId(), body, createdAt: new Date(this.now()).toISOString(), attachedTo: [ref] };
    await this.db.notes.add({ ...note, refKeys: [refKey(ref)] });
    return note;
  }

  async associations(ref: CrmRef, toType: ObjectType): Promise<string[]> {
    const key = refKey(ref);
    const [out, back] = await Promise.all([this.db.associations.where('from').equals(key).toArray(), this.db.associations.where('to').equals(key).toArray()]);
    const ids = [...out.map((a) => a.to), ...back.map((a) => a.from)].filter((k) => k.startsWith(`${toType}:`)).map((k) => k.slice(toType.length + 1));
    return [...new Set(ids)];
  }

  async associate(from: CrmRef, to: CrmRef): Promise<void> {
    await this.db.associations.put({ from: refKey(from), to: refKey(to) });
  }

  async checkConnection(): Promise<ConnectionCheck[]> {
    const counts = await Promise.all([this.db.contacts.count(), this.db.companies.count(), this.db.deals.count()]);
    return [
      { operation: 'auth', ok: true, detail: 'The local CRM needs no sign-in.' },
      { operation: 'read', ok: true, detail: `${counts[0]} contacts, ${counts[1]} companies, ${counts[2]} deals.` },
      { operation: 'write', ok: true, detail: 'Stored in this browser profile (IndexedDB).' },
      { operation: 'rate limit', ok: true, detail: 'No rate limit.' },
    ];
  }
}

export function displayName(type: ObjectType, r: AnyRecord): string {
  if (type === 'contact') {
    const c = r as RecordOf<'contact'>;
    return [c.firstName, c.lastName].filter(Boolean).join(' ') || c.email || '';
  }
  return (r as RecordOf<'company' | 'deal'>).name ?? '';
}

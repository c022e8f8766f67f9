import type { z } from 'zod';
import { CrmApiError, type CrmHttp } from '../http';
import type { ItemResult, ObjectType, Page, RecordOf, RecordPatch, SearchQuery, Upsert } from '../model';
import { PatchError, pipedriveId } from './mapping';
import { Deleted, Merged, SearchResult, many, one } from './schemas';

type Query = Record<string, string | number | boolean | undefined>;

/** How to find records by a query: a v2 search call, or (where Pipedrive cannot search) a list scan. */
export type Finder = { search: Query } | { scan: true };

/** What differs between persons, organizations and deals; the calls are the same. */
export interface EntitySpec<K extends ObjectType, R extends { id: number }> {
  type: K;
  /** Path segment in both API versions: persons, organizations, deals. */
  path: 'persons' | 'organizations' | 'deals';
  label: string;
  raw: z.ZodType<R>;
  toModel(raw: R): RecordOf<K>;
  /** The write body; PatchError for what Pipedrive cannot take. */
  toBody(patch: RecordPatch<K>, current: R | null): Record<string, unknown>;
  /** The natural key an upsert without id is matched on, or null (deals have none). */
  key(patch: RecordPatch<K>): SearchQuery | null;
  /** `exact` for upsert keys; null when the query names nothing this type can be searched by. */
  finder(query: SearchQuery, exact: boolean): Finder | null;
  /** Whether a record found by search really matches (search is fuzzy and spans fields). */
  matches(raw: R, query: SearchQuery, exact: boolean): boolean;
  /** Runs after a successful write (deal participants). */
  afterWrite?(id: number, patch: RecordPatch<K>): Promise<void>;
}

/** Pages read when Pipedrive cannot search a field (company domain kept in `website`). */
const MAX_SCAN_PAGES = 10;
/** Allowance for clock skew when asking "was it created after all?" via `updated_since`. */
const RECENT_SKEW_MS = 5 * 60_000;

/** CRUD, search and keyed upsert over one v2 entity, all through CrmHttp. */
export class RecordApi<K extends ObjectType, R extends { id: number }> {
  private readonly oneSchema;
  private readonly manySchema;

  constructor(
    private readonly http: CrmHttp,
    readonly spec: EntitySpec<K, R>,
    private readonly now: () => number = Date.now,
  ) {
    this.oneSchema = one(spec.raw);
    this.manySchema = many(spec.raw);
  }

  private get base() {
    return `/api/v2/${this.spec.path}`;
  }

  async getRaw(id: string): Promise<R | null> {
    if (!/^\d{1,15}$/.test(id)) return null;
    try {
      const { data } = await this.http.request(`get ${this.spec.label}`, { method: 'GET', path: `${this.base}/${id}`, schema: this.oneSchema, idempotent: true });
      return data.data;
    } catch (e) {
      if (e instanceof CrmApiError && e.kind === 'not_found') return null;
      throw e;
    }
  }

  async get(id: string): Promise<RecordOf<K> | null> {
    const raw = await this.getRaw(id);
    return raw ? this.spec.toModel(raw) : null;
  }

  async page(query: Query, cursor?: string | null): Promise<{ items: R[]; next: string | null }> {
    const { data } = await this.http.request(`list ${this.spec.label}s`, {
      method: 'GET',
      path: this.base,
      query: { ...query, ...(cursor ? { cursor } : {}) },
      schema: this.manySchema,
      idempotent: true,
    });
    return { items: data.data, next: data.additional_data?.next_cursor ?? null };
  }

  async list(cursor?: string | null, limit = 100): Promise<Page<RecordOf<K>>> {
    const { items, next } = await this.page({ limit: Math.min(500, Math.max(1, Math.floor(limit))) }, cursor);
    return { items: items.map((r) => this.spec.toModel(r)), next };
  }

  /** Ids of records linked to another (`{ org_id }`, `{ person_id }`), every page. */
  async idsWhere(filter: Query): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const { items, next } = await this.page({ ...filter, limit: 500 }, cursor);
      ids.push(...items.map((r) => String(r.id)));
      cursor = next;
    } while (cursor);
    return ids;
  }

  async findRaw(query: SearchQuery, exact: boolean): Promise<R[]> {
    const finder = this.spec.finder(query, exact);
    if (!finder) return [];
    if ('scan' in finder) return this.scan((r) => this.spec.matches(r, query, exact), MAX_SCAN_PAGES);
    const { data } = await this.http.request(`search ${this.spec.label}s`, {
      method: 'GET',
      path: `${this.base}/search`,
      query: { ...finder.search, limit: 100 },
      schema: SearchResult,
      idempotent: true,
    });
    const ids = [...new Set(data.data.items.map((i) => i.item.id))];
    if (ids.length === 0) return [];
    // Search answers carry a summary; the records themselves come from the list endpoint by id.
    const { items } = await this.page({ ids: ids.join(','), limit: ids.length });
    const byId = new Map(items.map((r) => [r.id, r]));
    return ids.flatMap((id) => byId.get(id) ?? []).filter((r) => this.spec.matches(r, query, exact));
  }

  async search(query: SearchQuery): Promise<RecordOf<K>[]> {
    return (await this.findRaw(query, false)).map((r) => this.spec.toModel(r));
  }

  private async scan(accept: (r: R) => boolean, maxPages: number, query: Query = {}): Promise<R[]> {
    const found: R[] = [];
    let cursor: string | null = null;
    for (let n = 0; n < maxPages; n++) {
      const { items, next } = await this.page({ limit: 500, ...query }, cursor);
      found.push(...items.filter(accept));
      if (!next) break;
      cursor = next;
    }
    return found;
  }

  /**
   * After a create failed in a way that may hide a success (5xx, timeout, dropped connection): the
   * list endpoint, sorted by update time, shows it if it happened. Search is not used for this:
   * its index may lag behind a record created a moment ago.
   */
  private async createdAfterAll(key: SearchQuery, since: number): Promise<R | null> {
    const updated_since = new Date(since - RECENT_SKEW_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const [hit] = await this.scan((r) => this.spec.matches(r, key, true), 5, { updated_since, sort_by: 'update_time', sort_direction: 'desc' });
    return hit ?? null;
  }

  /** One upsert: by id, else by natural key (search before create), else a plain create. */
  async upsert(item: Upsert<K>, index: number): Promise<ItemResult> {
    const fail = (error: string, retryable: boolean): ItemResult => ({ index, ok: false, error, retryable });
    try {
      const key = item.id ? null : this.spec.key(item.patch);
      const current = item.id ? await this.getRaw(item.id) : key ? ((await this.findRaw(key, true))[0] ?? null) : null;
      if (item.id && !current) return fail(`Pipedrive has no ${this.spec.label} with id ${item.id}.`, false);
      if (current) {
        const body = this.spec.toBody(item.patch, current);
        if (Object.keys(body).length > 0) {
          await this.http.request(`update ${this.spec.label}`, { method: 'PATCH', path: `${this.base}/${current.id}`, body, schema: this.oneSchema, idempotent: true });
        }
        await this.spec.afterWrite?.(current.id, item.patch);
        return { index, ok: true, id: String(current.id), created: false };
      }
      const body = this.spec.toBody(item.patch, null);
      const started = this.now();
      let created: R;
      try {
        const { data } = await this.http.request(`create ${this.spec.label}`, { method: 'POST', path: this.base, body, schema: this.oneSchema, idempotent: false });
        created = data.data;
      } catch (e) {
        // A 429 was not acted on, and a refusal is final: only an ambiguous failure needs checking.
        if (!(e instanceof CrmApiError) || !e.retryable || e.kind === 'rate_limit') throw e;
        const found = key ? await this.createdAfterAll(key, started) : null;
        if (found) created = found;
        else if (key) throw e; // it did not happen: retrying is safe
        else return fail(`${e.userMessage} The ${this.spec.label} may have been created anyway: check Pipedrive before retrying.`, false);
      }
      await this.spec.afterWrite?.(created.id, item.patch);
      return { index, ok: true, id: String(created.id), created: true };
    } catch (e) {
      if (e instanceof PatchError) return fail(e.message, false);
      if (e instanceof CrmApiError) return fail(e.userMessage, e.retryable);
      throw e;
    }
  }

  /** Deleting what is already gone succeeds, so a retried delete is harmless. */
  async remove(id: string): Promise<void> {
    const n = pipedriveId(id, `${this.spec.label} id`);
    try {
      await this.http.request(`delete ${this.spec.label}`, { method: 'DELETE', path: `${this.base}/${n}`, schema: Deleted, idempotent: true });
    } catch (e) {
      if (e instanceof CrmApiError && e.kind === 'not_found') return;
      throw e;
    }
  }

  /** v1 merge: the record at `merge_with_id` survives and its data wins conflicts. */
  async merge(winnerId: string, loserId: string): Promise<void> {
    const winner = pipedriveId(winnerId, 'winnerId');
    const loser = pipedriveId(loserId, 'loserId');
    if (winner === loser) throw new PatchError('Cannot merge a record with itself.');
    await this.http.request(`merge ${this.spec.label}s`, {
      method: 'PUT',
      path: `/v1/${this.spec.path}/${loser}/merge`,
      body: { merge_with_id: winner },
      schema: Merged,
      idempotent: false,
    });
  }

  async patch(id: number, body: Record<string, unknown>): Promise<R> {
    const { data } = await this.http.request(`update ${this.spec.label}`, { method: 'PATCH', path: `${this.base}/${id}`, body, schema: this.oneSchema, idempotent: true });
    return data.data;
  }
}

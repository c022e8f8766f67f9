import type { z } from 'zod';
import { CrmApiError, CrmHttp, type RequestSpec } from '../http';
import {
  Pipeline,
  type BatchResult as CrmBatchResult,
  type ConnectionCheck,
  type CrmAdapter,
  type CrmDeal,
  type CrmRef,
  type ItemResult,
  type Note,
  type ObjectType,
  type Page,
  type RecordOf,
  type RecordPatch,
  type SearchQuery,
  type Upsert,
} from '../model';
import { chunkFailure, chunkUnique, mapBatchResults, type BatchKind, type SentItem } from './batch';
import { checkHubspotConnection } from './connection';
import { fromHubspotObject, HS_TYPE, propertiesToRead, resolveMapping, toHubspotProperties, type HubspotFieldMapping, type HubspotMappingOverrides } from './mapping';
import { HubspotRateLimits, type HubspotHeadroom, type RateLimitOptions } from './rate-limit';
import {
  AssociationsPage,
  BATCH_LIMIT,
  BatchResponse,
  CollectionResponse,
  DefaultAssociationResponse,
  NOTE_ASSOCIATION_TYPE,
  PipelinesResponse,
  SearchResponse,
  SimplePublicObject,
  type CreateInput,
  type Filter,
  type SearchRequest,
  type UpdateInput,
  type UpsertInput,
} from './schemas';

export interface HubspotAdapterOptions {
  /** Authorization header for a private-app or OAuth access token; throws CrmApiError('auth') when not connected. */
  auth: () => Promise<Record<string, string>>;
  baseUrl?: string;
  mapping?: HubspotMappingOverrides;
  /** More HubSpot properties to read per type; they round-trip in `properties`. */
  extraProperties?: Partial<Record<ObjectType, string[]>>;
  /**
   * A company property with unique values (hasUniqueValue) that holds the domain. HubSpot does
   * not accept `domain` as an upsert `idProperty` (company domains are not unique through the
   * API), so without this, companies are upserted by searching the domain first.
   */
  companyDomainIdProperty?: string;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  maxAttempts?: number;
  timeoutMs?: number;
  rateLimits?: RateLimitOptions;
}

const READ_ASSOCIATIONS: Record<ObjectType, string[]> = { contact: ['companies'], company: [], deal: ['companies', 'contacts'] };

export const normalizeDomain = (value: string) =>
  value.trim().toLowerCase().replace(/^[a-z]+:\/\//, '').replace(/^www\./, '').replace(/[/?#].*$/, '');

type Entry<I> = { sent: SentItem; input: I; key: string | null };

/** The CrmAdapter over HubSpot's CRM v3 objects, search, pipelines and v4 associations APIs. */
export class HubspotAdapter implements CrmAdapter {
  readonly kind = 'hubspot' as const;
  readonly capabilities = { batchSize: BATCH_LIMIT, delete: true, merge: true };
  readonly mapping: HubspotFieldMapping;
  private readonly limits: HubspotRateLimits;
  private readonly http: CrmHttp;

  constructor(private readonly opts: HubspotAdapterOptions) {
    this.mapping = resolveMapping(opts.mapping);
    this.limits = new HubspotRateLimits({ now: opts.now, ...opts.rateLimits });
    const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    this.http = new CrmHttp({
      crm: 'hubspot',
      baseUrl: opts.baseUrl ?? 'https://api.hubapi.com',
      auth: opts.auth,
      fetch: opts.fetch,
      timeoutMs: opts.timeoutMs,
      maxAttempts: opts.maxAttempts,
      sleep: this.limits.guardSleep(sleep),
      rateLimitWaitMs: this.limits.waitMs,
      onResponse: this.limits.onResponse,
    });
  }

  headroom(): HubspotHeadroom {
    return this.limits.headroom();
  }

  private async call<S extends z.ZodType>(op: string, spec: RequestSpec<S>): Promise<z.output<S>> {
    this.limits.preflight();
    return (await this.http.request(op, spec)).data;
  }

  private readQuery(type: ObjectType) {
    return { properties: propertiesToRead(this.mapping, type, this.opts.extraProperties?.[type]).join(','), associations: READ_ASSOCIATIONS[type] };
  }

  async get<T extends ObjectType>(type: T, id: string): Promise<RecordOf<T> | null> {
    try {
      const path = `/crm/v3/objects/${HS_TYPE[type]}/${encodeURIComponent(id)}`;
      const object = await this.call(`get ${type}`, { method: 'GET', path, query: this.readQuery(type), schema: SimplePublicObject, idempotent: true });
      return fromHubspotObject(this.mapping, type, object);
    } catch (e) {
      if (e instanceof CrmApiError && e.kind === 'not_found') return null;
      throw e;
    }
  }

  async list<T extends ObjectType>(type: T, cursor?: string | null, limit = 100): Promise<Page<RecordOf<T>>> {
    const query = { ...this.readQuery(type), limit: Math.min(Math.max(1, limit), 100), after: cursor ?? undefined };
    const res = await this.call(`list ${type}`, { method: 'GET', path: `/crm/v3/objects/${HS_TYPE[type]}`, query, schema: CollectionResponse, idempotent: true });
    return { items: res.results.map((o) => fromHubspotObject(this.mapping, type, o)), next: res.paging?.next?.after ?? null };
  }

  async search<T extends ObjectType>(type: T, query: SearchQuery): Promise<RecordOf<T>[]> {
    const filterGroups = this.filtersFor(type, query);
    if (filterGroups.length === 0) return [];
    const body: SearchRequest = { filterGroups, properties: propertiesToRead(this.mapping, type, this.opts.extraProperties?.[type]), limit: 100 };
    const res = await this.call(`search ${type}`, { method: 'POST', path: `/crm/v3/objects/${HS_TYPE[type]}/search`, body, schema: SearchResponse, idempotent: true });
    return res.results.map((o) => fromHubspotObject(this.mapping, type, o));
  }

  /** email EQ, domain EQ, or the name's words as CONTAINS_TOKEN filters (first and last name for contacts). */
  private filtersFor(type: ObjectType, query: SearchQuery): { filters: Filter[] }[] {
    const m = this.mapping;
    if (type === 'contact' && query.email?.trim()) return [{ filters: [{ propertyName: m.contact.email ?? 'email', operator: 'EQ', value: query.email.trim() }] }];
    if (type === 'company' && query.domain?.trim()) return [{ filters: [{ propertyName: m.company.domain ?? 'domain', operator: 'EQ', value: normalizeDomain(query.domain) }] }];
    const words = (query.name ?? '').trim().split(/\s+/).filter(Boolean).slice(0, 6);
    if (words.length === 0) return [];
    const token = (propertyName: string, value: string): Filter => ({ propertyName, operator: 'CONTAINS_TOKEN', value });
    if (type === 'contact') {
      const [first, last] = [m.contact.firstName ?? 'firstname', m.contact.lastName ?? 'lastname'];
      if (words.length === 1) return [{ filters: [token(first, words[0]!)] }, { filters: [token(last, words[0]!)] }];
      return [{ filters: [token(first, words[0]!), token(last, words.at(-1)!)] }];
    }
    const nameProperty = type === 'company' ? (m.company.name ?? 'name') : (m.deal.name ?? 'dealname');
    return [{ filters: words.map((w) => token(nameProperty, w)) }];
  }

  /**
   * By id → batch update; contacts by email → batch upsert (idProperty email); companies by
   * domain → upsert by `companyDomainIdProperty`, else domain search then update or create;
   * anything else (deals) → batch create. Chunks of at most 100; one result per input.
   */
  async batchUpsert<T extends ObjectType>(type: T, items: Upsert<T>[]): Promise<CrmBatchResult> {
    const upserts: Entry<UpsertInput>[] = [];
    const updates: Entry<UpdateInput>[] = [];
    const creates: Entry<CreateInput>[] = [];
    const byDomain: { index: number; domain: string; properties: Record<string, string> }[] = [];
    for (const [index, item] of items.entries()) {
      const properties = toHubspotProperties(this.mapping, type, item.patch);
      const sent = (keys: string[]): SentItem => ({ index, traceId: String(index), keys });
      const patch = item.patch as RecordPatch<ObjectType>;
      const email = type === 'contact' && 'email' in patch && typeof patch.email === 'string' ? patch.email.trim() : '';
      const domain = type === 'company' && 'domain' in patch && typeof patch.domain === 'string' ? normalizeDomain(patch.domain) : '';
      if (item.id) updates.push({ sent: sent([item.id]), input: { id: item.id, properties, objectWriteTraceId: String(index) }, key: item.id });
      else if (email) {
        const idProperty = this.mapping.contact.email ?? 'email';
        upserts.push({ sent: sent([email]), input: { id: email, idProperty, properties, objectWriteTraceId: String(index) }, key: email.toLowerCase() });
      } else if (domain && this.opts.companyDomainIdProperty) {
        const idProperty = this.opts.companyDomainIdProperty;
        upserts.push({ sent: sent([domain]), input: { id: domain, idProperty, properties: { ...properties, [idProperty]: domain }, objectWriteTraceId: String(index) }, key: domain });
      } else if (domain) byDomain.push({ index, domain, properties: { ...properties, [this.mapping.company.domain ?? 'domain']: domain } });
      else creates.push({ sent: sent([]), input: { properties, objectWriteTraceId: String(index) }, key: null });
    }
    const results: ItemResult[] = [];
    if (byDomain.length > 0) results.push(...(await this.resolveByDomain(byDomain, updates, creates)));
    const keyProperty = type === 'contact' ? (this.mapping.contact.email ?? 'email') : (this.opts.companyDomainIdProperty ?? '');
    results.push(...(await this.send(type, 'upsert', upserts, (r) => [r.properties[keyProperty] ?? ''])));
    results.push(...(await this.send(type, 'update', updates, (r) => [r.id])));
    results.push(...(await this.createThenUpdateRepeats(type, creates)));
    return { results: results.sort((a, b) => a.index - b.index) };
  }

  async batchUpdate<T extends ObjectType>(type: T, items: { id: string; patch: RecordPatch<T> }[]): Promise<CrmBatchResult> {
    const updates = items.map((item, index) => ({
      sent: { index, traceId: String(index), keys: [item.id] },
      input: { id: item.id, properties: toHubspotProperties(this.mapping, type, item.patch), objectWriteTraceId: String(index) },
      key: item.id,
    }));
    return { results: (await this.send(type, 'update', updates, (r) => [r.id])).sort((a, b) => a.index - b.index) };
  }

  private async send<I extends UpsertInput | UpdateInput | CreateInput>(type: ObjectType, kind: BatchKind, entries: Entry<I>[], resultKeys: (r: BatchResponse['results'][number]) => string[]): Promise<ItemResult[]> {
    const out: ItemResult[] = [];
    for (const chunk of chunkUnique(entries, BATCH_LIMIT, (e) => e.key)) {
      const sent = chunk.map((e) => e.sent);
      try {
        const path = `/crm/v3/objects/${HS_TYPE[type]}/batch/${kind}`;
        // Upserts by key and updates by id are idempotent (a 5xx is retried); a create is not.
        const res = await this.call(`batch ${kind} ${type}`, { method: 'POST', path, body: { inputs: chunk.map((e) => e.input) }, schema: BatchResponse, idempotent: kind !== 'create' });
        out.push(...mapBatchResults(kind, sent, res, resultKeys));
      } catch (e) {
        if (e instanceof CrmApiError && e.kind === 'auth') throw e;
        out.push(...chunkFailure(kind, sent, e));
      }
    }
    return out;
  }

  /** Creates; a record repeated within the call (same domain) is created once, then updated. */
  private async createThenUpdateRepeats(type: ObjectType, creates: Entry<CreateInput>[]): Promise<ItemResult[]> {
    const firstByKey = new Map<string, Entry<CreateInput>>();
    const once: Entry<CreateInput>[] = [];
    const repeats: Entry<CreateInput>[] = [];
    for (const e of creates) {
      if (e.key !== null && firstByKey.has(e.key)) repeats.push(e);
      else {
        if (e.key !== null) firstByKey.set(e.key, e);
        once.push(e);
      }
    }
    const created = await this.send(type, 'create', once, () => []);
    if (repeats.length === 0) return created;
    const resultOf = new Map(created.map((r) => [r.index, r]));
    const updates: Entry<UpdateInput>[] = [];
    const failed: ItemResult[] = [];
    for (const e of repeats) {
      const first = resultOf.get(firstByKey.get(e.key ?? '')?.sent.index ?? -1);
      if (first?.ok) updates.push({ sent: { ...e.sent, keys: [first.id] }, input: { id: first.id, properties: e.input.properties, objectWriteTraceId: e.sent.traceId }, key: first.id });
      else failed.push({ index: e.sent.index, ok: false, error: first && !first.ok ? first.error : 'Not written: the same record failed earlier in this batch.', retryable: first && !first.ok ? first.retryable : true });
    }
    return [...created, ...(await this.send(type, 'update', updates, (r) => [r.id])), ...failed];
  }

  /** Finds existing companies by domain (the oldest wins when HubSpot holds duplicates). */
  private async resolveByDomain(items: { index: number; domain: string; properties: Record<string, string> }[], updates: Entry<UpdateInput>[], creates: Entry<CreateInput>[]): Promise<ItemResult[]> {
    const domainProperty = this.mapping.company.domain ?? 'domain';
    const found = new Map<string, string>();
    try {
      for (const chunk of chunkUnique([...new Set(items.map((i) => i.domain))], 100, () => null)) {
        let after: string | undefined;
        do {
          const body: SearchRequest = { filterGroups: [{ filters: [{ propertyName: domainProperty, operator: 'IN', values: chunk }] }], properties: [domainProperty], limit: 200, after };
          const res = await this.call('search companies by domain', { method: 'POST', path: '/crm/v3/objects/companies/search', body, schema: SearchResponse, idempotent: true });
          for (const r of res.results) {
            const d = normalizeDomain(r.properties[domainProperty] ?? '');
            const known = found.get(d);
            if (d && (known === undefined || Number(r.id) < Number(known))) found.set(d, r.id);
          }
          after = res.paging?.next?.after;
        } while (after);
      }
    } catch (e) {
      if (e instanceof CrmApiError && e.kind === 'auth') throw e;
      return chunkFailure('upsert', items.map((i) => ({ index: i.index, traceId: String(i.index), keys: [] })), e);
    }
    for (const item of items) {
      const sent = { index: item.index, traceId: String(item.index), keys: [] as string[] };
      const id = found.get(item.domain);
      if (id) updates.push({ sent: { ...sent, keys: [id] }, input: { id, properties: item.properties, objectWriteTraceId: sent.traceId }, key: id });
      else creates.push({ sent, input: { properties: item.properties, objectWriteTraceId: sent.traceId }, key: item.domain });
    }
    return [];
  }

  async changeStage(dealId: string, stageId: string, pipelineId?: string): Promise<CrmDeal> {
    const pipelines = await this.pipelines();
    const pipeline = pipelines.find((p) => (pipelineId ? p.id === pipelineId : p.stages.some((s) => s.id === stageId)));
    if (!pipeline?.stages.some((s) => s.id === stageId)) {
      const where = pipelineId ? `pipeline "${pipelineId}"` : 'any deal pipeline';
      throw new CrmApiError('hubspot', 'client', `changeStage: no stage ${stageId} in ${where}`, `HubSpot has no stage "${stageId}" in ${where}.`, false);
    }
    const properties = toHubspotProperties(this.mapping, 'deal', { stageId, pipelineId: pipeline.id });
    const path = `/crm/v3/objects/deals/${encodeURIComponent(dealId)}`;
    const updated = await this.call('change deal stage', { method: 'PATCH', path, body: { properties }, schema: SimplePublicObject, idempotent: true });
    return (await this.get('deal', dealId)) ?? fromHubspotObject(this.mapping, 'deal', updated);
  }

  async remove(type: ObjectType, id: string): Promise<void> {
    try {
      await this.call(`archive ${type}`, { method: 'DELETE', path: `/crm/v3/objects/${HS_TYPE[type]}/${encodeURIComponent(id)}`, idempotent: true });
    } catch (e) {
      if (!(e instanceof CrmApiError && e.kind === 'not_found')) throw e; // already gone
    }
  }

  async merge(type: ObjectType, winnerId: string, loserId: string): Promise<void> {
    const body = { primaryObjectId: winnerId, objectIdToMerge: loserId };
    await this.call(`merge ${type}`, { method: 'POST', path: `/crm/v3/objects/${HS_TYPE[type]}/merge`, body, schema: SimplePublicObject, idempotent: false });
  }

  async pipelines(): Promise<Pipeline[]> {
    const res = await this.call('deal pipelines', { method: 'GET', path: '/crm/v3/pipelines/deals', schema: PipelinesResponse, idempotent: true });
    const byOrder = <X extends { displayOrder: number }>(a: X, b: X) => a.displayOrder - b.displayOrder;
    return res.results
      .filter((p) => !p.archived)
      .sort(byOrder)
      .map((p) =>
        Pipeline.parse({
          id: p.id,
          label: p.label,
          stages: p.stages.filter((s) => !s.archived).sort(byOrder).map((s) => {
            const probability = s.metadata.probability === undefined ? null : Number(s.metadata.probability);
            const p01 = probability !== null && Number.isFinite(probability) ? probability : null;
            const closed = s.metadata.isClosed === 'true' ? (p01 !== null && p01 >= 1 ? 'won' : 'lost') : null;
            return { id: s.id, label: s.label, order: s.displayOrder, probability: p01, closed };
          }),
        }),
      );
  }

  async notes(ref: CrmRef): Promise<Note[]> {
    const ids = await this.associatedIds(HS_TYPE[ref.type], ref.id, 'notes');
    const notes: Note[] = [];
    for (const chunk of chunkUnique(ids, BATCH_LIMIT, () => null)) {
      const body = { inputs: chunk.map((id) => ({ id })), properties: ['hs_note_body', 'hs_timestamp'] };
      const res = await this.call('read notes', { method: 'POST', path: '/crm/v3/objects/notes/batch/read', body, schema: BatchResponse, idempotent: true });
      for (const n of res.results) notes.push({ id: n.id, body: n.properties.hs_note_body ?? '', createdAt: n.properties.hs_timestamp ?? n.createdAt ?? null, attachedTo: [ref] });
    }
    return notes.sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''));
  }

  async addNote(ref: CrmRef, body: string): Promise<Note> {
    const timestamp = new Date((this.opts.now ?? Date.now)()).toISOString();
    const request = {
      properties: { hs_note_body: body, hs_timestamp: timestamp },
      associations: [{ to: { id: ref.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED' as const, associationTypeId: NOTE_ASSOCIATION_TYPE[ref.type] }] }],
    };
    const note = await this.call('add note', { method: 'POST', path: '/crm/v3/objects/notes', body: request, schema: SimplePublicObject, idempotent: false });
    return { id: note.id, body: note.properties.hs_note_body ?? body, createdAt: note.properties.hs_timestamp ?? timestamp, attachedTo: [ref] };
  }

  associations(ref: CrmRef, toType: ObjectType): Promise<string[]> {
    return this.associatedIds(HS_TYPE[ref.type], ref.id, HS_TYPE[toType]);
  }

  private async associatedIds(from: string, id: string, to: string): Promise<string[]> {
    const ids: string[] = [];
    let after: string | undefined;
    do {
      const path = `/crm/v4/objects/${from}/${encodeURIComponent(id)}/associations/${to}`;
      const page = await this.call(`associations ${from}→${to}`, { method: 'GET', path, query: { limit: 500, after }, schema: AssociationsPage, idempotent: true });
      ids.push(...page.results.map((r) => r.toObjectId));
      after = page.paging?.next?.after;
    } while (after);
    return [...new Set(ids)];
  }

  async associate(from: CrmRef, to: CrmRef): Promise<void> {
    const path = `/crm/v4/objects/${HS_TYPE[from.type]}/${encodeURIComponent(from.id)}/associations/default/${HS_TYPE[to.type]}/${encodeURIComponent(to.id)}`;
    await this.call('associate', { method: 'PUT', path, schema: DefaultAssociationResponse, idempotent: true });
  }

  checkConnection(): Promise<ConnectionCheck[]> {
    return checkHubspotConnection({ call: (op, spec) => this.call(op, spec), auth: this.opts.auth, limits: this.limits });
  }
}

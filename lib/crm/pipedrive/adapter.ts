import type { z } from 'zod';
import { CrmApiError, CrmHttp } from '../http';
import type {
  BatchResult,
  ConnectionCheck,
  CrmAdapter,
  CrmDeal,
  CrmRef,
  ItemResult,
  Note,
  ObjectType,
  Page,
  Pipeline,
  RecordOf,
  RecordPatch,
  SearchQuery,
  Upsert,
} from '../model';
import { dealSpec, organizationSpec, personSpec } from './entities';
import { PatchError, pipedriveId, type PipedriveFieldMapping } from './mapping';
import { RateLimitTracker } from './rate-limit';
import { RecordApi } from './records';
import { CurrentUser, NoteList, NoteRow, ParticipantAdded, Participants, PipelineRow, StageRow, many, one, type Deal, type Organization, type Person } from './schemas';

export interface PipedriveAdapterOptions {
  /** `https://{company}.pipedrive.com` or `https://api.pipedrive.com`; calls go to /v1/… and /api/v2/… under it. */
  baseUrl: string | (() => Promise<string>);
  /** Headers for each call: see pipedriveAuth(). Throws CrmApiError('auth') when not connected. */
  auth: () => Promise<Record<string, string>>;
  mapping?: PipedriveFieldMapping;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  timeoutMs?: number;
  maxAttempts?: number;
  now?: () => number;
}

/** An API token goes in `x-api-token`, an OAuth access token as a Bearer token (both in the specs' securitySchemes). */
export function pipedriveAuth(credential: { apiToken: string } | { accessToken: string }): Record<string, string> {
  return 'apiToken' in credential ? { 'x-api-token': credential.apiToken } : { Authorization: `Bearer ${credential.accessToken}` };
}

/** The operations every entity shares, without its vendor shape (so a generic `type` picks the right one). */
interface EntityOps<K extends ObjectType> {
  get(id: string): Promise<RecordOf<K> | null>;
  list(cursor?: string | null, limit?: number): Promise<Page<RecordOf<K>>>;
  search(query: SearchQuery): Promise<RecordOf<K>[]>;
  upsert(item: Upsert<K>, index: number): Promise<ItemResult>;
  remove(id: string): Promise<void>;
  merge(winnerId: string, loserId: string): Promise<void>;
}

const NOTE_FIELD = { contact: 'person_id', company: 'org_id', deal: 'deal_id' } as const;

/** A caller's mistake (not a Pipedrive answer) in the shape every CRM error has. */
const invalid = (message: string) => new CrmApiError('pipedrive', 'client', message, message, false);
async function guarded<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    throw e instanceof PatchError ? invalid(e.message) : e;
  }
}

/**
 * Pipedrive behind the CrmAdapter interface: API v2 for persons, organizations, deals, pipelines,
 * stages and search; v1 where v2 has nothing yet (notes, merges, deal participants, users/me).
 * Pipedrive has no batch writes, so batches are per-record calls (batchSize 1).
 */
export class PipedriveAdapter implements CrmAdapter {
  readonly kind = 'pipedrive' as const;
  readonly capabilities = { batchSize: 1, delete: true, merge: true };
  readonly rateLimit: RateLimitTracker;
  private readonly http: CrmHttp;
  private readonly persons: RecordApi<'contact', Person>;
  private readonly organizations: RecordApi<'company', Organization>;
  private readonly deals: RecordApi<'deal', Deal>;
  private readonly entities: { [K in ObjectType]: EntityOps<K> };

  constructor(opts: PipedriveAdapterOptions) {
    const now = opts.now ?? Date.now;
    this.rateLimit = new RateLimitTracker(now);
    this.http = new CrmHttp({
      crm: 'pipedrive',
      baseUrl: opts.baseUrl,
      auth: opts.auth,
      fetch: opts.fetch,
      sleep: opts.sleep,
      timeoutMs: opts.timeoutMs,
      maxAttempts: opts.maxAttempts,
      rateLimitWaitMs: this.rateLimit.waitMs,
      onResponse: this.rateLimit.onResponse,
    });
    const mapping = opts.mapping ?? {};
    this.persons = new RecordApi(this.http, personSpec(mapping), now);
    this.organizations = new RecordApi(this.http, organizationSpec(mapping), now);
    this.deals = new RecordApi(this.http, dealSpec(mapping, (id, patch) => this.addParticipants(id, patch)), now);
    this.entities = { contact: this.persons, company: this.organizations, deal: this.deals };
  }

  get<T extends ObjectType>(type: T, id: string): Promise<RecordOf<T> | null> {
    return this.entities[type].get(id);
  }

  list<T extends ObjectType>(type: T, cursor?: string | null, limit?: number): Promise<Page<RecordOf<T>>> {
    return this.entities[type].list(cursor, limit);
  }

  search<T extends ObjectType>(type: T, query: SearchQuery): Promise<RecordOf<T>[]> {
    return this.entities[type].search(query);
  }

  async batchUpsert<T extends ObjectType>(type: T, items: Upsert<T>[]): Promise<BatchResult> {
    const results: ItemResult[] = [];
    for (const [index, item] of items.entries()) results.push(await this.entities[type].upsert(item, index));
    return { results };
  }

  batchUpdate<T extends ObjectType>(type: T, items: { id: string; patch: RecordPatch<T> }[]): Promise<BatchResult> {
    return this.batchUpsert(type, items);
  }

  changeStage(dealId: string, stageId: string, pipelineId?: string): Promise<CrmDeal> {
    return guarded(async () => {
      const body = { stage_id: pipedriveId(stageId, 'stageId'), ...(pipelineId ? { pipeline_id: pipedriveId(pipelineId, 'pipelineId') } : {}) };
      return this.deals.spec.toModel(await this.deals.patch(pipedriveId(dealId, 'dealId'), body));
    });
  }

  remove(type: ObjectType, id: string): Promise<void> {
    return guarded(() => this.entities[type].remove(id));
  }

  merge(type: ObjectType, winnerId: string, loserId: string): Promise<void> {
    return guarded(() => this.entities[type].merge(winnerId, loserId));
  }

  async pipelines(): Promise<Pipeline[]> {
    const [pipelines, stages] = await Promise.all([this.all('/api/v2/pipelines', PipelineRow), this.all('/api/v2/stages', StageRow)]);
    return pipelines
      .filter((p) => !p.is_deleted)
      .sort((a, b) => (a.order_nr ?? 0) - (b.order_nr ?? 0))
      .map((p) => ({
        id: String(p.id),
        label: p.name,
        stages: stages
          .filter((s) => s.pipeline_id === p.id && !s.is_deleted)
          .sort((a, b) => a.order_nr - b.order_nr)
          // Pipedrive stages are never "won"/"lost": that is the deal's status, not a stage.
          .map((s) => ({ id: String(s.id), label: s.name, order: s.order_nr, probability: s.deal_probability == null ? null : s.deal_probability / 100, closed: null })),
      }));
  }

  /** Every page of a v2 list. */
  private async all<S extends z.ZodType>(path: string, item: S): Promise<z.output<S>[]> {
    const schema = many(item);
    const out: z.output<S>[] = [];
    let cursor: string | null = null;
    do {
      const page: z.output<typeof schema> = (await this.http.request(`list ${path}`, { method: 'GET', path, query: { limit: 500, ...(cursor ? { cursor } : {}) }, schema, idempotent: true })).data;
      out.push(...page.data);
      cursor = page.additional_data?.next_cursor ?? null;
    } while (cursor);
    return out;
  }

  notes(ref: CrmRef): Promise<Note[]> {
    return guarded(async () => {
      const id = pipedriveId(ref.id, `${ref.type} id`);
      const rows = await v1Pages(async (start) => {
        const { data } = await this.http.request('list notes', { method: 'GET', path: '/v1/notes', query: { [NOTE_FIELD[ref.type]]: id, start, limit: 500 }, schema: NoteList, idempotent: true });
        return { items: data.data ?? [], next: nextStart(data.additional_data?.pagination) };
      });
      return rows.map(toNote);
    });
  }

  addNote(ref: CrmRef, body: string): Promise<Note> {
    return guarded(async () => {
      const target = { [NOTE_FIELD[ref.type]]: pipedriveId(ref.id, `${ref.type} id`) };
      const { data } = await this.http.request('add note', { method: 'POST', path: '/v1/notes', body: { content: body, ...target }, schema: one(NoteRow), idempotent: false });
      return toNote(data.data);
    });
  }

  associations(ref: CrmRef, toType: ObjectType): Promise<string[]> {
    return guarded(async () => {
      const id = pipedriveId(ref.id, `${ref.type} id`);
      const pair = `${ref.type}>${toType}`;
      if (pair === 'contact>company') return nonNull([(await this.persons.get(ref.id))?.companyId]);
      if (pair === 'contact>deal') return this.deals.idsWhere({ person_id: id });
      if (pair === 'company>contact') return this.persons.idsWhere({ org_id: id });
      if (pair === 'company>deal') return this.deals.idsWhere({ org_id: id });
      if (pair === 'deal>company') return nonNull([(await this.deals.get(ref.id))?.companyId]);
      if (pair === 'deal>contact') {
        const deal = await this.deals.getRaw(ref.id);
        if (!deal) return [];
        return [...new Set([...(deal.person_id ? [String(deal.person_id)] : []), ...(await this.participants(deal.id)).map(String)])];
      }
      return [];
    });
  }

  /** Pipedrive links a person to one organization, a deal to one organization and to persons. */
  associate(from: CrmRef, to: CrmRef): Promise<void> {
    return guarded(async () => {
      const [a, b] = [from, to].sort((x, y) => x.type.localeCompare(y.type));
      if (!a || !b) return;
      if (a.type === 'company' && b.type === 'contact') await this.persons.patch(pipedriveId(b.id, 'contact id'), { org_id: pipedriveId(a.id, 'company id') });
      else if (a.type === 'company' && b.type === 'deal') await this.deals.patch(pipedriveId(b.id, 'deal id'), { org_id: pipedriveId(a.id, 'company id') });
      else if (a.type === 'contact' && b.type === 'deal') await this.addParticipants(pipedriveId(b.id, 'deal id'), { contactIds: [a.id] }, true);
      else throw new PatchError(`Pipedrive cannot link a ${from.type} to a ${to.type}.`);
    });
  }

  /** v1 getDealParticipants, every page: person ids. */
  private async participants(dealId: number): Promise<number[]> {
    return v1Pages(async (start) => {
      const { data } = await this.http.request('list deal participants', { method: 'GET', path: `/v1/deals/${dealId}/participants`, query: { start, limit: 500 }, schema: Participants, idempotent: true });
      return { items: (data.data ?? []).flatMap((p) => p.person?.id ?? p.person_id?.value ?? []), next: nextStart(data.additional_data?.pagination) };
    });
  }

  /**
   * Contacts beyond the deal's person become participants (v1 addDealParticipant), skipping those
   * already there so a retried write adds nobody twice. With `all`, a deal without a person gets
   * the first as its person instead.
   */
  private async addParticipants(dealId: number, patch: RecordPatch<'deal'>, all = false): Promise<void> {
    const wanted = (patch.contactIds ?? []).slice(all ? 0 : 1).map((c) => pipedriveId(c, 'contactIds'));
    if (wanted.length === 0) return;
    const deal = all ? await this.deals.getRaw(String(dealId)) : null;
    if (all && !deal) throw new CrmApiError('pipedrive', 'not_found', `associate: no deal ${dealId}`, 'Pipedrive has no such deal.', false, 404);
    let rest = wanted;
    if (deal && !deal.person_id) {
      await this.deals.patch(dealId, { person_id: wanted[0] });
      rest = wanted.slice(1);
    }
    const have = new Set(rest.length ? [...(await this.participants(dealId)), ...(deal?.person_id ? [deal.person_id] : [])] : []);
    for (const personId of rest) {
      if (have.has(personId)) continue;
      await this.http.request('add deal participant', { method: 'POST', path: `/v1/deals/${dealId}/participants`, body: { person_id: personId }, schema: ParticipantAdded, idempotent: false });
    }
  }

  /** Auth (v1 users/me), read (one person), write permission (what users/me says about access), headroom. */
  async checkConnection(): Promise<ConnectionCheck[]> {
    const message = (e: unknown) => (e instanceof CrmApiError ? e.userMessage : e instanceof Error ? e.message : String(e));
    let me: CurrentUser | null = null;
    const checks: ConnectionCheck[] = [];
    try {
      me = (await this.http.request('check sign-in', { method: 'GET', path: '/v1/users/me', schema: CurrentUser, idempotent: true })).data.data;
      const company = me.company_name ? ` in ${me.company_name}${me.company_domain ? ` (${me.company_domain}.pipedrive.com)` : ''}` : '';
      checks.push({ operation: 'auth', ok: true, detail: `Signed in as ${me.name} <${me.email}>${company}.` });
    } catch (e) {
      checks.push({ operation: 'auth', ok: false, detail: message(e) });
    }
    if (!me) {
      checks.push({ operation: 'read', ok: false, detail: 'Not checked: sign-in failed.' }, { operation: 'write', ok: false, detail: 'Not checked: sign-in failed.' });
    } else {
      try {
        await this.persons.list(null, 1);
        checks.push({ operation: 'read', ok: true, detail: 'Reading persons works.' });
      } catch (e) {
        checks.push({ operation: 'read', ok: false, detail: message(e) });
      }
      checks.push(writeAccess(me));
    }
    checks.push({ operation: 'rate limit', ...this.rateLimit.describe() });
    return checks;
  }
}

function writeAccess(me: CurrentUser): ConnectionCheck {
  const sales = me.access?.find((a) => a.app === 'sales');
  if (!me.access) return { operation: 'write', ok: true, detail: 'Pipedrive did not list this user\'s app access; writes are allowed as far as Countersign can tell.' };
  if (!sales) return { operation: 'write', ok: false, detail: `${me.name} has no access to Pipedrive's sales app, so Countersign cannot write persons, organizations or deals.` };
  if (sales.admin) return { operation: 'write', ok: true, detail: 'Admin in the sales app: can create, edit, merge and delete.' };
  return { operation: 'write', ok: true, detail: `Regular user in the sales app (permission set ${sales.permission_set_id ?? 'unknown'}): can write; merging and deleting depend on that permission set.` };
}

/** v1 start/limit paging, every page. */
async function v1Pages<T>(fetchPage: (start: number) => Promise<{ items: T[]; next: number | null }>): Promise<T[]> {
  const out: T[] = [];
  for (let start: number | null = 0; start !== null; ) {
    const page: { items: T[]; next: number | null } = await fetchPage(start);
    out.push(...page.items);
    start = page.next;
  }
  return out;
}

const nextStart = (p: { more_items_in_collection?: boolean | null; next_start?: number | null } | null | undefined): number | null =>
  p?.more_items_in_collection && typeof p.next_start === 'number' ? p.next_start : null;

const nonNull = (ids: (string | null | undefined)[]): string[] => ids.filter((x): x is string => !!x);

function toNote(n: z.infer<typeof NoteRow>): Note {
  const refs: CrmRef[] = [];
  if (n.person_id) refs.push({ crm: 'pipedrive', type: 'contact', id: String(n.person_id) });
  if (n.org_id) refs.push({ crm: 'pipedrive', type: 'company', id: String(n.org_id) });
  if (n.deal_id) refs.push({ crm: 'pipedrive', type: 'deal', id: String(n.deal_id) });
  return { id: String(n.id), body: n.content, createdAt: n.add_time ?? null, attachedTo: refs };
}

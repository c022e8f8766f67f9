import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { z } from 'zod';
import * as S from '../../lib/crm/hubspot/schemas';

/**
 * A scripted HubSpot for tests, on node:http. Shapes follow HubSpot's public developer docs and
 * every request body is checked with the adapter's own zod schemas (lib/crm/hubspot/schemas.ts):
 * a request that does not match is answered 400 and recorded in `violations`, which tests assert
 * empty. State: objects by type with auto ids, upsert by unique properties (contacts: email;
 * company `domain` is not unique in HubSpot, so it is refused as an idProperty), 207 multi-status
 * for partial failures when inputs carry objectWriteTraceId, search, merge, pipelines,
 * associations, token info, daily usage. Knobs: `inject()` scripted faults (429 with policyName
 * and headers, 5xx before or after applying the write, 401, any answer), `requests` log.
 */
export type HsType = 'contacts' | 'companies' | 'deals' | 'notes';
export interface HsRecord { id: string; properties: Record<string, string>; createdAt: string; updatedAt: string }
export interface LoggedRequest { method: string; path: string; query: URLSearchParams; body: unknown; status: number }
export interface Fault { status: number; body?: unknown; headers?: Record<string, string>; /** Apply the request first, then answer with the fault. */ afterApply?: boolean }
interface Reply { status: number; body?: unknown; headers?: Record<string, string> }

const TYPES: HsType[] = ['contacts', 'companies', 'deals', 'notes'];
const TYPE_ID: Record<HsType, string> = { contacts: '0-1', companies: '0-2', deals: '0-3', notes: '0-46' };
/** Note → contact 202, company 190, deal 214 (HubSpot-defined association type ids). */
const NOTE_TYPE_IDS: Record<number, HsType> = { 202: 'contacts', 190: 'companies', 214: 'deals' };
const SINGULAR: Record<HsType, string> = { contacts: 'contact', companies: 'company', deals: 'deal', notes: 'note' };
const isType = (t: string | undefined): t is HsType => TYPES.includes(t as HsType);
const lower = (s: string | undefined) => (s ?? '').trim().toLowerCase();

export const fault = {
  rateLimited: (policyName = 'TEN_SECONDLY_ROLLING', headers: Record<string, string> = {}): Fault => ({
    status: 429,
    body: { status: 'error', message: `You have reached your ${policyName.toLowerCase()} limit.`, errorType: 'RATE_LIMIT', correlationId: 'c0ffee00-0000-4000-8000-000000000429', policyName },
    headers: { 'X-HubSpot-RateLimit-Remaining': '0', ...headers },
  }),
  serverError: (status = 502, afterApply = false): Fault => ({ status, body: { status: 'error', message: 'internal error', category: 'INTERNAL_ERROR' }, afterApply }),
  unauthorized: (): Fault => ({ status: 401, body: { status: 'error', message: 'Authentication credentials not found.', category: 'INVALID_AUTHENTICATION' } }),
  respond: (status: number, body: unknown): Fault => ({ status, body }),
  /** Answer this matching request normally (to place faults on later requests). */
  pass: (): Fault => ({ status: 0 }),
};

const DEFAULT_PIPELINE = {
  id: 'default',
  label: 'Sales Pipeline',
  displayOrder: 0,
  archived: false,
  stages: (
    [['appointmentscheduled', 'Appointment Scheduled', '0.2'], ['qualifiedtobuy', 'Qualified To Buy', '0.4'], ['presentationscheduled', 'Presentation Scheduled', '0.6'], ['contractsent', 'Contract Sent', '0.9'], ['closedwon', 'Closed Won', '1.0'], ['closedlost', 'Closed Lost', '0.0']] as const
  ).map(([id, label, probability], displayOrder) => ({ id, label, displayOrder, archived: false, metadata: { isClosed: String(id.startsWith('closed')), probability } })),
};

export class HubspotStandin {
  token = 'pat-na1-00000000-standin-token';
  /** Scopes the token-info endpoints report; null: they answer 404 (scopes unknown). */
  scopes: string[] | null = ['crm.objects.contacts.read', 'crm.objects.contacts.write', 'crm.objects.companies.read', 'crm.objects.companies.write', 'crm.objects.deals.read', 'crm.objects.deals.write'];
  uniqueProperties: Record<HsType, string[]> = { contacts: ['email'], companies: [], deals: [], notes: [] };
  /** HubSpot does not promise batch results in input order; neither do we (reversed). */
  shuffleResults = true;
  window = { max: 190, intervalMs: 10_000 };
  daily = { max: 500_000, used: 0, resetsAt: '2030-01-02T05:00:00Z' };
  pipelines = [DEFAULT_PIPELINE];
  readonly requests: LoggedRequest[] = [];
  readonly violations: string[] = [];
  readonly objects = new Map<HsType, Map<string, HsRecord>>(TYPES.map((t) => [t, new Map()]));
  private readonly edges = new Set<string>();
  private readonly injected: { method?: string; path?: RegExp; fault: Fault }[] = [];
  private readonly recent: number[] = [];
  private nextId = 1001;
  url = '';
  private server = createServer((req, res) => void this.handle(req, res));

  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }
  close = () => new Promise<void>((r) => (this.server.closeAllConnections(), this.server.close(() => r())));

  /** The next requests matching method/path get these answers, in order. */
  inject(match: { method?: string; path?: RegExp }, ...faults: Fault[]): void {
    for (const f of faults) this.injected.push({ ...match, fault: f });
  }
  seed(type: HsType, properties: Record<string, string>): HsRecord {
    const now = new Date().toISOString();
    const record = { id: String(this.nextId++), properties: { ...properties }, createdAt: now, updatedAt: now };
    this.objects.get(type)!.set(record.id, record);
    return record;
  }
  all(type: HsType): HsRecord[] {
    return [...this.objects.get(type)!.values()].sort((a, b) => Number(a.id) - Number(b.id));
  }
  link(a: { type: HsType; id: string }, b: { type: HsType; id: string }): void {
    this.edges.add(`${a.type}/${a.id}>${b.type}/${b.id}`).add(`${b.type}/${b.id}>${a.type}/${a.id}`);
  }
  linked(type: HsType, id: string, to: HsType): string[] {
    return [...this.edges].filter((e) => e.startsWith(`${type}/${id}>${to}/`)).map((e) => e.split('/').at(-1)!).sort((a, b) => Number(a) - Number(b));
  }
  takeViolations(): string[] {
    return this.violations.splice(0);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += String(chunk);
    const url = new URL(req.url ?? '/', 'http://standin');
    const method = req.method ?? 'GET';
    let body: unknown = undefined;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      this.violations.push(`${method} ${url.pathname}: body is not JSON`);
    }
    let reply: Reply;
    const at = this.injected.findIndex((i) => (!i.method || i.method === method) && (!i.path || i.path.test(url.pathname)));
    const authorized = url.pathname.startsWith('/oauth/') || req.headers.authorization === `Bearer ${this.token}`;
    const taken = authorized && at >= 0 ? this.injected.splice(at, 1)[0]!.fault : null;
    const injected = taken?.status === 0 ? null : taken;
    if (!authorized) reply = fault.unauthorized();
    else if (injected && !injected.afterApply) reply = injected;
    else {
      reply = this.route(method, url, body);
      if (injected) reply = injected;
    }
    this.requests.push({ method, path: url.pathname, query: url.searchParams, body, status: reply.status });
    const now = Date.now();
    this.recent.push(now);
    while (this.recent.length && this.recent[0]! < now - this.window.intervalMs) this.recent.shift();
    this.daily.used++;
    const headers = {
      'content-type': 'application/json;charset=utf-8',
      'X-HubSpot-RateLimit-Max': String(this.window.max),
      'X-HubSpot-RateLimit-Remaining': String(Math.max(0, this.window.max - this.recent.length)),
      'X-HubSpot-RateLimit-Interval-Milliseconds': String(this.window.intervalMs),
      'X-HubSpot-RateLimit-Daily': String(this.daily.max),
      'X-HubSpot-RateLimit-Daily-Remaining': String(Math.max(0, this.daily.max - this.daily.used)),
      ...reply.headers,
    };
    res.writeHead(reply.status, headers).end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
  }

  private check<Sc extends z.ZodType>(schema: Sc, value: unknown, what: string): z.output<Sc> | null {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    this.violations.push(`${what}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
    return null;
  }

  private route(method: string, url: URL, body: unknown): Reply {
    const p = url.pathname.split('/').filter(Boolean);
    const q = url.searchParams;
    const bad = (message: string): Reply => ({ status: 400, body: { status: 'error', category: 'VALIDATION_ERROR', message } });
    const invalid = (what: string) => bad(`Invalid input (${what})`);
    if (p[0] === 'crm' && p[1] === 'v3' && p[2] === 'objects' && isType(p[3])) {
      const type = p[3];
      const [a, b] = [p[4], p[5]];
      if (method === 'GET' && !a) return this.list(type, q);
      if (method === 'GET' && a && !b) return this.getOne(type, a, q);
      if (method === 'PATCH' && a && !b) {
        const input = this.check(S.UpdateRequest, body, `PATCH ${type}`);
        if (!input) return invalid('update');
        const rec = this.objects.get(type)!.get(a);
        if (!rec) return this.notFound(type, a);
        const problem = this.validate(type, input.properties);
        if (problem) return bad(problem.message);
        return { status: 200, body: this.view(type, this.write(rec, input.properties), null) };
      }
      if (method === 'DELETE' && a && !b) return this.archive(type, a);
      if (method === 'POST' && !a) {
        const input = this.check(S.CreateRequest, body, `POST ${type}`);
        if (!input) return invalid('create');
        const problem = this.validate(type, input.properties) ?? this.badAssociations(type, input.associations);
        if (problem) return bad(problem.message);
        return { status: 201, body: this.view(type, this.create(type, input.properties, input.associations), null) };
      }
      if (method === 'POST' && a === 'search') return this.search(type, body);
      if (method === 'POST' && a === 'merge') return this.merge(type, body);
      if (method === 'POST' && a === 'batch' && (b === 'upsert' || b === 'update' || b === 'create' || b === 'read')) return this.batch(type, b, body);
    }
    if (method === 'GET' && url.pathname === '/crm/v3/pipelines/deals') return { status: 200, body: { results: this.pipelines } };
    if (p[0] === 'crm' && p[1] === 'v4' && p[2] === 'objects' && isType(p[3]) && p[4] && p[5] === 'associations') {
      const [type, id] = [p[3], p[4]];
      if (method === 'GET' && isType(p[6]) && !p[7]) {
        const ids = this.linked(type, id, p[6]);
        const limit = Number(q.get('limit') ?? 500);
        if (!(limit >= 1 && limit <= 500)) this.violations.push(`v4 associations limit ${limit} outside 1..500`);
        const from = Number(q.get('after') ?? 0);
        const page = ids.slice(from, from + limit).map((to) => ({ toObjectId: Number(to), associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 1, label: null }] }));
        return { status: 200, body: { results: page, ...(from + limit < ids.length ? { paging: { next: { after: String(from + limit) } } } : {}) } };
      }
      if (method === 'PUT' && p[6] === 'default' && isType(p[7]) && p[8]) {
        const [to, toId] = [p[7], p[8]];
        if (!this.objects.get(type)!.has(id)) return this.notFound(type, id);
        if (!this.objects.get(to)!.has(toId)) return this.notFound(to, toId);
        this.link({ type, id }, { type: to, id: toId });
        const spec = { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 1 };
        return { status: 200, body: { status: 'COMPLETE', results: [{ from: { id }, to: { id: toId }, associationSpec: spec }], startedAt: new Date().toISOString(), completedAt: new Date().toISOString() } };
      }
    }
    if (method === 'GET' && p[0] === 'oauth' && p[1] === 'v1' && p[2] === 'access-tokens' && p[3]) {
      if (!this.scopes || decodeURIComponent(p[3]) !== this.token) return { status: 404, body: { status: 'error', message: 'Token not found' } };
      return { status: 200, body: { token: this.token, user: 'rep@countersign.test', hub_domain: 'countersign.test', scopes: this.scopes, hub_id: 62515, app_id: 456789, expires_in: 1800, user_id: 123, token_type: 'access' } };
    }
    if (method === 'POST' && url.pathname === '/oauth/v2/private-apps/get/access-token-info') {
      const input = this.check(S.PrivateAppTokenInfoRequest, body, 'private-app token info');
      if (!input) return invalid('tokenKey');
      if (!this.scopes || input.tokenKey !== this.token) return { status: 404, body: { status: 'error', message: 'Token not found' } };
      return { status: 200, body: { userId: 123, hubId: 62515, appId: 456789, scopes: this.scopes } };
    }
    if (method === 'GET' && url.pathname === '/account-info/v3/api-usage/daily/private-apps') {
      const day = { name: 'private-apps-api-calls-daily', usageLimit: this.daily.max, currentUsage: this.daily.used, collectedAt: new Date().toISOString(), fetchStatus: 'SUCCESS', resetsAt: this.daily.resetsAt };
      return { status: 200, body: { results: [day] } };
    }
    this.violations.push(`no such endpoint: ${method} ${url.pathname}`);
    return { status: 404, body: { status: 'error', message: 'Not found' } };
  }

  private notFound(type: HsType, id: string): Reply {
    return { status: 404, body: { status: 'error', category: 'OBJECT_NOT_FOUND', message: `Object not found. objectId ${id} of ${type} does not exist.` } };
  }

  /** Property checks HubSpot makes on writes that we rely on for 207 tests. */
  private validate(type: HsType, props: Record<string, string>): { message: string; in: string; code: string } | null {
    if (type === 'contacts' && props.email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(props.email)) return { message: `Property values were not valid: email "${props.email}" is invalid`, in: 'email', code: 'INVALID_EMAIL' };
    for (const numeric of ['amount', 'numberofemployees']) {
      if (props[numeric] && !Number.isFinite(Number(props[numeric]))) return { message: `Property values were not valid: ${numeric} "${props[numeric]}" is not a number`, in: numeric, code: 'INVALID_LONG' };
    }
    if (type === 'notes' && !props.hs_timestamp) return { message: 'Property values were not valid: hs_timestamp is required', in: 'hs_timestamp', code: 'REQUIRED' };
    return null;
  }

  private badAssociations(type: HsType, associations: z.infer<typeof S.AssociationInput>[] | undefined): { message: string; in: string; code: string } | null {
    for (const a of associations ?? []) {
      for (const t of a.types) {
        const target = type === 'notes' ? NOTE_TYPE_IDS[t.associationTypeId] : undefined;
        if (!target) {
          this.violations.push(`unknown association type ${t.associationTypeId} from ${type}`);
          return { message: `invalid association type ${t.associationTypeId}`, in: 'associations', code: 'INVALID_ASSOCIATION' };
        }
        if (!this.objects.get(target)!.has(a.to.id)) return { message: `${target} ${a.to.id} does not exist`, in: 'associations', code: 'OBJECT_NOT_FOUND' };
      }
    }
    return null;
  }

  private create(type: HsType, properties: Record<string, string>, associations?: z.infer<typeof S.AssociationInput>[]): HsRecord {
    const rec = this.seed(type, Object.fromEntries(Object.entries(properties).filter(([, v]) => v !== '')));
    for (const a of associations ?? []) for (const t of a.types) this.link({ type, id: rec.id }, { type: NOTE_TYPE_IDS[t.associationTypeId] ?? type, id: a.to.id });
    return rec;
  }

  private write(rec: HsRecord, properties: Record<string, string>): HsRecord {
    for (const [k, v] of Object.entries(properties)) {
      if (v === '') delete rec.properties[k];
      else rec.properties[k] = v;
    }
    rec.updatedAt = new Date().toISOString();
    return rec;
  }

  /** A record as HubSpot answers: asked-for properties (all when none asked) plus hs_object_id. */
  private view(type: HsType, rec: HsRecord, q: URLSearchParams | null, extra: Record<string, unknown> = {}) {
    const asked = q?.getAll('properties').flatMap((v) => v.split(',')).filter(Boolean) ?? [];
    const properties: Record<string, string | null> = { hs_object_id: rec.id, createdate: rec.createdAt, lastmodifieddate: rec.updatedAt };
    for (const name of asked.length ? asked : Object.keys(rec.properties)) properties[name] = rec.properties[name] ?? null;
    const wanted = q?.getAll('associations').flatMap((v) => v.split(',')).filter(isType) ?? [];
    const associations = Object.fromEntries(wanted.map((to) => [to, { results: this.linked(type, rec.id, to).map((id) => ({ id, type: `${SINGULAR[type]}_to_${SINGULAR[to]}` })) }]));
    return { id: rec.id, properties, createdAt: rec.createdAt, updatedAt: rec.updatedAt, archived: false, ...(wanted.length ? { associations } : {}), ...extra };
  }

  private getOne(type: HsType, id: string, q: URLSearchParams): Reply {
    const rec = this.objects.get(type)!.get(id);
    return rec ? { status: 200, body: this.view(type, rec, q) } : this.notFound(type, id);
  }

  private list(type: HsType, q: URLSearchParams): Reply {
    const limit = Number(q.get('limit') ?? 10);
    if (!(Number.isInteger(limit) && limit >= 1 && limit <= 100)) this.violations.push(`list ${type}: limit ${q.get('limit')} outside 1..100`);
    const all = this.all(type);
    const after = q.get('after');
    const start = after ? all.findIndex((r) => Number(r.id) >= Number(after)) : 0;
    const page = start < 0 ? [] : all.slice(start, start + limit);
    const next = start >= 0 ? all[start + limit] : undefined;
    return { status: 200, body: { results: page.map((r) => this.view(type, r, q)), ...(next ? { paging: { next: { after: next.id, link: `?after=${next.id}` } } } : {}) } };
  }

  private archive(type: HsType, id: string): Reply {
    this.objects.get(type)!.delete(id);
    for (const e of [...this.edges]) if (e.startsWith(`${type}/${id}>`) || e.endsWith(`>${type}/${id}`)) this.edges.delete(e);
    return { status: 204 };
  }

  private matches(rec: HsRecord, f: S.Filter): boolean {
    const value = rec.id && f.propertyName === 'hs_object_id' ? rec.id : rec.properties[f.propertyName];
    const tokens = lower(value).split(/[^a-z0-9]+/).filter(Boolean);
    switch (f.operator) {
      case 'EQ': return value !== undefined && lower(value) === lower(f.value);
      case 'NEQ': return lower(value) !== lower(f.value);
      case 'IN': return value !== undefined && (f.values ?? []).some((v) => lower(v) === lower(value));
      case 'HAS_PROPERTY': return value !== undefined;
      case 'NOT_HAS_PROPERTY': return value === undefined;
      case 'CONTAINS_TOKEN': {
        const needle = new RegExp(`^${lower(f.value).replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
        return tokens.some((t) => needle.test(t));
      }
      default:
        this.violations.push(`stand-in does not implement operator ${f.operator}`);
        return false;
    }
  }

  private search(type: HsType, body: unknown): Reply {
    const input = this.check(S.SearchRequest, body, `search ${type}`);
    if (!input) return { status: 400, body: { status: 'error', category: 'VALIDATION_ERROR', message: 'Invalid search request' } };
    const groups = input.filterGroups ?? [];
    const hits = this.all(type).filter((r) => groups.length === 0 || groups.some((g) => g.filters.every((f) => this.matches(r, f))));
    const from = Number(input.after ?? 0);
    const limit = input.limit ?? 10;
    const q = new URLSearchParams((input.properties ?? []).map((name) => ['properties', name]));
    const results = hits.slice(from, from + limit).map((r) => this.view(type, r, q));
    return { status: 200, body: { total: hits.length, results, ...(from + limit < hits.length ? { paging: { next: { after: String(from + limit) } } } : {}) } };
  }

  private merge(type: HsType, body: unknown): Reply {
    const input = this.check(S.MergeRequest, body, `merge ${type}`);
    if (!input) return { status: 400, body: { status: 'error', message: 'Invalid merge input' } };
    const [winner, loser] = [this.objects.get(type)!.get(input.primaryObjectId), this.objects.get(type)!.get(input.objectIdToMerge)];
    if (!winner) return this.notFound(type, input.primaryObjectId);
    if (!loser) return this.notFound(type, input.objectIdToMerge);
    winner.properties = { ...loser.properties, ...winner.properties };
    for (const to of TYPES) for (const id of this.linked(type, loser.id, to)) this.link({ type, id: winner.id }, { type: to, id });
    this.archive(type, loser.id);
    return { status: 200, body: this.view(type, winner, null) };
  }

  private batch(type: HsType, kind: 'upsert' | 'update' | 'create' | 'read', body: unknown): Reply {
    const schema = { upsert: S.BatchUpsertRequest, update: S.BatchUpdateRequest, create: S.BatchCreateRequest, read: S.BatchReadRequest }[kind];
    const input = this.check(schema, body, `batch ${kind} ${type}`);
    if (!input) return { status: 400, body: { status: 'error', category: 'VALIDATION_ERROR', message: `Invalid batch ${kind} input` } };
    const inputs = input.inputs as { id?: string; idProperty?: string; properties?: Record<string, string>; objectWriteTraceId?: string; associations?: z.infer<typeof S.AssociationInput>[] }[];
    const table = this.objects.get(type)!;
    for (const i of inputs) {
      if (i.idProperty && !this.uniqueProperties[type].includes(i.idProperty)) {
        return { status: 400, body: { status: 'error', category: 'VALIDATION_ERROR', message: `Unable to perform update/upsert by non-unique ${TYPE_ID[type]} property ${i.idProperty}` } };
      }
    }
    const ids = inputs.map((i) => lower(i.id)).filter(Boolean);
    if (kind !== 'create' && new Set(ids).size !== ids.length) return { status: 400, body: { status: 'error', category: 'VALIDATION_ERROR', message: 'Duplicate IDs found in batch input' } };
    const find = (i: (typeof inputs)[number]) =>
      i.idProperty ? [...table.values()].find((r) => lower(r.properties[i.idProperty!]) === lower(i.id)) : i.id ? table.get(i.id) : undefined;
    type Outcome = { ok: true; apply: () => { rec: HsRecord; isNew: boolean } } | { ok: false; error: unknown };
    const outcomes: Outcome[] = inputs.map((i) => {
      const context = { ...(i.objectWriteTraceId ? { objectWriteTraceId: [i.objectWriteTraceId] } : {}) };
      const existing = find(i);
      if ((kind === 'update' || kind === 'read') && !existing) {
        return { ok: false, error: { status: 'error', category: 'OBJECT_NOT_FOUND', message: `Could not get some ${type} objects, they may be deleted or not exist.`, context: { ...context, ids: [i.id ?? ''] } } };
      }
      if (kind === 'read') return { ok: true, apply: () => ({ rec: existing!, isNew: false }) };
      const props = kind === 'upsert' ? { ...i.properties, [i.idProperty!]: i.properties?.[i.idProperty!] ?? i.id! } : (i.properties ?? {});
      const problem = this.validate(type, props) ?? (kind === 'create' ? this.badAssociations(type, i.associations) : null);
      if (problem) return { ok: false, error: { status: 'error', category: 'VALIDATION_ERROR', message: problem.message, context, errors: [{ message: problem.message, in: problem.in, code: problem.code }] } };
      return { ok: true, apply: () => (existing ? { rec: this.write(existing, props), isNew: false } : { rec: this.create(type, props, i.associations), isNew: true }) };
    });
    const errors = outcomes.flatMap((o) => (o.ok ? [] : [o.error]));
    // Partial failure is reported per item only when every input carries an objectWriteTraceId.
    if (errors.length && kind !== 'read' && kind !== 'update' && !inputs.every((i) => i.objectWriteTraceId)) return { status: 400, body: errors[0] };
    const q = kind === 'read' ? new URLSearchParams((input as z.infer<typeof S.BatchReadRequest>).properties?.map((n) => ['properties', n]) ?? []) : null;
    const results = outcomes.flatMap((o, n) => {
      if (!o.ok) return [];
      const { rec, isNew } = o.apply();
      const trace = inputs[n]!.objectWriteTraceId;
      return [this.view(type, rec, q, { ...(kind === 'upsert' ? { new: isNew } : {}), ...(trace ? { objectWriteTraceId: trace } : {}) })];
    });
    if (this.shuffleResults) results.reverse();
    const stamp = new Date().toISOString();
    return { status: errors.length ? 207 : kind === 'create' ? 201 : 200, body: { status: 'COMPLETE', results, startedAt: stamp, completedAt: stamp, ...(errors.length ? { numErrors: errors.length, errors } : {}) } };
  }
}

export const startHubspotStandin = () => new HubspotStandin().start();

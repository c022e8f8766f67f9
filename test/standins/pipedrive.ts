import type { StandinHandler, StandinRequest, StandinResponse } from '../../e2e/support/upstream';
import { prismFetch, startValidatingProxy, type PrismViolation } from '../prism';

/**
 * A scripted Pipedrive company in memory: persons, organizations, deals, pipelines and stages
 * (API v2), notes, merges, deal participants and users/me (API v1). Behind Prism it sees paths as
 * the specs write them (`v1` and `v2` handlers, one Prism per spec); without Prism `handle` takes
 * full paths (/v1/…, /api/v2/…). Answers omit null fields, as the specs type them non-nullable.
 * Error statuses the specs do not declare (401 outside users/me, 404, 429, 5xx) are marked
 * `injected` so that only Prism's "undeclared status" finding is excused for them.
 */
export type Version = 'v1' | 'v2';
type Row = { id: number; [field: string]: unknown };
type Json = Record<string, unknown>;
export interface Fault { status: number; headers?: Record<string, string>; body?: unknown; /** Apply the request, then fail (a 5xx hiding a success). */ afterCommit?: boolean }
export interface SeenRequest { version: Version; method: string; path: string; query: URLSearchParams; headers: StandinRequest['headers']; body: unknown }

const KINDS = ['persons', 'organizations', 'deals'] as const;
type Kind = (typeof KINDS)[number];
const LABEL: Record<Kind, string> = { persons: 'Person', organizations: 'Organization', deals: 'Deal' };
const injected = (status: number, error: string, headers: Record<string, string> = {}): StandinResponse => ({ status, headers, body: { success: false, error, error_info: 'Please check developers.pipedrive.com' }, injected: true });
const compact = (o: Json): Json => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
const cursorOf = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64url');
const offsetOf = (cursor: string | null) => (cursor ? Number(Buffer.from(cursor, 'base64url').toString().replace('offset:', '')) || 0 : 0);
const lower = (s: unknown) => (typeof s === 'string' ? s.trim().toLowerCase() : '');

export class PipedriveStandin {
  readonly tables: Record<Kind, Map<number, Row>> = { persons: new Map(), organizations: new Map(), deals: new Map() };
  readonly notes = new Map<number, Row>();
  readonly participants: { id: number; dealId: number; personId: number }[] = [];
  pipelines: { id: number; name: string; stages: { id: number; name: string; probability: number }[] }[] = [
    { id: 1, name: 'Sales', stages: [{ id: 1, name: 'Qualified', probability: 10 }, { id: 2, name: 'Proposal', probability: 50 }, { id: 3, name: 'Negotiation', probability: 80 }] },
    { id: 2, name: 'Renewals', stages: [{ id: 4, name: 'Due', probability: 70 }] },
  ];
  user = { id: 7, name: 'Sam Rep', email: 'sam.rep@example.com', admin: false };
  readonly requests: SeenRequest[] = [];
  /** Consulted before each request; return a fault to fail it. */
  faults: ((req: SeenRequest) => Fault | undefined) | null = null;
  private readonly queued: { fault: Fault; match: (req: SeenRequest) => boolean }[] = [];
  private serial = 100;
  private clock = 0;

  constructor(readonly token = 'pd-test-token-0123456789') {}

  /** The next requests fail with these faults, in order. */
  failNext(...faults: Fault[]): void {
    this.queued.push(...faults.map((fault) => ({ fault, match: () => true })));
  }

  /** The next requests that `match` fail with these faults, in order. */
  failOn(match: (req: SeenRequest) => boolean, ...faults: Fault[]): void {
    this.queued.push(...faults.map((fault) => ({ fault, match })));
  }

  seed(kind: Kind, fields: Json): Row {
    const id = (this.serial += 1);
    const row = this.withNames(kind, { ...fields, id, add_time: this.tick(), update_time: this.tick() });
    this.tables[kind].set(id, row);
    return row;
  }

  readonly v1: StandinHandler = (req) => this.serve('v1', req);
  readonly v2: StandinHandler = (req) => this.serve('v2', req);
  /** Full paths, no Prism in between. */
  readonly handle: StandinHandler = (req) =>
    req.path.startsWith('/v1/') ? this.serve('v1', { ...req, path: req.path.slice(3) })
    : req.path.startsWith('/api/v2/') ? this.serve('v2', { ...req, path: req.path.slice(7) })
    : injected(404, `Unknown path ${req.path}`);

  /** Real time (the adapter asks `updated_since` by its own clock), strictly increasing. */
  private tick(): string {
    this.clock = Math.max(Date.now(), this.clock + 1);
    return new Date(this.clock).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  private serve(version: Version, req: StandinRequest): StandinResponse {
    let body: unknown;
    try { body = req.body ? JSON.parse(req.body) : undefined; } catch { body = undefined; }
    const seen: SeenRequest = { version, method: req.method, path: req.path, query: req.query, headers: req.headers, body };
    this.requests.push(seen);
    const limits = { 'x-ratelimit-limit': '80', 'x-ratelimit-remaining': String(80 - (this.requests.length % 80)), 'x-ratelimit-reset': '2', 'x-daily-requests-left': '9000' };
    const token = req.headers['x-api-token'] ?? req.headers.authorization?.replace(/^Bearer /, '');
    if (token !== this.token) {
      // users/me declares its 401 (v1 getCurrentUser); elsewhere it is an undeclared status.
      const unauthorized = { status: 401, headers: limits, body: { success: false, error: 'unauthorized access', errorCode: 401 } };
      return version === 'v1' && req.path === '/users/me' ? unauthorized : { ...unauthorized, injected: true };
    }
    const queued = this.queued.findIndex((q) => q.match(seen));
    const fault = queued >= 0 ? this.queued.splice(queued, 1)[0]?.fault : this.faults?.(seen);
    if (fault && !fault.afterCommit) return this.faultAnswer(fault, limits);
    const answer = version === 'v1' ? this.routeV1(seen) : this.routeV2(seen);
    if (fault) return this.faultAnswer(fault, limits);
    return { ...answer, headers: { ...limits, ...answer.headers } };
  }

  private faultAnswer(fault: Fault, limits: Record<string, string>): StandinResponse {
    const status = fault.status;
    const error = status === 429 ? 'Request over limit' : status >= 500 ? 'Internal server error' : `HTTP ${status}`;
    const headers = status === 429 ? { ...limits, 'x-ratelimit-remaining': '0', 'retry-after': '2', ...fault.headers } : { ...limits, ...fault.headers };
    return { ...injected(status, error, headers), ...(fault.body === undefined ? {} : { body: fault.body }) };
  }

  private routeV2(req: SeenRequest): StandinResponse {
    const [, kindName, second] = req.path.split('/');
    if (req.method === 'GET' && kindName === 'pipelines') return this.pageOf(this.pipelines.map((p, i) => ({ id: p.id, name: p.name, order_nr: i + 1, is_deleted: false, is_deal_probability_enabled: true })), req.query);
    if (req.method === 'GET' && kindName === 'stages') {
      const stages = this.pipelines.flatMap((p) => p.stages.map((s, i) => ({ id: s.id, name: s.name, order_nr: i + 1, pipeline_id: p.id, deal_probability: s.probability, is_deleted: false, is_deal_rot_enabled: false })));
      return this.pageOf(stages, req.query);
    }
    const kind = KINDS.find((k) => k === kindName);
    if (!kind) return injected(404, `Unknown path ${req.path}`);
    const table = this.tables[kind];
    if (second === 'search' && req.method === 'GET') return this.search(kind, req.query);
    if (second === undefined && req.method === 'GET') return this.pageOf(this.filtered(kind, req.query).map((r) => this.out(kind, r)), req.query);
    if (second === undefined && req.method === 'POST') return this.ok(this.out(kind, this.seed(kind, (req.body as Json | undefined) ?? {})));
    const row = table.get(Number(second));
    if (!row || !second) return injected(404, `${LABEL[kind]} not found`);
    if (req.method === 'GET') return this.ok(this.out(kind, row));
    if (req.method === 'DELETE') {
      table.delete(row.id);
      return this.ok({ id: row.id });
    }
    if (req.method === 'PATCH') {
      const next = this.withNames(kind, { ...row, ...((req.body as Json | undefined) ?? {}), id: row.id, update_time: this.tick() });
      table.set(row.id, next);
      return this.ok(this.out(kind, next));
    }
    return injected(405, `${req.method} not allowed`);
  }

  private routeV1(req: SeenRequest): StandinResponse {
    const parts = req.path.split('/').slice(1);
    const body = (req.body as Json | undefined) ?? {};
    if (req.method === 'GET' && req.path === '/users/me') {
      const { id, name, email, admin } = this.user;
      return this.ok({ id, name, email, company_id: 1, company_name: 'Northwind Test', company_domain: 'northwind-test', access: [{ app: 'sales', admin, permission_set_id: 'ps-sales-regular' }, { app: 'global', admin, permission_set_id: 'ps-global' }], is_you: true, active_flag: true });
    }
    if (req.path === '/notes' && req.method === 'POST') {
      const note = compact({ id: (this.serial += 1), content: body.content, person_id: body.person_id, org_id: body.org_id, deal_id: body.deal_id, add_time: this.tick(), active_flag: true, user_id: this.user.id });
      this.notes.set(Number(note.id), { ...note, id: Number(note.id) });
      return this.ok(note);
    }
    if (req.path === '/notes' && req.method === 'GET') {
      const match = (n: Row) => (['person_id', 'org_id', 'deal_id'] as const).every((f) => !req.query.has(f) || String(n[f]) === req.query.get(f));
      return this.v1Page([...this.notes.values()].filter(match), req.query);
    }
    const kind = KINDS.find((k) => k === parts[0]);
    const id = Number(parts[1]);
    if (kind && parts[2] === 'merge' && req.method === 'PUT') return this.merge(kind, id, Number(body.merge_with_id));
    if (kind === 'deals' && parts[2] === 'participants') {
      const deal = this.tables.deals.get(id);
      if (!deal) return injected(404, 'Deal not found');
      const view = (p: { id: number; personId: number }) => ({ id: p.id, person: { id: p.personId, name: String(this.tables.persons.get(p.personId)?.name ?? '') }, add_time: this.tick(), active_flag: true, related_item_data: { deal_id: id, title: String(deal.title) } });
      if (req.method === 'GET') return this.v1Page(this.participants.filter((p) => p.dealId === id).map(view), req.query);
      const added = { id: (this.serial += 1), dealId: id, personId: Number(body.person_id) };
      this.participants.push(added);
      return this.ok(view(added));
    }
    return injected(404, `Unknown path ${req.path}`);
  }

  /** mergePersons/mergeOrganizations/mergeDeals: `merge_with_id` survives and wins conflicts. */
  private merge(kind: Kind, loserId: number, winnerId: number): StandinResponse {
    const table = this.tables[kind];
    const [loser, winner] = [table.get(loserId), table.get(winnerId)];
    if (!loser || !winner) return injected(404, `${LABEL[kind]} not found`);
    const merged: Row = { ...compact(loser), ...compact(winner), id: winnerId, update_time: this.tick() };
    if (kind === 'persons') merged.emails = [...((winner.emails as Json[]) ?? []), ...((loser.emails as Json[]) ?? []).map((e) => ({ ...e, primary: false }))];
    table.set(winnerId, merged);
    table.delete(loserId);
    const field = kind === 'persons' ? 'person_id' : kind === 'organizations' ? 'org_id' : 'deal_id';
    for (const t of [this.tables.persons, this.tables.deals, this.notes]) for (const r of t.values()) if (r[field] === loserId) r[field] = winnerId;
    return this.ok(compact({ id: winnerId, name: kind === 'deals' ? undefined : merged.name, title: kind === 'deals' ? merged.title : undefined, merge_what_id: kind === 'organizations' ? undefined : loserId }));
  }

  private filtered(kind: Kind, q: URLSearchParams): Row[] {
    let rows = [...this.tables[kind].values()];
    const ids = q.get('ids')?.split(',').map(Number);
    if (ids) rows = rows.filter((r) => ids.includes(r.id));
    for (const f of ['org_id', 'person_id', 'owner_id', 'pipeline_id', 'stage_id']) if (q.has(f)) rows = rows.filter((r) => String(r[f]) === q.get(f));
    const since = q.get('updated_since');
    if (since) rows = rows.filter((r) => String(r.update_time) >= since);
    const by = q.get('sort_by') ?? 'id';
    rows.sort((a, b) => String(a[by]).localeCompare(String(b[by])) || a.id - b.id);
    if (by === 'id') rows.sort((a, b) => a.id - b.id);
    return q.get('sort_direction') === 'desc' ? rows.reverse() : rows;
  }

  private search(kind: Kind, q: URLSearchParams): StandinResponse {
    const term = lower(q.get('term'));
    const exact = q.get('exact_match') === 'true';
    const fields = q.get('fields');
    const hit = (v: unknown) => (exact ? lower(v) === term : lower(v).includes(term));
    const rows = [...this.tables[kind].values()].filter((r) => {
      const values =
        fields === 'email' ? ((r.emails as Json[] | undefined) ?? []).map((e) => e.value)
        : fields === 'custom_fields' ? Object.values((r.custom_fields as Json | undefined) ?? {})
        : [kind === 'deals' ? r.title : r.name];
      return values.some(hit);
    });
    const items = rows.map((r) => ({ result_score: 1, item: this.searchItem(kind, r) }));
    return { status: 200, body: { success: true, data: { items } } };
  }

  private searchItem(kind: Kind, r: Row): Json {
    const base = { id: r.id, visible_to: 3, owner: { id: this.user.id }, custom_fields: [], notes: [] };
    if (kind === 'deals') return compact({ ...base, type: 'deal', title: r.title, value: r.value, currency: r.currency, status: 'open', is_archived: false });
    if (kind === 'organizations') return { ...base, type: 'organization', name: r.name };
    const org = this.tables.organizations.get(Number(r.org_id));
    const values = (list: unknown) => ((list as Json[] | undefined) ?? []).map((e) => String(e.value));
    return compact({ ...base, type: 'person', name: r.name, emails: values(r.emails), phones: values(r.phones), organization: org ? { id: org.id, name: org.name } : undefined });
  }

  private withNames(kind: Kind, row: Row): Row {
    if (kind !== 'persons' || typeof row.name !== 'string') return row;
    const [first, ...rest] = row.name.split(' ');
    return { ...row, first_name: first, last_name: rest.join(' ') || undefined };
  }

  private out(kind: Kind, r: Row): Json {
    const defaults = kind === 'deals' ? { status: 'open', is_deleted: false, currency: 'EUR', value: 0, pipeline_id: 1, stage_id: 1 } : { is_deleted: false, visible_to: 3 };
    return compact({ ...defaults, owner_id: this.user.id, custom_fields: {}, ...r });
  }

  private ok(data: unknown): StandinResponse {
    return { status: 200, body: { success: true, data } };
  }

  private pageOf(rows: Json[], q: URLSearchParams): StandinResponse {
    const start = offsetOf(q.get('cursor'));
    const limit = Number(q.get('limit') ?? 100);
    const page = rows.slice(start, start + limit);
    const more = start + limit < rows.length;
    return { status: 200, body: { success: true, data: page, additional_data: more ? { next_cursor: cursorOf(start + limit) } : {} } };
  }

  private v1Page(rows: Json[], q: URLSearchParams): StandinResponse {
    const start = Number(q.get('start') ?? 0);
    const limit = Number(q.get('limit') ?? 100);
    const more = start + limit < rows.length;
    return { status: 200, body: { success: true, data: rows.slice(start, start + limit), additional_data: { pagination: compact({ start, limit, more_items_in_collection: more, next_start: more ? start + limit : undefined }) } } };
  }
}

export interface PipedriveContract {
  /** The stand-in answering now; `fresh()` swaps in a new one. */
  standin: PipedriveStandin;
  fresh(token?: string): PipedriveStandin;
  /** Give this to the adapter: /v1/… goes to the v1 Prism, /api/v2/… to the v2 Prism. */
  fetch: typeof fetch;
  /** Every violation Prism reported; take them with splice(0). */
  violations: PrismViolation[];
  stop(): Promise<void>;
}

/** Two Prism proxies (pipedrive-v1.yaml, pipedrive-v2.yaml) in front of one stand-in. */
export async function startPipedriveBehindPrism(): Promise<PipedriveContract> {
  const violations: PrismViolation[] = [];
  let standin = new PipedriveStandin();
  const [v1, v2] = await Promise.all([
    startValidatingProxy('pipedrive-v1', 'pipedrive-v1.yaml', (req) => standin.v1(req)),
    startValidatingProxy('pipedrive-v2', 'pipedrive-v2.yaml', (req) => standin.v2(req)),
  ]);
  return {
    get standin() {
      return standin;
    },
    fresh(token?: string) {
      standin = new PipedriveStandin(token);
      return standin;
    },
    fetch: prismFetch([{ prefix: '/v1', prism: v1.url }, { prefix: '/api/v2', prism: v2.url }], violations),
    violations,
    stop: async () => {
      await Promise.all([v1.stop(), v2.stop()]);
    },
  };
}

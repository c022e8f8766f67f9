import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { z } from 'zod';
import { SalesforceSession, type SalesforceToken } from '../../lib/crm/salesforce/oauth';
import * as S from '../../lib/crm/salesforce/schemas';

/**
 * A scripted Salesforce for tests, on node:http. Shapes follow the REST API Developer Guide and
 * every request is checked with the adapter's own zod schemas (lib/crm/salesforce/schemas.ts): a
 * request that does not match is answered 400 and recorded in `violations`, which tests assert
 * empty. It knows sObject rows with 18-character ids, the SOQL the adapter writes (SELECT fields
 * FROM object [WHERE conditions with =, >, LIKE, IN, AND, OR, parentheses] [ORDER BY f] [LIMIT n];
 * anything else is MALFORMED_QUERY and a violation), query paging by nextRecordsUrl, sObject
 * Collections create/update/upsert with per-record errors, describe, OpportunityStage, limits
 * (and the Sforce-Limit-Info header), userinfo, and the OAuth web server flow with PKCE and
 * refresh tokens. Knobs: `inject()` scripted faults (REQUEST_LIMIT_EXCEEDED, 5xx before or after
 * applying the write, INVALID_SESSION_ID, any answer), `expireAccessToken()`, `batchSize`, and a
 * `requests` log (with each query as parsed).
 */
export type SfObject = 'Contact' | 'Account' | 'Opportunity' | 'OpportunityContactRole' | 'ContentNote' | 'ContentDocumentLink' | 'OpportunityStage';
type Value = S.FieldValue;
export type SfRecord = Record<string, Value> & { Id: string };
export interface Fault { status: number; body?: unknown; headers?: Record<string, string>; /** Apply the request first, then answer with the fault. */ afterApply?: boolean }
export interface LoggedRequest { method: string; path: string; query: URLSearchParams; body: unknown; status: number; soql?: Soql }
interface Reply { status: number; body?: unknown; headers?: Record<string, string> }
type Kind = 'string' | 'email' | 'ref' | 'int' | 'num' | 'date' | 'bool' | 'picklist' | 'base64' | 'ext' | 'ro';
interface FieldDef { name: string; kind: Kind; required: boolean }

/** Field specs: name:kind, `!` for required on create. System fields Id, CreatedDate, LastModifiedDate come with every object. */
const SPEC: Record<SfObject, string> = {
  Contact: 'FirstName LastName! Email:email Title Phone AccountId:ref OwnerId:ref Email_Key__c:ext',
  Account: 'Name! Website Industry NumberOfEmployees:int OwnerId:ref Domain_Key__c:ext',
  Opportunity: 'Name! Amount:num StageName!:picklist CloseDate!:date AccountId:ref OwnerId:ref',
  OpportunityContactRole: 'OpportunityId!:ref ContactId!:ref Role IsPrimary:bool',
  ContentNote: 'Title! Content:base64 TextPreview:ro',
  ContentDocumentLink: 'ContentDocumentId!:ref LinkedEntityId!:ref ShareType!',
  OpportunityStage: 'ApiName:ro MasterLabel:ro SortOrder:ro DefaultProbability:ro IsClosed:ro IsWon:ro IsActive:ro',
};
const PREFIX: Record<SfObject, string> = { Contact: '003', Account: '001', Opportunity: '006', OpportunityContactRole: '00K', ContentNote: '069', ContentDocumentLink: '06A', OpportunityStage: '01J' };
const OBJECTS = Object.keys(SPEC) as SfObject[];
const FIELDS = Object.fromEntries(
  OBJECTS.map((o) => {
    const defs: FieldDef[] = [{ name: 'Id', kind: 'ro', required: false }, { name: 'CreatedDate', kind: 'ro', required: false }, { name: 'LastModifiedDate', kind: 'ro', required: false }];
    for (const part of SPEC[o].split(' ')) {
      const [name, kind = 'string'] = part.split(':') as [string, Kind?];
      defs.push({ name: name.replace('!', ''), kind, required: name.endsWith('!') });
    }
    return [o, defs];
  }),
) as Record<SfObject, FieldDef[]>;
const isObject = (o: string | undefined): o is SfObject => OBJECTS.includes(o as SfObject);
const field = (o: SfObject, name: string) => FIELDS[o].find((f) => f.name.toLowerCase() === name.toLowerCase());
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** The 18-character form: three checksum characters, one per five, flagging upper-case letters. */
export const to18 = (id15: string) =>
  id15 + [0, 5, 10].map((at) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345'[[...id15.slice(at, at + 5)].reduce((n, c, i) => n | (/[A-Z]/.test(c) ? 1 << i : 0), 0)]).join('');
const err = (errorCode: string, message: string, fields?: string[]) => [{ message, errorCode, ...(fields ? { fields } : {}) }];

export const fault = {
  requestLimit: (message = 'ConcurrentPerOrgLongTxn Limit exceeded.'): Fault => ({ status: 403, body: err('REQUEST_LIMIT_EXCEEDED', message) }),
  dailyLimit: (): Fault => ({ status: 403, body: err('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.') }),
  serverError: (status = 503, afterApply = false): Fault => ({ status, body: err('SERVER_UNAVAILABLE', 'Server temporarily unavailable'), afterApply }),
  invalidSession: (): Fault => ({ status: 401, body: err('INVALID_SESSION_ID', 'Session expired or invalid') }),
  respond: (status: number, body: unknown): Fault => ({ status, body }),
  pass: (): Fault => ({ status: 0 }),
};

export const DEFAULT_STAGES: [string, number, boolean, boolean][] = [
  ['Prospecting', 10, false, false], ['Qualification', 20, false, false], ['Proposal/Price Quote', 75, false, false], ['Closed Won', 100, true, true], ['Closed Lost', 0, true, false],
];

export class SalesforceStandin {
  apiVersion = 'v62.0';
  clientId = '3MVG9standin.consumer.key';
  redirectUri = 'https://abcdefghijklmnop.chromiumapp.org/';
  accessToken = '00Dstandin!access-1';
  refreshToken = '5Aepstandin.refresh';
  /** Rows per query batch before nextRecordsUrl (Salesforce: up to 2000). */
  batchSize = 2000;
  daily = { max: 100_000, used: 0 };
  permissions: Partial<Record<SfObject, { createable: boolean; updateable: boolean }>> = {};
  limitsForbidden = false;
  externalIds = new Set(['Email_Key__c', 'Domain_Key__c']);
  readonly requests: LoggedRequest[] = [];
  readonly violations: string[] = [];
  readonly tokenRequests: Record<string, string>[] = [];
  readonly records = new Map<SfObject, Map<string, SfRecord>>(OBJECTS.map((o) => [o, new Map()]));
  private readonly injected: { method?: string; path?: RegExp; fault: Fault }[] = [];
  private readonly codes = new Map<string, { challenge: string; redirectUri: string }>();
  private readonly cursors = new Map<string, { rows: SfRecord[]; fields: string[]; object: SfObject }>();
  private counter = 1;
  private tokenCounter = 1;
  url = '';
  /** The org host token answers name (`instance_url`); default this server's own URL. */
  instanceUrl = '';
  private server = createServer((req, res) => void this.handle(req, res));

  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    DEFAULT_STAGES.forEach(([name, p, closed, won], i) => this.seed('OpportunityStage', { ApiName: name, MasterLabel: name, SortOrder: i + 1, DefaultProbability: p, IsClosed: closed, IsWon: won, IsActive: true }));
    return this;
  }
  close = () => new Promise<void>((r) => (this.server.closeAllConnections(), this.server.close(() => r())));

  /** The next requests matching method/path get these answers, in order. */
  inject(match: { method?: string; path?: RegExp }, ...faults: Fault[]): void {
    for (const f of faults) this.injected.push({ ...match, fault: f });
  }
  seed(object: SfObject, values: Record<string, Value>): SfRecord {
    const now = new Date(Date.now() + this.counter).toISOString().replace('Z', '+0000');
    const id = to18(PREFIX[object] + '5g' + this.nextId());
    const record: SfRecord = { ...Object.fromEntries(FIELDS[object].map((f) => [f.name, null])), ...values, Id: id, CreatedDate: now, LastModifiedDate: now };
    if (object !== 'OpportunityStage' && 'OwnerId' in record && record.OwnerId === null) record.OwnerId = '0055g00000StandAAA';
    this.records.get(object)!.set(id, record);
    return record;
  }
  private nextId() {
    let n = this.counter++;
    let s = '';
    do {
      s = BASE62[n % 62] + s;
      n = Math.floor(n / 62);
    } while (n > 0);
    return s.padStart(10, '0');
  }
  all(object: SfObject): SfRecord[] {
    return [...this.records.get(object)!.values()].sort((a, b) => (a.Id < b.Id ? -1 : 1));
  }
  /** The token sessions were given stops working (sessions made afterwards get the new one). */
  expireAccessToken(): void {
    this.accessToken = `00Dstandin!expired-${this.tokenCounter++}`;
  }
  takeViolations(): string[] {
    return this.violations.splice(0);
  }

  /** The login page: checks the authorize URL and answers with the redirect launchWebAuthFlow would see. */
  authorize(url: string): string {
    const u = new URL(url);
    const q = u.searchParams;
    const problems = [
      u.origin + u.pathname === `${this.url}/services/oauth2/authorize` ? null : `authorize at ${u.origin}${u.pathname}`,
      q.get('response_type') === 'code' ? null : 'response_type must be code',
      q.get('client_id') === this.clientId ? null : 'unknown client_id',
      q.get('redirect_uri') === this.redirectUri ? null : 'redirect_uri does not match the connected app',
      /^[A-Za-z0-9_-]{43}$/.test(q.get('code_challenge') ?? '') ? null : 'code_challenge must be a base64url SHA-256',
      (q.get('scope') ?? '').split(' ').includes('refresh_token') ? null : 'scope lacks refresh_token',
    ].filter((p): p is string => p !== null);
    this.violations.push(...problems.map((p) => `authorize: ${p}`));
    if (problems.length) return `${q.get('redirect_uri')}?error=invalid_request&error_description=${encodeURIComponent(problems.join('; '))}`;
    const code = `aPrx${randomUUID()}`;
    this.codes.set(code, { challenge: q.get('code_challenge')!, redirectUri: q.get('redirect_uri')! });
    return `${this.redirectUri}?code=${encodeURIComponent(code)}&state=${encodeURIComponent(q.get('state') ?? '')}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += String(chunk);
    const url = new URL(req.url ?? '/', 'http://standin');
    const method = req.method ?? 'GET';
    const isToken = url.pathname === '/services/oauth2/token';
    let body: unknown = undefined;
    if (raw && !isToken) {
      try {
        body = JSON.parse(raw);
      } catch {
        this.violations.push(`${method} ${url.pathname}: body is not JSON`);
      }
    }
    const entry: LoggedRequest = { method, path: url.pathname, query: url.searchParams, body: isToken ? Object.fromEntries(new URLSearchParams(raw)) : body, status: 0 };
    const authorized = isToken || req.headers.authorization === `Bearer ${this.accessToken}`;
    const at = this.injected.findIndex((i) => (!i.method || i.method === method) && (!i.path || i.path.test(url.pathname)));
    const taken = authorized && at >= 0 ? this.injected.splice(at, 1)[0]!.fault : null;
    const injected = taken?.status === 0 ? null : taken;
    let reply: Reply;
    if (!authorized) reply = fault.invalidSession();
    else if (injected && !injected.afterApply) reply = injected;
    else {
      try {
        reply = isToken ? this.token(new URLSearchParams(raw)) : this.route(method, url, body, entry);
      } catch (e) {
        // Only queries throw (MALFORMED_QUERY, INVALID_FIELD): the adapter wrote SOQL outside the known subset.
        const message = e instanceof Error ? e.message : String(e);
        reply = { status: 400, body: err('MALFORMED_QUERY', message) };
        this.violations.push(`${method} ${url.pathname}${url.search}: ${message}`);
      }
      if (injected) reply = injected;
    }
    entry.status = reply.status;
    this.requests.push(entry);
    if (!isToken) this.daily.used++;
    const headers = { 'content-type': 'application/json;charset=UTF-8', 'Sforce-Limit-Info': `api-usage=${this.daily.used}/${this.daily.max}`, ...reply.headers };
    res.writeHead(reply.status, headers).end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
  }

  private check<Sc extends z.ZodType>(schema: Sc, value: unknown, what: string): z.output<Sc> | null {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    this.violations.push(`${what}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
    return null;
  }

  private token(form: URLSearchParams): Reply {
    const input = Object.fromEntries(form);
    this.tokenRequests.push(input);
    const invalid = (description: string): Reply => ({ status: 400, body: { error: 'invalid_grant', error_description: description } });
    const issue = (refresh: boolean): Reply => {
      this.accessToken = `00Dstandin!access-${++this.tokenCounter}`;
      const answer = { access_token: this.accessToken, instance_url: this.instanceUrl || this.url, id: `${this.url}/id/00D5g000000Stand/0055g00000StandAAA`, token_type: 'Bearer', issued_at: String(Date.now()), signature: 'c3RhbmRpbg==', scope: 'api id refresh_token' };
      return { status: 200, body: refresh ? { ...answer, refresh_token: this.refreshToken } : answer };
    };
    if (input.grant_type === 'authorization_code') {
      const req = this.check(S.AuthorizationCodeRequest, input, 'token (authorization_code)');
      const grant = req ? this.codes.get(req.code) : undefined;
      if (!req || !grant || req.client_id !== this.clientId || req.redirect_uri !== grant.redirectUri) return invalid('invalid authorization code');
      this.codes.delete(req.code);
      if (createHash('sha256').update(req.code_verifier).digest('base64url') !== grant.challenge) return invalid('invalid code verifier');
      return issue(true);
    }
    const req = this.check(S.RefreshTokenRequest, input, 'token (refresh_token)');
    if (!req || req.refresh_token !== this.refreshToken || req.client_id !== this.clientId) return invalid('expired access/refresh token');
    return issue(false);
  }

  private route(method: string, url: URL, body: unknown, entry: LoggedRequest): Reply {
    if (method === 'GET' && url.pathname === '/services/oauth2/userinfo') return { status: 200, body: { sub: `${this.url}/id/00D5g000000Stand/0055g00000StandAAA`, user_id: '0055g00000StandAAA', organization_id: '00D5g000000StandEAA', preferred_username: 'rep@example.com', email: 'rep@example.com' } };
    const m = /^\/services\/data\/(v\d+\.\d)\/(.*)$/.exec(url.pathname);
    if (!m || m[1] !== this.apiVersion) return this.unknown(method, url);
    const p = m[2]!.split('/');
    if (method === 'GET' && p[0] === 'limits' && p.length === 1) return this.limitsForbidden ? { status: 403, body: err('INSUFFICIENT_ACCESS', 'insufficient access rights on object id') } : { status: 200, body: { DailyApiRequests: { Max: this.daily.max, Remaining: this.daily.max - this.daily.used - 1 } } };
    if (method === 'GET' && p[0] === 'query' && p.length === 1) return this.query(url.searchParams.get('q') ?? '', entry);
    if (method === 'GET' && p[0] === 'query' && p.length === 2) return this.more(p[1]!);
    if (p[0] === 'sobjects' && isObject(p[1])) {
      const [object, id] = [p[1], p[2]];
      if (method === 'GET' && id === 'describe' && p.length === 3) return { status: 200, body: this.describe(object) };
      if (method === 'POST' && p.length === 2) return this.createOne(object, body);
      const record = id ? this.records.get(object)!.get(id) : undefined;
      if (p.length !== 3 || !['GET', 'PATCH', 'DELETE'].includes(method)) return this.unknown(method, url);
      if (!record) return { status: 404, body: err('NOT_FOUND', 'The requested resource does not exist') };
      if (method === 'GET') return { status: 200, body: this.view(object, record, (url.searchParams.get('fields') ?? '').split(',').filter(Boolean)) };
      if (method === 'DELETE') return this.remove(object, record.Id);
      const fields = this.check(S.RecordFields, body, `PATCH ${object}`);
      const problem = fields ? this.validate(object, fields, 'update') : { statusCode: 'JSON_PARSER_ERROR', message: 'bad body', fields: [] };
      if (problem) return { status: 400, body: err(problem.statusCode, problem.message, problem.fields) };
      Object.assign(record, fields, { LastModifiedDate: new Date().toISOString().replace('Z', '+0000') });
      return { status: 204 };
    }
    if (p[0] === 'composite' && p[1] === 'sobjects') {
      if (method === 'POST' && p.length === 2) return this.collection('create', S.CreateCollectionRequest, body);
      if (method === 'PATCH' && p.length === 2) return this.collection('update', S.UpdateCollectionRequest, body);
      if (method === 'PATCH' && p.length === 4 && isObject(p[2])) return this.collection('upsert', S.UpsertCollectionRequest, body, p[2], p[3]);
    }
    return this.unknown(method, url);
  }

  private unknown(method: string, url: URL): Reply {
    this.violations.push(`no such resource: ${method} ${url.pathname}`);
    return { status: 404, body: err('NOT_FOUND', 'The requested resource does not exist') };
  }

  private describe(object: SfObject) {
    const perm = this.permissions[object] ?? { createable: true, updateable: true };
    const picklistValues = (f: FieldDef) => (f.kind === 'picklist' ? this.all('OpportunityStage').map((s) => ({ value: String(s.ApiName), label: String(s.MasterLabel), active: s.IsActive === true, defaultValue: false })) : []);
    const fields = FIELDS[object].map((f) => ({ name: f.name, type: f.kind, createable: f.kind !== 'ro', updateable: f.kind !== 'ro', picklistValues: picklistValues(f) }));
    return { name: object, ...perm, deletable: true, fields };
  }

  private view(object: SfObject, r: SfRecord, fields: string[]) {
    const names = fields.length ? fields.map((f) => field(object, f)?.name ?? fail(`No such column '${f}' on entity '${object}'`)) : FIELDS[object].map((f) => f.name);
    return { attributes: { type: object, url: `/services/data/${this.apiVersion}/sobjects/${object}/${r.Id}` }, ...Object.fromEntries(names.map((n) => [n, r[n] ?? null])) };
  }

  /** null when the values may be written; else the record-level error Salesforce gives. */
  private validate(object: SfObject, values: Record<string, Value>, mode: 'create' | 'update'): S.RecordError | null {
    for (const [name, value] of Object.entries(values)) {
      const def = field(object, name);
      if (!def || def.name !== name) return { statusCode: 'INVALID_FIELD', message: `No such column '${name}' on sobject of type ${object}`, fields: [name] };
      if (def.kind === 'ro') return { statusCode: 'INVALID_FIELD_FOR_INSERT_UPDATE', message: `Unable to create/update fields: ${name}.`, fields: [name] };
      if (def.kind === 'email' && value !== null && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(String(value))) return { statusCode: 'INVALID_EMAIL_ADDRESS', message: `Email: invalid email address: ${String(value)}`, fields: [name] };
      if (def.kind === 'picklist' && !this.all('OpportunityStage').some((s) => s.ApiName === value)) return { statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', message: `${name}: bad value for restricted picklist field: ${String(value)}`, fields: [name] };
      if (def.kind === 'ref' && value !== null && !S.RecordId.safeParse(value).success) return { statusCode: 'MALFORMED_ID', message: `${name}: id value of incorrect type: ${String(value)}`, fields: [name] };
      if (def.required && value === null) return { statusCode: 'REQUIRED_FIELD_MISSING', message: `Required fields are missing: [${name}]`, fields: [name] };
    }
    const missing = mode === 'create' ? FIELDS[object].filter((f) => f.required && (values[f.name] === undefined || values[f.name] === null)).map((f) => f.name) : [];
    return missing.length ? { statusCode: 'REQUIRED_FIELD_MISSING', message: `Required fields are missing: [${missing.join(', ')}]`, fields: missing } : null;
  }

  private insert(object: SfObject, values: Record<string, Value>): SfRecord {
    const record = this.seed(object, values);
    if (object === 'ContentNote') {
      const text = Buffer.from(String(values.Content ?? ''), 'base64').toString('utf8').replace(/<\/p><p>/g, '\n').replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
      record.TextPreview = text.slice(0, 255);
    }
    return record;
  }

  private createOne(object: SfObject, body: unknown): Reply {
    const schema = object === 'ContentNote' ? S.ContentNoteCreate : object === 'ContentDocumentLink' ? S.ContentDocumentLinkCreate : object === 'OpportunityContactRole' ? S.OpportunityContactRoleCreate : S.RecordFields;
    const values = this.check(schema, body, `POST ${object}`) as Record<string, Value> | null;
    const problem = values ? this.validate(object, values, 'create') : { statusCode: 'JSON_PARSER_ERROR', message: 'bad body', fields: [] };
    if (problem) return { status: 400, body: err(problem.statusCode, problem.message, problem.fields) };
    return { status: 201, body: { id: this.insert(object, values!).Id, success: true, errors: [] } };
  }

  private remove(object: SfObject, id: string): Reply {
    this.records.get(object)!.delete(id);
    if (object === 'ContentNote') for (const l of this.all('ContentDocumentLink')) if (l.ContentDocumentId === id) this.records.get('ContentDocumentLink')!.delete(l.Id);
    return { status: 204 };
  }

  private collection(kind: 'create' | 'update' | 'upsert', schema: z.ZodType<S.CollectionRequest>, body: unknown, object?: SfObject, external?: string): Reply {
    const req = this.check(schema, body, `${kind} collection`);
    if (!req) return { status: 400, body: err('JSON_PARSER_ERROR', 'The request body is not a valid collection request') };
    if (req.allOrNone) this.violations.push(`${kind} collection: the stand-in only models allOrNone false`);
    if (kind === 'upsert' && (!object || !external || !this.externalIds.has(external) || !field(object, external))) return { status: 400, body: err('INVALID_FIELD', `${external} is not an External ID field of ${object}`) };
    const results = req.records.map((r) => {
      const { attributes, id, ...values } = r as S.CollectionRecord & { id?: string };
      const type = attributes.type;
      const fail = (e: S.RecordError) => ({ success: false, errors: [e] });
      if (!isObject(type) || (object && type !== object)) return fail({ statusCode: 'INVALID_TYPE', message: `sObject type '${type}' is not supported`, fields: [] });
      const fields = values as Record<string, Value>;
      if (kind === 'update') {
        const existing = this.records.get(type)!.get(String(id));
        if (!existing) return fail({ statusCode: 'INVALID_CROSS_REFERENCE_KEY', message: 'invalid cross reference id', fields: [] });
        const problem = this.validate(type, fields, 'update');
        if (problem) return fail(problem);
        Object.assign(existing, fields, { LastModifiedDate: new Date().toISOString().replace('Z', '+0000') });
        return { id: existing.Id, success: true, errors: [] };
      }
      const key = kind === 'upsert' ? String(fields[external!] ?? '').toLowerCase() : '';
      const matches = kind === 'upsert' ? this.all(type).filter((x) => key !== '' && String(x[external!] ?? '').toLowerCase() === key) : [];
      if (kind === 'upsert' && !key) return fail({ statusCode: 'MISSING_ARGUMENT', message: `${external} not specified`, fields: [external!] });
      if (matches.length > 1) return fail({ statusCode: 'DUPLICATE_EXTERNAL_ID', message: `${external}: more than one record found for external id field`, fields: [external!] });
      const problem = this.validate(type, fields, matches.length ? 'update' : 'create');
      if (problem) return fail(problem);
      if (matches[0]) {
        Object.assign(matches[0], fields, { LastModifiedDate: new Date().toISOString().replace('Z', '+0000') });
        return { id: matches[0].Id, success: true, errors: [], created: false };
      }
      const created = this.insert(type, fields);
      return kind === 'upsert' ? { id: created.Id, success: true, errors: [], created: true } : { id: created.Id, success: true, errors: [] };
    });
    return { status: 200, body: results };
  }

  private query(q: string, entry: LoggedRequest): Reply {
    const soql = parseSoql(q);
    entry.soql = soql;
    if (!isObject(soql.from)) throw new Error(`sObject type '${soql.from}' is not supported`);
    const object = soql.from;
    const fields = soql.fields.map((f) => field(object, f)?.name ?? fail(`No such column '${f}' on entity '${object}'`));
    const whereFields = collectFields(soql.where);
    for (const f of whereFields) if (!field(object, f)) fail(`No such column '${f}' on entity '${object}'`);
    if (object === 'ContentDocumentLink' && !whereFields.some((f) => /^(LinkedEntityId|ContentDocumentId)$/i.test(f))) fail('Implementation restriction: ContentDocumentLink requires a filter by a single Id on ContentDocumentId or LinkedEntityId');
    let rows = this.all(object).filter((r) => !soql.where || evaluate(soql.where, r, object));
    if (soql.orderBy) {
      const by = field(object, soql.orderBy.field)?.name ?? fail(`No such column '${soql.orderBy.field}'`);
      rows = [...rows].sort((a, b) => compare(a[by] ?? null, b[by] ?? null) * (soql.orderBy!.desc ? -1 : 1));
    }
    if (soql.limit !== undefined) rows = rows.slice(0, soql.limit);
    const locator = `01g5g${String(this.cursors.size).padStart(10, '0')}`;
    this.cursors.set(locator, { rows, fields, object });
    return this.more(`${locator}-0`);
  }

  private more(locatorAt: string): Reply {
    const [locator, offsetText] = locatorAt.split('-');
    const cursor = this.cursors.get(locator ?? '');
    const offset = Number(offsetText);
    if (!cursor || !Number.isInteger(offset)) return { status: 400, body: err('INVALID_QUERY_LOCATOR', 'invalid query locator') };
    const end = Math.min(cursor.rows.length, offset + this.batchSize);
    const records = cursor.rows.slice(offset, end).map((r) => this.view(cursor.object, r, cursor.fields));
    const done = end >= cursor.rows.length;
    return { status: 200, body: { totalSize: cursor.rows.length, done, ...(done ? {} : { nextRecordsUrl: `/services/data/${this.apiVersion}/query/${locator}-${end}` }), records } };
  }
}

export async function startSalesforceStandin(): Promise<SalesforceStandin> {
  return new SalesforceStandin().start();
}

/** A signed-in session against the stand-in, its token kept in memory (`store.saved` counts renewals). */
export function standinSession(sf: SalesforceStandin) {
  const store = {
    token: { accessToken: sf.accessToken, refreshToken: sf.refreshToken, instanceUrl: sf.url, issuedAt: Date.now() } as SalesforceToken | null,
    saved: 0,
    load: async () => store.token,
    save: async (t: SalesforceToken) => void ((store.token = t), store.saved++),
  };
  return { store, session: new SalesforceSession(store, { clientId: sf.clientId, loginUrl: sf.url }) };
}

// --- The SOQL subset the adapter writes, parsed strictly.
type Cond = { kind: 'and'; parts: Cond[] } | { kind: 'or'; parts: Cond[] } | { kind: 'cmp'; field: string; op: '=' | '>' | 'LIKE'; value: Value } | { kind: 'in'; field: string; values: string[] };
export interface Soql { fields: string[]; from: string; where?: Cond; orderBy?: { field: string; desc: boolean }; limit?: number }
type Token = { t: 'str'; v: string } | { t: 'num'; v: number } | { t: 'word'; v: string } | { t: 'sym'; v: string };
const fail = (message: string): never => {
  throw new Error(message);
};
const UNESCAPE: Record<string, string> = { n: '\n', N: '\n', r: '\r', R: '\r', t: '\t', T: '\t', b: '\b', B: '\b', f: '\f', F: '\f', '"': '"', "'": "'", '\\': '\\', '%': '\\%', _: '\\_' };

function tokenize(q: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q[i]!;
    if (/\s/.test(c)) i++;
    else if (c === "'") {
      let v = '';
      for (i++; ; i++) {
        if (i >= q.length) fail('unterminated string literal');
        if (q[i] === "'") break;
        if (q[i] === '\\') v += UNESCAPE[q[++i] ?? ''] ?? fail(`invalid escape \\${q[i]}`);
        else v += q[i];
      }
      i++;
      out.push({ t: 'str', v });
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+/.exec(q.slice(i))![0];
      out.push({ t: 'num', v: Number(m) });
      i += m.length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(q.slice(i))![0];
      out.push({ t: 'word', v: m });
      i += m.length;
    } else if ('(),=>'.includes(c)) {
      out.push({ t: 'sym', v: c });
      i++;
    } else fail(`unexpected character ${JSON.stringify(c)} at ${i}`);
  }
  return out;
}

export function parseSoql(q: string): Soql {
  const tokens = tokenize(q);
  let at = 0;
  const peekWord = (w: string) => tokens[at]?.t === 'word' && tokens[at]!.v.toString().toUpperCase() === w;
  const word = (w: string) => (peekWord(w) ? (at++, true) : false);
  const expectWord = (w: string) => word(w) || fail(`expected ${w} at token ${at}`);
  const sym = (s: string) => (tokens[at]?.t === 'sym' && tokens[at]!.v === s ? (at++, true) : false);
  const ident = () => {
    const t = tokens[at++];
    return t?.t === 'word' && !['SELECT', 'FROM', 'WHERE', 'AND', 'OR', 'IN', 'LIKE', 'ORDER', 'BY', 'LIMIT'].includes(t.v.toUpperCase()) ? t.v : fail(`expected a field name at token ${at - 1}`);
  };
  const literal = (): Value => {
    const t = tokens[at++];
    if (t?.t === 'str' || t?.t === 'num') return t.v;
    if (t?.t === 'word' && /^(true|false|null)$/i.test(t.v)) return t.v.toLowerCase() === 'null' ? null : t.v.toLowerCase() === 'true';
    return fail(`expected a value at token ${at - 1}`);
  };
  const term = (): Cond => {
    if (sym('(')) {
      const c = expr();
      return sym(')') ? c : fail('expected )');
    }
    const f = ident();
    if (word('IN')) {
      if (!sym('(')) fail('expected ( after IN');
      const values: string[] = [];
      do {
        const v = literal();
        values.push(typeof v === 'string' ? v : fail('IN takes strings'));
      } while (sym(','));
      return sym(')') ? { kind: 'in', field: f, values } : fail('expected ) after IN list');
    }
    const op = sym('=') ? '=' : sym('>') ? '>' : word('LIKE') ? 'LIKE' : fail(`expected =, >, LIKE or IN after ${f}`);
    return { kind: 'cmp', field: f, op, value: literal() };
  };
  const expr = (): Cond => {
    const first = term();
    const joiner = peekWord('AND') ? 'AND' : peekWord('OR') ? 'OR' : null;
    if (!joiner) return first;
    const parts = [first];
    while (word(joiner)) parts.push(term());
    if (peekWord('AND') || peekWord('OR')) fail('AND and OR mixed without parentheses');
    return { kind: joiner === 'AND' ? 'and' : 'or', parts };
  };
  expectWord('SELECT');
  const fields = [ident()];
  while (sym(',')) fields.push(ident());
  expectWord('FROM');
  const out: Soql = { fields, from: ident() };
  if (word('WHERE')) out.where = expr();
  if (word('ORDER')) {
    expectWord('BY');
    out.orderBy = { field: ident(), desc: word('DESC') ? true : (word('ASC'), false) };
  }
  if (word('LIMIT')) {
    const n = literal();
    out.limit = typeof n === 'number' ? n : fail('LIMIT takes a number');
  }
  if (at !== tokens.length) fail(`unexpected ${JSON.stringify(tokens[at]?.v)} at token ${at}`);
  return out;
}

function collectFields(c: Cond | undefined): string[] {
  if (!c) return [];
  return c.kind === 'and' || c.kind === 'or' ? c.parts.flatMap(collectFields) : [c.field];
}

const compare = (a: Value, b: Value) => (a === b ? 0 : a === null ? -1 : b === null ? 1 : typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : 1);
const likeRegex = (pattern: string) =>
  new RegExp(`^${pattern.replace(/\\%|\\_|%|_|[.*+?^${}()|[\]\\]/g, (t) => (t === '%' ? '.*' : t === '_' ? '.' : t === '\\%' ? '%' : t === '\\_' ? '_' : `\\${t}`))}$`, 'is');

function evaluate(c: Cond, r: SfRecord, object: SfObject): boolean {
  if (c.kind === 'and') return c.parts.every((p) => evaluate(p, r, object));
  if (c.kind === 'or') return c.parts.some((p) => evaluate(p, r, object));
  const v = r[field(object, c.field)!.name] ?? null;
  const lower = (x: Value) => (typeof x === 'string' ? x.toLowerCase() : x);
  if (c.kind === 'in') return c.values.some((x) => lower(x) === lower(v));
  if (c.op === '=') return lower(v) === lower(c.value);
  if (c.op === '>') return v !== null && compare(v, c.value) > 0;
  return typeof c.value === 'string' && v !== null && likeRegex(c.value).test(String(v));
}

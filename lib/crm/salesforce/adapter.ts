import { CrmApiError } from '../http';
import {
  Pipeline,
  type BatchResult,
  type ConnectionCheck,
  type CrmAdapter,
  type CrmDeal,
  type CrmRef,
  type Note,
  type ObjectType,
  type Page,
  type RecordOf,
  type RecordPatch,
  type SearchQuery,
  type Upsert,
} from '../model';
import { batchUpdate, batchUpsert } from './batch';
import { SalesforceClient, type SalesforceClientOptions } from './client';
import { checkSalesforceConnection } from './connection';
import { fieldsToRead, fromRow, normalizeDomain, PIPELINE_ID, resolveMapping, SF_OBJECT, type SalesforceFieldMapping, type SalesforceMappingOverrides } from './mapping';
import { addNote, associate, associatedIds, contactsOfDeals, notesOf } from './related';
import { COLLECTION_LIMIT, DescribeResponse, RecordId, sobjectRecord, STAGE_FIELDS, type SObjectRow } from './schemas';
import { after, anyOf, apiName, eq, like, recordId, select, type Condition } from './soql';

export interface SalesforceAdapterOptions extends SalesforceClientOptions {
  mapping?: SalesforceMappingOverrides;
  /** More fields to read per type; they round-trip in `properties`. */
  extraFields?: Partial<Record<ObjectType, string[]>>;
  /**
   * Per type, a unique External ID field that holds the natural key (contacts: lower-cased email;
   * companies: bare domain). With one, upserts go by that field in one idempotent call; without,
   * they look the key up first (see batch.ts).
   */
  externalIdFields?: Partial<Record<'contact' | 'company', string>>;
  now?: () => number;
}

const LIST_MAX = 2000;
const SEARCH_MAX = 200;
const CURSOR = /^after:([a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?)$/;

/**
 * The CrmAdapter over Salesforce's REST API: sObject rows, SOQL, sObject Collections, describe,
 * OpportunityStage, ContentNote. Merge is not offered: Salesforce merges Leads, Contacts and
 * Accounts through the SOAP API's merge() call and Apex, and its REST API has no merge resource.
 */
export class SalesforceAdapter implements CrmAdapter {
  readonly kind = 'salesforce' as const;
  readonly capabilities = { batchSize: COLLECTION_LIMIT, delete: true, merge: false };
  readonly mapping: SalesforceFieldMapping;
  readonly client: SalesforceClient;
  private readonly externalIdFields: Partial<Record<ObjectType, string>>;

  constructor(private readonly opts: SalesforceAdapterOptions) {
    this.mapping = resolveMapping(opts.mapping);
    this.client = new SalesforceClient(opts);
    this.externalIdFields = Object.fromEntries(Object.entries(opts.externalIdFields ?? {}).map(([t, f]) => [t, apiName(f)]));
  }

  private fields(type: ObjectType): string[] {
    return fieldsToRead(this.mapping, type, this.opts.extraFields?.[type]);
  }

  /** Rows → model records; deals get their contact ids from OpportunityContactRole in one query. */
  private async records<T extends ObjectType>(type: T, rows: SObjectRow[]): Promise<RecordOf<T>[]> {
    const contacts = type === 'deal' && rows.length > 0 ? await contactsOfDeals(this.client, rows.map((r) => r.id)) : new Map<string, string[]>();
    return rows.map((r) => fromRow(this.mapping, type, r, contacts.get(r.id) ?? []));
  }

  async get<T extends ObjectType>(type: T, id: string): Promise<RecordOf<T> | null> {
    if (!RecordId.safeParse(id).success) return null;
    const fields = this.fields(type);
    try {
      const path = `${this.client.data}/sobjects/${SF_OBJECT[type]}/${id}`;
      const row = await this.client.call(`get ${type}`, { method: 'GET', path, query: { fields: fields.join(',') }, schema: sobjectRecord(fields), idempotent: true });
      return (await this.records(type, [row]))[0] ?? null;
    } catch (e) {
      if (e instanceof CrmApiError && e.kind === 'not_found') return null;
      throw e;
    }
  }

  /** Pages in id order; the cursor is the last id seen, so pages never shift under concurrent writes. */
  async list<T extends ObjectType>(type: T, cursor?: string | null, limit = 100): Promise<Page<RecordOf<T>>> {
    const size = Math.min(Math.max(1, Math.floor(limit)), LIST_MAX);
    const where: Condition[] = [];
    if (cursor) {
      const last = CURSOR.exec(cursor)?.[1];
      if (!last) throw new CrmApiError('salesforce', 'client', `list ${type}: bad cursor ${JSON.stringify(cursor)}`, 'That page of Salesforce records is no longer valid; start from the first page.', false);
      where.push(after('Id', last));
    }
    const fields = this.fields(type);
    const rows = await this.client.query(`list ${type}`, select({ fields, from: SF_OBJECT[type], where, orderBy: 'Id', limit: size }), fields, size);
    const items = await this.records(type, rows);
    return { items, next: rows.length === size ? `after:${rows.at(-1)!.id}` : null };
  }

  async search<T extends ObjectType>(type: T, query: SearchQuery): Promise<RecordOf<T>[]> {
    const where = this.searchConditions(type, query);
    if (!where) return [];
    const fields = this.fields(type);
    let rows = await this.client.query(`search ${type}`, select({ fields, from: SF_OBJECT[type], where, orderBy: 'Id', limit: SEARCH_MAX }), fields, SEARCH_MAX);
    const domainField = this.mapping.company.domain;
    if (type === 'company' && query.domain?.trim() && domainField) {
      const domain = normalizeDomain(query.domain);
      rows = rows.filter((r) => typeof r.fields[domainField] === 'string' && normalizeDomain(r.fields[domainField]) === domain);
    }
    return this.records(type, rows);
  }

  /** Email equality, a Website containing the domain (then exact host match), or the name's words. */
  private searchConditions(type: ObjectType, query: SearchQuery): Condition[] | null {
    const m = this.mapping;
    if (type === 'contact' && query.email?.trim() && m.contact.email) return [eq(m.contact.email, query.email.trim())];
    if (type === 'company' && query.domain?.trim() && m.company.domain) return normalizeDomain(query.domain) ? [like(m.company.domain, normalizeDomain(query.domain))] : null;
    const words = (query.name ?? '').trim().split(/\s+/).filter(Boolean).slice(0, 6);
    if (words.length === 0) return null;
    if (type === 'contact') {
      const [first, last] = [m.contact.firstName ?? 'FirstName', m.contact.lastName ?? 'LastName'];
      if (words.length === 1) return [anyOf([like(first, words[0]!), like(last, words[0]!)])];
      return [like(first, words[0]!), like(last, words.at(-1)!)];
    }
    const name = m[type].name ?? 'Name';
    return words.map((w) => like(name, w));
  }

  async batchUpsert<T extends ObjectType>(type: T, items: Upsert<T>[]): Promise<BatchResult> {
    return { results: await batchUpsert(this.client, this.mapping, { externalIdFields: this.externalIdFields }, type, items) };
  }

  async batchUpdate<T extends ObjectType>(type: T, items: { id: string; patch: RecordPatch<T> }[]): Promise<BatchResult> {
    return { results: await batchUpdate(this.client, this.mapping, type, items) };
  }

  async changeStage(dealId: string, stageId: string, pipelineId?: string): Promise<CrmDeal> {
    const id = recordId(dealId);
    const stages = (await this.pipelines())[0]?.stages ?? [];
    if ((pipelineId && pipelineId !== PIPELINE_ID) || !stages.some((s) => s.id === stageId)) {
      throw new CrmApiError('salesforce', 'client', `changeStage: no stage ${stageId} in ${pipelineId ?? PIPELINE_ID}`, `Salesforce has no active opportunity stage "${stageId}".`, false);
    }
    const field = this.mapping.deal.stageId ?? 'StageName';
    await this.client.call('change deal stage', { method: 'PATCH', path: `${this.client.data}/sobjects/Opportunity/${id}`, body: { [field]: stageId }, idempotent: true });
    const deal = await this.get('deal', id);
    if (!deal) throw new CrmApiError('salesforce', 'not_found', `changeStage: deal ${id} vanished`, 'Salesforce has no such record.', false, 404);
    return deal;
  }

  async remove(type: ObjectType, id: string): Promise<void> {
    try {
      await this.client.call(`delete ${type}`, { method: 'DELETE', path: `${this.client.data}/sobjects/${SF_OBJECT[type]}/${recordId(id)}`, idempotent: true });
    } catch (e) {
      if (!(e instanceof CrmApiError && e.kind === 'not_found')) throw e; // already gone (a repeat after a lost answer)
    }
  }

  async merge(type: ObjectType, winnerId: string, loserId: string): Promise<void> {
    throw new CrmApiError('salesforce', 'client', `merge ${type} ${loserId} into ${winnerId}: not available through the REST API`, "Salesforce's REST API cannot merge records; merge them in Salesforce (Contacts, Accounts and Leads have a Merge button).", false);
  }

  /**
   * One pipeline: the StageName picklist's active values (describe), ordered and annotated from
   * OpportunityStage (SortOrder, DefaultProbability, IsClosed, IsWon). Record-type-specific sales
   * processes are not modelled separately.
   */
  async pipelines(): Promise<Pipeline[]> {
    const describe = await this.client.call('describe Opportunity', { method: 'GET', path: `${this.client.data}/sobjects/Opportunity/describe`, schema: DescribeResponse, idempotent: true });
    const picklist = describe.fields.find((f) => f.name === 'StageName')?.picklistValues.filter((v) => v.active) ?? [];
    const stages = await this.client.query('opportunity stages', select({ fields: STAGE_FIELDS, from: 'OpportunityStage', orderBy: 'SortOrder' }), STAGE_FIELDS);
    const byName = new Map(stages.map((s) => [String(s.fields.ApiName ?? s.fields.MasterLabel), s.fields]));
    const list = picklist.map((v, i) => {
      const s = byName.get(v.value);
      const order = typeof s?.SortOrder === 'number' ? s.SortOrder : i;
      const probability = typeof s?.DefaultProbability === 'number' ? s.DefaultProbability / 100 : null;
      const closed = s?.IsClosed === true ? (s.IsWon === true ? 'won' : 'lost') : null;
      return { id: v.value, label: v.label, order, probability, closed };
    });
    return [Pipeline.parse({ id: PIPELINE_ID, label: 'Sales process', stages: list.sort((a, b) => a.order - b.order) })];
  }

  notes(ref: CrmRef): Promise<Note[]> {
    return notesOf(this.client, ref);
  }

  addNote(ref: CrmRef, body: string): Promise<Note> {
    return addNote(this.client, ref, body, this.opts.now ?? Date.now);
  }

  associations(ref: CrmRef, toType: ObjectType): Promise<string[]> {
    return associatedIds(this.client, this.mapping, ref, toType);
  }

  associate(from: CrmRef, to: CrmRef): Promise<void> {
    return associate(this.client, this.mapping, from, to);
  }

  checkConnection(): Promise<ConnectionCheck[]> {
    return checkSalesforceConnection(this.client);
  }
}

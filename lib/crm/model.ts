import { z } from 'zod';

/**
 * One CRM model for every adapter (HubSpot, Salesforce, Pipedrive, local). Adapters translate
 * their vendor's shapes into these and back; nothing above lib/crm/ sees a vendor shape.
 */
export const CrmKind = z.enum(['hubspot', 'salesforce', 'pipedrive', 'local']);
export type CrmKind = z.infer<typeof CrmKind>;

export const ObjectType = z.enum(['contact', 'company', 'deal']);
export type ObjectType = z.infer<typeof ObjectType>;

/** A record's identity across contexts (panels, audit entries, proposals). */
export const CrmRef = z.object({ crm: CrmKind, type: ObjectType, id: z.string().min(1) });
export type CrmRef = z.infer<typeof CrmRef>;

const nullableString = z.string().nullable().default(null);
/** Vendor properties we do not model, kept as strings so nothing a CRM holds is lost on a round trip. */
const extra = z.record(z.string(), z.string().nullable()).default({});

export const CrmContact = z.object({
  id: z.string(),
  email: nullableString,
  firstName: nullableString,
  lastName: nullableString,
  title: nullableString,
  phone: nullableString,
  companyId: nullableString,
  ownerId: nullableString,
  updatedAt: nullableString,
  properties: extra,
});
export type CrmContact = z.infer<typeof CrmContact>;

export const CrmCompany = z.object({
  id: z.string(),
  name: nullableString,
  domain: nullableString,
  industry: nullableString,
  employees: z.number().nullable().default(null),
  ownerId: nullableString,
  updatedAt: nullableString,
  properties: extra,
});
export type CrmCompany = z.infer<typeof CrmCompany>;

export const CrmDeal = z.object({
  id: z.string(),
  name: nullableString,
  amount: z.number().nullable().default(null),
  currency: nullableString,
  pipelineId: nullableString,
  stageId: nullableString,
  closeDate: nullableString,
  ownerId: nullableString,
  companyId: nullableString,
  contactIds: z.array(z.string()).default([]),
  updatedAt: nullableString,
  properties: extra,
});
export type CrmDeal = z.infer<typeof CrmDeal>;

export type RecordOf<T extends ObjectType> = T extends 'contact' ? CrmContact : T extends 'company' ? CrmCompany : CrmDeal;
export const RECORD_SCHEMA = { contact: CrmContact, company: CrmCompany, deal: CrmDeal } as const;

export const Stage = z.object({
  id: z.string(),
  label: z.string(),
  order: z.number(),
  /** Win probability 0–1 where the CRM has one. */
  probability: z.number().nullable().default(null),
  closed: z.enum(['won', 'lost']).nullable().default(null),
});
export type Stage = z.infer<typeof Stage>;

export const Pipeline = z.object({ id: z.string(), label: z.string(), stages: z.array(Stage) });
export type Pipeline = z.infer<typeof Pipeline>;

export const Note = z.object({
  id: z.string(),
  body: z.string(),
  createdAt: nullableString,
  attachedTo: z.array(CrmRef).default([]),
});
export type Note = z.infer<typeof Note>;

export interface Page<T> {
  items: T[];
  /** Opaque cursor for the next page, or null at the end. */
  next: string | null;
}

/** Fields to write. Keys are our model's field names; `properties` holds mapped vendor fields. */
export type RecordPatch<T extends ObjectType> = Partial<Omit<RecordOf<T>, 'id' | 'updatedAt' | 'properties'>> & {
  properties?: Record<string, string | null>;
};

/** An upsert finds the record by id, else by its natural key (contact email, company domain). */
export interface Upsert<T extends ObjectType> {
  id?: string;
  patch: RecordPatch<T>;
}

export type ItemResult =
  | { index: number; ok: true; id: string; created: boolean }
  | { index: number; ok: false; error: string; retryable: boolean };

export interface BatchResult {
  results: ItemResult[];
}

export interface Capabilities {
  /** Largest batch a single call takes (HubSpot 100, Salesforce composite 200, Pipedrive 1). */
  batchSize: number;
  delete: boolean;
  /** Whether the CRM can merge two records itself. */
  merge: boolean;
}

export interface SearchQuery {
  email?: string;
  domain?: string;
  name?: string;
}

export interface ConnectionCheck {
  operation: string;
  ok: boolean;
  detail: string;
}

/** The one interface Cipher, the panels and the settings page use. */
export interface CrmAdapter {
  readonly kind: CrmKind;
  readonly capabilities: Capabilities;
  get<T extends ObjectType>(type: T, id: string): Promise<RecordOf<T> | null>;
  list<T extends ObjectType>(type: T, cursor?: string | null, limit?: number): Promise<Page<RecordOf<T>>>;
  search<T extends ObjectType>(type: T, query: SearchQuery): Promise<RecordOf<T>[]>;
  batchUpsert<T extends ObjectType>(type: T, items: Upsert<T>[]): Promise<BatchResult>;
  batchUpdate<T extends ObjectType>(type: T, items: { id: string; patch: RecordPatch<T> }[]): Promise<BatchResult>;
  changeStage(dealId: string, stageId: string, pipelineId?: string): Promise<CrmDeal>;
  remove(type: ObjectType, id: string): Promise<void>;
  /** Merge `loserId` into `winnerId`; only where capabilities.merge. */
  merge(type: ObjectType, winnerId: string, loserId: string): Promise<void>;
  pipelines(): Promise<Pipeline[]>;
  notes(ref: CrmRef): Promise<Note[]>;
  addNote(ref: CrmRef, body: string): Promise<Note>;
  associations(ref: CrmRef, toType: ObjectType): Promise<string[]>;
  associate(from: CrmRef, to: CrmRef): Promise<void>;
  /** Exercises auth, read, write permission and rate-limit headroom without changing data. */
  checkConnection(): Promise<ConnectionCheck[]>;
}

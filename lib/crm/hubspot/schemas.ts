import { z } from 'zod';

/**
 * Every HubSpot request and response shape the adapter uses, written from HubSpot's public
 * developer documentation (not from its OpenAPI files). Each block cites the page it follows.
 * Requests are strict (an unknown key is a bug on our side, and the stand-in rejects it);
 * responses keep only the fields we read, so HubSpot adding fields never breaks us, while a
 * missing or mistyped field fails with the field's path.
 */

/** v3 ids are strings; v4 association ids are int64 numbers, carried on as strings. */
const Id = z.string().min(1);
const V4Id = z.union([z.string().min(1), z.number().int()], { error: 'expected an object id (string or integer)' }).transform(String);
const PropertyValues = z.record(z.string(), z.string().nullable());

// --- Objects: https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/contacts/guide (and companies/deals guides)
// Read: GET /crm/v3/objects/{type}/{id} and GET /crm/v3/objects/{type}?limit&after&properties&associations
export const AssociationRef = z.object({ id: Id, type: z.string().optional() });
export const SimplePublicObject = z.object({
  id: Id,
  properties: PropertyValues,
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
  archived: z.boolean().optional(),
  /** Present when `associations=` was asked for: keyed by the plural object type ("companies"). */
  associations: z.record(z.string(), z.object({ results: z.array(AssociationRef) })).optional(),
});
export type SimplePublicObject = z.infer<typeof SimplePublicObject>;

export const Paging = z.object({ next: z.object({ after: z.string(), link: z.string().optional() }).optional() });
export const CollectionResponse = z.object({ results: z.array(SimplePublicObject), paging: Paging.optional() });

// --- Batch writes: https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/contacts/batch/upsert-contacts,
// .../batch/update-contacts, https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/objects/batch/create-objects.
// At most 100 inputs per call. `objectWriteTraceId` per input turns on multi-status (207) answers
// that say which inputs failed: https://developers.hubspot.com/docs/api-reference/error-handling#multi-status-errors
const TraceId = z.string().min(1).max(64);
export const UpsertInput = z.strictObject({
  /** The value of `idProperty` (e.g. the email address), not a record id. */
  id: z.string().min(1),
  idProperty: z.string().min(1),
  properties: z.record(z.string(), z.string()),
  objectWriteTraceId: TraceId.optional(),
});
export const UpdateInput = z.strictObject({
  id: z.string().min(1),
  idProperty: z.string().min(1).optional(),
  properties: z.record(z.string(), z.string()),
  objectWriteTraceId: TraceId.optional(),
});
// Association specs: https://developers.hubspot.com/docs/api-reference/latest/crm/associations/overview
export const AssociationSpec = z.strictObject({
  associationCategory: z.enum(['HUBSPOT_DEFINED', 'USER_DEFINED', 'INTEGRATOR_DEFINED']),
  associationTypeId: z.number().int(),
});
export const AssociationInput = z.strictObject({ to: z.strictObject({ id: z.string().min(1) }), types: z.array(AssociationSpec).min(1) });
export const CreateInput = z.strictObject({
  properties: z.record(z.string(), z.string()),
  associations: z.array(AssociationInput).optional(),
  objectWriteTraceId: TraceId.optional(),
});
export const BATCH_LIMIT = 100;
export const BatchUpsertRequest = z.strictObject({ inputs: z.array(UpsertInput).min(1).max(BATCH_LIMIT) });
export const BatchUpdateRequest = z.strictObject({ inputs: z.array(UpdateInput).min(1).max(BATCH_LIMIT) });
export const BatchCreateRequest = z.strictObject({ inputs: z.array(CreateInput).min(1).max(BATCH_LIMIT) });
export const BatchReadRequest = z.strictObject({
  inputs: z.array(z.strictObject({ id: z.string().min(1) })).min(1).max(BATCH_LIMIT),
  properties: z.array(z.string()).optional(),
});
export type UpsertInput = z.infer<typeof UpsertInput>;
export type UpdateInput = z.infer<typeof UpdateInput>;
export type CreateInput = z.infer<typeof CreateInput>;

/**
 * HubSpot's standard error, also each entry of a batch's `errors`. The docs say to treat every
 * field as optional when parsing: https://developers.hubspot.com/docs/api-reference/error-handling
 */
export const StandardError = z.object({
  status: z.string().optional(),
  category: z.string().optional(),
  message: z.string().optional(),
  context: z.record(z.string(), z.array(z.string())).optional(),
  errors: z.array(z.object({ message: z.string().optional(), in: z.string().optional(), code: z.string().optional() })).optional(),
});
export type StandardError = z.infer<typeof StandardError>;

/** Batch answers (200, or 207 with `errors`). Upsert results also say whether they were `new`. */
export const BatchResult = SimplePublicObject.extend({ new: z.boolean().optional(), objectWriteTraceId: z.string().optional() });
export const BatchResponse = z.object({
  status: z.enum(['PENDING', 'PROCESSING', 'CANCELED', 'COMPLETE']),
  results: z.array(BatchResult),
  numErrors: z.number().optional(),
  errors: z.array(StandardError).optional(),
});
export type BatchResponse = z.infer<typeof BatchResponse>;

// --- Single writes: PATCH /crm/v3/objects/{type}/{id} (stage change), POST /crm/v3/objects/notes (create a note),
// POST /crm/v3/objects/{type}/merge: https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/contacts/merge-contacts
export const UpdateRequest = z.strictObject({ properties: z.record(z.string(), z.string()) });
export const CreateRequest = CreateInput.omit({ objectWriteTraceId: true });
export const MergeRequest = z.strictObject({ primaryObjectId: z.string().min(1), objectIdToMerge: z.string().min(1) });

// --- Search: POST /crm/v3/objects/{type}/search. Filters inside a group are ANDed, groups ORed; limit ≤ 200.
// https://developers.hubspot.com/docs-beta/crm/search, https://developers.hubspot.com/docs/api-reference/2026-03/crm/search-the-crm
export const FilterOperator = z.enum(['EQ', 'NEQ', 'LT', 'LTE', 'GT', 'GTE', 'BETWEEN', 'IN', 'NOT_IN', 'HAS_PROPERTY', 'NOT_HAS_PROPERTY', 'CONTAINS_TOKEN', 'NOT_CONTAINS_TOKEN']);
export const Filter = z.strictObject({
  propertyName: z.string().min(1),
  operator: FilterOperator,
  value: z.string().optional(),
  values: z.array(z.string()).optional(),
  highValue: z.string().optional(),
});
export const SearchRequest = z.strictObject({
  filterGroups: z.array(z.strictObject({ filters: z.array(Filter).min(1).max(6) })).max(5).optional(),
  query: z.string().optional(),
  properties: z.array(z.string()).optional(),
  limit: z.number().int().min(1).max(200).optional(),
  after: z.string().optional(),
});
export type SearchRequest = z.infer<typeof SearchRequest>;
export type Filter = z.infer<typeof Filter>;
export const SearchResponse = z.object({ total: z.number(), results: z.array(SimplePublicObject), paging: Paging.optional() });

// --- Pipelines: GET /crm/v3/pipelines/deals. Deal stage metadata carries `probability` ("0.0"
// closed lost … "1.0" closed won) and `isClosed`, both as strings.
// https://developers.hubspot.com/docs/api-reference/crm-pipelines-v3/guide
export const PipelineStage = z.object({
  id: z.string().min(1),
  label: z.string(),
  displayOrder: z.number(),
  metadata: z.record(z.string(), z.string()),
  archived: z.boolean().optional(),
});
export const PipelinesResponse = z.object({
  results: z.array(z.object({ id: z.string().min(1), label: z.string(), displayOrder: z.number(), archived: z.boolean().optional(), stages: z.array(PipelineStage) })),
});

// --- Associations v4: GET /crm/v4/objects/{from}/{id}/associations/{to}?limit≤500&after, and the
// default (unlabelled) association PUT /crm/v4/objects/{from}/{id}/associations/default/{to}/{toId}.
// https://developers.hubspot.com/docs/api-reference/crm-associations-v4/guide,
// https://developers.hubspot.com/docs/api-reference/latest/crm/associations/associate-records/update-association
export const AssociationsPage = z.object({
  results: z.array(z.object({ toObjectId: V4Id, associationTypes: z.array(z.object({ category: z.string(), typeId: z.number(), label: z.string().nullable().optional() })) })),
  paging: Paging.optional(),
});
export const DefaultAssociationResponse = z.object({
  status: z.string(),
  results: z.array(z.object({ from: z.object({ id: Id }), to: z.object({ id: Id }), associationSpec: z.object({ associationCategory: z.string(), associationTypeId: z.number() }) })),
});

// --- Notes are CRM objects; creating one needs `hs_timestamp`; the body is `hs_note_body`.
// Note → contact 202, → company 190, → deal 214 (HUBSPOT_DEFINED association type ids).
// https://developers.hubspot.com/docs/api-reference/crm-notes-v3/guide
export const NOTE_ASSOCIATION_TYPE = { contact: 202, company: 190, deal: 214 } as const;

// --- Rate limits: a 429 body names the policy that was hit (TEN_SECONDLY_ROLLING, DAILY…); the
// daily limit resets at midnight in the account's time zone. https://developers.hubspot.com/docs/api/usage-details
export const RateLimitBody = z.object({ policyName: z.string().optional(), errorType: z.string().optional(), message: z.string().optional() });
// Daily usage for private apps, with `resetsAt`:
// https://developers.hubspot.com/docs/api-reference/legacy/account/account-information/get-usage-details
export const DailyUsageResponse = z.object({
  results: z.array(z.object({ name: z.string(), usageLimit: z.number(), currentUsage: z.number(), resetsAt: z.string().optional(), collectedAt: z.string().optional() })),
});

// --- Token scopes. OAuth: GET /oauth/v1/access-tokens/{token}
// (https://developers.hubspot.com/docs/api-reference/legacy/authentication/oauth-tokens/v1/get-oauth-token-metadata);
// private apps: POST /oauth/v2/private-apps/get/access-token-info {tokenKey} (https://developers.hubspot.com/docs/api/private-apps).
export const OAuthTokenInfo = z.object({ scopes: z.array(z.string()), hub_id: z.number().optional(), token_type: z.string().optional(), expires_in: z.number().optional() });
export const PrivateAppTokenInfoRequest = z.strictObject({ tokenKey: z.string().min(1) });
export const PrivateAppTokenInfo = z.object({ scopes: z.array(z.string()), hubId: z.number().optional(), appId: z.number().optional(), userId: z.number().optional() });

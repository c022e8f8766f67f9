import { z } from 'zod';

/**
 * Every Salesforce request and response shape the adapter uses, written from Salesforce's REST API
 * Developer Guide and Object Reference (Salesforce publishes no static OpenAPI for its REST API).
 * Each block cites the page it follows. Requests are strict (an unknown key is a bug on our side,
 * and the stand-in rejects it); responses keep only the fields we read, so Salesforce adding
 * fields never breaks us, while a missing or mistyped field fails with the field's path.
 */

/** {REST} below is https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest (REST API Developer Guide). */

/** 15- or 18-character record ids (the 18-character form carries a case-safe checksum). */
export const RecordId = z.string().regex(/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/, 'expected a Salesforce record id');
/** What a field holds in JSON: text, dates and picklists as strings, numbers, checkboxes, or null. */
export const FieldValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type FieldValue = z.infer<typeof FieldValue>;

// --- Errors: {REST}/errorcodes.htm. A failed call answers with a JSON array of {message, errorCode, fields?}:
// 401 INVALID_SESSION_ID (expired or revoked token), 403 REQUEST_LIMIT_EXCEEDED (API limits), 404 NOT_FOUND.
export const ApiError = z.object({ message: z.string(), errorCode: z.string(), fields: z.array(z.string()).optional() });
export const ApiErrors = z.array(ApiError);

// --- sObject rows (GET /sobjects/{Object}/{id}?fields=…) and SOQL query records: {REST}/resources_sobject_retrieve.htm.
// Every record carries `attributes.type`; every selected field is present (null when empty), so a
// missing one is an error that names it. Built per field list, so the answer is checked field by field.
const Attributes = z.object({ type: z.string(), url: z.string().optional() });
export function sobjectRecord(fields: readonly string[]) {
  const shape: Record<string, z.ZodType<FieldValue>> = {};
  for (const f of fields) if (f !== 'Id') shape[f] = FieldValue;
  return z
    .object({ attributes: Attributes, Id: RecordId, ...shape })
    .transform((r) => {
      const raw: Record<string, unknown> = r;
      const values: Record<string, FieldValue> = {};
      for (const f of fields) values[f] = FieldValue.safeParse(raw[f]).data ?? null;
      return { id: r.Id, type: r.attributes.type, fields: values };
    });
}
export type SObjectRow = z.output<ReturnType<typeof sobjectRecord>>;

// --- Query: {REST}/resources_query.htm and {REST}/resources_query_more_results.htm. GET /query?q=SOQL; while `done` is false,
// GET `nextRecordsUrl` (a path on the instance, /services/data/vXX.X/query/<locator>) for the next batch.
export function queryResponse(fields: readonly string[]) {
  return z.object({ totalSize: z.number().int(), done: z.boolean(), nextRecordsUrl: z.string().optional(), records: z.array(sobjectRecord(fields)) });
}
export type QueryPage = z.output<ReturnType<typeof queryResponse>>;

// --- Writes to one row: POST /sobjects/{Object} → SaveResult-like {id, success, errors};
// PATCH and DELETE /sobjects/{Object}/{id} → 204 No Content. {REST}/resources_sobject_retrieve.htm
export const RecordFields = z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'field names are API names'), FieldValue);
export const CreateResponse = z.object({ id: RecordId, success: z.literal(true), errors: z.array(z.unknown()) });

// --- sObject Collections: at most 200 records per call, `allOrNone` false so each record
// succeeds or fails alone; results come back in request order.
// Create: POST /composite/sobjects {REST}/resources_composite_sobjects_collections_create.htm (records without id)
// Update: PATCH /composite/sobjects {REST}/resources_composite_sobjects_collections_update.htm (each record with `id`)
// Upsert: PATCH /composite/sobjects/{Object}/{ExternalIdField} {REST}/resources_composite_sobjects_collections_upsert.htm
//   (records carry the external id field, never `id`; API 46.0+)
export const COLLECTION_LIMIT = 200;
const CollectionRecord = z.looseObject({ attributes: z.strictObject({ type: z.string().min(1) }) }).superRefine((r, ctx) => {
  for (const [k, v] of Object.entries(r)) {
    if (k === 'attributes') continue;
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(k)) ctx.addIssue({ code: 'custom', path: [k], message: 'not a field API name' });
    else if (!FieldValue.safeParse(v).success) ctx.addIssue({ code: 'custom', path: [k], message: 'not a field value' });
  }
});
export type CollectionRecord = z.infer<typeof CollectionRecord>;
const withoutId = CollectionRecord.refine((r) => !('id' in r) && !('Id' in r), { message: 'creates and upserts must not carry a record id' });
export const CreateCollectionRequest = z.strictObject({ allOrNone: z.boolean(), records: z.array(withoutId).min(1).max(COLLECTION_LIMIT) });
export const UpdateCollectionRequest = z.strictObject({
  allOrNone: z.boolean(),
  records: z.array(CollectionRecord.refine((r) => RecordId.safeParse(r.id).success, { message: 'each record needs its id', path: ['id'] })).min(1).max(COLLECTION_LIMIT),
});
export const UpsertCollectionRequest = CreateCollectionRequest;
export type CollectionRequest = z.infer<typeof CreateCollectionRequest>;

/** One record's error inside a collection answer (the SOAP Error type: statusCode, message, fields). */
export const RecordError = z.object({ statusCode: z.string(), message: z.string(), fields: z.array(z.string()).default([]) });
export type RecordError = z.infer<typeof RecordError>;
export const SaveResult = z.object({ id: RecordId.nullish(), success: z.boolean(), errors: z.array(RecordError) });
/** UpsertResult adds `created` (true: inserted, false: updated). */
export const UpsertResult = SaveResult.extend({ created: z.boolean().optional() });
export const SaveResults = z.array(SaveResult);
export const UpsertResults = z.array(UpsertResult);
export type SaveResult = z.infer<typeof UpsertResult>;

// --- sObject Describe: GET /sobjects/{Object}/describe {REST}/resources_sobject_describe.htm (DescribeSObjectResult).
// Object-level createable/updateable/deletable reflect the connected user's permissions; StageName's
// picklistValues are the org's opportunity stages.
export const PicklistValue = z.object({ value: z.string(), label: z.string(), active: z.boolean(), defaultValue: z.boolean().optional() });
export const DescribeField = z.object({
  name: z.string(),
  type: z.string(),
  createable: z.boolean(),
  updateable: z.boolean(),
  picklistValues: z.array(PicklistValue).default([]),
});
export const DescribeResponse = z.object({
  name: z.string(),
  createable: z.boolean(),
  updateable: z.boolean(),
  deletable: z.boolean(),
  fields: z.array(DescribeField),
});
export type DescribeResponse = z.infer<typeof DescribeResponse>;

// --- OpportunityStage (read-only; queried with SOQL):
// https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_opportunitystage.htm
// ApiName (API 36.0+) is the StageName picklist value; DefaultProbability is a percentage 0–100.
export const STAGE_FIELDS = ['Id', 'ApiName', 'MasterLabel', 'SortOrder', 'DefaultProbability', 'IsClosed', 'IsWon', 'IsActive'] as const;

// --- Limits: GET /limits {REST}/resources_limits.htm (needs "View Setup and Configuration"); DailyApiRequests
// is the rolling 24-hour allocation that the Sforce-Limit-Info header reports as api-usage=used/max
// on every response ({REST}/headers_api_usage.htm).
const Limit = z.object({ Max: z.number(), Remaining: z.number() });
export const LimitsResponse = z.object({ DailyApiRequests: Limit });

// --- UserInfo: GET /services/oauth2/userinfo (OpenID Connect claims; needs the `id`, `openid` or `full` scope):
// https://help.salesforce.com/s/articleView?id=sf.remoteaccess_using_userinfo_endpoint.htm
export const UserInfo = z.object({ user_id: z.string(), organization_id: z.string(), preferred_username: z.string().optional(), email: z.string().optional() });

// --- OAuth 2.0 web server flow with PKCE, and the refresh token flow (form-encoded POST
// {loginUrl}/services/oauth2/token): https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm,
// https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_refresh_token_flow.htm.
// The answer carries `instance_url`, the org's own host for every API call.
export const AuthorizationCodeRequest = z.strictObject({
  grant_type: z.literal('authorization_code'),
  code: z.string().min(1),
  client_id: z.string().min(1),
  redirect_uri: z.url(),
  code_verifier: z.string().regex(/^[A-Za-z0-9\-._~]{43,128}$/, 'a PKCE code_verifier is 43–128 unreserved characters'),
});
export const RefreshTokenRequest = z.strictObject({ grant_type: z.literal('refresh_token'), refresh_token: z.string().min(1), client_id: z.string().min(1) });
export const TokenResponse = z.object({
  access_token: z.string().min(1),
  /** Only with the `refresh_token` scope (and on refresh only where the connected app rotates it). */
  refresh_token: z.string().min(1).optional(),
  instance_url: z.url(),
  id: z.string().optional(),
  token_type: z.string().optional(),
  issued_at: z.string().optional(),
  scope: z.string().optional(),
});
export const TokenError = z.object({ error: z.string(), error_description: z.string().optional() });

// --- Notes are ContentNote ("enhanced notes", API 32.0+), which Salesforce recommends over the classic
// Note object (Lightning Experience shows and converts to enhanced notes). Only Title and Content are
// writable; Content is base64 of HTML or plain text; TextPreview holds the first 255 characters:
// https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_contentnote.htm
// A note is attached to a record with a ContentDocumentLink (the note's id is its ContentDocumentId):
// https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_contentdocumentlink.htm
export const ContentNoteCreate = z.strictObject({ Title: z.string().min(1).max(255), Content: z.base64() });
export const ContentDocumentLinkCreate = z.strictObject({ ContentDocumentId: RecordId, LinkedEntityId: RecordId, ShareType: z.enum(['V', 'C', 'I']) });
export const NOTE_FIELDS = ['Id', 'Title', 'TextPreview', 'CreatedDate'] as const;

// --- Contacts on an opportunity: OpportunityContactRole (OpportunityId cannot change after create):
// https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_opportunitycontactrole.htm
export const OpportunityContactRoleCreate = z.strictObject({ OpportunityId: RecordId, ContactId: RecordId });

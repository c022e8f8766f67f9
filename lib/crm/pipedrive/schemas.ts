import { z } from 'zod';

/**
 * The parts of Pipedrive's answers this adapter relies on, checked against Pipedrive's OpenAPI
 * files (../shared/specs/pipedrive-v1.yaml, pipedrive-v2.yaml); each names its operationIds.
 * Only what we read is required. Optional fields are `nullish`: the specs type them as plain
 * integers and strings, but the live API sends `null` for an empty org_id, website, cursor…
 */

const Id = z.number().int();
const text = z.string().nullish();
const id = Id.nullish();
/** custom_fields: 40-character hash → value (string, number, option id(s), or an object for money/address). */
const CustomFields = z.record(z.string(), z.unknown()).nullish();

/** PersonItemEmail / PersonItemPhone. */
export const ContactPoint = z.object({ value: z.string().nullish(), primary: z.boolean().nullish(), label: z.string().nullish() });
export type ContactPoint = z.infer<typeof ContactPoint>;

/** v2 getPerson, getPersons, addPerson, updatePerson: `data` (a person). */
export const Person = z.object({
  id: Id,
  name: text,
  first_name: text,
  last_name: text,
  owner_id: id,
  org_id: id,
  emails: z.array(ContactPoint).nullish(),
  phones: z.array(ContactPoint).nullish(),
  job_title: text,
  update_time: text,
  custom_fields: CustomFields,
});
export type Person = z.infer<typeof Person>;

/** v2 getOrganization, getOrganizations, addOrganization, updateOrganization: `data`. */
export const Organization = z.object({
  id: Id,
  name: text,
  owner_id: id,
  website: text,
  /** An option id of the built-in Industry field. */
  industry: id,
  employee_count: id,
  update_time: text,
  custom_fields: CustomFields,
});
export type Organization = z.infer<typeof Organization>;

/** v2 getDeal, getDeals, addDeal, updateDeal: `data`. */
export const Deal = z.object({
  id: Id,
  title: text,
  value: z.number().nullish(),
  currency: text,
  pipeline_id: id,
  stage_id: id,
  expected_close_date: text,
  owner_id: id,
  person_id: id,
  org_id: id,
  status: text,
  update_time: text,
  custom_fields: CustomFields,
});
export type Deal = z.infer<typeof Deal>;

/** v2 single-record envelope: { success, data }. */
export const one = <S extends z.ZodType>(data: S) => z.object({ data });

/** v2 list envelope (getPersons, getOrganizations, getDeals, getPipelines, getStages): cursor paging. */
export const many = <S extends z.ZodType>(item: S) =>
  z.object({ data: z.array(item), additional_data: z.object({ next_cursor: z.string().nullish() }).nullish() });

/** v2 searchPersons, searchOrganization, searchDeals: only ids are used; records are then fetched by `ids`. */
export const SearchResult = z.object({
  data: z.object({ items: z.array(z.object({ item: z.object({ id: Id }) })) }),
  additional_data: z.object({ next_cursor: z.string().nullish() }).nullish(),
});

/** v2 deletePerson, deleteOrganization, deleteDeal. */
export const Deleted = z.object({ data: z.object({ id: Id }) });

/** v2 getPipelines. */
export const PipelineRow = z.object({ id: Id, name: z.string(), order_nr: z.number().nullish(), is_deleted: z.boolean().nullish() });

/** v2 getStages. deal_probability is a percentage. */
export const StageRow = z.object({
  id: Id,
  name: z.string(),
  order_nr: z.number(),
  pipeline_id: Id,
  deal_probability: z.number().nullish(),
  is_deleted: z.boolean().nullish(),
});

/** v1 getNotes (start/limit paging; `data` is null when there are none) and addNote. */
export const NoteRow = z.object({ id: Id, content: z.string(), add_time: text, person_id: id, org_id: id, deal_id: id });
export const NoteList = z.object({
  data: z.array(NoteRow).nullable(),
  additional_data: z
    .object({ pagination: z.object({ more_items_in_collection: z.boolean().nullish(), next_start: z.number().nullish() }).nullish() })
    .nullish(),
});

/** v1 mergePersons, mergeOrganizations, mergeDeals: the surviving record. */
export const Merged = z.object({ data: z.object({ id: Id }) });

/** v1 getDealParticipants: the participant's person id is `person.id`, also `person_id.value` (an expanded object). */
export const Participant = z
  .object({ id: Id, person: z.object({ id: Id }).nullish(), person_id: z.object({ value: Id }).nullish() })
  .refine((p) => p.person?.id !== undefined || p.person_id?.value !== undefined, { message: 'participant without person.id or person_id.value', path: ['person'] });
export const Participants = z.object({
  data: z.array(Participant).nullable(),
  additional_data: z
    .object({ pagination: z.object({ more_items_in_collection: z.boolean().nullish(), next_start: z.number().nullish() }).nullish() })
    .nullish(),
});

/** v1 addDealParticipant. */
export const ParticipantAdded = z.object({ data: z.object({ id: Id }) });

/** v1 getCurrentUser (GET /v1/users/me): who is signed in and which apps they may use. */
export const CurrentUser = z.object({
  data: z.object({
    id: Id,
    name: z.string(),
    email: z.string(),
    company_name: text,
    company_domain: text,
    access: z.array(z.object({ app: z.string(), admin: z.boolean(), permission_set_id: text })).nullish(),
  }),
});
export type CurrentUser = z.infer<typeof CurrentUser>['data'];

/** Request bodies we send (v2 addPerson/updatePerson, addOrganization/updateOrganization, addDeal/updateDeal). */
export const PersonWrite = z
  .object({
    name: z.string(),
    owner_id: Id.nullable(),
    org_id: Id.nullable(),
    emails: z.array(z.object({ value: z.string(), primary: z.boolean(), label: z.string() })),
    phones: z.array(z.object({ value: z.string(), primary: z.boolean(), label: z.string() })),
    job_title: z.string().nullable(),
    custom_fields: z.record(z.string(), z.string().nullable()),
  })
  .partial();
export type PersonWrite = z.infer<typeof PersonWrite>;

export const OrganizationWrite = z
  .object({
    name: z.string(),
    owner_id: Id.nullable(),
    website: z.string().nullable(),
    industry: Id.nullable(),
    employee_count: Id.nullable(),
    custom_fields: z.record(z.string(), z.string().nullable()),
  })
  .partial();
export type OrganizationWrite = z.infer<typeof OrganizationWrite>;

export const DealWrite = z
  .object({
    title: z.string(),
    value: z.number(),
    currency: z.string(),
    pipeline_id: Id,
    stage_id: Id,
    expected_close_date: z.string().nullable(),
    owner_id: Id.nullable(),
    person_id: Id.nullable(),
    org_id: Id.nullable(),
    custom_fields: z.record(z.string(), z.string().nullable()),
  })
  .partial();
export type DealWrite = z.infer<typeof DealWrite>;

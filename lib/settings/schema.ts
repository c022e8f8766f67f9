import { z } from 'zod';
import { Icp, IcpPatch } from '../agents/scout/score/icp';

/** https, or plain http to this machine only (a self-hosted or test endpoint): tokens never cross a network in clear. */
const httpsUrl = (what: string) =>
  z.url({ protocol: /^https?$/, error: `${what} must be an https URL` }).refine((u) => u.startsWith('https://') || /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?(\/|$)/.test(u), `${what} must be an https URL`);
/** Per object type: our field (or a properties key) → the CRM's property name. */
const FieldMapping = z.partialRecord(z.enum(['contact', 'company', 'deal']), z.record(z.string().max(100), z.string().max(200))).default({});

const ModelSettings = z.object({
  baseUrl: z.url({ protocol: /^https?$/, error: 'Model base URL must be an http(s) URL' }).default('https://api.openai.com/v1'),
  model: z.string().trim().min(1, 'Model name is required').max(200).default('gpt-4o-mini'),
  timeoutMs: z.number().int().min(1_000).max(300_000).default(60_000),
});
const GmailSettings = z.object({
  /** OAuth client id of the user's own Google Cloud "Web application" client. */
  clientId: z.string().trim().max(300).default(''),
});
const RepSettings = z.object({
  name: z.string().trim().max(200).default(''),
  signature: z.string().max(2000).default(''),
  /** A few of the rep's own sent emails (Gmail message ids) whose style Herald's drafts follow. */
  voiceMessageIds: z.array(z.string().min(1).max(100)).max(5, 'Pick at most 5 emails for your voice').default([]),
});
/** One never-log entry: an address (dana@example.com) or a whole domain (example.com or @example.com), stored lower-case. */
const NeverLogEntry = z
  .string()
  .trim()
  .toLowerCase()
  .max(320)
  .transform((v) => v.replace(/^@/, ''))
  .refine((v) => /^[^\s@]+@[a-z0-9.-]+\.[a-z]{2,}$/.test(v) || /^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/.test(v), {
    message: 'Each never-log entry is an email address or a domain (example.com)',
  });
const NeverLogList = z.array(NeverLogEntry).max(2000, 'At most 2,000 never-log entries').transform((xs) => [...new Set(xs)]);
const CrmKindSetting = z.enum(['local', 'hubspot', 'salesforce', 'pipedrive']);
const HubspotSettings = z.object({ baseUrl: httpsUrl('HubSpot API URL').default('https://api.hubapi.com'), mapping: FieldMapping });
const SalesforceSettings = z.object({
  loginUrl: httpsUrl('Salesforce login URL').default('https://login.salesforce.com'),
  /** Consumer key of the user's own connected app. */
  clientId: z.string().trim().max(300).default(''),
  apiVersion: z.string().regex(/^v\d{2,3}\.0$/, 'API version looks like v62.0').default('v62.0'),
  mapping: FieldMapping,
});
const PipedriveSettings = z.object({ baseUrl: httpsUrl('Pipedrive API URL').default('https://api.pipedrive.com'), mapping: FieldMapping });

/** Non-secret settings, kept in extension storage. Every read is parsed; bad values get defaults. */
export const Settings = z.object({
  model: ModelSettings.prefault({}),
  gmail: GmailSettings.prefault({}),
  crm: z
    .object({
      /** The system of record Countersign reads and (through approvals) writes. */
      active: CrmKindSetting.default('local'),
      hubspot: HubspotSettings.prefault({}),
      salesforce: SalesforceSettings.prefault({}),
      pipedrive: PipedriveSettings.prefault({}),
      /** The rep's own user/owner id in the active CRM: a deal owned by anyone else is flagged. */
      ownerId: z.string().trim().max(100).default(''),
      /** Addresses and domains Cipher never logs to the CRM (personal contacts): no record, no note, no enrichment. */
      neverLog: NeverLogList.default([]),
    })
    .prefault({}),
  rep: RepSettings.prefault({}),
  /** Scout's ideal customer profile: what fit points a lead earns (lib/agents/scout/score). */
  icp: Icp.prefault({}),
});
export type Settings = z.infer<typeof Settings>;

/**
 * A section of a patch: every field optional and WITHOUT its default (a default inside a patch
 * would silently reset fields the form did not send).
 */
function patchOf<T extends z.ZodRawShape>(section: z.ZodObject<T>) {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(section.shape)) {
    shape[key] = (field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : (field as z.ZodType)).optional();
  }
  return z.object(shape).optional() as unknown as z.ZodOptional<z.ZodType<Partial<z.output<z.ZodObject<T>>>>>;
}

/** A change from the settings form. Secrets travel only popup/panel → background, never back. */
export const SettingsPatch = z.object({
  model: patchOf(ModelSettings),
  gmail: patchOf(GmailSettings),
  rep: patchOf(RepSettings),
  crm: z
    .object({
      active: CrmKindSetting.optional(),
      hubspot: patchOf(HubspotSettings),
      salesforce: patchOf(SalesforceSettings),
      pipedrive: patchOf(PipedriveSettings),
      ownerId: z.string().trim().max(100).optional(),
      /** Replaces the list wholesale. */
      neverLog: NeverLogList.optional(),
    })
    .optional(),
  /** ICP lists replace wholesale; its section weights merge field by field (see IcpPatch). */
  icp: IcpPatch,
  /** New model API key; null clears it; absent leaves it. */
  modelApiKey: z.string().trim().max(500).nullable().optional(),
  /** API tokens for HubSpot (private app) and Pipedrive; null clears; absent leaves. */
  crmTokens: z.object({ hubspot: z.string().trim().max(500).nullable().optional(), pipedrive: z.string().trim().max(500).nullable().optional() }).optional(),
});
export type SettingsPatch = z.infer<typeof SettingsPatch>;

/** What the background tells a page about settings: secrets only as presence flags. */
export type SettingsView = Settings & {
  secrets: { modelApiKeySet: boolean; gmailConnected: boolean; gmailAccount: string | null; crm: Record<'hubspot' | 'salesforce' | 'pipedrive', boolean> };
};

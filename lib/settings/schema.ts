import { z } from 'zod';

/** Non-secret settings, kept in extension storage. Every read is parsed; bad values get defaults. */
export const Settings = z.object({
  model: z
    .object({
      baseUrl: z.url({ protocol: /^https?$/, error: 'Model base URL must be an http(s) URL' }).default('https://api.openai.com/v1'),
      model: z.string().trim().min(1, 'Model name is required').max(200).default('gpt-4o-mini'),
      timeoutMs: z.number().int().min(1_000).max(300_000).default(60_000),
    })
    .prefault({}),
  gmail: z
    .object({
      /** OAuth client id of the user's own Google Cloud "Web application" client. */
      clientId: z.string().trim().max(300).default(''),
    })
    .prefault({}),
  rep: z
    .object({
      name: z.string().trim().max(200).default(''),
      signature: z.string().max(2000).default(''),
    })
    .prefault({}),
});
export type Settings = z.infer<typeof Settings>;

/** A change from the settings form. Secrets travel only popup/panel → background, never back. */
export const SettingsPatch = z.object({
  model: Settings.shape.model.unwrap().partial().optional(),
  gmail: Settings.shape.gmail.unwrap().partial().optional(),
  rep: Settings.shape.rep.unwrap().partial().optional(),
  /** New model API key; null clears it; absent leaves it. */
  modelApiKey: z.string().trim().max(500).nullable().optional(),
});
export type SettingsPatch = z.infer<typeof SettingsPatch>;

/** What the background tells a page about settings: secrets only as presence flags. */
export type SettingsView = Settings & {
  secrets: { modelApiKeySet: boolean; gmailConnected: boolean; gmailAccount: string | null };
};

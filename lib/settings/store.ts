import { z } from 'zod';
import type { CountersignDb } from '../db/schema';
import { UserFacingError } from '../protocol/errors';
import { applyIcpPatch } from '../agents/scout/score/icp';
import { Settings, SettingsPatch, type SettingsView } from './schema';

/** The slice of browser.storage this module needs: lets tests pass a real in-memory area. */
export interface StorageArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

const KEY = 'settings';
/** Secret names. Secrets live in the extension origin's IndexedDB, which no content script can open. */
export const SECRET = {
  modelApiKey: 'model.apiKey',
  gmailToken: 'gmail.token',
  crm: { hubspot: 'crm.hubspot.token', salesforce: 'crm.salesforce.token', pipedrive: 'crm.pipedrive.token' },
} as const;

export const GmailToken = z.object({
  accessToken: z.string().min(1),
  expiresAt: z.number(),
  account: z.email().nullable(),
});
export type GmailToken = z.infer<typeof GmailToken>;

export function formatZodError(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; ');
}

export class SettingsStore {
  constructor(
    private readonly area: StorageArea,
    private readonly db: CountersignDb,
  ) {}

  /** Stored settings, parsed; a stored value that no longer validates falls back to defaults. */
  async get(): Promise<Settings> {
    const raw = (await this.area.get(KEY))[KEY];
    const parsed = Settings.safeParse(raw ?? {});
    if (parsed.success) return parsed.data;
    console.warn('Countersign: stored settings were invalid and were reset:', formatZodError(parsed.error));
    return Settings.parse({});
  }

  async update(input: unknown): Promise<SettingsView> {
    const patch = SettingsPatch.safeParse(input);
    if (!patch.success) throw new UserFacingError('invalid_request', `Settings not saved: ${formatZodError(patch.error)}`);
    const current = await this.get();
    const { modelApiKey, crmTokens, ...rest } = patch.data;
    const next = Settings.safeParse({
      model: { ...current.model, ...rest.model },
      gmail: { ...current.gmail, ...rest.gmail },
      rep: { ...current.rep, ...rest.rep },
      icp: applyIcpPatch(current.icp, rest.icp),
      crm: {
        active: rest.crm?.active ?? current.crm.active,
        hubspot: { ...current.crm.hubspot, ...rest.crm?.hubspot },
        salesforce: { ...current.crm.salesforce, ...rest.crm?.salesforce },
        pipedrive: { ...current.crm.pipedrive, ...rest.crm?.pipedrive },
        ownerId: rest.crm?.ownerId ?? current.crm.ownerId,
        neverLog: rest.crm?.neverLog ?? current.crm.neverLog,
      },
    });
    if (!next.success) throw new UserFacingError('invalid_request', `Settings not saved: ${formatZodError(next.error)}`);
    await this.putSecret(SECRET.modelApiKey, modelApiKey);
    await this.putSecret(SECRET.crm.hubspot, crmTokens?.hubspot);
    await this.putSecret(SECRET.crm.pipedrive, crmTokens?.pipedrive);
    await this.area.set({ [KEY]: next.data });
    return this.view();
  }

  /** null or '' clears a secret; undefined leaves it. */
  async putSecret(key: string, value: string | null | undefined): Promise<void> {
    if (value === null || value === '') await this.db.secrets.delete(key);
    else if (value !== undefined) await this.db.secrets.put({ key, value });
  }

  async secret(key: string): Promise<string | null> {
    return (await this.db.secrets.get(key))?.value ?? null;
  }

  async gmailToken(): Promise<GmailToken | null> {
    const raw = await this.secret(SECRET.gmailToken);
    if (!raw) return null;
    const parsed = GmailToken.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  }

  async setGmailToken(token: GmailToken | null): Promise<void> {
    if (token) await this.db.secrets.put({ key: SECRET.gmailToken, value: JSON.stringify(token) });
    else await this.db.secrets.delete(SECRET.gmailToken);
  }

  async view(): Promise<SettingsView> {
    const [settings, apiKey, token, hubspot, salesforce, pipedrive] = await Promise.all([
      this.get(),
      this.secret(SECRET.modelApiKey),
      this.gmailToken(),
      this.secret(SECRET.crm.hubspot),
      this.secret(SECRET.crm.salesforce),
      this.secret(SECRET.crm.pipedrive),
    ]);
    return {
      ...settings,
      secrets: {
        modelApiKeySet: apiKey !== null,
        gmailConnected: token !== null,
        gmailAccount: token?.account ?? null,
        crm: { hubspot: hubspot !== null, salesforce: salesforce !== null, pipedrive: pipedrive !== null },
      },
    };
  }
}

import { HubspotAdapter } from '../crm/hubspot/adapter';
import { CrmApiError } from '../crm/http';
import type { CrmAdapter } from '../crm/model';
import { PipedriveAdapter, pipedriveAuth } from '../crm/pipedrive/adapter';
import { SalesforceAdapter } from '../crm/salesforce/adapter';
import { SalesforceSession, SalesforceToken } from '../crm/salesforce/oauth';
import { SECRET, type SettingsStore } from '../settings/store';
import type { RemoteAdapterFactory } from './crm';

/**
 * Adapters for connected CRMs, built from settings and the stored token. One instance per
 * configuration, so rate-limit state (headroom, a spent daily limit) survives between calls.
 */
export function createRemoteCrmAdapters(fetchImpl?: typeof fetch): RemoteAdapterFactory {
  const cache = new Map<string, CrmAdapter>();
  return async (kind, settings: SettingsStore) => {
    const [all, token] = await Promise.all([settings.get(), settings.secret(SECRET.crm[kind])]);
    if (!token) return null;
    const config = all.crm[kind];
    const key = `${kind}|${JSON.stringify(config)}|${token}`;
    const cached = cache.get(key);
    if (cached) return cached;
    // The token is re-read per call: a disconnect takes effect at once.
    const tokenNow = async () => {
      const t = await settings.secret(SECRET.crm[kind]);
      if (!t) throw new CrmApiError(kind, 'auth', 'not connected', `${kind === 'hubspot' ? 'HubSpot' : 'Pipedrive'} is not connected: add its token in Countersign settings.`, false);
      return t;
    };
    if (kind === 'salesforce') {
      const sf = all.crm.salesforce;
      const store = {
        load: async () => {
          const raw = await settings.secret(SECRET.crm.salesforce);
          const parsed = raw ? SalesforceToken.safeParse(JSON.parse(raw)) : null;
          return parsed?.success ? parsed.data : null;
        },
        save: (t: SalesforceToken) => settings.putSecret(SECRET.crm.salesforce, JSON.stringify(t)),
      };
      const session = new SalesforceSession(store, { clientId: sf.clientId, loginUrl: sf.loginUrl, fetch: fetchImpl });
      const adapter = new SalesforceAdapter({ auth: session, apiVersion: sf.apiVersion, mapping: sf.mapping, fetch: fetchImpl });
      return remember(key, kind, adapter);
    }
    const { baseUrl, mapping } = all.crm[kind];
    const adapter: CrmAdapter =
      kind === 'hubspot'
        ? new HubspotAdapter({ baseUrl, mapping, auth: async () => ({ Authorization: `Bearer ${await tokenNow()}` }), fetch: fetchImpl })
        : new PipedriveAdapter({ baseUrl, mapping, auth: async () => pipedriveAuth({ apiToken: await tokenNow() }), fetch: fetchImpl });
    return remember(key, kind, adapter);
  };

  function remember(key: string, kind: string, adapter: CrmAdapter): CrmAdapter {
    for (const k of [...cache.keys()]) if (k.startsWith(`${kind}|`)) cache.delete(k);
    cache.set(key, adapter);
    return adapter;
  }
}

import { HubspotAdapter } from '../crm/hubspot/adapter';
import { CrmApiError } from '../crm/http';
import type { CrmAdapter } from '../crm/model';
import { PipedriveAdapter, pipedriveAuth } from '../crm/pipedrive/adapter';
import { SECRET, type SettingsStore } from '../settings/store';
import type { RemoteAdapterFactory } from './crm';

/**
 * Adapters for connected CRMs, built from settings and the stored token. One instance per
 * configuration, so rate-limit state (headroom, a spent daily limit) survives between calls.
 * Salesforce needs its OAuth connect flow wired first; until then it reports "not connected".
 */
export function createRemoteCrmAdapters(fetchImpl?: typeof fetch): RemoteAdapterFactory {
  const cache = new Map<string, CrmAdapter>();
  return async (kind, settings: SettingsStore) => {
    if (kind === 'salesforce') return null;
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
    const adapter: CrmAdapter =
      kind === 'hubspot'
        ? new HubspotAdapter({ baseUrl: config.baseUrl, mapping: config.mapping, auth: async () => ({ Authorization: `Bearer ${await tokenNow()}` }), fetch: fetchImpl })
        : new PipedriveAdapter({ baseUrl: config.baseUrl, mapping: config.mapping, auth: async () => pipedriveAuth({ apiToken: await tokenNow() }), fetch: fetchImpl });
    for (const k of [...cache.keys()]) if (k.startsWith(`${kind}|`)) cache.delete(k);
    cache.set(key, adapter);
    return adapter;
  };
}

import { HubspotAdapter } from '../../lib/crm/hubspot/adapter';
import { CrmApiError } from '../../lib/crm/http';
import type { CrmAdapter, CrmKind } from '../../lib/crm/model';
import { PipedriveAdapter, pipedriveAuth } from '../../lib/crm/pipedrive/adapter';
import { SalesforceAdapter } from '../../lib/crm/salesforce/adapter';

export type RemoteCrm = Exclude<CrmKind, 'local'>;

export interface AdapterConfig {
  baseUrl: string;
  token: string;
  fetch?: typeof fetch;
  /** Waits between retries (tests pass a no-op). */
  sleep?: (ms: number) => Promise<void>;
}

interface Factory {
  /** Where the API is when --base-url is not given; null when it differs per account. */
  defaultBaseUrl: string | null;
  create(config: AdapterConfig): CrmAdapter;
}

/**
 * The real adapters, built as the background builds them (lib/background/crm-remote.ts) but from
 * the command line's URL and token. Salesforce takes the instance URL and an access token (from
 * `sf org display`, or the OAuth flow); the check cannot renew it, so an expired one fails auth.
 */
export const ADAPTERS: Record<RemoteCrm, Factory> = {
  hubspot: {
    defaultBaseUrl: 'https://api.hubapi.com',
    create: ({ baseUrl, token, fetch, sleep }) => new HubspotAdapter({ baseUrl, auth: async () => ({ Authorization: `Bearer ${token}` }), fetch, sleep }),
  },
  salesforce: {
    defaultBaseUrl: null,
    create: ({ baseUrl, token, fetch, sleep }) =>
      new SalesforceAdapter({
        auth: {
          headers: async () => ({ Authorization: `Bearer ${token}` }),
          instanceUrl: async () => baseUrl,
          refresh: async () => {
            throw new CrmApiError('salesforce', 'auth', 'access token rejected', 'Salesforce did not accept the access token: get a fresh one and run crm:check again.', false);
          },
        },
        fetch,
        sleep,
      }),
  },
  pipedrive: {
    defaultBaseUrl: 'https://api.pipedrive.com',
    create: ({ baseUrl, token, fetch, sleep }) => new PipedriveAdapter({ baseUrl, auth: async () => pipedriveAuth({ apiToken: token }), fetch, sleep }),
  },
};

import { createCrmServices, type RemoteAdapterFactory } from '../lib/background/crm';
import { createHandlers } from '../lib/background/handlers';
import { createServices } from '../lib/background/services';
import type { CountersignDb } from '../lib/db/schema';
import type { IdentityApi } from '../lib/mail/oauth';
import { memoryStorage } from './fixtures';

const noNetwork: typeof fetch = async () => Promise.reject(new Error('no network in this test'));

/** A fetch that sends the Gmail API's calls to a local test server (test/http.ts) instead. */
export const gmailAt =
  (serverUrl: string): typeof fetch =>
  (input, init) =>
    fetch(String(input).replace('https://gmail.googleapis.com', serverUrl), init);

/**
 * The background as the service worker builds it (real services, CRM services and handlers) over
 * `db`, with in-memory settings storage, no network unless `fetch` is given, and no remote CRM
 * unless `remote` connects one.
 */
export function testBackground(db: CountersignDb, options: { now: () => number; fetch?: typeof fetch; remote?: RemoteAdapterFactory }) {
  const services = createServices(db, { storage: memoryStorage(), fetch: options.fetch ?? noNetwork, now: options.now });
  const crm = createCrmServices(services.settings, options.remote ?? (async () => null), `crm-${Math.random()}`);
  const handlers = createHandlers(services, { identity: {} as IdentityApi, kickOutbox: () => {}, degraded: new Set() }, crm);
  return { services, crm, handlers };
}

import { createCrmServices, type RemoteAdapterFactory } from '../lib/background/crm';
import { createHandlers } from '../lib/background/handlers';
import { createServices } from '../lib/background/services';
import { createErrorLog, createSentinelRunner, type SentinelEffects } from '../lib/background/sentinel';
import type { HealthThresholds, StorageEstimateLike } from '../lib/agents/sentinel/health';
import type { CountersignDb } from '../lib/db/schema';
import type { IdentityApi } from '../lib/mail/oauth';
import { memoryStorage } from './fixtures';
import type { StorageArea } from '../lib/settings/store';

const noNetwork: typeof fetch = async () => Promise.reject(new Error('no network in this test'));

/** A fetch that sends the Gmail API's calls to a local test server (test/http.ts) instead. */
export const gmailAt =
  (serverUrl: string): typeof fetch =>
  (input, init) =>
    fetch(String(input).replace('https://gmail.googleapis.com', serverUrl), init);

export interface TestBackgroundOptions {
  now: () => number;
  fetch?: typeof fetch;
  remote?: RemoteAdapterFactory;
  /** Sentinel: the outbox kick after a hold lifts (default: none), notifications and badge, quota, thresholds. */
  kickOutbox?: () => void;
  effects?: SentinelEffects;
  storageEstimate?: (() => Promise<StorageEstimateLike>) | null;
  thresholds?: HealthThresholds;
  /** Extension storage (settings, Sentinel's last check); share one to model a restarted worker. */
  storage?: StorageArea;
}

/**
 * The background as the service worker builds it (real services, CRM services, Sentinel's runner
 * and handlers) over `db`, with in-memory settings storage, no network unless `fetch` is given,
 * and no remote CRM unless `remote` connects one.
 */
export function testBackground(db: CountersignDb, options: TestBackgroundOptions) {
  const storage = options.storage ?? memoryStorage();
  const services = createServices(db, { storage, fetch: options.fetch ?? noNetwork, now: options.now });
  const crm = createCrmServices(services.settings, options.remote ?? (async () => null), `crm-${Math.random()}`);
  const degraded = new Set<string>();
  const errors = createErrorLog(options.now);
  const sentinel = createSentinelRunner({
    services,
    crm,
    degraded,
    errors,
    effects: options.effects,
    storageEstimate: options.storageEstimate ?? null,
    thresholds: options.thresholds,
    store: storage,
  });
  const hooks = { identity: {} as IdentityApi, kickOutbox: options.kickOutbox ?? (() => {}), degraded, sentinel };
  const handlers = createHandlers(services, hooks, crm);
  return { services, crm, handlers, sentinel, hooks, errors };
}

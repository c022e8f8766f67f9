import { afterEach, beforeEach, expect } from 'vitest';
import { HubspotAdapter, type HubspotAdapterOptions } from '../lib/crm/hubspot/adapter';
import { startHubspotStandin, type HubspotStandin } from './standins/hubspot';

/**
 * Vitest hooks for a HubSpot adapter test file: a fresh stand-in per test whose request checks
 * must record no violation, and an adapter pointed at it that records its waits instead of sleeping.
 */
export function hubspotSuite() {
  let standin: HubspotStandin | undefined;
  const waits: number[] = [];
  beforeEach(async () => {
    waits.length = 0;
    standin = await startHubspotStandin();
  });
  afterEach(async () => {
    expect(standin?.takeViolations()).toEqual([]);
    await standin?.close();
  });
  const hs = () => {
    if (!standin) throw new Error('the HubSpot stand-in runs only inside a test');
    return standin;
  };
  const adapter = (opts: Partial<HubspotAdapterOptions> = {}) =>
    new HubspotAdapter({ auth: async () => ({ Authorization: `Bearer ${hs().token}` }), baseUrl: hs().url, sleep: async (ms) => void waits.push(ms), ...opts });
  return { hs, waits, adapter };
}

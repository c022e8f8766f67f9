import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDb, memoryStorage } from '../../test/fixtures';
import { HubspotStandin } from '../../test/standins/hubspot';
import { HubspotAdapter } from '../crm/hubspot/adapter';
import { SettingsStore } from '../settings/store';
import { createCrmHandlers, createCrmServices } from './crm';
import { createRemoteCrmAdapters } from './crm-remote';

const page = { kind: 'crm-content', tabId: 1, origin: 'https://app.hubspot.com', url: 'https://app.hubspot.com/' } as const;

describe('connected CRMs', () => {
  let hubspot: HubspotStandin;
  beforeAll(async () => {
    hubspot = await new HubspotStandin().start();
  });
  afterAll(() => hubspot.close());

  it('builds the HubSpot adapter from settings and the stored token, once per configuration', async () => {
    const settings = new SettingsStore(memoryStorage(), freshDb());
    const remote = createRemoteCrmAdapters();
    expect(await remote('hubspot', settings)).toBeNull();
    expect(await remote('salesforce', settings)).toBeNull();
    await settings.update({ crm: { hubspot: { baseUrl: hubspot.url } }, crmTokens: { hubspot: hubspot.token } });
    const first = await remote('hubspot', settings);
    expect(first).toBeInstanceOf(HubspotAdapter);
    expect(await remote('hubspot', settings)).toBe(first);
    await settings.update({ crmTokens: { hubspot: null } });
    expect(await remote('hubspot', settings)).toBeNull();
  });

  it('a HubSpot record page gets its record from HubSpot', async () => {
    const db = freshDb();
    const settings = new SettingsStore(memoryStorage(), db);
    await settings.update({ crm: { hubspot: { baseUrl: hubspot.url } }, crmTokens: { hubspot: hubspot.token } });
    const dana = hubspot.seed('contacts', { email: 'dana@northwind-logistics.com', firstname: 'Dana', lastname: 'Whitfield', jobtitle: 'Operations Director' });
    const crm = createCrmServices(settings, createRemoteCrmAdapters(), `crm-${Math.random()}`);
    const view = await createCrmHandlers(crm, db)['crm.record']({ type: 'crm.record', crm: 'hubspot', objectType: 'contact', id: dana.id }, page);
    expect(view).toMatchObject({ status: 'ok', title: 'Dana Whitfield', subtitle: 'Operations Director · dana@northwind-logistics.com' });
  });

  it('refuses a plain-http CRM URL that is not this machine', async () => {
    const settings = new SettingsStore(memoryStorage(), freshDb());
    await expect(settings.update({ crm: { hubspot: { baseUrl: 'http://api.hubapi.com' } } })).rejects.toThrow(/must be an https URL/);
  });
});

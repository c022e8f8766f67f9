import { describe, expect, it } from 'vitest';
import { freshDb, memoryStorage } from '../../test/fixtures';
import { SettingsStore } from './store';

describe('settings', () => {
  it('defaults to OpenAI with no key', async () => {
    const store = new SettingsStore(memoryStorage(), freshDb());
    const view = await store.view();
    expect(view.model).toEqual({ baseUrl: 'https://api.openai.com/v1', model: 'gpt-4o-mini', timeoutMs: 60_000 });
    expect(view.secrets).toEqual({ modelApiKeySet: false, gmailConnected: false, gmailAccount: null, crm: { hubspot: false, salesforce: false, pipedrive: false } });
    expect(view.crm.active).toBe('local');
  });

  it('keeps the API key out of extension storage and out of the view', async () => {
    const area = memoryStorage();
    const db = freshDb();
    const store = new SettingsStore(area, db);
    const view = await store.update({ model: { baseUrl: 'http://localhost:11434/v1', model: 'llama3.1' }, modelApiKey: 'sk-secret-123' });
    expect(view.secrets.modelApiKeySet).toBe(true);
    expect(JSON.stringify(view)).not.toContain('sk-secret-123');
    expect(JSON.stringify(area.data)).not.toContain('sk-secret-123');
    expect(await store.secret('model.apiKey')).toBe('sk-secret-123');
    await store.update({ modelApiKey: null });
    expect((await store.view()).secrets.modelApiKeySet).toBe(false);
  });

  it.each([
    [{ model: { baseUrl: 'not a url' } }, /model.baseUrl/],
    [{ model: { baseUrl: 'ftp://x.test' } }, /model.baseUrl/],
    [{ model: { timeoutMs: 5 } }, /model.timeoutMs/],
    [{ model: { model: '  ' } }, /Model name is required/],
    [{ rep: { name: 42 } }, /rep.name/],
  ])('invalid settings %j are refused with the field named, and nothing is changed', async (patch, message) => {
    const area = memoryStorage();
    const store = new SettingsStore(area, freshDb());
    await store.update({ rep: { name: 'Sam' } });
    const before = structuredClone(area.data);
    await expect(store.update(patch)).rejects.toThrow(message);
    expect(area.data).toEqual(before);
  });

  it('a corrupted stored value falls back to defaults instead of breaking', async () => {
    const area = memoryStorage();
    area.data.settings = { model: { baseUrl: 12 } };
    const store = new SettingsStore(area, freshDb());
    expect((await store.get()).model.baseUrl).toBe('https://api.openai.com/v1');
  });
});

describe('CRM settings', () => {
  it('keeps CRM tokens in secrets, reports only whether each is set, and merges CRM sections', async () => {
    const area = memoryStorage();
    const store = new SettingsStore(area, freshDb());
    await store.update({ crm: { active: 'hubspot', hubspot: { mapping: { contact: { score: 'countersign_score' } } } }, crmTokens: { hubspot: 'pat-na1-abc123' } });
    const view = await store.update({ crm: { pipedrive: { baseUrl: 'https://northwind.pipedrive.com' } } });
    expect(view.crm.active).toBe('hubspot');
    expect(view.crm.hubspot.mapping).toEqual({ contact: { score: 'countersign_score' } });
    expect(view.crm.pipedrive.baseUrl).toBe('https://northwind.pipedrive.com');
    expect(view.secrets.crm).toEqual({ hubspot: true, salesforce: false, pipedrive: false });
    expect(JSON.stringify(area.data) + JSON.stringify(view)).not.toContain('pat-na1-abc123');
    await expect(store.update({ crm: { hubspot: { baseUrl: 'http://api.hubapi.com' } } })).rejects.toThrow(/crm.hubspot.baseUrl: HubSpot API URL must be an https URL/);
  });
});

describe('settings patches', () => {
  it('a patch changes only the fields it names (no defaults sneak in)', async () => {
    const store = new SettingsStore(memoryStorage(), freshDb());
    await store.update({ model: { baseUrl: 'http://localhost:11434/v1', model: 'llama3.1' } });
    const view = await store.update({ model: { timeoutMs: 5_000 } });
    expect(view.model).toEqual({ baseUrl: 'http://localhost:11434/v1', model: 'llama3.1', timeoutMs: 5_000 });
  });
});

describe('ICP settings', () => {
  it('default to empty lists with the documented section weights', async () => {
    const view = await new SettingsStore(memoryStorage(), freshDb()).view();
    expect(view.icp).toEqual({
      weights: { industries: 10, companySizes: 8, seniorities: 8, titles: 6, regions: 4, technologies: 4 },
      industries: [],
      companySizes: [],
      seniorities: [],
      titles: [],
      regions: [],
      technologies: [],
      competitors: [],
    });
  });

  it.each([
    [{ icp: { industries: [{ name: '  ' }] } }, /icp\.industries\.0\.name: Industry name is required/],
    [{ icp: { companySizes: [{ min: 500, max: 50 }] } }, /icp\.companySizes\.0\.max: Company size range: max must be at least min/],
    [{ icp: { seniorities: [{ level: 'boss' }] } }, /icp\.seniorities\.0\.level/],
    [{ icp: { regions: [{ name: 'DACH', weight: 3 }] } }, /icp\.regions\.0\.weight: Item weights run from -1 to 1/],
    [{ icp: { weights: { industries: 100 } } }, /icp\.weights\.industries: Section weights run from 0 to 40/],
    [{ icp: { competitors: [{ name: 'Acme', domains: ['not a domain'] }] } }, /icp\.competitors\.0\.domains\.0: Competitor domain looks like acme\.com/],
  ])('an invalid ICP patch %j is refused with the field named and a clear message, and nothing is changed', async (patch, message) => {
    const area = memoryStorage();
    const store = new SettingsStore(area, freshDb());
    await store.update({ rep: { name: 'Sam' } });
    const before = structuredClone(area.data);
    await expect(store.update(patch)).rejects.toThrow(message);
    expect(area.data).toEqual(before);
  });

  it('a saved ICP persists, and a later save of another section leaves it as it was', async () => {
    const store = new SettingsStore(memoryStorage(), freshDb());
    await store.update({ icp: { industries: [{ name: 'Logistics', weight: 1 }], weights: { industries: 12 } } });
    await store.update({ rep: { name: 'Sam' } });
    const view = await store.view();
    expect(view.icp.industries).toEqual([expect.objectContaining({ name: 'Logistics', weight: 1 })]);
    expect(view.icp.weights.industries).toBe(12);
    // Weights merge field by field: the ones the patch did not name keep their values.
    expect(view.icp.weights.companySizes).toBe((await new SettingsStore(memoryStorage(), freshDb()).view()).icp.weights.companySizes);
  });
});

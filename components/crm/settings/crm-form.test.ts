import { describe, expect, it } from 'vitest';
import { Settings, type SettingsView } from '../../../lib/settings/schema';
import { crmFormFrom, crmPatchFrom, mappingFrom, type CrmForm } from './crm-form';
import { crmOriginsNeedingPermission } from './crm-host';

const view = (crm: object = {}): SettingsView => ({
  ...Settings.parse({ crm }),
  secrets: { modelApiKeySet: false, gmailConnected: false, gmailAccount: null, crm: { hubspot: true, salesforce: false, pipedrive: false } },
});

describe('CRM settings form', () => {
  it('starts from the saved settings with empty token fields (a saved token never comes back)', () => {
    const form = crmFormFrom(view({ active: 'hubspot', hubspot: { mapping: { contact: { score: 'countersign_score' } } } }));
    expect(form.active).toBe('hubspot');
    expect(form.hubspot).toEqual({ baseUrl: 'https://api.hubapi.com', token: '', mapping: { contact: [{ field: 'score', property: 'countersign_score' }], company: [], deal: [] } });
  });

  it('sends typed tokens only, trimmed, and every CRM section with its mapping', () => {
    const form: CrmForm = { ...crmFormFrom(view()), active: 'pipedrive' };
    form.pipedrive = { ...form.pipedrive, token: '  pd-token  ', baseUrl: 'https://northwind.pipedrive.com ' };
    const built = crmPatchFrom(form);
    expect(built.ok && built.patch.crmTokens).toEqual({ pipedrive: 'pd-token' });
    expect(built.ok && built.patch.crm?.active).toBe('pipedrive');
    expect(built.ok && built.patch.crm?.pipedrive).toEqual({ baseUrl: 'https://northwind.pipedrive.com', mapping: {} });
    const untouched = crmPatchFrom(crmFormFrom(view()));
    expect(untouched.ok && 'crmTokens' in untouched.patch).toBe(false);
  });

  it('drops blank mapping rows and refuses half-filled or repeated ones with a message naming the CRM and type', () => {
    const rows = (contact: { field: string; property: string }[]) => ({ contact, company: [], deal: [] });
    expect(mappingFrom('hubspot', rows([{ field: ' score ', property: ' countersign_score ' }, { field: '', property: '' }]))).toEqual({ ok: true, mapping: { contact: { score: 'countersign_score' } } });
    expect(mappingFrom('hubspot', rows([{ field: 'score', property: '' }]))).toEqual({ ok: false, problem: 'HubSpot contact mapping: each row needs both our field and the HubSpot property.' });
    expect(mappingFrom('pipedrive', rows([{ field: 'domain', property: 'a' }, { field: 'domain', property: 'b' }]))).toEqual({ ok: false, problem: 'Pipedrive contact mapping: "domain" is mapped twice.' });
  });

  it('asks permission only for CRM API hosts the manifest does not grant', () => {
    expect(crmOriginsNeedingPermission(['https://api.hubapi.com', 'https://northwind.pipedrive.com', 'https://acme.my.salesforce.com', 'https://login.salesforce.com'])).toEqual([]);
    expect(crmOriginsNeedingPermission(['https://hubspot-proxy.example.com/api', 'not a url', 'https://hubspot-proxy.example.com'])).toEqual(['https://hubspot-proxy.example.com']);
  });
});

import type { ObjectType } from '../../../lib/crm/model';
import type { SettingsPatch, SettingsView } from '../../../lib/settings/schema';

export type RemoteCrm = 'hubspot' | 'salesforce' | 'pipedrive';
export type ActiveCrm = SettingsView['crm']['active'];
export const OBJECT_TYPES: readonly ObjectType[] = ['contact', 'company', 'deal'];
export const TYPE_PLURAL: Record<ObjectType, string> = { contact: 'Contacts', company: 'Companies', deal: 'Deals' };
export const TOKEN_CRMS = ['hubspot', 'pipedrive'] as const;
export type TokenCrm = (typeof TOKEN_CRMS)[number];

/** One row of a field mapping: our field (or a properties key) → the CRM's property. */
export interface MappingRow {
  field: string;
  property: string;
}
export type MappingRows = Record<ObjectType, MappingRow[]>;

/** What the CRM settings form edits. Tokens start empty: a saved token never comes back. */
export interface CrmForm {
  active: ActiveCrm;
  ownerId: string;
  /** One address or domain per line. */
  neverLog: string;
  hubspot: { baseUrl: string; token: string; mapping: MappingRows };
  pipedrive: { baseUrl: string; token: string; mapping: MappingRows };
  salesforce: { loginUrl: string; clientId: string; apiVersion: string; mapping: MappingRows };
}

type Mapping = SettingsView['crm']['hubspot']['mapping'];

const rowsOf = (mapping: Mapping): MappingRows => ({
  contact: Object.entries(mapping.contact ?? {}).map(([field, property]) => ({ field, property })),
  company: Object.entries(mapping.company ?? {}).map(([field, property]) => ({ field, property })),
  deal: Object.entries(mapping.deal ?? {}).map(([field, property]) => ({ field, property })),
});

export function crmFormFrom(view: SettingsView): CrmForm {
  const { crm } = view;
  return {
    active: crm.active,
    ownerId: crm.ownerId,
    neverLog: crm.neverLog.join('\n'),
    hubspot: { baseUrl: crm.hubspot.baseUrl, token: '', mapping: rowsOf(crm.hubspot.mapping) },
    pipedrive: { baseUrl: crm.pipedrive.baseUrl, token: '', mapping: rowsOf(crm.pipedrive.mapping) },
    salesforce: { loginUrl: crm.salesforce.loginUrl, clientId: crm.salesforce.clientId, apiVersion: crm.salesforce.apiVersion, mapping: rowsOf(crm.salesforce.mapping) },
  };
}

const LABEL: Record<RemoteCrm, string> = { hubspot: 'HubSpot', salesforce: 'Salesforce', pipedrive: 'Pipedrive' };

/** Rows → the stored mapping. Blank rows are dropped; a half-filled or repeated row is a problem. */
export function mappingFrom(crm: RemoteCrm, rows: MappingRows): { ok: true; mapping: Mapping } | { ok: false; problem: string } {
  const mapping: Mapping = {};
  for (const type of OBJECT_TYPES) {
    const entries: Record<string, string> = {};
    for (const row of rows[type]) {
      const field = row.field.trim();
      const property = row.property.trim();
      if (!field && !property) continue;
      if (!field || !property) return { ok: false, problem: `${LABEL[crm]} ${type} mapping: each row needs both our field and the ${LABEL[crm]} property.` };
      if (field in entries) return { ok: false, problem: `${LABEL[crm]} ${type} mapping: "${field}" is mapped twice.` };
      entries[field] = property;
    }
    if (Object.keys(entries).length > 0) mapping[type] = entries;
  }
  return { ok: true, mapping };
}

/** The settings.update patch for the whole form; typed tokens are sent, blank ones left alone. */
export function crmPatchFrom(form: CrmForm): { ok: true; patch: SettingsPatch } | { ok: false; problem: string } {
  const hubspot = mappingFrom('hubspot', form.hubspot.mapping);
  if (!hubspot.ok) return hubspot;
  const pipedrive = mappingFrom('pipedrive', form.pipedrive.mapping);
  if (!pipedrive.ok) return pipedrive;
  const salesforce = mappingFrom('salesforce', form.salesforce.mapping);
  if (!salesforce.ok) return salesforce;
  const tokens: NonNullable<SettingsPatch['crmTokens']> = {};
  for (const crm of TOKEN_CRMS) if (form[crm].token.trim()) tokens[crm] = form[crm].token.trim();
  return {
    ok: true,
    patch: {
      crm: {
        active: form.active,
        ownerId: form.ownerId.trim(),
        neverLog: form.neverLog.split(/[\n,;]+/).map((x) => x.trim()).filter(Boolean),
        hubspot: { baseUrl: form.hubspot.baseUrl.trim(), mapping: hubspot.mapping },
        pipedrive: { baseUrl: form.pipedrive.baseUrl.trim(), mapping: pipedrive.mapping },
        salesforce: { loginUrl: form.salesforce.loginUrl.trim(), clientId: form.salesforce.clientId.trim(), apiVersion: form.salesforce.apiVersion.trim(), mapping: salesforce.mapping },
      },
      ...(Object.keys(tokens).length > 0 ? { crmTokens: tokens } : {}),
    },
  };
}

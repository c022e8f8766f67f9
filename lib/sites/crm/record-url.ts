import type { CrmKind, ObjectType } from '../../crm/model';

/** A CRM record page, recognised from its URL alone: we never depend on a CRM's markup. */
export interface RecordPage {
  crm: Exclude<CrmKind, 'local'>;
  type: ObjectType;
  id: string;
  /** The vendor's own object name (HubSpot object type id, Salesforce sObject, Pipedrive entity). */
  object: string;
}

const HUBSPOT_HOST = /^app(-[a-z0-9]+)?\.hubspot\.com$/;
const HUBSPOT_OBJECT: Record<string, ObjectType> = { '0-1': 'contact', '0-2': 'company', '0-3': 'deal', contact: 'contact', company: 'company', deal: 'deal' };
const SALESFORCE_HOST = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.lightning\.force\.com$/;
const SALESFORCE_OBJECT: Record<string, ObjectType> = { Contact: 'contact', Lead: 'contact', Account: 'company', Opportunity: 'deal' };
/** Salesforce id key prefixes, for /lightning/r/<id>/view URLs that omit the object name. */
const SALESFORCE_PREFIX: Record<string, string> = { '003': 'Contact', '00Q': 'Lead', '001': 'Account', '006': 'Opportunity' };
const PIPEDRIVE_HOST = /^[a-z0-9-]+\.pipedrive\.com$/;
const PIPEDRIVE_OBJECT: Record<string, ObjectType> = { person: 'contact', organization: 'company', deal: 'deal' };

export const CRM_PAGE_MATCHES = ['https://*.hubspot.com/*', 'https://*.lightning.force.com/*', 'https://*.pipedrive.com/*'];

export function parseRecordPage(href: string): RecordPage | null {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:') return null;
  const parts = url.pathname.split('/').filter(Boolean);
  if (HUBSPOT_HOST.test(url.hostname) && parts[0] === 'contacts' && /^\d+$/.test(parts[1] ?? '')) {
    // /contacts/<portal>/record/<objectTypeId>/<id>  or legacy /contacts/<portal>/<contact|company|deal>/<id>
    const [object, id] = parts[2] === 'record' ? [parts[3], parts[4]] : [parts[2], parts[3]];
    const type = object ? HUBSPOT_OBJECT[object] : undefined;
    if (type && id && /^\d+$/.test(id)) return { crm: 'hubspot', type, id, object: object! };
  }
  if (SALESFORCE_HOST.test(url.hostname) && parts[0] === 'lightning' && parts[1] === 'r') {
    // /lightning/r/<Object>/<id>/view  or  /lightning/r/<id>/view
    const withObject = parts.length >= 5;
    const id = withObject ? parts[3] : parts[2];
    if (!id || !/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(id)) return null;
    const object = withObject ? parts[2]! : SALESFORCE_PREFIX[id.slice(0, 3)];
    const type = object ? SALESFORCE_OBJECT[object] : undefined;
    if (type && object) return { crm: 'salesforce', type, id, object };
  }
  if (PIPEDRIVE_HOST.test(url.hostname)) {
    const [object, id] = parts;
    const type = object ? PIPEDRIVE_OBJECT[object] : undefined;
    if (type && id && /^\d+$/.test(id)) return { crm: 'pipedrive', type, id, object: object! };
  }
  return null;
}

import type { ObjectType } from '../../lib/crm/model';
import type { RecordPage } from '../../lib/sites/crm/record-url';

const HUBSPOT_OBJECT: Record<ObjectType, string> = { contact: '0-1', company: '0-2', deal: '0-3' };
const SALESFORCE_OBJECT: Record<ObjectType, string> = { contact: 'Contact', company: 'Account', deal: 'Opportunity' };
const PIPEDRIVE_OBJECT: Record<ObjectType, string> = { contact: 'person', company: 'organization', deal: 'deal' };

/**
 * The CRM's own page for a related record, built from the URL of the page we are on (same host,
 * same HubSpot portal). Null when the id cannot be put in a URL safely.
 */
export function relatedHref(current: string, page: RecordPage, type: ObjectType, id: string): string | null {
  if (!/^[A-Za-z0-9-]{1,40}$/.test(id)) return null;
  let url: URL;
  try {
    url = new URL(current);
  } catch {
    return null;
  }
  if (page.crm === 'hubspot') {
    const portal = url.pathname.split('/').filter(Boolean)[1];
    return portal && /^\d+$/.test(portal) ? `${url.origin}/contacts/${portal}/record/${HUBSPOT_OBJECT[type]}/${id}` : null;
  }
  if (page.crm === 'salesforce') return `${url.origin}/lightning/r/${SALESFORCE_OBJECT[type]}/${id}/view`;
  return `${url.origin}/${PIPEDRIVE_OBJECT[type]}/${id}`;
}

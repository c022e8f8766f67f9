import type { CrmKind, ObjectType } from '../../lib/crm/model';
import type { RecordPage } from '../../lib/sites/crm/record-url';

export const CRM_LABEL: Record<CrmKind, string> = { local: 'Local CRM', hubspot: 'HubSpot', salesforce: 'Salesforce', pipedrive: 'Pipedrive' };
export const TYPE_LABEL: Record<ObjectType, string> = { contact: 'contact', company: 'company', deal: 'deal' };

/** What the CRM itself calls the record's object: a Salesforce Lead, a Pipedrive organization. */
export function objectLabel(page: RecordPage): string {
  return page.crm === 'hubspot' ? TYPE_LABEL[page.type] : page.object;
}

/** Until the record loads (or when it cannot): "HubSpot contact 1234". */
export const fallbackTitle = (page: RecordPage): string => `${CRM_LABEL[page.crm]} ${objectLabel(page)} ${page.id}`;

import { describe, expect, it } from 'vitest';
import { parseRecordPage } from '../../lib/sites/crm/record-url';
import { relatedHref } from './related-link';

const at = (href: string) => ({ href, page: parseRecordPage(href)! });

describe('links to related records', () => {
  it('stay in the same CRM, host and HubSpot portal', () => {
    const hs = at('https://app-eu1.hubspot.com/contacts/4417523/record/0-1/51');
    expect(relatedHref(hs.href, hs.page, 'company', '1001')).toBe('https://app-eu1.hubspot.com/contacts/4417523/record/0-2/1001');
    const sf = at('https://northwind.lightning.force.com/lightning/r/Contact/003Hs00001AbCdEIAV/view');
    expect(relatedHref(sf.href, sf.page, 'deal', '006Hs00000XyZaBIAV')).toBe('https://northwind.lightning.force.com/lightning/r/Opportunity/006Hs00000XyZaBIAV/view');
    const pd = at('https://northwind.pipedrive.com/deal/7');
    expect(relatedHref(pd.href, pd.page, 'contact', '42')).toBe('https://northwind.pipedrive.com/person/42');
  });

  it('are not built from an id that could change the path', () => {
    const pd = at('https://northwind.pipedrive.com/deal/7');
    expect(relatedHref(pd.href, pd.page, 'contact', '../settings')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { parseRecordPage } from './record-url';

describe('CRM record pages are recognised by URL', () => {
  it.each([
    ['https://app.hubspot.com/contacts/4412345/record/0-1/501', { crm: 'hubspot', type: 'contact', id: '501' }],
    ['https://app-eu1.hubspot.com/contacts/4412345/record/0-2/77?eschref=%2F', { crm: 'hubspot', type: 'company', id: '77' }],
    ['https://app.hubspot.com/contacts/4412345/record/0-3/9001/', { crm: 'hubspot', type: 'deal', id: '9001' }],
    ['https://app.hubspot.com/contacts/4412345/contact/501', { crm: 'hubspot', type: 'contact', id: '501' }],
    ['https://acme.lightning.force.com/lightning/r/Contact/0035g00000XyZAbAAN/view', { crm: 'salesforce', type: 'contact', id: '0035g00000XyZAbAAN' }],
    ['https://acme--uat.sandbox.lightning.force.com/lightning/r/Opportunity/0065g00000AbCdE/view', { crm: 'salesforce', type: 'deal', id: '0065g00000AbCdE' }],
    ['https://acme.lightning.force.com/lightning/r/0015g00000AbCdEAAZ/view', { crm: 'salesforce', type: 'company', id: '0015g00000AbCdEAAZ' }],
    ['https://acme.lightning.force.com/lightning/r/Lead/00Q5g00000AbCdEAAZ/view', { crm: 'salesforce', type: 'contact', id: '00Q5g00000AbCdEAAZ' }],
    ['https://northwind.pipedrive.com/person/42', { crm: 'pipedrive', type: 'contact', id: '42' }],
    ['https://northwind.pipedrive.com/organization/7#tab', { crm: 'pipedrive', type: 'company', id: '7' }],
    ['https://northwind.pipedrive.com/deal/3', { crm: 'pipedrive', type: 'deal', id: '3' }],
  ])('%s', (url, expected) => {
    expect(parseRecordPage(url)).toMatchObject(expected);
  });

  it.each([
    'https://app.hubspot.com/contacts/4412345/objects/0-1/views/all/list',
    'https://app.hubspot.com/contacts/4412345/record/0-5/12',
    'https://app.hubspot.com.evil.example/contacts/1/record/0-1/2',
    'http://app.hubspot.com/contacts/1/record/0-1/2',
    'https://acme.lightning.force.com/lightning/o/Contact/list',
    'https://acme.lightning.force.com/lightning/r/Case/5005g00000AbCdE/view',
    'https://acme.lightning.force.com/lightning/r/Contact/x%27%3E/view',
    'https://northwind.pipedrive.com/persons/list',
    'https://northwind.pipedrive.com/person/abc',
    'https://pipedrive.com.evil.example/person/1',
    'not a url',
  ])('ignores %s', (url) => {
    expect(parseRecordPage(url)).toBeNull();
  });
});

import type { BrowserContext, Locator, Page } from '@playwright/test';
import type { HubspotStandin } from '../../test/standins/hubspot';
import { expect } from './extension';
import { PROSPECT } from './scenario';

/**
 * CRM record pages: the docked panel is driven by the URL alone, so each CRM is served a page
 * CONSTRUCTED here (a top bar of the CRM's height and some text, none of the CRM's markup) at its
 * real URL, so the real match patterns fire.
 */
export const CRMS = [
  {
    name: 'HubSpot',
    origin: 'https://app.hubspot.com',
    navPx: 64,
    record: '/contacts/4417523/record/0-1/51',
    title: 'HubSpot contact 51',
    next: '/contacts/4417523/record/0-3/9001',
    nextTitle: 'HubSpot deal 9001',
    other: '/contacts/4417523/objects/0-1/views/all/list',
  },
  {
    name: 'Salesforce',
    origin: 'https://northwind.lightning.force.com',
    navPx: 96,
    record: '/lightning/r/Contact/003Hs00001AbCdEIAV/view',
    title: 'Salesforce Contact 003Hs00001AbCdEIAV',
    next: '/lightning/r/Opportunity/006Hs00000XyZaBIAV/view',
    nextTitle: 'Salesforce Opportunity 006Hs00000XyZaBIAV',
    other: '/lightning/o/Contact/list',
  },
  {
    name: 'Pipedrive',
    origin: 'https://northwind.pipedrive.com',
    navPx: 56,
    record: '/person/42',
    title: 'Pipedrive person 42',
    next: '/organization/7',
    nextTitle: 'Pipedrive organization 7',
    other: '/pipeline/1/user/everyone',
  },
] as const;

const constructedPage = (crm: string, navPx: number) => `<!doctype html>
<!-- CONSTRUCTED, NOT CAPTURED: a stand-in ${crm} page; the panel never reads a CRM's markup. -->
<html lang="en"><head><meta charset="utf-8"><title>${crm}</title>
<style>body{margin:0;font:14px Arial,sans-serif}nav{height:${navPx}px;background:#1f2d3d;color:#fff;display:flex;align-items:center;padding:0 16px}main{padding:16px}</style>
</head><body><nav>${crm} navigation</nav><main><h1>Record</h1><p>${'Record details. '.repeat(40)}</p></main></body></html>`;

export async function serveCrm(context: BrowserContext, crm: Pick<(typeof CRMS)[number], 'name' | 'origin' | 'navPx'>): Promise<void> {
  const html = constructedPage(crm.name, crm.navPx);
  await context.route(`${crm.origin}/**`, (route) =>
    route.request().resourceType() === 'document' ? route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }) : route.fulfill({ status: 404, body: '' }),
  );
}

export const crmPanelHosts = (page: Page): Locator => page.locator('countersign-crm-panel');
export const crmPanel = (page: Page): Locator => crmPanelHosts(page).getByTestId('cs-crm-panel');

/**
 * Picks a <select> option the way a person does, from the keyboard: the settings controls ignore
 * untrusted events, and Playwright's selectOption() dispatches synthetic ones.
 */
export async function chooseOption(select: Locator, label: string): Promise<void> {
  await select.focus();
  await select.page().keyboard.type(label);
  await expect(select.locator('option:checked')).toHaveText(label);
}

/** A small HubSpot portal: Northwind, Dana, a deal and a note, all linked. */
export async function seedHubspot(hs: HubspotStandin) {
  const company = hs.seed('companies', { name: 'Northwind Logistics', domain: 'northwind-logistics.com', industry: 'LOGISTICS_AND_SUPPLY_CHAIN' });
  const dana = hs.seed('contacts', { email: PROSPECT.email, firstname: 'Dana', lastname: 'Whitfield', jobtitle: 'Operations Director' });
  const deal = hs.seed('deals', { dealname: 'Northwind: 40 seats + pilot', amount: '48000', deal_currency_code: 'USD', pipeline: 'default', dealstage: 'qualifiedtobuy' });
  const note = hs.seed('notes', { hs_note_body: '<p>Wants pricing for <b>40 seats</b> and a 6-week pilot.</p>', hs_timestamp: '2023-12-06T21:00:00.000Z' });
  hs.link({ type: 'contacts', id: dana.id }, { type: 'companies', id: company.id });
  hs.link({ type: 'deals', id: deal.id }, { type: 'contacts', id: dana.id });
  hs.link({ type: 'deals', id: deal.id }, { type: 'companies', id: company.id });
  hs.link({ type: 'notes', id: note.id }, { type: 'contacts', id: dana.id });
  return { company, dana, deal };
}

import type { Page } from '@playwright/test';
import { formatViolation } from '../test/prism';
import { startHubspotStandin } from '../test/standins/hubspot';
import { startSalesforceStandin } from '../test/standins/salesforce';
import { startPipedriveBehindPrism } from '../test/standins/pipedrive';
import { expect, sendRuntimeMessage, test } from './support/extension';
import { answerApi } from './support/forward';
import { serveSalesforce } from './support/salesforce';
import { chooseOption, CRMS, crmPanel, crmPanelHosts, seedHubspot, serveCrm } from './support/crm';
import { configure, openThread, PROSPECT, seedThread, serveGmail } from './support/scenario';

const hosts = crmPanelHosts;
const panel = crmPanel;
/** In-app navigation, as a single-page app's router does it. */
const pushState = (page: Page, path: string) => page.evaluate((p) => history.pushState({}, '', p), path);

for (const crm of CRMS) {
  test(`${crm.name}: the docked panel follows the record in the URL and says the CRM is not connected`, async ({ page, context }) => {
    await serveCrm(context, crm);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(crm.origin + crm.record);

    await expect(panel(page)).toHaveAttribute('data-state', 'open');
    await expect(hosts(page)).toHaveCount(1);
    await expect(panel(page).getByTestId('cs-crm-title')).toHaveText(crm.title);
    await expect(panel(page).getByTestId('cs-crm-subtitle')).toHaveText('Not connected');
    await expect(panel(page).getByTestId('cs-crm-not-connected')).toContainText(`Connect ${crm.name} in Countersign settings`);
    await expect(panel(page).getByTestId('cs-error')).toHaveCount(0);

    // Docked to the right edge, below the CRM's own top navigation.
    const box = (await panel(page).boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(crm.navPx);
    expect(Math.round(box.x + box.width)).toBe(1280);

    // In-app navigation to another record replaces the panel's record; still exactly one panel.
    await pushState(page, crm.next);
    await expect(panel(page).getByTestId('cs-crm-title')).toHaveText(crm.nextTitle);
    await expect(hosts(page)).toHaveCount(1);

    // Back (popstate) returns to the first record.
    await page.goBack();
    await expect(panel(page).getByTestId('cs-crm-title')).toHaveText(crm.title);

    // A page that is not a record: no panel. A record again: one panel.
    await pushState(page, crm.other);
    await expect(hosts(page)).toHaveCount(0);
    await pushState(page, crm.next);
    await expect(panel(page).getByTestId('cs-crm-title')).toHaveText(crm.nextTitle);
    await expect(hosts(page)).toHaveCount(1);
  });
}

test('the panel collapses to a slim tab that stays collapsed across records, and opens again', async ({ page, context }) => {
  const [hubspot] = CRMS;
  await serveCrm(context, hubspot);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(hubspot.origin + hubspot.record);
  await expect(panel(page).getByTestId('cs-crm-title')).toHaveText(hubspot.title);

  await panel(page).getByTestId('cs-crm-collapse').click();
  await expect(panel(page)).toHaveAttribute('data-state', 'collapsed');
  await expect(panel(page).getByTestId('cs-crm-title')).toHaveCount(0);
  const tab = (await panel(page).boundingBox())!;
  expect(tab.width).toBeLessThan(48);
  expect(tab.y).toBeGreaterThanOrEqual(hubspot.navPx);

  await pushState(page, hubspot.next);
  await expect(panel(page)).toHaveAttribute('data-record', 'hubspot:deal:9001');
  await expect(panel(page)).toHaveAttribute('data-state', 'collapsed');

  await panel(page).getByTestId('cs-crm-collapse').click();
  await expect(panel(page).getByTestId('cs-crm-title')).toHaveText(hubspot.nextTitle);
});

test('a page that is not a record gets no panel until the app navigates to a record', async ({ page, context }) => {
  const pipedrive = CRMS[2];
  await serveCrm(context, pipedrive);
  await page.goto(pipedrive.origin + pipedrive.other);
  await page.waitForTimeout(1000);
  await expect(hosts(page)).toHaveCount(0);
  await pushState(page, pipedrive.record);
  await expect(panel(page).getByTestId('cs-crm-title')).toHaveText(pipedrive.title);
});

test('a script in the CRM page cannot collapse the panel with synthetic clicks', async ({ page, context }) => {
  const [hubspot] = CRMS;
  await serveCrm(context, hubspot);
  await page.goto(hubspot.origin + hubspot.record);
  await expect(panel(page)).toHaveAttribute('data-state', 'open');
  await page.evaluate(() => {
    const button = document.querySelector('countersign-crm-panel')?.shadowRoot?.querySelector<HTMLElement>('[data-testid="cs-crm-collapse"]');
    button?.click();
    button?.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
  });
  await page.waitForTimeout(300);
  await expect(panel(page)).toHaveAttribute('data-state', 'open');
});

test('importing a CSV into the local CRM from the approval panel reports the malformed line and keeps the rest', async ({ openExtensionPage }, testInfo) => {
  const settings = await openExtensionPage('sidepanel.html#settings');
  await expect(settings.getByTestId('cs-crm-active')).toHaveValue('local');
  await expect(settings.getByTestId('cs-crm-import-type')).toHaveValue('contact');
  const csv = [
    'email,firstName,lastName,title',
    'dana@northwind-logistics.com,Dana,Whitfield,Operations Director',
    'lee@northwind-logistics.com,Lee',
    'sam@example.com,Sam,Rivera,CFO',
  ].join('\n');
  await settings.getByTestId('cs-crm-import-file').setInputFiles({ name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });

  const result = settings.getByTestId('cs-crm-import-result');
  await expect(result).toContainText('2 created, 0 updated, 1 line skipped');
  await expect(settings.getByTestId('cs-crm-import-errors').locator('li')).toHaveText(['line 3: expected 4 columns, found 2']);

  // The local CRM's own connection check sees the two contacts.
  await settings.getByTestId('cs-crm-test').click();
  await expect(settings.getByTestId('cs-crm-test-result')).toContainText('2 contacts');
  await settings.getByTestId('cs-crm-import-result').scrollIntoViewIfNeeded();
  await settings.screenshot({ path: testInfo.outputPath('crm-settings.png'), fullPage: true });
});

test('a HubSpot token saved in settings is kept in the background and only reported as saved', async ({ openExtensionPage }) => {
  const settings = await openExtensionPage('sidepanel.html#settings');
  await chooseOption(settings.getByTestId('cs-crm-active'), 'HubSpot');
  await settings.getByTestId('cs-crm-token-hubspot').fill('pat-na1-00000000-0000-0000-0000-000000000000');
  await settings.getByTestId('cs-crm-save').click();
  await expect(settings.getByTestId('cs-crm-saved')).toBeVisible();
  await expect(settings.getByTestId('cs-crm-status-hubspot')).toContainText('Token saved');
  await expect(settings.getByTestId('cs-crm-token-hubspot')).toHaveValue('');

  await settings.reload();
  await expect(settings.getByTestId('cs-crm-active')).toHaveValue('hubspot');
  await expect(settings.getByTestId('cs-crm-status-hubspot')).toContainText('Token saved');
  expect(await settings.content()).not.toContain('pat-na1-');

  await settings.getByTestId('cs-crm-disconnect-hubspot').click();
  await expect(settings.getByTestId('cs-crm-status-hubspot')).toContainText('Not connected');
});

// Connected: the background's real adapters (lib/background/crm-remote.ts) call the CRMs' real API
// URLs, answered by the same stand-ins the adapters' own tests use.


test('HubSpot connected in settings: the panel shows the contact from HubSpot with its notes, company and Gmail thread, then the deal and its stage', async ({ page, context, openExtensionPage, standins }, testInfo) => {
  const hs = await startHubspotStandin();
  try {
    const { company, dana, deal } = await seedHubspot(hs);
    await answerApi(context, 'https://api.hubapi.com/**', (url, init) => fetch(hs.url + url.pathname + url.search, init));
    const portal = '4417523';
    await serveCrm(context, CRMS[0]);

    // Gmail: the thread with Dana is read once, so Countersign has it cached.
    await serveGmail(context);
    seedThread(standins);
    const settings = await openExtensionPage('sidepanel.html#settings');
    await configure(settings);
    await openThread(page);

    // Settings: HubSpot as the system of record, with its private-app token; the test passes.
    await settings.reload();
    await chooseOption(settings.getByTestId('cs-crm-active'), 'HubSpot');
    await settings.getByTestId('cs-crm-token-hubspot').fill(hs.token);
    await settings.getByTestId('cs-crm-save').click();
    await expect(settings.getByTestId('cs-crm-status-hubspot')).toContainText('Token saved');
    await settings.getByTestId('cs-crm-test').click();
    await expect(settings.getByTestId('cs-crm-test-check')).toHaveCount(4);
    await expect(settings.getByTestId('cs-crm-test-check').first()).toHaveAttribute('data-ok', 'true');
    await expect(settings.getByTestId('cs-crm-test-result')).toContainText('HubSpot accepted the access token.');

    await page.goto(`https://app.hubspot.com/contacts/${portal}/record/0-1/${dana.id}`);
    const p = panel(page);
    await expect(p.getByTestId('cs-crm-title')).toHaveText('Dana Whitfield');
    await expect(p.getByTestId('cs-crm-subtitle')).toHaveText(`Operations Director · ${PROSPECT.email}`);
    await expect(p.getByTestId('cs-crm-notes')).toContainText('Wants pricing for 40 seats and a 6-week pilot.');
    await expect(p.getByTestId('cs-crm-notes')).not.toContainText('<b>');
    await expect(p.getByTestId('cs-crm-related').getByRole('link', { name: `company ${company.id}` })).toHaveAttribute('href', `https://app.hubspot.com/contacts/${portal}/record/0-2/${company.id}`);
    await expect(p.getByTestId('cs-crm-gmail')).toContainText('Pricing for 40 seats');
    await expect(p.getByTestId('cs-crm-gmail')).toContainText('Dana Whitfield');
    await expect(p.getByTestId('cs-crm-gmail')).toContainText('2 messages');
    await expect(p.getByTestId('cs-crm-stage')).toHaveCount(0);
    // Scout on the contact: scored, and the brief cites what HubSpot holds (title, the deal and its stage).
    await expect(p.getByTestId('cs-lead-score')).toHaveText(/^\d+$/);
    await expect(p.getByTestId('cs-lead-crm-failed')).toHaveCount(0);
    await p.getByTestId('cs-brief-facts-toggle').click();
    await expect(p.getByTestId('cs-brief-facts')).toContainText('Operations Director');
    await expect(p.getByTestId('cs-brief-facts')).toContainText('Qualified To Buy');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: testInfo.outputPath('crm-panel.png') });

    await pushState(page, `/contacts/${portal}/record/0-3/${deal.id}`);
    await expect(p.getByTestId('cs-crm-title')).toHaveText('Northwind: 40 seats + pilot');
    await expect(p.getByTestId('cs-crm-stage')).toContainText('Qualified To Buy');
    await expect(p.getByTestId('cs-crm-stage')).toContainText('Sales Pipeline');
    await expect(p.getByTestId('cs-crm-subtitle')).toHaveText('48,000 USD');
    await expect(hosts(page)).toHaveCount(1);
    expect(hs.takeViolations()).toEqual([]);
    expect(hs.requests.every((r) => r.status < 400)).toBe(true);
  } finally {
    await hs.close();
  }
});

test('Salesforce signed in from settings (OAuth with PKCE): the Lightning page shows the contact from Salesforce, then the opportunity and its stage', async ({ page, context, openExtensionPage, extensionId, upstreams }) => {
  const sf = await startSalesforceStandin();
  try {
    const account = sf.seed('Account', { Name: 'Northwind Logistics', Website: 'https://northwind-logistics.com' });
    const dana = sf.seed('Contact', { FirstName: 'Dana', LastName: 'Whitfield', Title: 'Operations Director', Email: PROSPECT.email, AccountId: account.Id });
    const other = sf.seed('Contact', { FirstName: 'Sam', LastName: 'Rivera', Title: 'CFO', Email: 'sam@example.com' });
    const deal = sf.seed('Opportunity', { Name: 'Northwind: 40 seats + pilot', Amount: 48000, StageName: 'Proposal/Price Quote', CloseDate: '2024-03-29', AccountId: account.Id });
    sf.seed('OpportunityContactRole', { OpportunityId: deal.Id, ContactId: dana.Id, Role: 'Decision Maker', IsPrimary: true });
    await serveSalesforce(context, upstreams.oauth, sf, extensionId);
    const salesforce = CRMS[1];
    await serveCrm(context, salesforce);

    // Settings: Salesforce as the system of record, the connected app's consumer key, then sign-in.
    const settings = await openExtensionPage('sidepanel.html#settings');
    await chooseOption(settings.getByTestId('cs-crm-active'), 'Salesforce');
    await expect(settings.getByTestId('cs-crm-salesforce-login-url')).toHaveValue('https://login.salesforce.com');
    await settings.getByTestId('cs-crm-salesforce-client-id').fill(sf.clientId);
    await settings.getByTestId('cs-crm-save').click();
    await expect(settings.getByTestId('cs-crm-saved')).toBeVisible();
    await expect(settings.getByTestId('cs-crm-status-salesforce')).toContainText('Not connected');
    await settings.getByTestId('cs-crm-connect-salesforce').click();
    await expect(settings.getByTestId('cs-crm-status-salesforce')).toContainText('Signed in');
    await expect(settings.getByTestId('cs-crm-connect-error')).toHaveCount(0);
    // One code, exchanged once, with the verifier that matches its challenge (else no token).
    expect(sf.tokenRequests.map((r) => r.grant_type)).toEqual(['authorization_code']);
    expect(sf.tokenRequests[0]).toMatchObject({ client_id: sf.clientId, redirect_uri: `https://${extensionId}.chromiumapp.org/` });

    await settings.getByTestId('cs-crm-test').click();
    const checks = settings.getByTestId('cs-crm-test-check');
    await expect(checks).toHaveCount(4);
    for (const check of await checks.all()) await expect(check).toHaveAttribute('data-ok', 'true');
    await expect(settings.getByTestId('cs-crm-test-result')).toContainText('Connected as rep@example.com');
    await expect(settings.getByTestId('cs-crm-test-result')).toContainText('Contacts, accounts and opportunities can be read.');

    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${salesforce.origin}/lightning/r/Contact/${dana.Id}/view`);
    const p = panel(page);
    await expect(p).toHaveAttribute('data-record', `salesforce:contact:${dana.Id}`);
    await expect(p.getByTestId('cs-crm-title')).toHaveText('Dana Whitfield');
    await expect(p.getByTestId('cs-crm-subtitle')).toHaveText(`Operations Director · ${PROSPECT.email}`);
    await expect(p.getByTestId('cs-crm-related')).toContainText(`company ${account.Id}`);
    await expect(p.getByTestId('cs-crm-stage')).toHaveCount(0);
    await expect(p.getByTestId('cs-error')).toHaveCount(0);
    // Scout reads Salesforce for the lead card: the opportunity and its stage are in the brief.
    await expect(p.getByTestId('cs-lead-score')).toHaveText(/^\d+$/);
    await expect(p.getByTestId('cs-lead-crm-failed')).toHaveCount(0);
    await p.getByTestId('cs-brief-facts-toggle').click();
    await expect(p.getByTestId('cs-brief-facts')).toContainText('Proposal/Price Quote');

    await pushState(page, `/lightning/r/Opportunity/${deal.Id}/view`);
    await expect(p).toHaveAttribute('data-record', `salesforce:deal:${deal.Id}`);
    await expect(p.getByTestId('cs-crm-title')).toHaveText('Northwind: 40 seats + pilot');
    await expect(p.getByTestId('cs-crm-stage')).toContainText('Proposal/Price Quote');
    await expect(hosts(page)).toHaveCount(1);

    // And back to another contact: that contact's data, not the first one's.
    await pushState(page, `/lightning/r/Contact/${other.Id}/view`);
    await expect(p.getByTestId('cs-crm-title')).toHaveText('Sam Rivera');
    await expect(p.getByTestId('cs-crm-subtitle')).toHaveText('CFO · sam@example.com');
    await expect(p.getByTestId('cs-lead-score')).toHaveText(/^\d+$/); // its lead card has finished reading too

    expect(sf.takeViolations()).toEqual([]);
    expect(sf.requests.filter((r) => r.status >= 400)).toEqual([]);
  } finally {
    await sf.close();
  }
});

test('Pipedrive connected: the panel shows the person and then the deal from Pipedrive, every call valid against its specs', async ({ page, context, openExtensionPage }) => {
  test.setTimeout(120_000);
  const pd = await startPipedriveBehindPrism();
  try {
    const standin = pd.fresh();
    const org = standin.seed('organizations', { name: 'Northwind Logistics' });
    const person = standin.seed('persons', { name: 'Dana Whitfield', emails: [{ value: PROSPECT.email, primary: true, label: 'work' }], org_id: org.id });
    const deal = standin.seed('deals', { title: 'Northwind pilot', value: 12000, currency: 'EUR', pipeline_id: 1, stage_id: 2, person_id: person.id, org_id: org.id });
    await answerApi(context, 'https://api.pipedrive.com/**', (url, init) => pd.fetch(url.toString(), init));
    const pipedrive = CRMS[2];
    await serveCrm(context, pipedrive);

    const settings = await openExtensionPage('sidepanel.html#settings');
    expect(await sendRuntimeMessage(settings, { type: 'settings.update', patch: { crm: { active: 'pipedrive' }, crmTokens: { pipedrive: standin.token } } })).toMatchObject({ ok: true });
    await page.goto(`${pipedrive.origin}/person/${person.id}`);
    const p = panel(page);
    await expect(p.getByTestId('cs-crm-title')).toHaveText('Dana Whitfield');
    await expect(p.getByTestId('cs-crm-subtitle')).toContainText(PROSPECT.email);
    await expect(p.getByTestId('cs-crm-related')).toContainText(`company ${org.id}`);
    // Scout's reads of Pipedrive for the lead card are checked against Pipedrive's specs too.
    await expect(p.getByTestId('cs-lead-score')).toHaveText(/^\d+$/);
    await expect(p.getByTestId('cs-lead-crm-failed')).toHaveCount(0);

    await pushState(page, `/deal/${deal.id}`);
    await expect(p.getByTestId('cs-crm-title')).toHaveText('Northwind pilot');
    await expect(p.getByTestId('cs-crm-stage')).toContainText('Proposal');
    await expect(p.getByTestId('cs-crm-stage')).toContainText('Sales');
    expect(standin.requests.every((r) => r.headers['x-api-token'] === standin.token)).toBe(true);
    expect(pd.violations.splice(0).map(formatViolation)).toEqual([]);
  } finally {
    await pd.stop();
  }
});

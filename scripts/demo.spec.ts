import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from '../e2e/support/extension';
import { repoRoot } from '../e2e/support/paths';
import { approvalItems, configure, draftAndQueue, seedThread, serveGmail } from '../e2e/support/scenario';
import { sendRuntimeMessage } from '../e2e/support/extension';
import { answerApi } from '../e2e/support/forward';
import { CRMS, crmPanel, seedHubspot, serveCrm } from '../e2e/support/crm';
import { startHubspotStandin } from '../test/standins/hubspot';

/**
 * Countersign on the bundled sandbox: the constructed Gmail thread and a HubSpot record page at
 * their real URLs, with local stand-ins for Gmail, Google sign-in, the model (checked against the
 * vendors' specs) and HubSpot.
 * With a display (COUNTERSIGN_HEADED=1) it stops at the approval step and leaves the browser to you;
 * without one it runs the whole path headless and writes screenshots to demo-output/.
 */
test('Countersign demo', async ({ page, context, openExtensionPage, standins }) => {
  const out = path.join(repoRoot, 'demo-output');
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  const shot = async (p: typeof page, name: string) => {
    await p.screenshot({ path: path.join(out, name), fullPage: true });
    console.log(`  wrote demo-output/${name}`);
  };

  await serveGmail(context);
  seedThread(standins);
  const panel = await openExtensionPage('sidepanel.html');
  await panel.setViewportSize({ width: 420, height: 900 });
  await configure(panel);
  await page.setViewportSize({ width: 1280, height: 900 });
  await draftAndQueue(page);
  await shot(page, '1-gmail-draft-queued.png');

  const item = approvalItems(panel).first();
  await expect(item).toHaveAttribute('data-state', 'pending');
  await shot(panel, '2-approval-panel-review.png');

  // A CRM record page: HubSpot connected (a local HubSpot stand-in), Dana's contact record.
  const hubspot = await startHubspotStandin();
  const { dana } = await seedHubspot(hubspot);
  await answerApi(context, 'https://api.hubapi.com/**', (url, init) => fetch(hubspot.url + url.pathname + url.search, init));
  await serveCrm(context, CRMS[0]);
  const saved = await sendRuntimeMessage<{ ok: boolean }>(panel, { type: 'settings.update', patch: { crm: { active: 'hubspot' }, crmTokens: { hubspot: hubspot.token } } });
  expect(saved.ok).toBe(true);
  const crmPage = await context.newPage();
  await crmPage.setViewportSize({ width: 1280, height: 800 });
  await crmPage.goto(`https://app.hubspot.com/contacts/4417523/record/0-1/${dana.id}`);
  await expect(crmPanel(crmPage).getByTestId('cs-crm-title')).toHaveText('Dana Whitfield');
  await shot(crmPage, '3-hubspot-record-panel.png');
  await page.bringToFront();

  if (process.env.COUNTERSIGN_HEADED) {
    console.log('\nThe draft is waiting in the approval panel tab. Approve, deny or edit it; close the browser to end the demo.');
    await new Promise<void>((resolve) => context.on('close', () => resolve()));
    await hubspot.close();
    return;
  }
  await item.getByTestId('cs-approve').click();
  await expect(item).toHaveAttribute('data-state', 'sent', { timeout: 15_000 });
  await panel.getByTestId('cs-history').locator('summary').first().click();
  await shot(panel, '4-approval-panel-sent.png');
  await panel.getByTestId('cs-tab-audit').click();
  await panel.getByTestId('cs-audit-verify').click();
  await expect(panel.getByTestId('cs-audit-verify-result')).toBeVisible();
  await shot(panel, '5-audit-log.png');
  console.log(`\nSent ${standins.gmail.sent.length} message through the Gmail stand-in, after one approval click.`);
  await hubspot.close();
});

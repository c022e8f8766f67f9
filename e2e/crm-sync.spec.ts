import { chooseOption } from './support/crm';
import { expect, sendRuntimeMessage, test } from './support/extension';
import { auditActions, configure, GMAIL_URL, gmailPanel, PROSPECT, seedThread, serveGmail } from './support/scenario';

type Csv = { ok: true; data: { csv: string } };
const exported = async (panel: Parameters<typeof sendRuntimeMessage>[0], objectType: 'contact' | 'company' | 'deal') =>
  (await sendRuntimeMessage<Csv>(panel, { type: 'crm.export', objectType })).data.csv.split('\n').filter(Boolean);

test('CRM sync in the side panel: a field diff of what the thread says, nothing written until approved, then a result per record', async ({ page, context, standins, openExtensionPage }) => {
  await serveGmail(context);
  seedThread(standins);
  const panel = await openExtensionPage('sidepanel.html#sync');
  await configure(panel);

  // Scout meets Dana in her thread (the lead card), which is what Cipher syncs from.
  await page.goto(GMAIL_URL);
  await expect(gmailPanel(page).getByTestId('cs-lead')).toContainText(PROSPECT.name);

  await panel.getByTestId('cs-sync-propose').click();
  const item = panel.getByTestId('cs-sync-item').first();
  await expect(item).toHaveAttribute('data-state', 'proposed');
  const dana = item.locator('[data-testid="cs-sync-record"][data-kind="contact"]').filter({ hasText: PROSPECT.email });
  await expect(dana).toHaveAttribute('data-action', 'create');
  // Field by field, with where each value came from: her signature, in her own words.
  await expect(dana.getByTestId('cs-sync-diff').filter({ hasText: 'Title' })).toContainText('Operations Director');
  await expect(dana).toContainText('from their email signature');
  await expect(item.getByTestId('cs-sync-record').filter({ hasText: 'northwind-logistics.com' }).first()).toBeVisible();
  expect(await exported(panel, 'contact')).toHaveLength(1); // header only: the preview wrote nothing

  await item.getByTestId('cs-sync-approve').click();
  await expect(item).toHaveAttribute('data-state', 'applied');
  await expect(dana.getByTestId('cs-sync-result')).toHaveText('Created');
  await expect(item.getByTestId('cs-sync-results')).toContainText('0 failed');
  const contacts = await exported(panel, 'contact');
  expect(contacts.find((l) => l.includes(PROSPECT.email))).toContain('Operations Director');
  expect(await auditActions(panel, 'crm.sync')).toEqual(expect.arrayContaining(['crm.sync.proposed', 'crm.sync.approved', 'crm.sync.record_applied', 'crm.sync.applied']));

  // Everything is in the CRM now: preparing again finds nothing to change.
  await panel.getByTestId('cs-sync-propose').click();
  await expect(panel.getByTestId('cs-sync-none')).toBeVisible();
});

test('Pipeline in the side panel: charts per stage, a stage move logged and undone with one click', async ({ openExtensionPage }) => {
  const panel = await openExtensionPage('sidepanel.html#pipeline');
  const csv = ['name,amount,currency,pipelineId,stageId', 'Northwind expansion,30000,USD,default,qualified', 'Initech pilot,8000,USD,default,demo', 'Contoso renewal,12000,USD,default,won'].join('\n');
  expect(await sendRuntimeMessage(panel, { type: 'crm.import', objectType: 'deal', csv })).toMatchObject({ ok: true });
  await panel.reload();

  for (const chart of ['cs-chart-count', 'cs-chart-value', 'cs-chart-conversion', 'cs-chart-days']) {
    await expect(panel.getByTestId(chart).getByTestId('cs-bar')).toHaveCount(7); // one per stage of the local pipeline
  }
  const row = panel.getByTestId('cs-deal-row').filter({ hasText: 'Northwind expansion' });
  await chooseOption(row.getByTestId('cs-deal-stage'), 'Proposal');
  expect((await exported(panel, 'deal')).find((l) => l.includes('Northwind'))).toContain('qualified'); // picking alone moves nothing
  await row.getByTestId('cs-deal-move').click();
  const change = panel.getByTestId('cs-stage-undo').first();
  await expect(change).toBeVisible();
  expect((await exported(panel, 'deal')).find((l) => l.includes('Northwind'))).toContain('proposal');

  await change.click();
  await expect(panel.getByTestId('cs-stage-undone').first()).toBeVisible();
  expect((await exported(panel, 'deal')).find((l) => l.includes('Northwind'))).toContain('qualified');
  expect(await auditActions(panel, 'pipeline.')).toEqual(['pipeline.stage_changed', 'pipeline.stage_undone']);
});

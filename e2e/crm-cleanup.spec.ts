import { expect, sendRuntimeMessage, test } from './support/extension';

const CSV = [
  'email,firstName,lastName,phone',
  'dana@northwind-logistics.com,Dana,Whitfield,+1 312 555 0100',
  'Dana.Whitfield+crm@northwind-logistics.com,Dana,Whitfield,(312) 555-0100',
  'lee@initech.test,Lee,Park,',
].join('\n');

type Contacts = { ok: true; data: { csv: string } };
const exported = async (panel: Parameters<typeof sendRuntimeMessage>[0]) => (await sendRuntimeMessage<Contacts>(panel, { type: 'crm.export', objectType: 'contact' })).data.csv.split('\n').filter(Boolean).sort();

test('CRM cleanup in the side panel: duplicates previewed, merged only on approval, and rolled back exactly', async ({ openExtensionPage }) => {
  const panel = await openExtensionPage('sidepanel.html#cleanup');
  expect(await sendRuntimeMessage(panel, { type: 'crm.import', objectType: 'contact', csv: CSV })).toMatchObject({ ok: true });
  const before = await exported(panel);
  expect(before).toHaveLength(4); // header + 3

  await panel.getByTestId('cs-cleanup-scan').click();
  const item = panel.getByTestId('cs-cleanup-item').first();
  await expect(item).toHaveAttribute('data-state', 'proposed');
  await expect(item.getByTestId('cs-cleanup-preview')).toContainText('Dana Whitfield');
  expect(await exported(panel)).toEqual(before); // the preview changed nothing

  await item.getByTestId('cs-cleanup-approve').click();
  await expect(item).toHaveAttribute('data-state', 'applied');
  await expect(item.getByTestId('cs-cleanup-results')).toContainText('1 applied');
  expect(await exported(panel)).toHaveLength(3);

  await item.getByTestId('cs-cleanup-rollback').click();
  await expect(item).toHaveAttribute('data-state', 'rolled_back');
  expect(await exported(panel)).toEqual(before);
});

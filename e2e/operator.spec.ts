import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, sendRuntimeMessage, test } from './support/extension';
import { configure, openThread, seedThread, serveGmail, startSequence, writeSequenceSteps } from './support/scenario';

type Approvals = { ok: true; data: { id: string; state: string; contentHash: string }[] };
const approvals = async (panel: Page) => (await sendRuntimeMessage<Approvals>(panel, { type: 'approvals.list' })).data;

test('the operator view: a hold keeps an approved email waiting until released, then health, deliverability charts, time saved and the audit log with seeded data', async ({ context, page, standins, openExtensionPage }, testInfo) => {
  await serveGmail(context);
  seedThread(standins);
  writeSequenceSteps(standins);
  const panel = await openExtensionPage('sidepanel.html#operator');
  await configure(panel);
  await openThread(page); // Dana's thread opened: the start of "time saved"
  await startSequence(panel);

  // The popup's quick toggle holds all sending; an email approved meanwhile waits (not lost, not sent).
  const popup = await openExtensionPage('popup.html');
  await popup.getByTestId('cs-hold-toggle').click();
  await expect(popup.getByTestId('cs-hold-state')).toHaveText('On');
  const [first, ...rest] = await approvals(panel);
  expect(await sendRuntimeMessage(panel, { type: 'approval.approve', approvalId: first!.id, contentHash: first!.contentHash })).toMatchObject({ ok: true });
  await panel.reload();
  await expect(panel.getByTestId('cs-hold-banner')).toBeVisible();
  await expect.poll(async () => (await approvals(panel)).find((a) => a.id === first!.id)?.state).toBe('approved');
  expect(standins.gmail.sent).toHaveLength(0);

  // Released by a person: it goes out, once; then the rest are approved and sent.
  await popup.getByTestId('cs-hold-toggle').click();
  await expect(popup.getByTestId('cs-hold-state')).toHaveText('Off');
  await expect.poll(async () => (await approvals(panel)).find((a) => a.id === first!.id)?.state, { timeout: 15_000 }).toBe('sent');
  for (const a of rest) expect(await sendRuntimeMessage(panel, { type: 'approval.approve', approvalId: a.id, contentHash: a.contentHash })).toMatchObject({ ok: true });
  await expect.poll(async () => (await approvals(panel)).filter((a) => a.state === 'sent').length, { timeout: 30_000 }).toBe(10);
  expect(standins.gmail.sent).toHaveLength(10);

  await panel.reload();
  await panel.getByTestId('cs-sentinel-check').first().click();
  const health = panel.getByTestId('cs-health');
  await expect(health.first()).toBeVisible();
  expect(await health.count()).toBeGreaterThanOrEqual(5);
  // Charts with the ten sends in them.
  await expect(panel.getByTestId('cs-chart-sends').getByTestId('cs-bar').first()).toBeVisible();
  await expect(panel.getByTestId('cs-chart-deliverability').getByTestId('cs-line').first()).toBeAttached();
  await expect(panel.getByTestId('cs-chart-complaints')).toBeVisible();
  await expect(panel.getByTestId('cs-deliverability-total-sends')).toContainText('10');
  await expect(panel.getByTestId('cs-deliverability-rules')).toContainText('0.3');
  // Time saved: Dana's thread, opened then answered with an approved send.
  await expect(panel.getByTestId('cs-time-saved-row').first()).toBeVisible();
  // The audit log is searchable from here, and the hold and its release are in it.
  await panel.getByTestId('cs-audit-search').fill('hold');
  await expect(panel.getByTestId('cs-audit-entry').first()).toBeVisible();

  const shot = await panel.screenshot({ fullPage: true, path: testInfo.outputPath('operator-view.png') });
  await testInfo.attach('operator-view', { body: shot, contentType: 'image/png' });
  expect(shot.byteLength).toBeGreaterThan(20_000);

  const { violations } = await new AxeBuilder({ page: panel }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);
});

import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './support/extension';
import { configure, GMAIL_URL, gmailPanel, PROSPECT, seedThread, serveGmail } from './support/scenario';

/** Serious and critical axe violations on the page (or within `include`), as readable lines. */
async function seriousViolations(page: Page, include?: string): Promise<string[]> {
  let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  if (include) builder = builder.include(include);
  const { violations } = await builder.analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(' | ')}`);
}

test('axe finds no serious violations in the popup, every side panel view, or the Gmail panel', async ({ page, context, standins, openExtensionPage }) => {
  await serveGmail(context);
  seedThread(standins);
  const popup = await openExtensionPage('popup.html');
  await configure(popup);
  await expect(popup.locator('body')).not.toBeEmpty();
  expect(await seriousViolations(popup)).toEqual([]);

  const panel = await openExtensionPage('sidepanel.html');
  for (const view of ['queue', 'today', 'sequences', 'sync', 'pipeline', 'cleanup', 'operator', 'chat', 'agents', 'audit', 'settings']) {
    await panel.goto(panel.url().replace(/#.*$/, '') + `#${view}`);
    await panel.reload();
    await panel.waitForLoadState('networkidle');
    expect(await seriousViolations(panel), `side panel #${view}`).toEqual([]);
  }

  await page.goto(GMAIL_URL);
  await expect(gmailPanel(page).getByTestId('cs-lead')).toContainText(PROSPECT.name);
  expect(await seriousViolations(page, 'countersign-panel')).toEqual([]);
});

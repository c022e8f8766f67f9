import { expect, test } from './support/extension';
import { configure, GMAIL_URL, gmailPanel, PROSPECT, REP, seedThread, serveGmail, THREAD_ID } from './support/scenario';

/** An opt-out reply from the prospect. Constructed for this test (not a real message). */
const OPT_OUT = [
  `From: ${PROSPECT.name} <${PROSPECT.email}>`,
  `To: ${REP.name} <${REP.email}>`,
  'Subject: Re: Pricing for 40 seats',
  'Date: Thu, 07 Dec 2023 09:12:00 -0600',
  'Message-ID: <CAF-dana-1207@northwind-logistics.com>',
  'In-Reply-To: <CAF-dana-1206@northwind-logistics.com>',
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Please remove me from your list and stop emailing me.',
  '',
].join('\r\n');

test.beforeEach(async ({ context, standins }) => {
  await serveGmail(context);
  seedThread(standins);
});

test("Scout in the Gmail panel: the prospect's score with the words it rests on, then an opt-out flags and suppresses them", async ({ page, openExtensionPage, standins }) => {
  await configure(await openExtensionPage('sidepanel.html'));
  const modelCallsBefore = standins.openai.requests.length;

  await page.goto(GMAIL_URL);
  const panel = gmailPanel(page);
  const lead = panel.getByTestId('cs-lead');
  await expect(lead).toContainText(PROSPECT.name);
  await expect(lead.getByTestId('cs-lead-score')).toHaveText(/^\d{1,3}$/);
  await expect(lead.getByTestId('cs-lead-flags')).toHaveCount(0);
  await lead.getByTestId('cs-lead-why').click();
  // Each factor quotes the prospect's own words: here the pricing question from her message.
  await expect(lead.getByTestId('cs-lead-factors')).toContainText('pricing');
  // Opening a thread costs no model call: a summary is asked for only on the rep's click.
  expect(standins.openai.requests.length).toBe(modelCallsBefore);

  standins.gmail.addRawMessage(THREAD_ID, OPT_OUT);
  await page.reload();
  await expect(lead.getByTestId('cs-lead-suppressed')).toContainText(PROSPECT.email);
  await expect(lead.getByTestId('cs-lead-flags').locator('[data-flag="do_not_contact"]')).toBeVisible();
  // The flag sits above the score: it outranks the number.
  const flagBox = await lead.getByTestId('cs-lead-flags').boundingBox();
  const scoreBox = await lead.getByTestId('cs-lead-score').boundingBox();
  expect(flagBox!.y).toBeLessThan(scoreBox!.y);
});

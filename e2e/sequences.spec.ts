import { outgoingFromMime } from '../lib/mail/mime-parse';
import { contentHash } from '../lib/gates/content-hash';
import { parseRfc5322 } from './support/standins/gmail';
import { expect, test } from './support/extension';
import { approvalItems, configure, openThread, PROSPECT, REP, seedThread, serveGmail, shownApproval, startSequence, THREAD_ID, writeSequenceSteps } from './support/scenario';

test('a due sequence step is queued with its quality report and sent in the right thread with the right headers; ten items are reviewed with the keyboard alone', async ({ context, page, standins, openExtensionPage }) => {
  await serveGmail(context);
  seedThread(standins);
  writeSequenceSteps(standins);
  const panel = await openExtensionPage('sidepanel.html');
  await configure(panel);
  await openThread(page); // Dana's thread is read once and cached

  // A person creates the sequence (every day, all day, so the first step is due now) and asks for due steps.
  await startSequence(panel);
  expect(standins.gmail.sent).toHaveLength(0); // queued, never sent

  await panel.reload();
  const items = approvalItems(panel);
  await expect(items).toHaveCount(10);
  // Each item carries Herald's quality report; the near-copies to other prospects are flagged generic.
  await expect(items.getByTestId('cs-quality')).toHaveCount(10);
  await expect(items.getByTestId('cs-quality-generic').first()).toBeVisible();
  const dana = items.filter({ has: panel.getByTestId('cs-approval-to').getByText(PROSPECT.email) });
  await expect(dana.getByTestId('cs-quality')).not.toHaveAttribute('data-verdict', 'blocked');

  // Keyboard only: approve Dana's step first (focus it with j/k), then the rest, each with its own key press.
  await expect(panel.getByTestId('cs-review-hint')).toBeVisible();
  const danaIndex = await items.evaluateAll((els, email) => els.findIndex((e) => e.textContent?.includes(email)), PROSPECT.email);
  for (let i = 0; i < danaIndex; i += 1) await panel.keyboard.press('j');
  const danaId = (await items.nth(danaIndex).getAttribute('data-approval-id'))!;
  const danaItem = panel.locator(`[data-approval-id="${danaId}"]`); // the list reorders as items change
  await expect(danaItem).toHaveAttribute('aria-current', 'true');
  const shown = await shownApproval(danaItem);
  await panel.keyboard.press('a');
  await expect(danaItem).not.toHaveAttribute('data-state', 'pending', { timeout: 10_000 });
  for (let n = 0; n < 9; n += 1) {
    const focused = panel.locator('[data-testid="cs-approval"][aria-current="true"][data-state="pending"]');
    await expect(focused).toHaveCount(1);
    await panel.keyboard.press('a');
    await expect(panel.locator('[data-testid="cs-approval"][data-state="pending"]')).toHaveCount(8 - n, { timeout: 10_000 });
  }
  await expect(panel.locator('[data-testid="cs-approval"][data-state="sent"]')).toHaveCount(10, { timeout: 30_000 });

  // Dana's step went into her thread, replying to her last message, exactly as approved.
  expect(standins.gmail.sent).toHaveLength(10);
  const sent = standins.gmail.sent.find((m) => m.threadId === THREAD_ID);
  expect(sent).toBeDefined();
  const headers = parseRfc5322(sent!.raw).headers;
  const header = (name: string) => headers.find((h) => h.name.toLowerCase() === name)?.value;
  expect(header('in-reply-to')).toBe('<CAF-dana-1206@northwind-logistics.com>');
  expect(header('references')).toBe('<sam-1203@example.com> <CAF-dana-1206@northwind-logistics.com>');
  expect(header('subject')).toBe('Re: Pricing for 40 seats');
  const parsed = await outgoingFromMime(sent!.raw);
  expect(parsed.to.map((a) => a.email)).toEqual([PROSPECT.email]);
  expect(parsed.from.email).toBe(REP.email);
  expect(contentHash({ ...parsed, threadId: sent!.threadId })).toBe(shown.hash);
  // The others started new threads.
  expect(standins.gmail.sent.filter((m) => m.threadId !== THREAD_ID)).toHaveLength(9);
});

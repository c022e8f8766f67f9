import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Locator, Page } from '@playwright/test';
import PostalMime from 'postal-mime';
import { expect, sendRuntimeMessage, test, type Standins } from './support/extension';
import { pageHtml } from '../lib/sites/gmail/test-pages';
import { repoRoot, sharedDir } from './support/paths';
import { configure, DRAFT_BODY, GMAIL_URL, gmailPanel, seedThread, serveGmail, THREAD_ID } from './support/scenario';

/**
 * The Gmail panel in the built extension: one panel per thread across Gmail's SPA navigation,
 * content from the Gmail API stand-in, collapse, insert into a reply box, the partial page read
 * before Gmail is connected, and the degraded notice.
 */

const fixture = (name: string) => fs.readFileSync(path.join(repoRoot, 'e2e/fixtures', name), 'utf8');
const THREAD_A = { id: THREAD_ID, subject: 'Pricing for 40 seats', html: fixture('gmail-thread.constructed.html') };
const THREAD_B = { id: '13d758e2e085b1e3', subject: 'Automatic reply: Nyaan', html: fixture('gmail-thread-b.constructed.html') };
/** The real auto-reply thread B shows (and the stand-in serves): Sisimai's rfc3834-04.eml. */
const B_EML = path.join(sharedDir, 'fixtures/emails/rfc3834-04.eml');

/** Thread B in the Gmail API stand-in, its one message read from the real .eml. */
async function seedThreadB(standins: Standins): Promise<string> {
  const email = await PostalMime.parse(fs.readFileSync(B_EML));
  const header = (key: string) => email.headers.find((h) => h.key === key)?.value ?? '';
  standins.gmail.addThread({
    id: THREAD_B.id,
    messages: [{ id: THREAD_B.id, from: header('from'), to: header('to'), subject: email.subject ?? '', date: header('date'), messageId: email.messageId ?? '', text: email.text ?? '', labelIds: ['INBOX'] }],
  });
  return email.text ?? '';
}

/**
 * Gmail's SPA navigation to a thread: the current thread view is replaced by the other page's
 * (without our panel, as a fresh render would be), the list hidden, the hash changed. No load.
 */
async function openThreadInPlace(page: Page, html: string, id: string): Promise<void> {
  await page.evaluate(
    ({ html, id }) => {
      const main = document.querySelector('[role=main]');
      const incoming = new DOMParser().parseFromString(html, 'text/html').querySelector('[role=main]');
      const isThread = (el: Element) => !!el.querySelector('h2[data-legacy-thread-id]');
      const next = incoming && Array.from(incoming.children).find(isThread);
      if (!main || !next) throw new Error('no thread view to swap');
      Array.from(main.children).filter(isThread).forEach((el) => el.remove());
      main.querySelector('[gh=tl]')?.parentElement?.setAttribute('style', 'display: none;');
      main.append(document.importNode(next, true));
      location.hash = `#inbox/${id}`;
    },
    { html, id },
  );
}

/** Back to the inbox: Gmail drops the thread view and shows the list again. */
async function backToList(page: Page): Promise<void> {
  await page.evaluate(() => {
    const main = document.querySelector('[role=main]');
    Array.from(main?.children ?? []).filter((el) => el.querySelector('h2[data-legacy-thread-id]')).forEach((el) => el.remove());
    main?.querySelector('[gh=tl]')?.parentElement?.removeAttribute('style');
    location.hash = '#inbox';
  });
}

/** Exactly one panel, showing this thread's subject, placed right under the subject block. */
async function expectOnePanelFor(page: Page, subject: string): Promise<Locator> {
  const panel = gmailPanel(page);
  await expect(panel).toHaveCount(1);
  await expect(panel.getByTestId('cs-thread-subject')).toHaveText(subject);
  const placement = await page.evaluate(() => {
    const host = document.querySelector('countersign-panel');
    const block = host?.previousElementSibling;
    return { afterSubject: !!block?.querySelector('h2[data-legacy-thread-id]'), hosts: document.querySelectorAll('countersign-panel').length };
  });
  expect(placement).toEqual({ afterSubject: true, hosts: 1 });
  return panel;
}

const threadGets = (standins: Standins) => standins.gmail.requests.filter((r) => r.endpoint === 'threads.get').map((r) => r.path.split('/').pop());

test.describe('with Gmail connected', () => {
  test.beforeEach(async ({ context, standins, openExtensionPage }) => {
    await serveGmail(context);
    seedThread(standins);
    const settings = await openExtensionPage('sidepanel.html');
    await configure(settings);
    await settings.close();
  });

  test('thread A -> thread B -> back to A: one panel each time, with what the Gmail API served', async ({ page, standins }) => {
    const bText = await seedThreadB(standins);
    await page.goto(GMAIL_URL);
    let panel = await expectOnePanelFor(page, THREAD_A.subject);
    await expect(panel.getByTestId('cs-thread-count')).toHaveText('2 messages');
    // The API's text (the page shows a longer first message): this came from the stand-in.
    await expect(panel.getByTestId('cs-thread-message-body').first()).toHaveText(/^Hi Dana,\s+Thanks for the call on Friday\. As promised, I am putting together pricing for 40 seats\.\s+Before I send numbers/);
    await expect(panel.getByTestId('cs-thread-message-body').last()).toContainText('Chicago dispatch team (about 12 people)');

    // Nothing to see here, costs nothing: no DOM writes while the rep just reads.
    const idleMutations = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          let n = 0;
          const o = new MutationObserver((records) => (n += records.length));
          o.observe(document.documentElement, { childList: true, subtree: true, attributes: true, characterData: true });
          setTimeout(() => (o.disconnect(), resolve(n)), 2500);
        }),
    );
    expect(idleMutations).toBe(0);

    await openThreadInPlace(page, THREAD_B.html, THREAD_B.id);
    panel = await expectOnePanelFor(page, THREAD_B.subject);
    await expect(panel.getByTestId('cs-thread-count')).toHaveText('1 message');
    await expect(panel.getByTestId('cs-thread-participants')).toHaveText('Kijitora, Neko');
    await expect(panel.getByTestId('cs-thread-message-body')).toContainText('I will be traveling for work on July 10-31.');
    expect((await panel.getByTestId('cs-thread-message-body').textContent())?.replace(/\s+/g, ' ').trim()).toBe(bText.replace(/\s+/g, ' ').trim());
    await expect(panel).not.toContainText('Chicago');

    expect(threadGets(standins).slice(0, 2)).toEqual([THREAD_A.id, THREAD_B.id]);
    const asked = standins.gmail.requests.length;
    await openThreadInPlace(page, THREAD_A.html, THREAD_A.id);
    panel = await expectOnePanelFor(page, THREAD_A.subject);
    await expect(panel.getByTestId('cs-thread-count')).toHaveText('2 messages');
    await expect(panel).not.toContainText('traveling for work');
    // Cached on the first visit: shown from IndexedDB at once, then refreshed from Gmail.
    await expect(panel.getByTestId('cs-thread-source')).toHaveAttribute('data-source', 'gmail');
    expect(standins.gmail.requests.length).toBeGreaterThan(asked);

    await page.screenshot({ path: test.info().outputPath('gmail-panel-thread-a.png') });

    await backToList(page);
    await expect(gmailPanel(page)).toHaveCount(0);
    await openThreadInPlace(page, THREAD_B.html, THREAD_B.id);
    await expectOnePanelFor(page, THREAD_B.subject);
  });

  test('the panel sits under the subject without covering Gmail, and comes back when Gmail re-renders the thread', async ({ page }) => {
    await page.goto(GMAIL_URL);
    const panel = await expectOnePanelFor(page, THREAD_A.subject);
    const box = await panel.boundingBox();
    const subject = await page.locator('h2[data-legacy-thread-id]').boundingBox();
    const toolbar = await page.locator('[gh=tm]').boundingBox();
    const firstMessage = await page.locator('[data-message-id]').first().boundingBox();
    if (!box || !subject || !toolbar || !firstMessage) throw new Error('missing layout');
    expect(box.y).toBeGreaterThanOrEqual(subject.y + subject.height);
    expect(box.y).toBeGreaterThanOrEqual(toolbar.y + toolbar.height);
    expect(box.y + box.height).toBeLessThanOrEqual(firstMessage.y);

    // Gmail re-renders the same thread: a fresh view without our host.
    await openThreadInPlace(page, THREAD_A.html, THREAD_A.id);
    await expectOnePanelFor(page, THREAD_A.subject);
  });

  test('collapses to a slim tab and back, remembered across threads in the tab', async ({ page, standins }) => {
    await seedThreadB(standins);
    await page.goto(GMAIL_URL);
    const panel = await expectOnePanelFor(page, THREAD_A.subject);
    await panel.getByTestId('cs-panel-collapse').click();
    await expect(panel.getByTestId('cs-panel-collapsed')).toBeVisible();
    await expect(panel.getByTestId('cs-thread-subject')).toBeHidden();
    const slim = await panel.getByTestId('cs-panel-collapsed').boundingBox();
    expect(slim?.height).toBeLessThanOrEqual(40);
    await page.screenshot({ path: test.info().outputPath('gmail-panel-collapsed.png') });

    await openThreadInPlace(page, THREAD_B.html, THREAD_B.id);
    await expect(gmailPanel(page)).toHaveCount(1);
    await expect(panel.getByTestId('cs-panel-collapsed')).toContainText(THREAD_B.subject);
    await panel.getByTestId('cs-panel-expand').click();
    await expect(panel.getByTestId('cs-thread-subject')).toHaveText(THREAD_B.subject);
    await expect(panel.getByTestId('cs-panel-collapsed')).toHaveCount(0);
  });

  test("inserts the draft into a compose box on the page for the rep's own editing, and never sends", async ({ page, standins }) => {
    await page.goto(GMAIL_URL);
    const panel = await expectOnePanelFor(page, THREAD_A.subject);
    await panel.getByTestId('cs-draft-generate').click();
    await expect(panel.getByTestId('cs-draft-body')).toHaveValue(DRAFT_BODY, { timeout: 20_000 });

    await panel.getByTestId('cs-insert-reply').click();
    await expect(panel.getByTestId('cs-insert-reply-status')).toHaveText("Open Gmail's reply box first, then insert.");

    // The real compose window (js-min, 2020), opened on the page as Gmail does beside a thread.
    const compose = fs.readFileSync(path.join(sharedDir, 'fixtures/gmail/js-min/gmail-compose-window.extracted.html'), 'utf8');
    await page.evaluate((html) => {
      const holder = document.createElement('div');
      holder.innerHTML = html;
      document.body.append(holder);
      (window as { sendClicks?: number }).sendClicks = 0;
      holder.addEventListener('click', () => ((window as { sendClicks?: number }).sendClicks! += 1), true);
      holder.querySelector('form')?.addEventListener('submit', () => ((window as { sendClicks?: number }).sendClicks! += 1));
    }, compose);
    await expect(panel.getByTestId('cs-insert-reply').locator('xpath=..')).toContainText("Countersign never presses Gmail's Send");
    await panel.getByTestId('cs-insert-reply').click();
    await expect(panel.getByTestId('cs-insert-reply-status')).toHaveText('Inserted into the open compose window: edit it there.');

    const body = page.locator('[g_editable=true][role=textbox]');
    // Line breaks become Gmail's markup: compare the text the rep sees, lines and all.
    expect((await body.innerText()).trim().replace(/\n{3,}/g, '\n\n')).toBe(DRAFT_BODY);
    // The rep can keep typing in Gmail's own box, after the inserted text.
    await body.press('End');
    await body.pressSequentially(' Best, Sam');
    await expect(body).toContainText('walk through it? Best, Sam');
    expect(await page.evaluate(() => (window as { sendClicks?: number }).sendClicks)).toBe(0);
    expect(standins.gmail.sent).toHaveLength(0);
  });
});

test('before Gmail is connected, the panel shows the thread as the page shows it, marked partial', async ({ context, page, standins }) => {
  await serveGmail(context);
  seedThread(standins);
  await page.goto(GMAIL_URL);
  const panel = await expectOnePanelFor(page, THREAD_A.subject);
  await expect(panel.getByTestId('cs-page-fallback-label')).toHaveText('From the page (partial) — connect Gmail for the full thread');
  await expect(panel.getByTestId('cs-page-message-from')).toHaveText(['Sam Rep <sam.rep@example.com>', 'Dana Whitfield <dana@northwind-logistics.com>']);
  await expect(panel.getByTestId('cs-page-message-date')).toHaveText(['Sun, Dec 3, 2023, 9:55 AM', 'Wed, Dec 6, 2023, 2:57 PM']);
  await expect(panel.getByTestId('cs-page-message-text').last()).toContainText('with our Chicago dispatch team (about 12 people) before rolling out to everyone');
  await expect(panel.getByTestId('cs-error')).toHaveCount(0);
  expect(threadGets(standins)).toEqual([]);
  await page.screenshot({ path: test.info().outputPath('gmail-panel-not-connected.png') });
});

/** Serves this HTML for every mail.google.com document (instead of serveGmail's thread A). */
async function serveHtml(context: BrowserContext, html: string): Promise<void> {
  await context.route('https://mail.google.com/**', (route) =>
    route.request().resourceType() === 'document' ? route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }) : route.fulfill({ status: 404, body: '' }),
  );
}

async function degradedHooksReported(openExtensionPage: (path: string) => Promise<Page>): Promise<string[]> {
  const settings = await openExtensionPage('sidepanel.html');
  const status = await sendRuntimeMessage<{ ok: true; data: { degradedHooks: string[] } }>(settings, { type: 'status.get' });
  return status.data.degradedHooks;
}

test('an unreadable thread id: the notice, no thread at all, and a report to the background', async ({ context, page, openExtensionPage }) => {
  const planted = THREAD_A.html.replace(/(<h2[^>]*data-legacy-thread-id=")18c2f1a9b7e4d3c0/, "$1x'&gt;&lt;script&gt;");
  expect(planted).not.toBe(THREAD_A.html);
  await serveHtml(context, planted);
  await page.goto(GMAIL_URL);
  const panel = gmailPanel(page);
  await expect(panel.getByTestId('cs-degraded')).toHaveText('Gmail adapter degraded: threadId', { timeout: 10_000 });
  await expect(panel.getByTestId('cs-thread-unreadable')).toBeVisible();
  await expect(panel.getByTestId('cs-thread-subject')).toHaveCount(0);
  await expect(panel).not.toContainText('Dana');
  expect(await degradedHooksReported(openExtensionPage)).toEqual(['threadId']);
});

test('a page where no hook matches: a floating notice below Gmail\'s top bar, reported once it lasts', async ({ context, page, openExtensionPage }) => {
  await serveHtml(context, pageHtml('thread-bare'));
  await page.goto(GMAIL_URL);
  const panel = gmailPanel(page);
  await expect(panel.getByTestId('cs-degraded')).toHaveText('Gmail adapter degraded: main', { timeout: 20_000 });
  await expect(panel.getByTestId('cs-thread-unreadable')).toBeVisible();
  const placed = await page.evaluate(() => {
    const host = document.querySelector('countersign-panel');
    const frame = host?.shadowRoot?.querySelector('html');
    const rect = frame?.getBoundingClientRect();
    return { inBody: host?.parentElement === document.body, position: frame ? getComputedStyle(frame).position : '', top: rect?.top ?? 0, rightGap: window.innerWidth - (rect?.right ?? 0) };
  });
  expect(placed).toMatchObject({ inBody: true, position: 'fixed' });
  expect(placed.top).toBeGreaterThanOrEqual(64); // Gmail's top bar stays uncovered
  expect(placed.rightGap).toBeGreaterThanOrEqual(16);
  await page.screenshot({ path: test.info().outputPath('gmail-panel-degraded.png') });
  expect(await degradedHooksReported(openExtensionPage)).toEqual(['main']);
});

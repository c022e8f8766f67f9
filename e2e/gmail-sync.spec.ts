import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { ThreadSnapshot } from '../lib/mail/thread';
import { expect, test } from './support/extension';
import { sharedDir } from './support/paths';
import { configure, GMAIL_URL, gmailPanel, seedThread, serveGmail, THREAD_ID } from './support/scenario';

// Real messages, served by the Gmail stand-in byte for byte.
const eml = (name: string) => fs.readFileSync(path.join(sharedDir, 'fixtures/emails', name));
const AUTO_REPLY = eml('rfc3834-02.eml'); // "Automatic reply: Nyaan", from "Neko, Nyaan", text/plain quoted-printable
const BOUNCE = eml('rfc3464-03.eml'); // multipart/report: notice, message/delivery-status, message/rfc822

type Answer<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

/**
 * runtime.sendMessage from the Gmail content script's own isolated world (via CDP), so the
 * background sees the sender it trusts for thread.* messages: a mail.google.com tab, top frame.
 */
async function fromGmailContentScript<T>(page: Page, message: unknown): Promise<Answer<T>> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const worlds: { id: number; origin: string; auxData?: { type?: string } }[] = [];
    cdp.on('Runtime.executionContextCreated', ({ context }) => worlds.push(context));
    await cdp.send('Runtime.enable'); // reports the contexts that already exist
    await expect.poll(() => worlds.some((w) => w.auxData?.type === 'isolated' && w.origin.startsWith('chrome-extension://'))).toBe(true);
    const world = worlds.find((w) => w.auxData?.type === 'isolated' && w.origin.startsWith('chrome-extension://'))!;
    const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
      contextId: world.id,
      expression: `chrome.runtime.sendMessage(${JSON.stringify(message)})`,
      awaitPromise: true,
      returnByValue: true,
    });
    if (exceptionDetails) throw new Error(`content-script evaluate failed: ${exceptionDetails.text}`);
    return result.value as Answer<T>;
  } finally {
    await cdp.detach().catch(() => {});
  }
}

type Logged = { endpoint: string; path: string; query: URLSearchParams };
/** Gmail API requests since `from`: the endpoint, plus format and id for threads.get and messages.get. */
const requestsSince = (standins: { gmail: { requests: Logged[] } }, from: number) =>
  standins.gmail.requests
    .slice(from)
    .map((r) => (r.endpoint === 'threads.get' || r.endpoint === 'messages.get' ? `${r.endpoint} ${r.query.get('format')} ${r.path.split('/').at(-1)}` : r.endpoint));

test.beforeEach(async ({ context, standins }) => {
  await serveGmail(context);
  seedThread(standins);
});

test('a thread with a real auto-reply shows in the Gmail panel as the Gmail API served it', async ({ page, openExtensionPage, standins }) => {
  const autoReplyId = standins.gmail.addRawMessage(THREAD_ID, AUTO_REPLY);
  await configure(await openExtensionPage('sidepanel.html'));
  const before = standins.gmail.requests.length;

  await page.goto(GMAIL_URL);
  const panel = gmailPanel(page);
  await expect(panel.getByTestId('cs-thread-count')).toHaveText('3 messages');
  await expect(panel.getByTestId('cs-thread-participants')).toContainText('Neko, Nyaan');
  await expect(panel).toContainText("I'm out of the office Friday. For pressing news matters, Nyaan.");

  // Loaded once: the mailbox position, the thread's ids, then each message raw, exactly once.
  const loaded = requestsSince(standins, before);
  expect(loaded.filter((r) => !r.startsWith('history.list'))).toEqual(
    expect.arrayContaining(['profile', `threads.get minimal ${THREAD_ID}`, 'messages.get raw 18c2f1a9b7e4d3c0', 'messages.get raw 18c3a07d5e2b9f41', `messages.get raw ${autoReplyId}`]),
  );
  expect(loaded.filter((r) => r.startsWith('messages.get'))).toHaveLength(3);
  expect(loaded.filter((r) => r.startsWith('threads.get'))).toHaveLength(1);

  // The same snapshot, from the cache, with the content split and the headers of the real message.
  const open = await fromGmailContentScript<{ snapshot: ThreadSnapshot; fromCache: boolean }>(page, { type: 'thread.open', threadId: THREAD_ID });
  expect(open.ok && open.data.fromCache).toBe(true);
  const snapshot = open.ok ? open.data.snapshot : null;
  expect(snapshot?.messages.map((m) => m.id)).toEqual(['18c2f1a9b7e4d3c0', '18c3a07d5e2b9f41', autoReplyId]);
  expect(snapshot?.messages[2]).toMatchObject({
    messageId: '<fb1b2d9ea3df46d9839a6dcb99410ebb@neko.nyaan.example.net>',
    from: { name: 'Neko, Nyaan', email: 'nekonyaan@example.org' },
    subject: 'Automatic reply: Nyaan',
    body: "I'm out of the office Friday. For pressing news matters, Nyaan.",
    quoted: '',
    attachments: [],
    labelIds: ['INBOX', 'CATEGORY_PERSONAL'],
  });
  expect(snapshot?.messages[1]?.body).toContain('What would a pilot cost');
  expect(requestsSince(standins, before).filter((r) => r.startsWith('messages.get'))).toHaveLength(3);
});

test('after Gmail adds a message, thread.refresh fetches only that message and the panel shows it', async ({ page, openExtensionPage, standins }) => {
  await configure(await openExtensionPage('sidepanel.html'));
  await page.goto(GMAIL_URL);
  await expect(gmailPanel(page).getByTestId('cs-thread-count')).toHaveText('2 messages');

  const bounceId = standins.gmail.addRawMessage(THREAD_ID, BOUNCE);
  const before = standins.gmail.requests.length;
  const refreshed = await fromGmailContentScript<{ snapshot: ThreadSnapshot; changed: boolean }>(page, { type: 'thread.refresh', threadId: THREAD_ID });
  expect(refreshed.ok).toBe(true);
  if (!refreshed.ok) return;
  expect(refreshed.data.changed).toBe(true);
  expect(requestsSince(standins, before)).toEqual(['history.list', `threads.get minimal ${THREAD_ID}`, `messages.get raw ${bounceId}`]);
  const history = standins.gmail.requests[before]!.query;
  expect(history.getAll('historyTypes')).toEqual(['messageAdded', 'messageDeleted', 'labelAdded', 'labelRemoved']);
  expect(refreshed.data.snapshot.messages.at(-1)).toMatchObject({
    id: bounceId,
    from: { name: 'Mail Delivery System', email: 'MAILER-DAEMON@EXAMPLE.ORG' },
    subject: 'Undelivered Mail Returned to Sender',
    attachments: [
      { filename: '', mimeType: 'message/delivery-status', size: 448 },
      { filename: '', mimeType: 'message/rfc822', size: 619 },
    ],
  });

  // Nothing new: history answers, nothing else is fetched.
  const quiet = standins.gmail.requests.length;
  const again = await fromGmailContentScript<{ changed: boolean }>(page, { type: 'thread.refresh', threadId: THREAD_ID });
  expect(again.ok && again.data.changed).toBe(false);
  expect(requestsSince(standins, quiet)).toEqual(['history.list']);

  // Back to the thread: the panel shows the refreshed thread from the cache, no message refetched.
  const reload = standins.gmail.requests.length;
  await page.reload();
  const panel = gmailPanel(page);
  await expect(panel.getByTestId('cs-thread-count')).toHaveText('3 messages');
  await expect(panel.getByTestId('cs-thread-participants')).toContainText('Mail Delivery System');
  await expect(panel).toContainText('This is the Email Security Gateway at host smtpd-02.example.org.');
  expect(requestsSince(standins, reload).filter((r) => !r.startsWith('history.list'))).toEqual([]);
});

test('when Gmail no longer keeps the history (404), a refresh reloads the id list and keeps cached messages', async ({ page, openExtensionPage, standins }) => {
  await configure(await openExtensionPage('sidepanel.html'));
  await page.goto(GMAIL_URL);
  await expect(gmailPanel(page).getByTestId('cs-thread-count')).toHaveText('2 messages');

  const autoReplyId = standins.gmail.addRawMessage(THREAD_ID, AUTO_REPLY);
  standins.gmail.expireHistory();
  const before = standins.gmail.requests.length;
  const refreshed = await fromGmailContentScript<{ snapshot: ThreadSnapshot; changed: boolean }>(page, { type: 'thread.refresh', threadId: THREAD_ID });
  expect(refreshed.ok && refreshed.data.snapshot.messages.length).toBe(3);
  expect(requestsSince(standins, before)).toEqual(['history.list', 'profile', `threads.get minimal ${THREAD_ID}`, `messages.get raw ${autoReplyId}`]);
});

import { expect, sendRuntimeMessage, test } from './support/extension';
import { approvalItems, configure, draftAndQueue, gmailPanel, MODEL_KEY, openThread, seedThread, serveGmail } from './support/scenario';

type Envelope = { ok: boolean; error?: { code: string; message: string } };

test.beforeEach(async ({ context, standins }) => {
  await serveGmail(context);
  seedThread(standins);
});

test('malformed and forbidden protocol messages get clear errors and lose no queued item', async ({ page, openExtensionPage }) => {
  const panel = await openExtensionPage('sidepanel.html');
  await configure(panel);
  await draftAndQueue(page);
  await expect(approvalItems(panel)).toHaveCount(1);

  for (const bad of [{ type: 'approval.approve' }, { type: 'approval.deny', approvalId: 'x', reason: '' }, { nope: true }, 'approve everything', { type: 'email.send' }]) {
    const res = await sendRuntimeMessage<Envelope>(panel, bad);
    expect(res.ok).toBe(false);
    expect(res.error?.code).toBe('invalid_request');
    expect(res.error?.message).toMatch(/^Malformed/);
  }
  // The popup is an extension page too, but it is not the approval panel.
  const popup = await openExtensionPage('popup.html');
  const id = (await approvalItems(panel).first().getAttribute('data-approval-id'))!;
  const hash = (await approvalItems(panel).first().getByTestId('cs-approval-hash').getAttribute('title'))!;
  const forbidden = await sendRuntimeMessage<Envelope>(popup, { type: 'approval.approve', approvalId: id, contentHash: hash });
  expect(forbidden).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/the popup may not make a 'approval.approve' request.*Allowed from: the approval panel/) } });
  await expect(approvalItems(panel)).toHaveCount(1);
  await expect(approvalItems(panel).first()).toHaveAttribute('data-state', 'pending');
});

test('invalid settings are refused with the field named, and nothing changes', async ({ openExtensionPage }) => {
  const popup = await openExtensionPage('popup.html');
  await popup.getByTestId('cs-settings-base-url').fill('not a url');
  await popup.getByTestId('cs-settings-save').click();
  await expect(popup.getByTestId('cs-settings-error')).toContainText(/model\.baseUrl/);
  const view = await sendRuntimeMessage<{ data: { model: { baseUrl: string } } }>(await openExtensionPage('sidepanel.html'), { type: 'settings.get' });
  expect(view.data.model.baseUrl).toBe('https://api.openai.com/v1');
});

test('model errors (429, timeout, malformed JSON) show a clear message and lose no queued item', async ({ page, openExtensionPage, standins }) => {
  const panel = await openExtensionPage('sidepanel.html');
  await configure(panel, { model: { baseUrl: 'https://api.openai.com/v1', model: 'gpt-4o-mini', timeoutMs: 2_000 } });
  await draftAndQueue(page);
  const gmail = gmailPanel(page);
  const cases: [() => void, RegExp][] = [
    [() => (standins.openai.failNext(429), standins.openai.failNext(429)), /rate-limiting requests \(HTTP 429\)/],
    [() => (standins.openai.hangNext(), standins.openai.hangNext()), /did not answer within 2 s/],
    [() => standins.openai.malformedNext(), /did not answer in JSON/],
  ];
  for (const [arrange, message] of cases) {
    await page.reload();
    await openThread(page);
    arrange();
    await gmail.getByTestId('cs-draft-generate').click();
    await expect(gmail.getByTestId('cs-error')).toContainText(message, { timeout: 15_000 });
    await expect(approvalItems(panel)).toHaveCount(1);
    await expect(approvalItems(panel).first()).toHaveAttribute('data-state', 'pending');
  }
});

test('Gmail API errors show a clear message; a failed send keeps its approval for a retry', async ({ page, openExtensionPage, standins }) => {
  const panel = await openExtensionPage('sidepanel.html');
  await configure(panel);
  standins.gmail.failNext('threads.get', 500);
  await page.goto('https://mail.google.com/mail/u/0/#inbox/18c2f1a9b7e4d3c0');
  await expect(gmailPanel(page).getByTestId('cs-error')).toContainText(/Gmail is having trouble \(HTTP 500\)/);

  await draftAndQueue(page);
  const item = approvalItems(panel).first();
  standins.gmail.failNext('messages.send', 401);
  await item.getByTestId('cs-approve').click();
  await expect(item).toHaveAttribute('data-state', 'failed');
  await expect(item.getByTestId('cs-approval-error')).toContainText(/Gmail sign-in expired/);
  expect(standins.gmail.sent).toHaveLength(0);

  await item.getByTestId('cs-retry').click();
  await expect(item).toHaveAttribute('data-state', 'sent', { timeout: 15_000 });
  expect(standins.gmail.sent).toHaveLength(1);
});

test('secrets never reach extension storage that content scripts can read', async ({ openExtensionPage, serviceWorker, standins }) => {
  const panel = await openExtensionPage('sidepanel.html');
  await configure(panel);
  const worker = await serviceWorker();
  const stored = await worker.evaluate(async () => JSON.stringify(await (globalThis as unknown as { chrome: { storage: { local: { get(k: null): Promise<unknown> } } } }).chrome.storage.local.get(null)));
  expect(stored).not.toContain(MODEL_KEY);
  expect(stored).not.toContain(standins.oauth.token);
  const view = await sendRuntimeMessage<unknown>(panel, { type: 'settings.get' });
  expect(JSON.stringify(view)).not.toContain(MODEL_KEY);
});

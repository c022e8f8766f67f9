import { outgoingFromMime } from '../lib/mail/mime-parse';
import { contentHash } from '../lib/gates/content-hash';
import { parseRfc5322 } from './support/standins/gmail';
import { expect, sendRuntimeMessage, test } from './support/extension';
import { approvalItems, auditActions, configure, DRAFT_BODY, draftAndQueue, MODEL_KEY, PROSPECT, REP, seedThread, serveGmail, shownApproval, THREAD_ID } from './support/scenario';

test.beforeEach(async ({ context, standins }) => {
  await serveGmail(context);
  seedThread(standins);
});

test('a drafted reply reaches Gmail only through the approval panel, exactly as approved', async ({ page, openExtensionPage, standins }) => {
  // Settings through the real form in the approval panel, Gmail through the OAuth flow.
  const panel = await openExtensionPage('sidepanel.html');
  const panelErrors: string[] = [];
  panel.on('console', (m) => m.type() === 'error' && panelErrors.push(m.text()));
  await panel.getByTestId('cs-tab-settings').click();
  await panel.getByTestId('cs-settings-api-key').fill(MODEL_KEY);
  await panel.getByTestId('cs-settings-client-id').fill('countersign-test.apps.googleusercontent.com');
  await panel.getByTestId('cs-settings-rep-name').fill(REP.name);
  await panel.getByTestId('cs-settings-save').click();
  await expect(panel.getByTestId('cs-settings-saved')).toBeVisible();
  await panel.getByTestId('cs-gmail-connect').click();
  await expect(panel.getByTestId('cs-gmail-status')).toContainText(REP.email);

  // Gmail: the panel appears beside the thread; Herald drafts through the model stand-in.
  await draftAndQueue(page);
  expect(standins.openai.requests).toHaveLength(1);
  const chat = standins.openai.requests[0]!;
  expect(chat.authorization).toBe(`Bearer ${MODEL_KEY}`);
  expect(JSON.stringify(chat.body?.messages)).toContain('pilot starting next month');
  expect(standins.gmail.sent).toHaveLength(0);

  // Review in the approval panel.
  await panel.getByTestId('cs-tab-queue').click();
  const item = approvalItems(panel).first();
  await expect(item).toHaveAttribute('data-state', 'pending');
  const shown = await shownApproval(item);
  expect(shown.body).toBe(DRAFT_BODY);
  expect(shown.subject).toBe('Re: Pricing for 40 seats');
  expect(shown.to).toContain(PROSPECT.email);
  expect(shown.from).toContain(REP.email);
  expect(shown.thread).toContain(THREAD_ID);
  expect(shown.hash).toMatch(/^[0-9a-f]{64}$/);
  expect(standins.gmail.sent).toHaveLength(0);

  // The inbound message is context, shown sanitised: no handlers, no remote images.
  await item.getByTestId('cs-replying-to').locator('summary').first().click();
  await expect(item.getByTestId('cs-replying-to-text')).toContainText('pilot starting next month');
  await item.getByTestId('cs-replying-to-html').locator('xpath=..').locator('summary').click();
  const inbound = await item.getByTestId('cs-replying-to-html').innerHTML();
  expect(inbound).toContain('40 seats');
  expect(inbound).not.toMatch(/onerror|tracker\.example|<script/i);

  await item.getByTestId('cs-approve').click();
  await expect(item).toHaveAttribute('data-state', 'sent', { timeout: 15_000 });
  // Chrome logs a CSP report when DOMPurify parses an inline handler into its inert document
  // (nothing runs there); any other console error is a defect.
  expect(panelErrors.filter((e) => !e.startsWith('Executing inline event handler violates'))).toEqual([]);

  // Exactly one messages.send, carrying exactly what the panel showed.
  expect(standins.gmail.sent).toHaveLength(1);
  expect(standins.gmail.requests.filter((r) => r.endpoint === 'messages.send')).toHaveLength(1);
  const sent = standins.gmail.sent[0]!;
  expect(sent.threadId).toBe(THREAD_ID);
  const parsed = await outgoingFromMime(sent.raw);
  expect(parsed.to.map((a) => a.email)).toEqual([PROSPECT.email]);
  expect(parsed.cc).toEqual([]);
  expect(parsed.from.email).toBe(REP.email);
  expect(parsed.subject).toBe(shown.subject);
  expect(parsed.body.replace(/\r\n/g, '\n')).toBe(shown.body);
  const headers = parseRfc5322(sent.raw).headers;
  const header = (name: string) => headers.find((h) => h.name.toLowerCase() === name)?.value;
  expect(header('in-reply-to')).toBe('<CAF-dana-1206@northwind-logistics.com>');
  expect(header('references')).toBe('<sam-1203@example.com> <CAF-dana-1206@northwind-logistics.com>');
  expect(contentHash({ ...parsed, threadId: sent.threadId })).toBe(shown.hash);

  // The audit log tells the story, and its chain verifies.
  expect(await auditActions(panel, 'email.')).toEqual(['email.drafted', 'email.queued', 'email.approved', 'email.send_started', 'email.sent']);
  const all = await auditActions(panel); // also Scout's triage of the prospect's inbound message
  expect(all).toContain('triage.classified');
  await panel.getByTestId('cs-tab-audit').click();
  await expect(panel.getByTestId('cs-audit-entry')).toHaveCount(all.length);
  await panel.getByTestId('cs-audit-verify').click();
  await expect(panel.getByTestId('cs-audit-verify-result')).toContainText(new RegExp(`intact: ${all.length} entries`, 'i'));
  const download = panel.waitForEvent('download');
  await panel.getByTestId('cs-audit-export-json').click();
  const exported = JSON.parse(await (await (await download).createReadStream()).toArray().then((c) => Buffer.concat(c).toString('utf8')));
  expect(exported.entries).toHaveLength(all.length);
  expect(exported.chain.ok).toBe(true);
});

test('deny: nothing is sent and the reason is in the audit log', async ({ page, openExtensionPage, standins }) => {
  const panel = await openExtensionPage('sidepanel.html');
  await configure(panel);
  await draftAndQueue(page);
  const item = approvalItems(panel).first();
  await expect(item).toHaveAttribute('data-state', 'pending');
  await item.getByTestId('cs-deny').click();
  await expect(item.getByTestId('cs-deny-confirm')).toBeDisabled();
  await item.getByTestId('cs-deny-reason').fill('Pricing must come from the deal desk');
  await item.getByTestId('cs-deny-confirm').click();
  await expect(item).toHaveAttribute('data-state', 'denied');
  await expect(item).toContainText('Pricing must come from the deal desk');
  await panel.waitForTimeout(1_000);
  expect(standins.gmail.requests.filter((r) => r.endpoint === 'messages.send' || r.endpoint === 'messages.list')).toHaveLength(0);
  const log = await sendRuntimeMessage<{ data: { action: string; detail: { reason?: string }; actor: { type: string } }[] }>(panel, { type: 'audit.list', limit: 50 });
  const denied = log.data.find((e) => e.action === 'email.denied');
  expect(denied).toMatchObject({ detail: { reason: 'Pricing must come from the deal desk' }, actor: { type: 'human' } });
});

test('edit after approval voids the approval; only the re-approved edit is sent', async ({ page, openExtensionPage, standins }) => {
  const panel = await openExtensionPage('sidepanel.html');
  await configure(panel);
  await draftAndQueue(page);
  const item = approvalItems(panel).first();
  const first = await shownApproval(item);

  // Gmail is down at first, so the approved message waits in the outbox for a retry.
  standins.gmail.failNext('messages.send', 503);
  await item.getByTestId('cs-approve').click();
  await expect(item).toHaveAttribute('data-state', 'approved');
  await expect(item.getByTestId('cs-approval-error')).toContainText(/Gmail is having trouble/);
  expect(standins.gmail.sent).toHaveLength(0);

  await item.getByTestId('cs-edit').click();
  await item.getByTestId('cs-edit-body').fill('Hi Dana, a pilot for 12 seats would run six weeks. Thursday 2pm for a walkthrough?');
  await item.getByTestId('cs-edit-save').click();
  await expect(item).toHaveAttribute('data-state', 'pending');
  const edited = await shownApproval(item);
  expect(edited.hash).not.toBe(first.hash);

  // The voided approval does not go out, even after the retry time has passed.
  await panel.waitForTimeout(6_500);
  expect(standins.gmail.sent).toHaveLength(0);
  expect(await auditActions(panel)).toContain('email.approval_voided');

  await item.getByTestId('cs-approve').click();
  await expect(item).toHaveAttribute('data-state', 'sent', { timeout: 15_000 });
  expect(standins.gmail.sent).toHaveLength(1);
  const parsed = await outgoingFromMime(standins.gmail.sent[0]!.raw);
  expect(parsed.body.replace(/\r\n/g, '\n')).toBe('Hi Dana, a pilot for 12 seats would run six weeks. Thursday 2pm for a walkthrough?');
  expect(contentHash({ ...parsed, threadId: standins.gmail.sent[0]!.threadId })).toBe(edited.hash);
  // The 503 attempt is recorded as a send request too; only one message was accepted.
  expect(standins.takeViolations()).toEqual([]);
});

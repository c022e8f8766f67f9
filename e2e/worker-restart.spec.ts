import { expect, test } from './support/extension';
import { approvalItems, auditActions, configure, draftAndQueue, seedThread, serveGmail } from './support/scenario';

test.beforeEach(async ({ context, standins, page, openExtensionPage }) => {
  await serveGmail(context);
  seedThread(standins);
  await configure(await openExtensionPage('sidepanel.html'));
  await draftAndQueue(page);
});

test('service worker stopped between approval and send: the approval survives and exactly one message is sent', async ({ openExtensionPage, standins, stopServiceWorker, serviceWorker }) => {
  const panel = await openExtensionPage('sidepanel.html');
  const item = approvalItems(panel).first();
  // The outbox's first network step after the durable approval is the "already sent?" lookup.
  const lookup = standins.gmail.hold('messages.list');
  await item.getByTestId('cs-approve').click();
  await lookup.arrived;
  // Nothing can be sent while the lookup that precedes the send is held. (After the stop, the
  // panel's polling may restart the worker at once, and the restarted outbox may finish the job.)
  expect(standins.gmail.sent).toHaveLength(0);
  await stopServiceWorker();
  lookup.drop();

  await serviceWorker({ wake: true }); // any extension event restarts it; the outbox resumes on start
  await expect(item).toHaveAttribute('data-state', 'sent', { timeout: 20_000 });
  expect(standins.gmail.sent).toHaveLength(1);
  expect(await auditActions(panel, 'email.')).toEqual(['email.drafted', 'email.queued', 'email.approved', 'email.send_started', 'email.send_resumed', 'email.sent']);
});

test('service worker stopped mid-send after Gmail accepted it: it is not sent twice', async ({ openExtensionPage, standins, stopServiceWorker, serviceWorker }) => {
  const panel = await openExtensionPage('sidepanel.html');
  const item = approvalItems(panel).first();
  const send = standins.gmail.hold('messages.send', 'accepted');
  await item.getByTestId('cs-approve').click();
  await send.arrived;
  expect(standins.gmail.sent).toHaveLength(1); // Gmail has it; the answer never reaches the worker
  await stopServiceWorker();
  send.drop();

  await serviceWorker({ wake: true });
  await expect(item).toHaveAttribute('data-state', 'sent', { timeout: 20_000 });
  expect(standins.gmail.sent).toHaveLength(1);
  expect(standins.gmail.requests.filter((r) => r.endpoint === 'messages.send')).toHaveLength(1);
  expect(await auditActions(panel, 'email.')).toEqual(['email.drafted', 'email.queued', 'email.approved', 'email.send_started', 'email.send_resumed', 'email.sent']);
});

test('service worker stopped mid-send before Gmail accepted it: sent once after restart', async ({ openExtensionPage, standins, stopServiceWorker, serviceWorker }) => {
  const panel = await openExtensionPage('sidepanel.html');
  const item = approvalItems(panel).first();
  const send = standins.gmail.hold('messages.send', 'before-accept');
  await item.getByTestId('cs-approve').click();
  await send.arrived;
  expect(standins.gmail.sent).toHaveLength(0); // held before Gmail records it
  await stopServiceWorker();
  send.drop();

  await serviceWorker({ wake: true });
  await expect(item).toHaveAttribute('data-state', 'sent', { timeout: 20_000 });
  expect(standins.gmail.sent).toHaveLength(1);
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gmailAt, testBackground } from '../../test/background';
import { freshDb } from '../../test/fixtures';
import { json, localServer } from '../../test/http';
import type { CountersignDb } from '../db/schema';
import { UserFacingError } from '../protocol/errors';
import type { Handlers } from '../protocol/router';
import type { Services } from './services';

const NOW = Date.UTC(2026, 0, 2);
const THREAD = '18c2f1a9b7e4d3c0';
const gmailTab = { kind: 'gmail-content', tabId: 1, origin: 'https://mail.google.com', url: `https://mail.google.com/mail/u/0/#inbox/${THREAD}` } as const;
const RAW = Buffer.from('From: Dana <dana@northwind-logistics.com>\r\nSubject: Pricing\r\nDate: Mon, 2 Jun 2025 10:00:00 -0700\r\n\r\nPilot?\r\n').toString('base64url');

let server: Awaited<ReturnType<typeof localServer>>;
let db: CountersignDb;
let services: Services;
let handlers: Handlers;

beforeEach(async () => {
  server = await localServer();
  db = freshDb();
  ({ services, handlers } = testBackground(db, { now: () => NOW, fetch: gmailAt(server.url) }));
  await services.settings.setGmailToken({ accessToken: 'ya29.token', expiresAt: NOW + 3_600_000, account: 'sam.rep@example.com' });
});

afterEach(async () => {
  await server.close();
  db.close();
});

const open = () => handlers['thread.open']({ type: 'thread.open', threadId: THREAD }, gmailTab);
const refresh = () => handlers['thread.refresh']({ type: 'thread.refresh', threadId: THREAD }, gmailTab);

describe('thread handlers', () => {
  it('thread.open loads a thread not cached (fromCache: false), then answers from the cache without Gmail', async () => {
    server.next(
      json(200, { emailAddress: 'sam.rep@example.com', historyId: '10' }),
      json(200, { id: THREAD, historyId: '9', messages: [{ id: 'm1', threadId: THREAD, labelIds: ['INBOX'] }] }),
      json(200, { id: 'm1', threadId: THREAD, labelIds: ['INBOX'], snippet: 'Pilot?', raw: RAW }),
    );
    const first = await open();
    expect(first).toMatchObject({ fromCache: false, snapshot: { id: THREAD, subject: 'Pricing', messages: [{ id: 'm1', body: 'Pilot?' }] } });
    expect(server.requests).toHaveLength(3);
    await expect(open()).resolves.toEqual({ snapshot: (first as { snapshot: unknown }).snapshot, fromCache: true });
    // Herald's tools read the same cached snapshot.
    await expect(services.readThread(THREAD)).resolves.toMatchObject({ id: THREAD });
    expect(server.requests).toHaveLength(3);
  });

  it('thread.refresh answers ThreadSync.refresh: unchanged when history shows nothing for the thread', async () => {
    server.next(
      json(200, { emailAddress: 'sam.rep@example.com', historyId: '10' }),
      json(200, { id: THREAD, historyId: '9', messages: [{ id: 'm1', threadId: THREAD, labelIds: ['INBOX'] }] }),
      json(200, { id: 'm1', threadId: THREAD, labelIds: ['INBOX'], snippet: 'Pilot?', raw: RAW }),
      json(200, { historyId: '12' }),
    );
    await open();
    await expect(refresh()).resolves.toMatchObject({ changed: false, snapshot: { id: THREAD } });
    expect(server.requests.at(-1)?.url).toMatch(/^\/gmail\/v1\/users\/me\/history\?startHistoryId=10&/);
  });

  it("Gmail's errors reach the rep as a UserFacingError with Gmail's message for them", async () => {
    server.next(
      json(200, { emailAddress: 'sam.rep@example.com', historyId: '10' }),
      json(404, { error: { code: 404, message: 'Requested entity was not found.', status: 'NOT_FOUND' } }),
    );
    const error = await open().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserFacingError);
    expect(error).toMatchObject({ code: 'upstream', message: 'Gmail could not find that thread or message; it may have been deleted.' });
  });

  it('without a Gmail connection the rep is told to connect, and nothing is fetched', async () => {
    await services.settings.setGmailToken(null);
    await expect(refresh()).rejects.toMatchObject({ code: 'not_configured', message: 'Connect Gmail in Countersign settings first.' });
    expect(server.requests).toHaveLength(0);
  });
});

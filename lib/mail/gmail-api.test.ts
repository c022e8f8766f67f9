import { describe, expect, it } from 'vitest';
import { GmailApiError, GmailClient } from './gmail-api';
import { decodeBase64Url } from './mime-parse';

const TOKEN = 'ya29.secret-access-token';
const BASE = 'https://gmail.googleapis.com/gmail/v1/users/me';

interface Call {
  url: string;
  init: RequestInit;
}

/** A fetch that records each request and answers from `respond`. */
function fakeFetch(respond: (call: Call) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fetch: typeof globalThis.fetch = async (input, init = {}) => {
    const call = { url: String(input), init };
    calls.push(call);
    return respond(call);
  };
  return { fetch, calls };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

const googleError = (code: number, status: string, message: string, reason?: string) =>
  json({ error: { code, status, message, ...(reason ? { errors: [{ reason, message }] } : {}) } }, code);

const client = (respond: (call: Call) => Response | Promise<Response>, timeoutMs?: number) => {
  const fake = fakeFetch(respond);
  return { gmail: new GmailClient({ getAccessToken: async () => TOKEN, fetch: fake.fetch, timeoutMs }), calls: fake.calls };
};

async function failure(promise: Promise<unknown>): Promise<GmailApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GmailApiError);
  const gmailError = error as GmailApiError;
  expect(gmailError.message).not.toContain(TOKEN);
  expect(gmailError.userMessage).not.toContain(TOKEN);
  return gmailError;
}

// threads.get?format=minimal as Gmail answers it: no payload, labels and snippet per message.
const thread = {
  id: 't1',
  historyId: '900',
  messages: [{ id: 'm1', threadId: 't1', labelIds: ['INBOX'], snippet: 'Hi', historyId: '880', internalDate: '1767258000000', sizeEstimate: 812 }],
};

describe('GmailClient', () => {
  it('getProfile sends the bearer token and returns the parsed profile', async () => {
    const { gmail, calls } = client(() => json({ emailAddress: 'sam@example.com', historyId: '123', messagesTotal: 5 }));
    await expect(gmail.getProfile()).resolves.toMatchObject({ emailAddress: 'sam@example.com', historyId: '123' });
    expect(calls[0]?.url).toBe(`${BASE}/profile`);
    expect(new Headers(calls[0]?.init.headers).get('Authorization')).toBe(`Bearer ${TOKEN}`);
    expect(calls[0]?.init.signal).toBeInstanceOf(AbortSignal);
  });

  it('getThreadIds asks for format=minimal and fills defaults for omitted fields', async () => {
    const { gmail, calls } = client(() => json({ ...thread, messages: [{ id: 'm1', threadId: 't1' }, ...thread.messages] }));
    const t = await gmail.getThreadIds('t/1');
    expect(calls[0]?.url).toBe(`${BASE}/threads/t%2F1?format=minimal`);
    expect(t.messages.map((m) => m.id)).toEqual(['m1', 'm1']);
    expect(t.messages[0]).toMatchObject({ labelIds: [], snippet: '' });
    expect(t.historyId).toBe('900');
  });

  it('getRawMessage asks for format=raw and accepts base64url with or without padding', async () => {
    const raw = Buffer.from('Subject: ü?\r\n\r\n>>>\r\n').toString('base64url');
    for (const value of [raw, `${raw}==`]) {
      const { gmail, calls } = client(() => json({ id: 'm1', threadId: 't1', labelIds: ['INBOX'], snippet: '', raw: value }));
      await expect(gmail.getRawMessage('m1')).resolves.toMatchObject({ id: 'm1', raw: value });
      expect(calls[0]?.url).toBe(`${BASE}/messages/m1?format=raw`);
    }
    const e = await failure(client(() => json({ id: 'm1', threadId: 't1', raw: 'a+b/c' })).gmail.getRawMessage('m1'));
    expect(e).toMatchObject({ kind: 'invalid_response' });
    expect(e.message).toContain('raw');
  });

  it('listHistory lists from startHistoryId for the four change types, paging with pageToken', async () => {
    const page = {
      history: [{ id: '901', messages: [{ id: 'm2', threadId: 't1' }], messagesAdded: [{ message: { id: 'm2', threadId: 't1', labelIds: ['INBOX'] } }] }],
      historyId: '905',
      nextPageToken: 'p2',
    };
    const { gmail, calls } = client(() => json(page));
    const listed = await gmail.listHistory('900', 'p1');
    const url = new URL(calls[0]?.url ?? '');
    expect(url.pathname).toBe('/gmail/v1/users/me/history');
    expect(url.searchParams.get('startHistoryId')).toBe('900');
    expect(url.searchParams.getAll('historyTypes')).toEqual(['messageAdded', 'messageDeleted', 'labelAdded', 'labelRemoved']);
    expect(url.searchParams.get('pageToken')).toBe('p1');
    expect(listed).toMatchObject({ historyId: '905', nextPageToken: 'p2' });
    expect(listed.history[0]).toMatchObject({ messagesDeleted: [], labelsAdded: [], messagesAdded: [{ message: { id: 'm2', threadId: 't1' } }] });
    const quiet = await client(() => json({ historyId: '905' })).gmail.listHistory('905');
    expect(quiet.history).toEqual([]);
  });

  it('sendMessage posts the RFC 5322 text as base64url raw with the thread id', async () => {
    const { gmail, calls } = client(() => json({ id: 'sent1', threadId: 't1', labelIds: ['SENT'] }));
    const raw = 'From: a@example.com\r\nTo: b@example.com\r\nSubject: Grüße 🚀\r\n\r\nhi\r\n';
    await expect(gmail.sendMessage(raw, 't1')).resolves.toEqual({ id: 'sent1', threadId: 't1' });
    expect(calls[0]?.url).toBe(`${BASE}/messages/send`);
    expect(calls[0]?.init.method).toBe('POST');
    const body = JSON.parse(String(calls[0]?.init.body)) as { raw: string; threadId?: string };
    expect(body.raw).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeBase64Url(body.raw)).toBe(raw);
    expect(body.threadId).toBe('t1');
  });

  it('sendMessage leaves threadId out for a new thread', async () => {
    const { gmail, calls } = client(() => json({ id: 'sent2', threadId: 'new' }));
    await gmail.sendMessage('To: b@example.com\r\n\r\nx', null);
    expect(JSON.parse(String(calls[0]?.init.body))).not.toHaveProperty('threadId');
  });

  it('findByRfc822MessageId searches without brackets, spam and trash included', async () => {
    const { gmail, calls } = client(() => json({ messages: [{ id: 'g1', threadId: 't1' }], resultSizeEstimate: 1 }));
    await expect(gmail.findByRfc822MessageId('<cs-1@countersign.local>')).resolves.toBe('g1');
    const url = new URL(calls[0]?.url ?? '');
    expect(url.pathname).toBe('/gmail/v1/users/me/messages');
    expect(url.searchParams.get('q')).toBe('rfc822msgid:cs-1@countersign.local');
    expect(url.searchParams.get('includeSpamTrash')).toBe('true');
  });

  it('findByRfc822MessageId returns null when nothing matches (Gmail omits messages)', async () => {
    const { gmail } = client(() => json({ resultSizeEstimate: 0 }));
    await expect(gmail.findByRfc822MessageId('<none@x>')).resolves.toBeNull();
  });

  it('a 401 is an auth error telling the rep to reconnect Gmail, not retryable', async () => {
    const { gmail } = client(() => googleError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.'));
    const e = await failure(gmail.getThreadIds('t1'));
    expect(e).toMatchObject({ kind: 'auth', status: 401, retryable: false });
    expect(e.userMessage).toBe('Gmail sign-in expired: reconnect Gmail in Countersign settings.');
    expect(e.message).toContain('Request had invalid authentication credentials.');
  });

  it('a 429 is a retryable rate limit carrying Retry-After', async () => {
    const { gmail } = client(() => json({ error: { code: 429, status: 'RESOURCE_EXHAUSTED', message: 'Too many requests' } }, 429, { 'Retry-After': '7' }));
    const e = await failure(gmail.sendMessage('x', null));
    expect(e).toMatchObject({ kind: 'rate_limit', status: 429, retryable: true, retryAfterMs: 7000 });
    expect(e.userMessage).toBe('Gmail is rate-limiting requests; Countersign will retry.');
  });

  it('a 403 for a per-user rate limit is a rate limit; any other 403 is a permission problem', async () => {
    const limited = await failure(client(() => googleError(403, 'PERMISSION_DENIED', 'User-rate limit exceeded', 'userRateLimitExceeded')).gmail.getProfile());
    expect(limited).toMatchObject({ kind: 'rate_limit', retryable: true });
    const denied = await failure(client(() => googleError(403, 'PERMISSION_DENIED', 'Insufficient Permission', 'insufficientPermissions')).gmail.getProfile());
    expect(denied).toMatchObject({ kind: 'auth', retryable: false });
    expect(denied.userMessage).toMatch(/reconnect Gmail/);
  });

  it('a 503 is a retryable server error that names the status for the rep', async () => {
    const { gmail } = client(() => new Response('<html>Service Unavailable</html>', { status: 503 }));
    const e = await failure(gmail.getThreadIds('t1'));
    expect(e).toMatchObject({ kind: 'server', status: 503, retryable: true });
    expect(e.userMessage).toBe('Gmail is having trouble (HTTP 503); Countersign will retry.');
  });

  it('a 400 is a client error that passes on what Gmail said', async () => {
    const { gmail } = client(() => googleError(400, 'INVALID_ARGUMENT', 'Invalid To header'));
    const e = await failure(gmail.sendMessage('x', null));
    expect(e).toMatchObject({ kind: 'client', status: 400, retryable: false });
    expect(e.userMessage).toContain('Invalid To header');
    expect(e.message).toContain('INVALID_ARGUMENT: Invalid To header');
  });

  it('a response of the wrong shape is an invalid_response error naming the field', async () => {
    const broken = { ...thread, messages: [{ ...thread.messages[0], labelIds: ['INBOX', 3] }] };
    const { gmail } = client(() => json(broken));
    const e = await failure(gmail.getThreadIds('t1'));
    expect(e).toMatchObject({ kind: 'invalid_response', retryable: false });
    expect(e.message).toContain('messages[0].labelIds[1]');
  });

  it('a missing required field is named too, and a non-JSON body is reported as such', async () => {
    const missing = await failure(client(() => json({ threadId: 't1' })).gmail.sendMessage('x', null));
    expect(missing.message).toMatch(/id: /);
    const html = await failure(client(() => new Response('<html>ok</html>', { status: 200 })).gmail.getProfile());
    expect(html).toMatchObject({ kind: 'invalid_response' });
    expect(html.message).toContain('not JSON');
  });

  it('a request that outlives timeoutMs is aborted and reported as a retryable timeout', async () => {
    const { gmail } = client(
      ({ init }) =>
        new Promise<Response>((_resolve, reject) => {
          init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
        }),
      20,
    );
    const e = await failure(gmail.getThreadIds('t1'));
    expect(e).toMatchObject({ kind: 'timeout', retryable: true });
    expect(e.userMessage).toMatch(/did not answer in time/);
  });

  it('a failed connection is a retryable network error', async () => {
    const { gmail } = client(() => Promise.reject(new TypeError('fetch failed')));
    const e = await failure(gmail.getProfile());
    expect(e).toMatchObject({ kind: 'network', retryable: true });
  });

  it('the access token never appears in an error, even if a proxy echoes it back', async () => {
    const { gmail } = client(() => json({ error: { code: 400, message: `bad header Authorization: Bearer ${TOKEN}` } }, 400));
    const e = await failure(gmail.getProfile());
    expect(e.message).toContain('[redacted]');
  });

  it('an error getting the token is passed through untouched and nothing is fetched', async () => {
    const { fetch, calls } = fakeFetch(() => json({}));
    const gmail = new GmailClient({ getAccessToken: () => Promise.reject(new Error('Connect Gmail first.')), fetch });
    await expect(gmail.getProfile()).rejects.toThrow('Connect Gmail first.');
    expect(calls).toHaveLength(0);
  });
});

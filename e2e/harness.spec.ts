import fs from 'node:fs';
import path from 'node:path';
import { expect, sendRuntimeMessage, test } from './support/extension';
import { runDir } from './support/paths';

// Proves the harness itself: extension loading, service-worker stop/restart, vendor stand-ins held
// to the vendors' specs by Prism (and Prism failing closed), and the OAuth stand-in.

const TOKEN = 'ya29.harness-token';
const gmailFetch = (url: string, init: RequestInit = {}) => ({ url, init: { ...init, headers: { authorization: `Bearer ${TOKEN}`, ...(init.headers as Record<string, string>) } } });

// A throwaway extension with listeners the stub build does not have yet (a message wakes the
// worker; it runs launchWebAuthFlow), written to the gitignored e2e/.tmp.
const probeDir = path.join(runDir, 'probe-extension');
function writeProbeExtension(): void {
  fs.mkdirSync(probeDir, { recursive: true });
  fs.writeFileSync(path.join(probeDir, 'manifest.json'), JSON.stringify({
    manifest_version: 3, name: 'countersign harness probe', version: '1', permissions: ['identity', 'storage'],
    host_permissions: ['https://gmail.googleapis.com/*', 'https://api.openai.com/*'], background: { service_worker: 'bg.js' },
  }));
  fs.writeFileSync(path.join(probeDir, 'bg.js'), `
    globalThis.bootId = crypto.randomUUID();
    chrome.runtime.onMessage.addListener((msg, _sender, send) => {
      if (msg.type === 'ping') { send({ bootId: globalThis.bootId, marker: globalThis.marker ?? null }); return; }
      if (msg.type === 'auth') {
        chrome.identity.launchWebAuthFlow({ url: msg.url, interactive: true })
          .then((url) => send({ url }), (e) => send({ error: String(e?.message ?? e) }));
        return true;
      }
    });`);
  fs.writeFileSync(path.join(probeDir, 'page.html'), '<!doctype html><title>probe</title><p>probe</p>');
}

test.describe('the built extension', () => {
  test('loads and its service worker is found', async ({ extensionId, serviceWorker, openExtensionPage }) => {
    expect(extensionId).toMatch(/^[a-p]{32}$/);
    expect((await serviceWorker()).url()).toBe(`chrome-extension://${extensionId}/background.js`);
    const page = await openExtensionPage('sidepanel.html');
    expect(page.url()).toBe(`chrome-extension://${extensionId}/sidepanel.html`);
  });

  test('stopServiceWorker really stops the worker; a wake starts a fresh one', async ({ serviceWorker, stopServiceWorker }) => {
    await (await serviceWorker()).evaluate(() => { (globalThis as { marker?: string }).marker = 'before-stop'; });
    await stopServiceWorker();
    await expect(serviceWorker({ timeout: 1000 })).rejects.toThrow(/stopped/);
    const restarted = await serviceWorker({ wake: true });
    expect(await restarted.evaluate(() => (globalThis as { marker?: string }).marker ?? null)).toBeNull();
  });

  test('a service-worker fetch to Gmail reaches the stand-in through Prism with no violations', async ({ serviceWorker, standins }) => {
    const { gmail } = standins;
    gmail.requireToken(TOKEN);
    gmail.addThread({
      id: '18c0ffee00000001',
      messages: [
        { id: '18c0ffee00000001', from: 'Ada Buyer <ada@buyer.example>', to: gmail.emailAddress, subject: 'Pricing?', date: 'Mon, 23 Nov 2026 09:00:00 +0000', messageId: 'CAB1@mail.buyer.example', text: 'Hi, what does the team plan cost?' },
        { id: '18c0ffee00000002', from: `Rep <${gmail.emailAddress}>`, to: 'ada@buyer.example', subject: 'Re: Pricing?', date: 'Mon, 23 Nov 2026 10:00:00 +0000', messageId: 'rep1@countersign.test', inReplyTo: 'CAB1@mail.buyer.example', references: '<CAB1@mail.buyer.example>', text: '€40 per seat > list? yes.', html: '<p>€40 per seat &gt; list? yes.</p>' },
      ],
    });
    const raw = Buffer.from('From: rep@countersign.test\r\nTo: ada@buyer.example\r\nSubject: Re: Pricing?\r\nMessage-ID: <out1@countersign.test>\r\nIn-Reply-To: <CAB1@mail.buyer.example>\r\n\r\nThanks Ada.\r\n').toString('base64url');
    const calls = [
      gmailFetch('https://gmail.googleapis.com/gmail/v1/users/me/profile'),
      gmailFetch('https://gmail.googleapis.com/gmail/v1/users/me/threads/18c0ffee00000001?format=full'),
      gmailFetch('https://gmail.googleapis.com/gmail/v1/users/me/messages/send', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ raw, threadId: '18c0ffee00000001' }) }),
      gmailFetch(`https://gmail.googleapis.com/gmail/v1/users/me/messages?q=${encodeURIComponent('rfc822msgid:<out1@countersign.test>')}`),
      gmailFetch('https://gmail.googleapis.com/gmail/v1/users/me/messages?q=rfc822msgid:nothing@x'),
    ];
    const results = await (await serviceWorker()).evaluate(async (all) => {
      const out = [];
      for (const { url, init } of all) { const r = await fetch(url, init); out.push({ status: r.status, body: await r.json() }); }
      return out;
    }, calls);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(results[0]!.body).toMatchObject({ emailAddress: gmail.emailAddress, threadsTotal: 1 });
    const thread = results[1]!.body;
    expect(thread.messages).toHaveLength(2);
    expect(Buffer.from(thread.messages[1].payload.parts[0].body.data, 'base64url').toString()).toBe('€40 per seat > list? yes.');
    expect(thread.messages[0].internalDate).toBe(String(Date.parse('Mon, 23 Nov 2026 09:00:00 +0000')));
    expect(results[2]!.body).toMatchObject({ threadId: '18c0ffee00000001', labelIds: ['SENT'] });
    expect(gmail.sent).toEqual([{ id: results[2]!.body.id, threadId: '18c0ffee00000001', raw: expect.stringContaining('Thanks Ada.') }]);
    expect(results[3]!.body).toEqual({ messages: [{ id: results[2]!.body.id, threadId: '18c0ffee00000001' }], resultSizeEstimate: 1 });
    expect(results[4]!.body).toEqual({ resultSizeEstimate: 0 });
    expect(gmail.requests.map((r) => r.endpoint)).toEqual(['profile', 'threads.get', 'messages.send', 'messages.list', 'messages.list']);
    standins.expectNoViolations();
  });

  test('an invalid Gmail send is reported as a violation (validation is not fail-open)', async ({ serviceWorker, standins }) => {
    const worker = await serviceWorker();
    const send = (body: string, contentType = 'application/json') => worker.evaluate(async ({ body, contentType, token }) =>
      (await fetch('https://gmail.googleapis.com/gmail/v1/users/me/messages/send', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': contentType }, body })).status, { body, contentType, token: TOKEN });
    await send(JSON.stringify({ raw: 123 }));
    expect(standins.takeViolations()).toEqual([
      expect.objectContaining({ source: 'standin', message: 'messages.send without a `raw` string' }),
      expect.objectContaining({ source: 'prism', location: ['request', 'body', 'raw'], code: 'type', message: 'Request body property raw must be string' }),
    ]);
    await send(JSON.stringify({ threadId: 't1' }));
    expect(standins.takeViolations()).toEqual([expect.objectContaining({ source: 'standin', message: 'messages.send without a `raw` string' })]);
    await send('raw=abc', 'text/plain');
    expect(standins.takeViolations().filter((v) => v.source === 'prism').length).toBeGreaterThan(0);
    await worker.evaluate(() => fetch('https://gmail.googleapis.com/gmail/v1/users/me/profile').then((r) => r.status)); // no Authorization
    expect(standins.takeViolations()).toEqual([expect.objectContaining({ source: 'prism', code: 401, message: 'Invalid security scheme used' })]);
    expect(standins.gmail.sent).toEqual([]);
  });

  test('an OpenAI chat completion reaches the stand-in through Prism with no violations; a 429 keeps the contract', async ({ serviceWorker, standins }) => {
    const { openai } = standins;
    openai.handler = (req) => JSON.stringify({ subject: 'Re: Pricing?', echo: req.body?.messages?.length });
    openai.failNext(429);
    const worker = await serviceWorker();
    const complete = () => worker.evaluate(async () => {
      const r = await fetch('https://api.openai.com/v1/chat/completions', {
        method: 'POST', headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'system', content: 'Draft a reply as JSON.' }, { role: 'user', content: 'Ada asks about pricing.' }], response_format: { type: 'json_object' } }),
      });
      return { status: r.status, retryAfter: r.headers.get('retry-after'), body: await r.json() };
    });
    const limited = await complete();
    expect(limited).toMatchObject({ status: 429, retryAfter: '1', body: { error: { code: 'rate_limit_exceeded' } } });
    const ok = await complete();
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ object: 'chat.completion', model: 'gpt-4o-mini', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', refusal: null } }] });
    expect(JSON.parse(ok.body.choices[0].message.content)).toEqual({ subject: 'Re: Pricing?', echo: 2 });
    expect(openai.requests).toHaveLength(2);
    expect(openai.requests[1]!.body?.response_format).toEqual({ type: 'json_object' });
    standins.expectNoViolations();
  });

  test('an OpenAI request without messages is reported as a violation', async ({ serviceWorker, standins }) => {
    const status = await (await serviceWorker()).evaluate(async () => (await fetch('https://api.openai.com/v1/chat/completions', {
      method: 'POST', headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o-mini' }),
    })).status);
    expect(status).toBe(200); // --errors=false: Prism reports, the stand-in still answers
    expect(standins.takeViolations()).toEqual([expect.objectContaining({ vendor: 'openai', source: 'prism', location: ['request', 'body'], code: 'required', message: "Request body must have required property 'messages'" })]);
  });

  test('a hung completion lets the client time out, and malformedNext answers non-JSON content', async ({ serviceWorker, standins }) => {
    standins.openai.hangNext();
    standins.openai.malformedNext();
    const worker = await serviceWorker();
    const call = (timeoutMs: number) => worker.evaluate(async (ms) => {
      try {
        const r = await fetch('https://api.openai.com/v1/chat/completions', { method: 'POST', signal: AbortSignal.timeout(ms), headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }) });
        return (await r.json()).choices[0].message.content as string;
      } catch (e) { return `error: ${(e as Error).name}`; }
    }, timeoutMs);
    expect(await call(1500)).toBe('error: TimeoutError');
    const content = await call(10_000);
    expect(() => JSON.parse(content)).toThrow();
  });
});

test.describe('with a probe extension', () => {
  test.beforeAll(writeProbeExtension);
  test.use({ extensionPath: probeDir });

  test('a stopped worker restarts on the next runtime message, with fresh globals and routing intact', async ({ openExtensionPage, serviceWorker, stopServiceWorker, standins }) => {
    const page = await openExtensionPage('page.html');
    const ping = () => sendRuntimeMessage<{ bootId: string; marker: string | null }>(page, { type: 'ping' });
    await (await serviceWorker()).evaluate(() => { (globalThis as { marker?: string }).marker = 'set'; });
    const first = await ping();
    expect(first.marker).toBe('set');
    for (let i = 0; i < 2; i++) {
      await stopServiceWorker();
      await expect(serviceWorker({ timeout: 500 })).rejects.toThrow(/stopped/);
      const again = await ping();
      expect(again.bootId).not.toBe(first.bootId);
      expect(again.marker).toBeNull();
    }
    const status = await (await serviceWorker()).evaluate(async (token) => (await fetch('https://gmail.googleapis.com/gmail/v1/users/me/profile', { headers: { authorization: `Bearer ${token}` } })).status, TOKEN);
    expect(status).toBe(200);
    expect(standins.gmail.requests).toHaveLength(1);
  });

  test('a send held after Gmail accepted it survives a worker stop: sent, never answered', async ({ serviceWorker, stopServiceWorker, standins }) => {
    const accepted = standins.gmail.hold('messages.send', 'accepted');
    const raw = Buffer.from('From: rep@countersign.test\r\nTo: ada@buyer.example\r\nSubject: hi\r\nMessage-ID: <held1@countersign.test>\r\n\r\nHello\r\n').toString('base64url');
    void (await serviceWorker()).evaluate(({ raw, token }) => {
      void fetch('https://gmail.googleapis.com/gmail/v1/users/me/messages/send', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ raw }) });
    }, { raw, token: TOKEN });
    await accepted.arrived;
    await stopServiceWorker();
    accepted.release();
    expect(standins.gmail.sent).toHaveLength(1);
    const dropped = standins.gmail.hold('messages.send'); // before-accept: Gmail never records it
    void (await serviceWorker({ wake: true })).evaluate(({ raw, token }) => {
      void fetch('https://gmail.googleapis.com/gmail/v1/users/me/messages/send', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ raw }) });
    }, { raw, token: TOKEN });
    await dropped.arrived;
    await stopServiceWorker();
    dropped.drop();
    expect(standins.gmail.sent).toHaveLength(1);
  });

  test('launchWebAuthFlow reaches the Google OAuth stand-in and resolves with the token', async ({ openExtensionPage, extensionId, standins }) => {
    const page = await openExtensionPage('page.html');
    const redirect = `https://${extensionId}.chromiumapp.org/`;
    const authUrl = `https://accounts.google.com/o/oauth2/v2/auth?${new URLSearchParams({ client_id: 'harness.apps.googleusercontent.com', response_type: 'token', redirect_uri: redirect, scope: 'https://www.googleapis.com/auth/gmail.send', state: 'st-42' })}`;
    const result = await sendRuntimeMessage<{ url?: string; error?: string }>(page, { type: 'auth', url: authUrl });
    expect(result.error).toBeUndefined();
    const fragment = new URLSearchParams(new URL(result.url!).hash.slice(1));
    expect(Object.fromEntries(fragment)).toEqual({ access_token: standins.oauth.token, token_type: 'Bearer', expires_in: '3599', scope: 'https://www.googleapis.com/auth/gmail.send', state: 'st-42' });
    expect(standins.oauth.requests.map((r) => r.params.client_id)).toEqual(['harness.apps.googleusercontent.com']);
    standins.oauth.denyNext();
    const denied = await sendRuntimeMessage<{ url?: string; error?: string }>(page, { type: 'auth', url: authUrl });
    expect(new URL(denied.url!).hash).toBe('#error=access_denied&state=st-42');
  });
});

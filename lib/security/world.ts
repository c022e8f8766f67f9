import { completionToChunks, sseBody, type ChatCompletionLike } from '../../e2e/support/sse';
import { testBackground } from '../../test/background';
import { freshDb } from '../../test/fixtures';
import { createRemoteCrmAdapters } from '../background/crm-remote';
import type { CountersignDb } from '../db/schema';
import type { Handlers } from '../protocol/router';
import type { SenderContext } from '../protocol/sender';
import { SECRET } from '../settings/store';

/**
 * One hostile world for the security suite: the real background (test/background.ts) over a
 * fresh database, with a network that serves one Gmail thread from raw RFC 5322 text, answers
 * the model's chat completions with whatever `obey` returns for the schema it was asked for, and
 * records every request (so a test can assert that nothing was sent anywhere).
 */

export const NOW = Date.UTC(2026, 0, 2, 12);
export const THREAD = '18c2f1a9b7e4d3c0';
export const REP = 'sam.rep@example.com';
export const DANA = 'dana@northwind-logistics.com';
export const MODEL_BASE = 'https://models.example.test/v1';

/** Secrets planted in every world, to be searched for in everything that leaves the background. */
export const SECRETS = {
  modelKey: 'sk-live-SECRET-model-7f3a9c2e41d8b6',
  gmailToken: 'ya29.SECRET-gmail-a1b2c3d4e5f6',
  hubspot: 'pat-na1-SECRET-hubspot-90ab12cd',
  pipedrive: 'SECRET-pipedrive-5e6f7a8b9c0d',
  salesforce: 'SECRET-salesforce-00Dxx0000001gPz!AQ4AQ',
} as const;

export const senders = {
  panel: { kind: 'approval-panel', url: 'chrome-extension://countersign/sidepanel.html' },
  popup: { kind: 'popup', url: 'chrome-extension://countersign/popup.html' },
  gmail: { kind: 'gmail-content', tabId: 1, origin: 'https://mail.google.com', url: `https://mail.google.com/mail/u/0/#inbox/${THREAD}` },
  crm: { kind: 'crm-content', tabId: 3, origin: 'https://app.hubspot.com', url: 'https://app.hubspot.com/contacts/1/record/0-1/1' },
} as const satisfies Record<string, SenderContext>;

export interface InboundMail {
  fromName: string;
  subject: string;
  body: string;
  /** Appended under the usual "-- " delimiter. */
  signature: string;
}

export const PLAIN: InboundMail = {
  fromName: 'Dana Whitfield',
  subject: 'Re: Pricing',
  body: 'Thanks Sam. Could you send pricing for 40 seats? We need to go live by end of Q2.',
  signature: 'Dana Whitfield\nVP Operations | Northwind Logistics\n+1 312 555 0142',
};

/** A header value as a client would write it: RFC 2047 (UTF-8, base64) when not plain ASCII, one line. */
function header(value: string): string {
  const flat = value.replace(/\s+/g, ' ').trim();
  return /^[\x20-\x7e]*$/.test(flat) ? flat : `=?UTF-8?B?${Buffer.from(flat).toString('base64')}?=`;
}

const rawOf = (lines: string[], body: string) =>
  Buffer.from(`${lines.join('\r\n')}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from(body).toString('base64')}\r\n`).toString('base64url');

/** Sam's first email and Dana's reply (the inbound message under test). */
export function threadRaw(mail: InboundMail): { id: string; labelIds: string[]; raw: string }[] {
  const sam = rawOf(
    [`From: Sam Rep <${REP}>`, `To: Dana Whitfield <${DANA}>`, 'Subject: Pricing', 'Date: Mon, 29 Dec 2025 10:00:00 +0000', 'Message-ID: <sam-1@example.com>'],
    'Hi Dana, here is our pricing overview.\n\nSam',
  );
  const dana = rawOf(
    [
      `From: "${header(mail.fromName).replace(/"/g, "'")}" <${DANA}>`,
      `To: Sam Rep <${REP}>`,
      `Subject: ${header(mail.subject)}`,
      'Date: Thu, 1 Jan 2026 10:00:00 +0000',
      'Message-ID: <dana-1@northwind-logistics.com>',
      'In-Reply-To: <sam-1@example.com>',
      'References: <sam-1@example.com>',
    ],
    `${mail.body}\n\n-- \n${mail.signature}\n`,
  );
  return [
    { id: 'm1', labelIds: ['SENT'], raw: sam },
    { id: 'm2', labelIds: ['INBOX'], raw: dana },
  ];
}

export interface ModelCall {
  schema: string;
  messages: { role: string; content: string }[];
}
/** What the model answers for a call: the JSON object for the schema it was asked to fill. */
export type Obey = (call: ModelCall) => unknown;

export interface NetLog {
  url: string;
  method: string;
  body: string;
  headers: Record<string, string>;
}

const ok = (data: unknown, status = 200) => new Response(JSON.stringify(data), { status, headers: { 'content-type': 'application/json' } });

export function completion(content: unknown) {
  return ok({ id: 'c1', object: 'chat.completion', created: 1, model: 'stand-in', choices: [{ index: 0, message: { role: 'assistant', content: JSON.stringify(content), refusal: null }, finish_reason: 'stop', logprobs: null }] });
}

/** As fetch does: an aborted signal rejects the call with an AbortError, answered or not. */
function untilAborted<T>(answer: T | Promise<T>, signal: AbortSignal | null | undefined): Promise<T> {
  if (!signal) return Promise.resolve(answer);
  const aborted = () => new DOMException('This operation was aborted', 'AbortError');
  if (signal.aborted) return Promise.reject(aborted());
  return new Promise<T>((resolve, reject) => {
    signal.addEventListener('abort', () => reject(aborted()), { once: true });
    Promise.resolve(answer).then(resolve, reject);
  });
}

/** A completion answered as OpenAI streams it when asked (`stream: true`); errors stay JSON, as OpenAI's do. */
async function asEventStream(res: Response): Promise<Response> {
  if (!res.ok) return res;
  const body = (await res.clone().json()) as ChatCompletionLike & { object?: string };
  if (body.object !== 'chat.completion') return res;
  return new Response(sseBody(completionToChunks(body)), { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

export interface WorldOptions {
  mail?: InboundMail;
  obey?: Obey;
  /** Replaces the model's answer entirely (e.g. an error response). */
  modelResponse?: (call: ModelCall) => Response | Promise<Response>;
  /** Answers any other request (CRM APIs…); undefined: no network. */
  other?: (entry: NetLog) => Response | Promise<Response> | undefined;
  /** Connect remote CRMs through the real adapters (lib/background/crm-remote.ts) over this network. */
  remoteCrm?: boolean;
}

export async function hostileWorld(options: WorldOptions = {}) {
  const db: CountersignDb = freshDb();
  const requests: NetLog[] = [];
  const modelCalls: ModelCall[] = [];
  const sends: NetLog[] = [];
  const messages = threadRaw(options.mail ?? PLAIN);
  const kicks: Promise<unknown>[] = [];

  const net: typeof fetch = async (input, init) => {
    const request = input instanceof Request ? input : null;
    const url = request ? request.url : String(input);
    const method = init?.method ?? request?.method ?? 'GET';
    const body = init?.body !== undefined && init.body !== null ? String(init.body) : request ? await request.clone().text() : '';
    const headers: Record<string, string> = {};
    new Headers(init?.headers ?? request?.headers).forEach((v, k) => (headers[k] = v));
    const entry = { url, method, body, headers };
    requests.push(entry);
    const gmail = url.match(/^https:\/\/gmail\.googleapis\.com\/gmail\/v1\/users\/me(\/[^?]*)(\?.*)?$/);
    if (gmail) {
      const path = gmail[1]!;
      if (path === '/profile') return ok({ emailAddress: REP, historyId: '10' });
      if (path === `/threads/${THREAD}`) return ok({ id: THREAD, historyId: '9', messages: messages.map(({ id, labelIds }) => ({ id, threadId: THREAD, labelIds })) });
      const m = /^\/messages\/([^/]+)$/.exec(path);
      const found = m && messages.find((x) => x.id === m[1]);
      if (found) return ok({ id: found.id, threadId: THREAD, labelIds: found.labelIds, snippet: '', raw: found.raw });
      if (path === '/messages/send') {
        sends.push(entry);
        return ok({ id: `sent-${sends.length}`, threadId: THREAD });
      }
      if (path === '/messages') return ok({ resultSizeEstimate: 0 });
      if (path === '/history') return ok({ historyId: '10' });
      return ok({ error: { code: 404, message: 'Not found', status: 'NOT_FOUND' } }, 404);
    }
    if (url === `${MODEL_BASE}/chat/completions`) {
      const parsed = JSON.parse(body) as { messages: ModelCall['messages']; response_format?: { json_schema?: { name?: string } }; stream?: boolean };
      const call = { schema: parsed.response_format?.json_schema?.name ?? '', messages: parsed.messages };
      modelCalls.push(call);
      const answer = await untilAborted(options.modelResponse ? options.modelResponse(call) : completion((options.obey ?? (() => ({})))(call)), init?.signal ?? request?.signal);
      return parsed.stream ? await asEventStream(answer) : answer;
    }
    const answer = options.other?.(entry);
    if (answer) return answer;
    throw new TypeError(`no network in this test: ${method} ${url}`);
  };

  const bg = testBackground(db, { now: () => NOW, fetch: net, remote: options.remoteCrm ? createRemoteCrmAdapters(net) : undefined, kickOutbox: () => void kicks.push(bg.services.outbox.runDue()) });
  const { services } = bg;
  await services.settings.setGmailToken({ accessToken: SECRETS.gmailToken, expiresAt: NOW + 3_600_000, account: REP });
  await services.settings.update({ model: { baseUrl: MODEL_BASE, model: 'stand-in' }, rep: { name: 'Sam Rep' }, modelApiKey: SECRETS.modelKey });

  /** Calls a handler as the router would after the policy check: by type, with a sender. */
  const ask = <T = unknown>(type: string, extra: Record<string, unknown> = {}, sender: SenderContext = senders.panel): Promise<T> =>
    (bg.handlers as unknown as Record<string, (r: unknown, s: SenderContext) => Promise<T>>)[type]!({ type, ...extra }, sender);

  /** Everything a person would notice changing behind their back. */
  async function state() {
    const { local } = bg.crm;
    const crmRecords = await Promise.all((['contact', 'company', 'deal'] as const).map((t) => local.list(t, null, 1000)));
    const crmNotes = await bg.crm.localDb.table('notes').toArray().catch(() => []);
    return {
      settings: await services.settings.view(),
      secrets: (await db.secrets.toArray()).map((s) => s.key).sort(),
      suppressions: await db.suppressions.toArray(),
      crm: { records: crmRecords, notes: crmNotes },
      sentApprovals: (await db.approvals.toArray()).filter((a) => a.state !== 'pending'),
    };
  }

  return { db, ...bg, net, requests, modelCalls, sends, kicks, ask, state, handlers: bg.handlers as Handlers };
}

export type World = Awaited<ReturnType<typeof hostileWorld>>;

/** Puts every secret the background holds in place (CRM tokens included). */
export async function plantAllSecrets(world: World): Promise<void> {
  const { settings } = world.services;
  await settings.putSecret(SECRET.crm.hubspot, SECRETS.hubspot);
  await settings.putSecret(SECRET.crm.pipedrive, SECRETS.pipedrive);
  await settings.putSecret(SECRET.crm.salesforce, JSON.stringify({ accessToken: SECRETS.salesforce, instanceUrl: 'https://acme.my.salesforce.com', refreshToken: `${SECRETS.salesforce}-refresh`, issuedAt: NOW }));
}

/** Every secret value, as a list to search text for. */
export const secretValues = (): string[] => [...Object.values(SECRETS), `${SECRETS.salesforce}-refresh`];

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Envelope } from '../protocol/messages';
import { SENDER_POLICY } from '../protocol/policy';
import { route } from '../protocol/router';
import { identifySender, type SenderInfo } from '../protocol/sender';
import { DANA, hostileWorld, plantAllSecrets, secretValues, SECRETS, THREAD, type NetLog, type World } from './world';

/**
 * Secrets stay in the background. Every secret (model key, Gmail token, HubSpot, Pipedrive and
 * Salesforce tokens) is planted; then every request a content script may make (per the policy
 * table) is made from a content script, through the front door, with upstreams that fail in the
 * worst way (echoing the key or the request headers in their error). No answer, no error message,
 * no log line, no audit entry or export may contain a secret.
 *
 * lib/background/sentinel.test.ts covers Sentinel's alerts, notifications and health probes.
 */

const EXT_ID = 'countersign';
const ORIGIN = `chrome-extension://${EXT_ID}`;
const GMAIL: SenderInfo = { id: EXT_ID, url: `https://mail.google.com/mail/u/0/#inbox/${THREAD}`, origin: 'https://mail.google.com', tab: { id: 1 }, frameId: 0 };
const CRM_PAGE: SenderInfo = { id: EXT_ID, url: 'https://app.hubspot.com/contacts/1/record/0-1/1', origin: 'https://app.hubspot.com', tab: { id: 3 }, frameId: 0 };
const PANEL: SenderInfo = { id: EXT_ID, url: `${ORIGIN}/sidepanel.html` };
const POPUP: SenderInfo = { id: EXT_ID, url: `${ORIGIN}/popup.html` };

/** One valid request of each type a content script may make. */
const CONTENT_REQUESTS = (draftId: string): Record<string, Record<string, unknown>> => ({
  'thread.open': { threadId: THREAD },
  'thread.refresh': { threadId: THREAD },
  'draft.generate': { threadId: THREAD },
  'draft.update': { draftId, subject: 'Re: Pricing', body: 'Hi Dana, a 40-seat pilot is a flat fee. Sam' },
  'draft.queue': { draftId },
  'gmail.degraded': { hooks: ['thread-view'] },
  'status.get': {},
  'crm.record': { crm: 'hubspot', objectType: 'contact', id: '501' },
  'scout.lead': { threadId: THREAD, synthesise: true },
  'pipeline.propose': { dealId: '901', toStageId: 'closedwon' },
});

/** Upstreams that fail by repeating what they were sent: the key, the token, the headers. */
function echoingFailures(entry: NetLog): Response | Promise<Response> | undefined {
  if (/hubapi\.com|pipedrive\.com|salesforce\.com/.test(entry.url)) {
    // 400 and 401 are not retried, so the test needs no clock: both echo the Authorization header.
    const status = entry.url.includes('/contacts/501') ? 400 : 401;
    return new Response(JSON.stringify({ status: 'error', message: `Authentication credentials not found: ${entry.headers.authorization ?? ''} ${entry.url}`, category: 'INVALID_AUTHENTICATION', headers: entry.headers }), { status, headers: { 'content-type': 'application/json' } });
  }
  return undefined;
}

// The model client retries once with back-off on a 5xx or a dropped connection.
vi.setConfig({ testTimeout: 20_000 });

let world: World;
let logged: string[];

beforeEach(async () => {
  logged = [];
  for (const m of ['log', 'info', 'warn', 'error', 'debug'] as const) vi.spyOn(console, m).mockImplementation((...args: unknown[]) => void logged.push(args.map((a) => (a instanceof Error ? `${a.message} ${a.stack} ${String((a as { cause?: unknown }).cause)}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' ')));
});
afterEach(() => {
  vi.restoreAllMocks();
  world?.db.close();
});

const deliver = (message: Record<string, unknown>, sender: SenderInfo) => route(message, identifySender(sender, EXT_ID, ORIGIN), world.handlers, (e) => console.error('Countersign handler failed', e));

function expectNoSecret(what: string, text: string) {
  for (const secret of secretValues()) {
    expect(text.includes(secret), `${what} contains a secret`).toBe(false);
    // A fragment is as bad as the whole (a truncated header in an error message).
    expect(text.includes(secret.slice(0, 16)), `${what} contains part of a secret`).toBe(false);
  }
}

async function connectedWorld(model: 'ok' | 'echo-401' | 'echo-500' | 'unreachable') {
  world = await hostileWorld({
    remoteCrm: true,
    other: echoingFailures,
    obey: (call) => (call.schema === 'draft_reply' ? { body: 'Hi Dana, a 40-seat pilot is a flat fee; shall I send the quote?\n\nSam', evidence: [] } : call.schema === 'research_synthesis' ? { claims: [] } : call.schema === 'triage_reply' ? { class: 'other', quote: '' } : { signals: [] }),
    modelResponse:
      model === 'ok'
        ? undefined
        : (call) => {
            const auth = world.requests.at(-1)!.headers.authorization ?? '';
            if (model === 'unreachable') return Promise.reject(new TypeError(`fetch failed: connect ECONNREFUSED with ${auth}`));
            const status = model === 'echo-401' ? 401 : 500;
            return new Response(JSON.stringify({ error: { message: `Incorrect API key provided: ${auth.replace('Bearer ', '')} for ${call.schema}`, type: 'invalid_request_error', code: 'invalid_api_key' } }), { status, headers: { 'content-type': 'application/json' } });
          },
  });
  await plantAllSecrets(world);
  await world.services.settings.update({ crm: { active: 'hubspot' } });
  return world;
}

describe('no secret reaches a content script, whatever the upstreams do', () => {
  it('the content-script request list covers every type the policy lets a content script make', () => {
    const allowed = Object.entries(SENDER_POLICY)
      .filter(([, kinds]) => kinds.some((k) => k === 'gmail-content' || k === 'crm-content'))
      .map(([t]) => t)
      .sort();
    expect(Object.keys(CONTENT_REQUESTS('d')).sort()).toEqual(allowed);
  });

  it.each(['ok', 'echo-401', 'echo-500', 'unreachable'] as const)('model %s, CRM echoing its token: every content-script answer (data or error) is free of secrets', async (model) => {
    await connectedWorld(model);
    const answers: { type: string; answer: Envelope<unknown> }[] = [];
    let draftId = 'none';
    for (const [type, extra] of Object.entries(CONTENT_REQUESTS(draftId))) {
      const sender = SENDER_POLICY[type as keyof typeof SENDER_POLICY].includes('gmail-content') ? GMAIL : CRM_PAGE;
      const body = type === 'draft.update' || type === 'draft.queue' ? { ...extra, draftId } : extra;
      const answer = await deliver({ type, ...body }, sender);
      answers.push({ type, answer });
      if (type === 'draft.generate' && answer.ok) draftId = (answer.data as { id: string }).id;
    }
    // The flows really ran: the thread was read, the model and the CRM were called.
    expect(answers.find((a) => a.type === 'thread.open')!.answer.ok).toBe(true);
    expect(world.modelCalls.length).toBeGreaterThan(0);
    expect(world.requests.some((r) => r.url.includes('hubapi.com'))).toBe(true);
    if (model !== 'ok') expect(answers.find((a) => a.type === 'draft.generate')!.answer).toMatchObject({ ok: false, error: { code: 'model' } });
    for (const { type, answer } of answers) expectNoSecret(`the answer to ${type}`, JSON.stringify(answer));
    await new Promise((r) => setTimeout(r, 0));
    expectNoSecret('the console', logged.join('\n'));
    expectNoSecret('the audit log', JSON.stringify(await world.db.audit.toArray()));
  });

  it('a model that answers with the key in its own output does not carry it into a draft shown to the Gmail page', async () => {
    world = await hostileWorld({ obey: (call) => (call.schema === 'draft_reply' ? { body: `Hi Dana,\n\nThe pilot is a flat fee.\n\nSam`, evidence: [] } : {}) });
    await plantAllSecrets(world);
    // The key is what the background holds; a draft is built from the thread, never from settings.
    const answer = await deliver({ type: 'draft.generate', threadId: THREAD }, GMAIL);
    expect(answer.ok).toBe(true);
    const prompt = JSON.stringify(world.modelCalls);
    expectNoSecret('the prompt sent to the model', prompt);
    // The key travels only in the Authorization header to the model host, and the Gmail token only to Google.
    for (const r of world.requests) {
      const auth = r.headers.authorization ?? '';
      if (auth.includes(SECRETS.modelKey)) expect(r.url.startsWith('https://models.example.test/')).toBe(true);
      if (auth.includes(SECRETS.gmailToken)) expect(r.url.startsWith('https://gmail.googleapis.com/')).toBe(true);
      expectNoSecret(`the body sent to ${r.url}`, r.body);
    }
  });
});

describe('extension pages learn only whether a secret is set', () => {
  it('settings.get, settings.update, status.get, crm.disconnect and gmail.disconnect answer with presence flags only', async () => {
    await connectedWorld('ok');
    const answers = [
      await deliver({ type: 'settings.get' }, PANEL),
      await deliver({ type: 'settings.get' }, POPUP),
      await deliver({ type: 'settings.update', patch: { rep: { name: 'Sam Rep' } } }, POPUP),
      await deliver({ type: 'status.get' }, POPUP),
      await deliver({ type: 'crm.test', crm: 'hubspot' }, PANEL),
      await deliver({ type: 'operator.view' }, PANEL),
    ];
    const view = answers[0] as Envelope<{ secrets: Record<string, unknown> }>;
    expect(view).toMatchObject({ ok: true, data: { secrets: { modelApiKeySet: true, gmailConnected: true, crm: { hubspot: true, pipedrive: true, salesforce: true } } } });
    for (const a of answers) expectNoSecret('a settings answer', JSON.stringify(a));
    const view2 = await world.services.settings.view();
    expectNoSecret('SettingsStore.view()', JSON.stringify(view2));
  });

  it('a settings update that fails validation does not echo the key it was given', async () => {
    await connectedWorld('ok');
    const answer = await deliver({ type: 'settings.update', patch: { modelApiKey: SECRETS.modelKey, model: { baseUrl: 'not a url' } } }, PANEL);
    expect(answer.ok).toBe(false);
    expectNoSecret('the validation error', JSON.stringify(answer));
  });
});

describe('the audit export and the logs', () => {
  it('after a working day (thread, lead, draft, queue, approve, send, sync, CRM errors) the JSON and CSV exports and the console hold no secret', async () => {
    await connectedWorld('ok');
    await deliver({ type: 'thread.open', threadId: THREAD }, GMAIL);
    await deliver({ type: 'scout.lead', threadId: THREAD, synthesise: true }, GMAIL);
    const draft = (await deliver({ type: 'draft.generate', threadId: THREAD }, GMAIL)) as Envelope<{ id: string }>;
    const queued = (await deliver({ type: 'draft.queue', draftId: draft.ok ? draft.data.id : 'x' }, GMAIL)) as Envelope<{ approvalId: string; contentHash: string }>;
    expect(queued.ok).toBe(true);
    if (queued.ok) await deliver({ type: 'approval.approve', ...queued.data }, PANEL);
    await Promise.all([...world.kicks, world.services.outbox.runDue()]);
    expect(world.sends).toHaveLength(1);
    await deliver({ type: 'crm.record', crm: 'hubspot', objectType: 'contact', id: '501' }, CRM_PAGE);
    await deliver({ type: 'sync.propose' }, PANEL);
    await deliver({ type: 'suppression.add', email: DANA, note: 'asked by phone' }, PANEL);
    await deliver({ type: 'sentinel.check' }, PANEL);
    const json = await deliver({ type: 'audit.export', format: 'json' }, PANEL);
    const csv = await deliver({ type: 'audit.export', format: 'csv' }, PANEL);
    const search = await deliver({ type: 'audit.search', query: 'Bearer' }, PANEL);
    expect(json.ok && csv.ok).toBe(true);
    expect(JSON.stringify(json).length).toBeGreaterThan(500);
    for (const [what, a] of [['the JSON export', json], ['the CSV export', csv], ['an audit search', search], ['the audit list', await deliver({ type: 'audit.list' }, PANEL)], ['the approvals list', await deliver({ type: 'approvals.list' }, PANEL)], ['the operator view', await deliver({ type: 'operator.view' }, PANEL)]] as const)
      expectNoSecret(what, JSON.stringify(a));
    await new Promise((r) => setTimeout(r, 0));
    expectNoSecret('the console', logged.join('\n'));
  });

  it('an internal error with a secret in its message reaches the page as a generic message; the log keeps only what the error said', async () => {
    await connectedWorld('ok');
    const boom = new Error(`state dump: ${JSON.stringify(await world.db.secrets.toArray())}`);
    const handlers = { ...world.handlers, 'status.get': async () => Promise.reject(boom) };
    const answer = await route({ type: 'status.get' }, identifySender(GMAIL, EXT_ID, ORIGIN), handlers, () => {});
    expect(answer).toMatchObject({ ok: false, error: { code: 'internal' } });
    expectNoSecret('the answer to a failing request', JSON.stringify(answer));
  });
});

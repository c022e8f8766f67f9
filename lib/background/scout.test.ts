import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { gmailAt, testBackground } from '../../test/background';
import { freshDb } from '../../test/fixtures';
import { json, localServer } from '../../test/http';
import { NO_MODEL } from '../agents/scout/research/brief';
import type { CountersignDb } from '../db/schema';
import type { Handlers } from '../protocol/router';
import type { ScoutLeadView } from '../protocol/responses';
import type { CrmServices } from './crm';
import { CrmApiError } from '../crm/http';
import type { CrmAdapter } from '../crm/model';
import { FACTS_ONLY } from './scout';
import type { Services } from './services';

const NOW = Date.UTC(2026, 0, 2);
const THREAD = '18c2f1a9b7e4d3c0';
const DANA = 'dana@northwind-logistics.com';
const gmailTab = { kind: 'gmail-content', tabId: 1, origin: 'https://mail.google.com', url: `https://mail.google.com/mail/u/0/#inbox/${THREAD}` } as const;
const panel = { kind: 'approval-panel', url: 'chrome-extension://x/sidepanel.html' } as const;

const raw = (lines: string[]) => Buffer.from(`${lines.join('\r\n')}\r\n`).toString('base64url');
const FROM_REP = raw(['From: Sam Rep <sam.rep@example.com>', `To: Dana Whitfield <${DANA}>`, 'Subject: Pricing', 'Date: Mon, 29 Dec 2025 10:00:00 +0000', 'Message-ID: <sam-1@example.com>', '', 'Hi Dana, here is our pricing. Unsubscribe at any time.']);
const FROM_DANA = (body: string) =>
  raw([`From: Dana Whitfield <${DANA}>`, 'To: Sam Rep <sam.rep@example.com>', 'Subject: Re: Pricing', 'Date: Thu, 1 Jan 2026 10:00:00 +0000', 'Message-ID: <dana-1@northwind-logistics.com>', 'In-Reply-To: <sam-1@example.com>', '', body]);

let server: Awaited<ReturnType<typeof localServer>>;
let db: CountersignDb;
let services: Services;
let handlers: Handlers;
let crm: CrmServices;
/** The connected remote CRM, when a test connects one. */
let remote: CrmAdapter | null = null;

beforeEach(async () => {
  server = await localServer();
  db = freshDb();
  remote = null;
  ({ services, crm, handlers } = testBackground(db, { now: () => NOW, fetch: gmailAt(server.url), remote: async () => remote }));
  await services.settings.setGmailToken({ accessToken: 'ya29.token', expiresAt: NOW + 3_600_000, account: 'sam.rep@example.com' });
});

afterEach(async () => {
  await server.close();
  db.close();
});

/** Gmail answers for a thread of Sam's message and Dana's reply. */
function serveThread(danaBody: string) {
  server.next(
    json(200, { emailAddress: 'sam.rep@example.com', historyId: '10' }),
    json(200, {
      id: THREAD,
      historyId: '9',
      messages: [
        { id: 'm1', threadId: THREAD, labelIds: ['SENT'] },
        { id: 'm2', threadId: THREAD, labelIds: ['INBOX'] },
      ],
    }),
    json(200, { id: 'm1', threadId: THREAD, labelIds: ['SENT'], snippet: '', raw: FROM_REP }),
    json(200, { id: 'm2', threadId: THREAD, labelIds: ['INBOX'], snippet: '', raw: FROM_DANA(danaBody) }),
  );
}

const open = () => handlers['thread.open']({ type: 'thread.open', threadId: THREAD }, gmailTab);
const lead = () => handlers['scout.lead']({ type: 'scout.lead', threadId: THREAD, synthesise: false }, gmailTab) as Promise<ScoutLeadView>;

describe('Scout triage on thread sync', () => {
  it("triages each new inbound message once (never the rep's own) and an opt-out suppresses the sender", async () => {
    serveThread('Please unsubscribe me.');
    await open();
    expect(await db.triage.toArray()).toEqual([expect.objectContaining({ messageId: 'm2', threadId: THREAD, from: DANA, result: expect.objectContaining({ class: 'unsubscribe' }) })]);
    expect(await db.suppressions.get(DANA)).toMatchObject({ reason: 'opt_out', by: { type: 'agent', id: 'scout' } });
    const actions = (await db.audit.orderBy('seq').toArray()).map((e) => e.action);
    // The first opening of the thread is logged once, for Sentinel's "time saved".
    expect(actions).toEqual(['thread.opened', 'triage.classified', 'suppression.added']);
    // From the cache: nothing is fetched, nothing triaged (or logged) again.
    await open();
    expect(await db.audit.count()).toBe(3);
  });
});

describe('Scout model triage in the background', () => {
  it("a message no rule classifies is handed to the configured model after sync, and the class it proves is stored", async () => {
    await services.settings.update({ model: { baseUrl: `${server.url}/v1`, model: 'test-model' } });
    serveThread('The reorg has everyone distracted. Lee Park on the platform team decides these things: lee@northwind-logistics.com.');
    const answer = { class: 'referral', quote: 'Lee Park on the platform team decides these things: lee@northwind-logistics.com' };
    server.next(json(200, { id: 'c1', object: 'chat.completion', created: 1, model: 'test-model', choices: [{ index: 0, message: { role: 'assistant', content: JSON.stringify(answer), refusal: null }, finish_reason: 'stop', logprobs: null }] }));
    await open(); // answers before the model does: the pass runs behind it
    await vi.waitFor(async () => expect((await db.triage.get('m2'))?.result).toMatchObject({ class: 'referral', method: 'model', referral: { email: 'lee@northwind-logistics.com' } }));
    expect(server.requests.at(-1)?.url).toBe('/v1/chat/completions');
    expect((await db.audit.orderBy('seq').toArray()).map((e) => e.action)).toEqual(['thread.opened', 'triage.classified', 'triage.reclassified']);
  });
});

describe("Herald's voice (settings)", () => {
  it("offers the rep's cached sent emails, and the chosen ones reach the drafting prompt as fenced examples", async () => {
    serveThread('Interesting. What would a 40-seat pilot cost?');
    await open();
    const candidates = (await handlers['voice.candidates']({ type: 'voice.candidates' }, panel)) as { id: string; excerpt: string }[];
    expect(candidates).toEqual([expect.objectContaining({ id: 'm1', excerpt: expect.stringContaining('here is our pricing') })]);
    await handlers['settings.update']({ type: 'settings.update', patch: { rep: { voiceMessageIds: ['m1'] }, model: { baseUrl: `${server.url}/v1`, model: 'test-model' } } } as never, panel);
    const answer = { body: 'Hi Dana, a 40-seat pilot is a flat fee; shall I send the quote?', evidence: [] };
    server.next(json(200, { id: 'c1', object: 'chat.completion', created: 1, model: 'test-model', choices: [{ index: 0, message: { role: 'assistant', content: JSON.stringify(answer), refusal: null }, finish_reason: 'stop', logprobs: null }] }));
    const draft = (await handlers['draft.generate']({ type: 'draft.generate', threadId: THREAD, kind: 're_engage' }, gmailTab)) as { quality: { verdict: string } | null };
    expect(draft.quality?.verdict).toBeDefined();
    const prompt = JSON.parse(server.requests.at(-1)!.body) as { messages: { role: string; content: string }[] };
    const user = prompt.messages.find((m) => m.role === 'user')!.content;
    expect(prompt.messages[0]!.content).toMatch(/rep's own voice/);
    expect(prompt.messages[0]!.content).toMatch(/re-engagement \(25–100 words\) for a conversation that went quiet/);
    expect(user).toMatch(/for their voice \(style only\), are inside the cs-[0-9a-f-]{36} element:\n<cs-[0-9a-f-]{36}>\nExample 1:\nHi Dana, here is our pricing/);
  });
});

describe('scout handlers', () => {
  it("scout.lead scores the thread's correspondent and briefs on them from the rep's own data", async () => {
    serveThread('Interesting. What would a 40-seat pilot cost, and could we start in February?');
    const view = await lead();
    expect(view).toMatchObject({ contactKey: DANA, email: DANA, name: 'Dana Whitfield', suppression: null });
    expect(view.score.score).toBeGreaterThanOrEqual(0);
    expect(view.score.factors.length).toBeGreaterThan(0);
    expect(view.brief).toMatchObject({ synthesis: null, partial: FACTS_ONLY });
    // Asked for a summary with no model configured: the facts, saying why there is no summary.
    const asked = (await handlers['scout.lead']({ type: 'scout.lead', threadId: THREAD, synthesise: true }, gmailTab)) as ScoutLeadView;
    expect(asked.brief).toMatchObject({ synthesis: null, partial: NO_MODEL });
    expect(view.brief.facts.length).toBeGreaterThan(0);
    expect((await db.leads.get(DANA))?.threadIds).toEqual([THREAD]);
  });

  it('scout.lead shows a suppressed lead as such', async () => {
    serveThread('Please unsubscribe me.');
    const view = await lead();
    expect(view.suppression).toMatchObject({ reason: 'opt_out', description: expect.stringMatching(/^dana@northwind-logistics\.com opted out on 2026-01-02/) });
  });

  it('scout.override sets a score by hand (audited) until revoked; scout.today reflects it', async () => {
    serveThread('Interesting. What would a 40-seat pilot cost?');
    await lead();
    const override = (await handlers['scout.override'](
      { type: 'scout.override', contactKey: DANA, target: { type: 'score', value: 97 }, reason: 'Met at the trade show, ready to buy', expiresAt: null },
      panel,
    )) as { id: string };
    const today = (await handlers['scout.today']({ type: 'scout.today' }, panel)) as { ranked: { contactKey: string; score: number }[] };
    expect(today.ranked).toEqual([expect.objectContaining({ contactKey: DANA, score: 97 })]);
    expect((await lead()).score.overridden).toMatchObject({ id: override.id, value: 97 });

    await handlers['scout.override.revoke']({ type: 'scout.override.revoke', overrideId: override.id, reason: 'Wrong Dana' }, panel);
    expect((await lead()).score.overridden).toBeNull();
    const audit = await db.audit.where('action').anyOf('override.added', 'override.revoked').toArray();
    expect(audit.map((e) => [e.action, e.actor.type])).toEqual([
      ['override.added', 'human'],
      ['override.revoked', 'human'],
    ]);
  });

  it('suppression.add / list / remove manage the list by hand, audited, and adding holds outbox items', async () => {
    const added = await handlers['suppression.add']({ type: 'suppression.add', email: 'Lee@Northwind-Logistics.com', note: 'Asked on the phone not to be emailed' }, panel);
    expect(added).toMatchObject({ added: true, held: [], suppression: { email: 'lee@northwind-logistics.com', reason: 'manual', by: { type: 'human', id: 'rep' } } });
    expect(await handlers['suppression.list']({ type: 'suppression.list' }, panel)).toEqual([expect.objectContaining({ email: 'lee@northwind-logistics.com' })]);
    await handlers['suppression.remove']({ type: 'suppression.remove', email: 'lee@northwind-logistics.com', reason: 'Called back, wants the pricing by email' }, panel);
    expect(await handlers['suppression.list']({ type: 'suppression.list' }, panel)).toEqual([]);
    await expect(handlers['suppression.remove']({ type: 'suppression.remove', email: 'lee@northwind-logistics.com', reason: 'again' }, panel)).rejects.toMatchObject({
      code: 'not_found',
    });
    const entries = await db.audit.orderBy('seq').toArray();
    expect(entries.map((e) => e.action)).toEqual(['suppression.added', 'suppression.removed']);
    expect(entries[0]?.detail).toMatchObject({ reason: 'manual', note: 'Asked on the phone not to be emailed' });
  });

  it("scout.lead reads the active CRM: a customer there is flagged above the score, and the brief cites the CRM", async () => {
    const local = crm.local;
    const up = await local.batchUpsert('contact', [{ patch: { email: DANA, firstName: 'Dana', title: 'Operations Director', properties: { lifecyclestage: 'customer' } } }]);
    const id = (up.results[0] as { id: string }).id;
    await local.addNote({ crm: 'local', type: 'contact', id }, 'Renewal call booked for March');
    serveThread('Interesting. What would a 40-seat pilot cost?');
    const view = await lead();
    expect(view.crm).toMatchObject({ system: 'The local CRM', state: 'read', message: null });
    expect(view.score.flags).toEqual([expect.objectContaining({ kind: 'existing_customer', evidence: expect.objectContaining({ source: 'crm' }) })]);
    const crmFacts = view.brief.facts.filter((f) => f.evidence.source === 'crm').map((f) => f.text);
    expect(crmFacts.join('\n')).toMatch(/Operations Director/);
    expect(crmFacts.join('\n')).toMatch(/Renewal call booked for March/);
  });

  it('a CRM that fails leaves the lead card working, says so, and keeps what the CRM said last time', async () => {
    await crm.local.batchUpsert('contact', [{ patch: { email: DANA, properties: { hs_email_optout: 'true' } } }]);
    serveThread('Interesting. What would a 40-seat pilot cost?');
    expect((await lead()).score.flags.map((f) => f.kind)).toEqual(['do_not_contact']);
    // Now the system of record is a HubSpot that answers 503 to everything.
    const down = new CrmApiError('hubspot', 'server', 'HTTP 503', 'HubSpot is unavailable (503). Try again shortly.', true, 503);
    remote = new Proxy({ kind: 'hubspot' } as CrmAdapter, {
      // Not a thenable ('then' undefined), else awaiting the adapter would call it.
      get: (target, prop) => (prop === 'kind' ? target.kind : prop === 'then' ? undefined : async () => Promise.reject(down)),
    });
    await services.settings.update({ crm: { active: 'hubspot' } });
    const view = await lead();
    expect(view.crm).toMatchObject({ system: 'HubSpot', state: 'failed', message: expect.stringMatching(/HubSpot could not be read \(HubSpot is unavailable \(503\)/) });
    expect(view.score.flags.map((f) => f.kind)).toEqual(['do_not_contact']);
  });

  it('scout.lead by email serves a CRM contact page, with no thread; a request naming both or neither is refused', async () => {
    const crmTab = { kind: 'crm-content', tabId: 2, origin: 'https://app.hubspot.com', url: 'https://app.hubspot.com/contacts/1/record/0-1/42' } as const;
    const view = (await handlers['scout.lead']({ type: 'scout.lead', email: 'lee@initech.test', name: 'Lee', synthesise: false } as never, crmTab)) as ScoutLeadView;
    expect(view).toMatchObject({ contactKey: 'lee@initech.test', name: 'Lee', suppression: null, crm: { state: 'read' } });
    const { Request } = await import('../protocol/messages');
    expect(Request.safeParse({ type: 'scout.lead', threadId: THREAD, email: 'lee@initech.test' }).success).toBe(false);
    expect(Request.safeParse({ type: 'scout.lead' }).success).toBe(false);
    expect(Request.safeParse({ type: 'scout.lead', email: 'lee@initech.test' }).success).toBe(true);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Locator, Page } from '@playwright/test';
import { expect, sendRuntimeMessage } from './extension';
import { repoRoot } from './paths';
import type { Standins } from './standins';

/** The constructed Northwind thread: the Gmail page shows it, the Gmail API stand-in serves it. */
export const THREAD_ID = '18c2f1a9b7e4d3c0';
export const GMAIL_URL = `https://mail.google.com/mail/u/0/#inbox/${THREAD_ID}`;
export const REP = { name: 'Sam Rep', email: 'sam.rep@example.com' };
export const PROSPECT = { name: 'Dana Whitfield', email: 'dana@northwind-logistics.com' };
export const MODEL_KEY = 'sk-test-countersign-0123456789';
export const DRAFT_BODY =
  'Hi Dana,\n\nFor 40 seats on the annual plan, and a 6-week pilot for your 12-person Chicago dispatch team starting next month, I can send a one-page quote today. Would Thursday at 2pm work to walk through it?';

const fixture = (name: string) => fs.readFileSync(path.join(repoRoot, 'e2e/fixtures', name), 'utf8');

/** Serves the constructed thread page at Gmail's real URL, so the real match patterns fire. */
export async function serveGmail(context: BrowserContext): Promise<void> {
  const html = fixture('gmail-thread.constructed.html');
  await context.route('https://mail.google.com/**', (route) =>
    route.request().resourceType() === 'document' ? route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }) : route.fulfill({ status: 404, body: '' }),
  );
}

export function seedThread(standins: Standins): void {
  standins.gmail.emailAddress = REP.email;
  standins.gmail.addThread({
    id: THREAD_ID,
    messages: [
      {
        id: '18c2f1a9b7e4d3c0',
        from: `${REP.name} <${REP.email}>`,
        to: `${PROSPECT.name} <${PROSPECT.email}>`,
        subject: 'Pricing for 40 seats',
        date: 'Sun, 03 Dec 2023 09:55:00 -0800',
        messageId: '<sam-1203@example.com>',
        text: 'Hi Dana,\n\nThanks for the call on Friday. As promised, I am putting together pricing for 40 seats.\n\nBefore I send numbers: would you want to start with a smaller pilot, and if so, when?\n\nBest,\nSam Rep',
        labelIds: ['SENT'],
      },
      {
        id: '18c3a07d5e2b9f41',
        from: `${PROSPECT.name} <${PROSPECT.email}>`,
        to: `${REP.name} <${REP.email}>`,
        subject: 'Re: Pricing for 40 seats',
        date: 'Wed, 06 Dec 2023 14:57:00 -0600',
        messageId: '<CAF-dana-1206@northwind-logistics.com>',
        inReplyTo: '<sam-1203@example.com>',
        references: '<sam-1203@example.com>',
        text: 'Hi Sam,\n\nCould you send pricing for 40 seats? We would also like to run a pilot starting next month with our Chicago dispatch team (about 12 people). What would a pilot cost, and how long does it usually run?\n\nThanks,\nDana Whitfield\nOperations Director, Northwind Logistics',
        html: '<div dir="ltr">Hi Sam,<br><br>Could you send pricing for <b>40 seats</b>? We would also like to run a pilot starting next month with our Chicago dispatch team (about 12 people). What would a pilot cost, and how long does it usually run?<br><br>Thanks,<br>Dana Whitfield<br>Operations Director, Northwind Logistics<img src="https://tracker.example/pixel.gif" onerror="alert(1)"></div>',
        labelIds: ['INBOX'],
      },
    ],
  });
  standins.openai.handler = () => JSON.stringify({ body: DRAFT_BODY, evidence: [{ claim: '12-person Chicago dispatch team', source: 'Dana: "our Chicago dispatch team (about 12 people)"' }] });
}

/** Settings and Gmail connection through the protocol, as the popup's form would send them. */
export async function configure(panel: Page, extra: Record<string, unknown> = {}): Promise<void> {
  const saved = await sendRuntimeMessage<{ ok: boolean }>(panel, {
    type: 'settings.update',
    patch: { model: { baseUrl: 'https://api.openai.com/v1', model: 'gpt-4o-mini', timeoutMs: 20_000 }, gmail: { clientId: 'countersign-test.apps.googleusercontent.com' }, rep: { name: REP.name }, modelApiKey: MODEL_KEY, ...extra },
  });
  expect(saved).toMatchObject({ ok: true });
  expect(await sendRuntimeMessage(panel, { type: 'gmail.connect' })).toMatchObject({ ok: true, data: { secrets: { gmailConnected: true, gmailAccount: REP.email } } });
}

/** The injected Gmail panel (its shadow root is open; Playwright locators pierce it). */
export const gmailPanel = (page: Page): Locator => page.locator('countersign-panel');

export async function openThread(page: Page): Promise<Locator> {
  await page.goto(GMAIL_URL);
  const panel = gmailPanel(page);
  await expect(panel.getByTestId('cs-thread-subject')).toContainText('Pricing for 40 seats');
  return panel;
}

/** Generate a draft in the Gmail panel and queue it; returns the panel. */
export async function draftAndQueue(page: Page): Promise<Locator> {
  const panel = await openThread(page);
  await panel.getByTestId('cs-draft-generate').click();
  await expect(panel.getByTestId('cs-draft-body')).toHaveValue(/Chicago dispatch team/, { timeout: 20_000 });
  await panel.getByTestId('cs-draft-queue').click();
  await expect(panel.getByTestId('cs-status')).toContainText(/Queued for approval/i);
  return panel;
}

export const approvalItems = (panel: Page): Locator => panel.getByTestId('cs-approval');

/** What the approval panel shows for an item: the fields a human approves. */
export async function shownApproval(item: Locator) {
  const text = async (id: string) => ((await item.getByTestId(id).textContent()) ?? '').trim();
  return {
    from: await text('cs-approval-from'),
    to: await text('cs-approval-to'),
    cc: await text('cs-approval-cc'),
    subject: await text('cs-approval-subject'),
    body: (await item.getByTestId('cs-approval-body').textContent()) ?? '',
    thread: await text('cs-approval-thread'),
    hash: (await item.getByTestId('cs-approval-hash').getAttribute('title')) ?? '',
  };
}

/** Audit actions starting with `prefix` (e.g. 'email.'), oldest first, as the background reports them. */
export async function auditActions(panel: Page, prefix = ''): Promise<string[]> {
  const res = await sendRuntimeMessage<{ ok: true; data: { action: string }[] }>(panel, { type: 'audit.list', limit: 500 });
  return res.data.map((e) => e.action).filter((a) => a.startsWith(prefix)).reverse();
}

/** Ten contacts: Dana continues the Northwind thread, nine are new. */
export const SEQUENCE_CONTACTS = [
  { email: PROSPECT.email, name: PROSPECT.name, company: 'Northwind Logistics', threadId: THREAD_ID },
  ...['Avery', 'Blake', 'Casey', 'Devon', 'Emery', 'Finley', 'Harper', 'Jordan', 'Kendall'].map((name, i) => ({ email: `${name.toLowerCase()}@prospect-${i}.example`, name: `${name} Lane`, company: `Prospect ${i} Freight` })),
];

/** Herald's model stand-in writes each step for the recipient named in the (fenced) prompt. */
function sequenceStepFor(prompt: string): string {
  const [, name = 'there', email = ''] = /Recipient: ([^<]+?) <([^>]+)>/.exec(prompt) ?? [];
  const first = name.split(' ')[0];
  const body =
    email === PROSPECT.email
      ? `Hi ${first},\n\nYou asked what a pilot for your Chicago dispatch team would cost. For 12 people over six weeks it is a flat fee, credited against the 40-seat plan if you continue. Shall I send the one-page quote before Thursday?`
      : `Hi ${first},\n\nWe help freight teams plan dispatch routes in half the time, and a pilot takes one afternoon to set up. Would a short call next week be useful to see whether it fits how you work today?`;
  return JSON.stringify({ subject: 'Dispatch planning pilot', body, evidence: [] });
}

/** Herald's model stand-in answers each sequence step with sequenceStepFor. */
export function writeSequenceSteps(standins: Standins): void {
  standins.openai.handler = (req) => sequenceStepFor((req.body?.messages ?? []).map((m) => String(m.content)).join('\n'));
}

/**
 * A fixed-offset zone where it is about noon now, so a whole-day window is open whenever the test
 * runs (in UTC, a run in the day's last minute found the window closed). Etc/GMT-N is UTC+N.
 */
function middayZone(): string {
  const offset = Math.max(-12, Math.min(14, 12 - new Date().getUTCHours()));
  return offset === 0 ? 'UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

/** A person creates a two-step sequence for the ten contacts (due now: every day, all day) and asks for due steps: ten items queued, none sent. */
export async function startSequence(panel: Page): Promise<string> {
  const created = await sendRuntimeMessage<{ ok: boolean; data: { id: string } }>(panel, {
    type: 'sequence.create',
    name: 'Dispatch pilot',
    timeZone: middayZone(),
    window: { start: '00:00', end: '23:59', days: [0, 1, 2, 3, 4, 5, 6] },
    steps: [{ delayBusinessDays: 0, instructions: 'Offer the dispatch planning pilot with one clear ask.' }, { delayBusinessDays: 3, instructions: 'Follow up briefly.' }],
    contacts: SEQUENCE_CONTACTS,
  });
  expect(created).toMatchObject({ ok: true });
  const run = await sendRuntimeMessage<{ ok: boolean; data: { queued: number; errors: unknown[] } }>(panel, { type: 'sequence.run' });
  expect(run, JSON.stringify(run)).toMatchObject({ ok: true, data: { queued: 10, errors: [] } });
  return created.data.id;
}

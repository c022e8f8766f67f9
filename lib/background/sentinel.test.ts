// Sentinel through the real background: real services, handlers, router and runner over a fresh
// database, a controllable clock, and fault injection only at the edges (the network, a remote CRM
// adapter, the storage estimate). Each fault must raise its alert at its level in one check and
// stay visible until its condition is gone AND a person has acknowledged it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { testBackground } from '../../test/background';
import { memoryStorage } from '../../test/fixtures';
import { freshDb, queueChecked, seedDraft } from '../../test/fixtures';
import { appendAudit, auditedTransaction } from '../audit/log';
import { HEALTH_THRESHOLDS, type StorageEstimateLike } from '../agents/sentinel/health';
import { recordSend } from '../agents/herald/sequences/monitoring';
import { applyTriage } from '../agents/herald/sequences/triage-stops';
import { readEml } from '../agents/scout/triage/corpus.test-helper';
import { triageInbound } from '../agents/scout/triage/record';
import { triageRaw } from '../agents/scout/triage/triage';
import type { ConnectionCheck, CrmAdapter } from '../crm/model';
import type { AlertRow, ApprovalRow, CountersignDb } from '../db/schema';
import { route } from '../protocol/router';
import type { AlertView, OperatorView, Status } from '../protocol/responses';
import type { Handlers } from '../protocol/router';
import type { SenderContext } from '../protocol/sender';
import { SECRET } from '../settings/store';
import type { Services } from './services';
import { auditCsv, csvField } from './audit-export';
import type { SentinelEffects } from './sentinel';

const T0 = Date.UTC(2026, 0, 5, 12);
const MIN = 60_000;
const PROBE_MS = 100;
const panel: SenderContext = { kind: 'approval-panel', url: 'chrome-extension://x/sidepanel.html' };
const popup: SenderContext = { kind: 'popup', url: 'chrome-extension://x/popup.html' };
const THREAD = '18c2f1a9b7e4d3c0';
const gmailTab: SenderContext = { kind: 'gmail-content', tabId: 1, origin: 'https://mail.google.com', url: `https://mail.google.com/mail/u/0/#inbox/${THREAD}` };
const MODEL_KEY = 'sk-test-7f3a9c1e5b2d4f6a8c0e';
const CRM_TOKEN = 'pat-na1-0b9c8d7e-6f5a-4b3c-2d1e';
const GMAIL_TOKEN = 'ya29.a0AfB_secret_access_token';

let db: CountersignDb;
let now: number;
let services: Services;
let handlers: Handlers;
let hooks: ReturnType<typeof testBackground>['hooks'];
let notes: { id: string; title: string; message: string }[];
let badges: { count: number; held: boolean }[];
let internalErrors: unknown[];
/** The fetch the background uses: the model endpoint and Gmail, per test. */
let net: (url: string, init: RequestInit) => Promise<Response>;
let remote: CrmAdapter | null;
let estimate: StorageEstimateLike;
/** Outbox runs kicked by the handlers (approve, acknowledge, release). */
let kicks: Promise<void>[];

const effects: SentinelEffects = {
  notify: async (n) => void notes.push(n),
  badge: async (count, held) => void badges.push({ count, held }),
};

beforeEach(() => {
  db = freshDb();
  now = T0;
  notes = [];
  badges = [];
  internalErrors = [];
  kicks = [];
  remote = null;
  estimate = { usage: 10, quota: 100 };
  net = async (url) => Promise.reject(new Error(`no network in this test: ${url}`));
  const bg: ReturnType<typeof testBackground> = testBackground(db, {
    now: () => now,
    fetch: (input, init) => net(String(input), init ?? {}),
    remote: async () => remote,
    effects,
    storageEstimate: async () => estimate,
    thresholds: { ...HEALTH_THRESHOLDS, probeTimeoutMs: PROBE_MS },
    kickOutbox: () => void kicks.push(bg.services.outbox.runDue()),
  });
  ({ services, handlers, hooks } = bg);
});

afterEach(() => {
  vi.useRealTimers();
  db.close();
});

/** A request through the real router (parsing, sender policy), unwrapped. */
async function ask<T>(type: string, extra: Record<string, unknown> = {}, sender: SenderContext = panel): Promise<T> {
  const envelope = await route({ type, ...extra }, sender, handlers, (e) => {
    internalErrors.push(e);
    hooks.sentinel.errors.record();
  });
  if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), { code: envelope.error.code });
  return envelope.data as T;
}

const check = () => ask<OperatorView>('sentinel.check');
const alertFor = (view: OperatorView, key: string) => view.alerts.find((a) => a.key === key);
const closedAlert = async (key: string) => (await db.alerts.where('key').equals(key).toArray()).find((a) => a.state === 'closed');
const acknowledge = (alert: AlertRow, note = 'seen') => ask<AlertView>('alert.acknowledge', { alertId: alert.id, note });

function crmAdapter(check: () => Promise<ConnectionCheck[]>): CrmAdapter {
  return { kind: 'hubspot', checkConnection: check } as unknown as CrmAdapter;
}
const okChecks: ConnectionCheck[] = [
  { operation: 'auth', ok: true, detail: 'ok' },
  { operation: 'read', ok: true, detail: 'ok' },
  { operation: 'write', ok: true, detail: 'ok' },
  { operation: 'rate limit', ok: true, detail: '90 of 100 left' },
];

async function useModel() {
  await services.settings.update({ model: { baseUrl: 'https://models.example.test/v1', model: 'm' }, modelApiKey: MODEL_KEY });
}

/**
 * The whole "visible until gone and seen" life of one fault, in the order given: acknowledge
 * first then fix, or fix first then acknowledge. Either way it closes only after both.
 */
async function staysUntilGoneAndSeen(key: string, fix: () => Promise<void> | void, order: 'ack-first' | 'fix-first') {
  const raised = alertFor(await check(), key)!;
  if (order === 'ack-first') {
    await acknowledge(raised);
    now += 5 * MIN;
    let view = await check(); // still present: stays, acknowledged
    expect(alertFor(view, key)).toMatchObject({ id: raised.id, state: 'acknowledged', conditionPresent: true });
    await fix();
    now += 5 * MIN;
    view = await check();
    expect(alertFor(view, key)).toBeUndefined();
  } else {
    await fix();
    now += 5 * MIN;
    const view = await check(); // gone, but nobody has seen it: stays, open
    expect(alertFor(view, key)).toMatchObject({ id: raised.id, state: 'open', conditionPresent: false });
    await acknowledge(raised);
    expect(alertFor(await ask<OperatorView>('operator.view'), key)).toBeUndefined();
  }
  expect(await closedAlert(key)).toMatchObject({ id: raised.id, acknowledgedBy: { type: 'human', id: 'rep' } });
  const acks = await db.audit.where('action').equals('alert.acknowledged').filter((e) => e.subjectId === raised.id).toArray();
  expect(acks).toHaveLength(1);
  expect(acks[0]).toMatchObject({ actor: { type: 'human', id: 'rep' }, detail: { note: 'seen' } });
}

describe('Sentinel fault tests through the background', () => {
  it('CRM down (the check throws): notification in one check, a system notification, status shows the CRM not ok; closes after fix + acknowledgement', async () => {
    await services.settings.update({ crm: { active: 'hubspot' } });
    let down = true;
    remote = crmAdapter(async () => {
      if (down) throw new Error('fetch failed: ECONNREFUSED');
      return okChecks;
    });
    const view = await check();
    expect(alertFor(view, 'crm.connection')).toMatchObject({ level: 'notification', state: 'open', title: 'The CRM cannot be reached' });
    expect(view.health.find((h) => h.key === 'crm.connection')).toMatchObject({ level: 'notification', checkedAt: T0 });
    expect(view.lastCheckAt).toBe(T0);
    expect(notes).toEqual([expect.objectContaining({ id: 'countersign:crm.connection', title: 'Countersign: The CRM cannot be reached' })]);
    expect(await ask<Status>('status.get', {}, popup)).toMatchObject({ crm: { kind: 'hubspot', ok: false }, alerts: { open: 1, held: false } });
    // A second check while still down refreshes: no second alert, no second notification.
    now += 5 * MIN;
    await check();
    expect(await db.alerts.count()).toBe(1);
    expect(notes).toHaveLength(1);
    await staysUntilGoneAndSeen('crm.connection', () => void (down = false), 'ack-first');
    expect(await ask<Status>('status.get', {}, popup)).toMatchObject({ crm: { kind: 'hubspot', ok: true }, alerts: { open: 0, held: false } });
  });

  it('CRM failing its checks (auth 401, rate limit low): notification and badge; a hanging CRM is a finding within the probe deadline', async () => {
    await services.settings.update({ crm: { active: 'hubspot' } });
    remote = crmAdapter(async () => [{ operation: 'auth', ok: false, detail: 'HTTP 401' }, ...okChecks.slice(1, 3), { operation: 'rate limit', ok: false, detail: '2 of 100 left' }]);
    let view = await check();
    expect(alertFor(view, 'crm.connection')).toMatchObject({ level: 'notification', title: 'CRM auth failing' });
    expect(alertFor(view, 'crm.rate_limit')).toMatchObject({ level: 'badge' });
    remote = crmAdapter(() => new Promise<never>(() => {}));
    const started = Date.now();
    now += 5 * MIN;
    view = await check();
    expect(Date.now() - started).toBeLessThan(PROBE_MS + 2000);
    expect(view.health.find((h) => h.key === 'crm.connection')).toMatchObject({ level: 'notification', title: 'The CRM is not answering' });
    // A remote CRM chosen but not connected is said, never silently replaced by the local one.
    remote = null;
    now += 5 * MIN;
    view = await check();
    expect(view.health.find((h) => h.key === 'crm.connection')?.detail).toMatch(/HubSpot is the system of record but is not connected/);
  });

  it('the local CRM counts as reachable', async () => {
    const view = await check();
    expect(view.health.find((h) => h.key === 'crm.connection')).toMatchObject({ level: null });
    expect(await ask<Status>('status.get', {}, popup)).toMatchObject({ crm: { kind: 'local', ok: true } });
  });

  it('Gmail token expired: notification in one check; a fresh token clears the condition, a person closes it', async () => {
    await services.settings.setGmailToken({ accessToken: GMAIL_TOKEN, expiresAt: T0 - 1, account: 'sam.rep@example.com' });
    const view = await check();
    expect(alertFor(view, 'gmail.token')).toMatchObject({ level: 'notification', title: 'The Gmail sign-in has expired' });
    expect(notes.map((n) => n.id)).toEqual(['countersign:gmail.token']);
    await staysUntilGoneAndSeen('gmail.token', () => services.settings.setGmailToken({ accessToken: GMAIL_TOKEN, expiresAt: now + 3_600_000, account: 'sam.rep@example.com' }), 'fix-first');
  });

  it('Gmail not set up at all: no alert', async () => {
    expect(alertFor(await check(), 'gmail.token')).toBeUndefined();
  });

  it('model endpoint timing out (a fetch that never answers): notification within one check, the request aborted; GET {baseUrl}/models with the key', async () => {
    await useModel();
    const calls: { url: string; auth: string | null; signal: AbortSignal | null }[] = [];
    let hang = true;
    net = async (url, init) => {
      calls.push({ url, auth: new Headers(init.headers).get('authorization'), signal: init.signal ?? null });
      if (hang) return new Promise<never>(() => {}); // never settles, even when aborted
      return new Response(JSON.stringify({ data: [] }), { status: 200 });
    };
    const started = Date.now();
    const view = await check();
    expect(Date.now() - started).toBeLessThan(PROBE_MS + 2000);
    expect(alertFor(view, 'model.endpoint')).toMatchObject({ level: 'notification', title: 'The model endpoint timed out' });
    expect(calls).toEqual([{ url: 'https://models.example.test/v1/models', auth: `Bearer ${MODEL_KEY}`, signal: expect.anything() }]);
    expect(calls[0]!.signal!.aborted).toBe(true);
    await staysUntilGoneAndSeen('model.endpoint', () => void (hang = false), 'ack-first');
  });

  it('Gmail adapter degraded (reported by the Gmail page): badge in one check; clears once no hook is degraded and a person saw it', async () => {
    await ask('gmail.degraded', { hooks: ['threadId', 'subject'] }, gmailTab);
    const view = await check();
    expect(alertFor(view, 'gmail.adapter')).toMatchObject({ level: 'badge', title: 'Gmail adapter degraded: subject, threadId' });
    expect(notes).toEqual([]); // a badge, not a notification
    expect(badges.at(-1)).toEqual({ count: 1, held: false });
    // The Gmail page reports a thread read with every hook working (an empty report) once it works again.
    await staysUntilGoneAndSeen('gmail.adapter', async () => void (await ask('gmail.degraded', { hooks: [] }, gmailTab)), 'fix-first');
    expect(badges.at(-1)).toEqual({ count: 0, held: false });
  });

  it('quota nearly full: ≥ 95% is a notification, 80% a badge; the level never drops while present', async () => {
    estimate = { usage: 96, quota: 100 };
    let view = await check();
    expect(alertFor(view, 'storage.quota')).toMatchObject({ level: 'notification' });
    estimate = { usage: 85, quota: 100 };
    now += 5 * MIN;
    view = await check();
    expect(alertFor(view, 'storage.quota')).toMatchObject({ level: 'notification' });
    expect(view.health.find((h) => h.key === 'storage.quota')).toMatchObject({ level: 'badge' });
    await staysUntilGoneAndSeen('storage.quota', () => void (estimate = { usage: 10, quota: 100 }), 'ack-first');
  });

  it('background errors: internal errors the router logs are counted; five in an hour raise a badge', async () => {
    const boom = handlers['audit.verify'];
    handlers['audit.verify'] = async () => {
      throw new Error('disk on fire');
    };
    for (let i = 0; i < 5; i += 1) await expect(ask('audit.verify')).rejects.toMatchObject({ code: 'internal' });
    handlers['audit.verify'] = boom;
    expect(internalErrors).toHaveLength(5);
    expect(alertFor(await check(), 'background.errors')).toMatchObject({ level: 'badge' });
    now += 61 * MIN;
    expect(alertFor(await check(), 'background.errors')).toMatchObject({ state: 'open', conditionPresent: false });
  });

  it('all faults at once: each at its level in one check', async () => {
    await services.settings.update({ crm: { active: 'hubspot' } });
    remote = crmAdapter(async () => Promise.reject(new Error('503')));
    await useModel();
    net = () => new Promise<never>(() => {});
    await services.settings.setGmailToken({ accessToken: GMAIL_TOKEN, expiresAt: T0 - 1, account: 'sam.rep@example.com' });
    await ask('gmail.degraded', { hooks: ['composeBox'] }, gmailTab);
    estimate = { usage: 99, quota: 100 };
    const view = await check();
    expect(Object.fromEntries(view.alerts.map((a) => [a.key, a.level]))).toEqual({
      'crm.connection': 'notification',
      'model.endpoint': 'notification',
      'gmail.token': 'notification',
      'storage.quota': 'notification',
      'gmail.adapter': 'badge',
    });
    expect(notes).toHaveLength(4);
    // Highest level first.
    expect(view.alerts.at(-1)?.key).toBe('gmail.adapter');
  });
});

describe('no secret reaches an alert, the audit log, a notification or a log line', () => {
  it('a model endpoint that echoes the key and a CRM error that names its token are redacted', async () => {
    const logged: string[] = [];
    const spies = (['log', 'warn', 'error'] as const).map((m) => vi.spyOn(console, m).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' '))));
    try {
      await useModel();
      await services.settings.setGmailToken({ accessToken: GMAIL_TOKEN, expiresAt: T0 - 1, account: 'sam.rep@example.com' });
      await services.settings.putSecret(SECRET.crm.hubspot, CRM_TOKEN);
      await services.settings.update({ crm: { active: 'hubspot' } });
      remote = crmAdapter(async () => Promise.reject(new Error(`proxy said: Authorization: Bearer ${CRM_TOKEN} is invalid`)));
      // First: the transport fails with the header in its message; then: a 401 whose body echoes it.
      net = async (_url, init) => Promise.reject(new TypeError(`connect failed with headers ${JSON.stringify(init.headers)}`));
      await check();
      net = async () => new Response(JSON.stringify({ error: { message: `Incorrect API key provided: ${MODEL_KEY}` } }), { status: 401 });
      now += 5 * MIN;
      await ask('sentinel.check', {}, popup);
      const view = await ask<OperatorView>('operator.view');
      expect(view.health.find((h) => h.key === 'model.endpoint')?.detail).toBe('The model at models.example.test refused the API key (HTTP 401).');
      expect(view.health.find((h) => h.key === 'crm.connection')?.detail).toContain('[redacted]');
      const everything = JSON.stringify([view, await db.audit.toArray(), await db.alerts.toArray(), notes, logged, await ask('audit.export', { format: 'csv' }), await ask<Status>('status.get', {}, popup)]);
      for (const secret of [MODEL_KEY, CRM_TOKEN, GMAIL_TOKEN]) expect(everything).not.toContain(secret);
      expect(everything).toContain('model.endpoint');
    } finally {
      for (const s of spies) s.mockRestore();
    }
  });
});

// The outbox's Gmail: it has sent nothing before, and records each send.
function gmailOutbox() {
  const sent: string[] = [];
  net = async (url, init) => {
    if (url.includes('/messages/send')) {
      sent.push(String(init.body));
      return new Response(JSON.stringify({ id: `gm-${sent.length}`, threadId: THREAD }), { status: 200 });
    }
    if (url.includes('/messages?')) return new Response(JSON.stringify({ resultSizeEstimate: 0 }), { status: 200 });
    return Promise.reject(new Error(`unexpected ${url}`));
  };
  return sent;
}

async function approvedItem(): Promise<ApprovalRow> {
  const row = await queueChecked(db, (await seedDraft(db)).id, { type: 'agent', id: 'herald' });
  await ask('approval.approve', { approvalId: row.id, contentHash: row.contentHash });
  await Promise.all(kicks);
  return (await db.approvals.get(row.id))!;
}

const HARD_BOUNCES = ['rfc3464-26.eml', 'rfc3464-35.eml', 'lhost-gmail-18.eml'];
const MAILBOX = 'sam.rep@example.com';

describe('a bounce spike from the fixture corpus holds sending until a person acknowledges', () => {
  it('spike → hold; an approved item waits (not lost, not sent); acknowledge → sent once', async () => {
    await services.settings.setGmailToken({ accessToken: GMAIL_TOKEN, expiresAt: T0 + 24 * 3_600_000, account: MAILBOX });
    const sent = gmailOutbox();
    // 25 sends went out from the mailbox (as the outbox's after-send hook records them).
    const leads = Array.from({ length: 25 }, (_, i) => `lead${i}@prospect${i}.example`);
    for (const [i, to] of leads.entries()) await recordSend(db, { approvalId: `earlier-${i}`, mailbox: MAILBOX, to }, T0 - 3_600_000 + i * 1000);
    // Three real bounce reports, readdressed to three of those leads, through Scout's triage and the sequence monitor.
    for (const [i, file] of HARD_BOUNCES.entries()) {
      const raw = readEml(file);
      const original = (await triageRaw(raw)).bounce?.recipient;
      expect(original, file).toBeTruthy();
      const text = Buffer.from(raw).toString('latin1').replace(new RegExp(original!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), leads[i]!);
      const triaged = await triageInbound(db, { messageId: `bounce-${i}`, threadId: `t-bounce-${i}`, from: 'mailer-daemon@mx.example.net', raw: new Uint8Array(Buffer.from(text, 'latin1')) }, T0 - 60_000);
      expect(triaged.row.result).toMatchObject({ class: 'bounce', bounce: { type: 'hard' } });
      await applyTriage(db, { ...triaged.row, recipient: triaged.suppressed?.email ?? null }, T0 - 60_000);
    }
    expect(await db.sequenceEvents.filter((e) => e.kind === 'hard_bounce').count()).toBe(3);

    let view = await check();
    const key = `bounce.spike:${MAILBOX}`;
    const hold = alertFor(view, key)!;
    expect(hold).toMatchObject({ level: 'hold', state: 'open', source: 'deliverability', title: `Bounce spike: sending held for ${MAILBOX}` });
    expect(view.alerts[0]!.id).toBe(hold.id); // holds first
    expect(view.hold).toEqual({ held: true, alertIds: [hold.id] });
    expect(view.deliverability.mailboxes[0]).toMatchObject({ mailboxKey: MAILBOX, sends: 25, hardBounces: 3, spike: { spike: true } });
    expect(notes.find((n) => n.id === `countersign:${key}`)?.message).toMatch(/^Sending is held until you acknowledge this/);
    expect(badges.at(-1)).toEqual({ count: 1, held: true });
    expect(await ask<Status>('status.get', {}, popup)).toMatchObject({ alerts: { open: 1, held: true } });

    // A person approves an item while held: it waits, approved, attempts unchanged.
    const item = await approvedItem();
    expect(item).toMatchObject({ state: 'approved', attempts: 0, lastError: null });
    now += 5 * MIN;
    view = await check(); // the next scheduled run cannot lift it
    expect(view.hold.held).toBe(true);
    await services.outbox.runDue(); // nor can the alarm's outbox run
    expect(sent).toEqual([]);
    expect(await db.approvals.get(item.id)).toEqual(item);
    expect(view.queue).toMatchObject({ approved: 1, sending: 0, failed: 0 });

    // A person acknowledges: the hold lifts, the kick sends it, exactly once.
    const acked = await acknowledge(hold as AlertRow, 'removed the bad list');
    expect(acked).toMatchObject({ state: 'acknowledged', acknowledgedBy: { type: 'human', id: 'rep' }, ackNote: 'removed the bad list' });
    await Promise.all(kicks);
    expect(sent).toHaveLength(1);
    expect(await db.approvals.get(item.id)).toMatchObject({ state: 'sent', attempts: 1 });
    await services.outbox.runDue();
    now += 5 * MIN;
    view = await check();
    expect(sent).toHaveLength(1);
    // The condition is still there: the alert stays visible (acknowledged), but no longer holds.
    expect(alertFor(view, key)).toMatchObject({ state: 'acknowledged', conditionPresent: true });
    expect(view.hold.held).toBe(false);
  });
});

describe('hold.set: a person holds and releases all sending', () => {
  it('holds (logged as the person), the approved item waits, releasing sends it once', async () => {
    await services.settings.setGmailToken({ accessToken: GMAIL_TOKEN, expiresAt: T0 + 3_600_000, account: MAILBOX });
    const sent = gmailOutbox();
    let view = await ask<OperatorView>('hold.set', { held: true, note: 'checking the list' }, popup);
    expect(view.hold.held).toBe(true);
    expect(view.alerts[0]).toMatchObject({ key: 'manual.hold', level: 'hold', detail: 'checking the list' });
    const item = await approvedItem();
    expect(item.state).toBe('approved');
    expect(sent).toEqual([]);
    // Holding again while held changes nothing.
    await ask('hold.set', { held: true });
    expect(await db.alerts.count()).toBe(1);
    view = await ask<OperatorView>('hold.set', { held: false });
    await Promise.all(kicks);
    expect(view.hold.held).toBe(false);
    expect(sent).toHaveLength(1);
    expect(await closedAlert('manual.hold')).toBeTruthy();
    const log = (await db.audit.orderBy('seq').toArray()).filter((e) => e.action.startsWith('alert.'));
    expect(log.map((e) => [e.action, e.actor.type])).toEqual([
      ['alert.raised', 'human'],
      ['alert.acknowledged', 'human'],
      ['alert.condition_cleared', 'human'],
      ['alert.closed', 'human'],
    ]);
    // A new hold after a release is a new alert.
    await ask('hold.set', { held: true });
    expect((await ask<OperatorView>('operator.view')).hold.held).toBe(true);
    expect(await db.alerts.count()).toBe(2);
  });

  it('only a person may acknowledge: not the Gmail page, not the CRM page', async () => {
    await ask('hold.set', { held: true });
    const [alert] = await db.alerts.toArray();
    await expect(ask('alert.acknowledge', { alertId: alert!.id }, gmailTab)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(ask('alert.acknowledge', { alertId: 'nope' })).rejects.toMatchObject({ code: 'not_found' });
    await ask('alert.acknowledge', { alertId: alert!.id });
    await expect(ask('alert.acknowledge', { alertId: alert!.id })).rejects.toMatchObject({ code: 'conflict' });
  });
});

describe('audit search and export', () => {
  async function seedAudit() {
    await auditedTransaction(db, [], async () => {
      await appendAudit(db, { actor: { type: 'human', id: '=HYPERLINK("http://evil")' }, action: 'email.approved', subjectId: 'appr-1', at: T0, detail: { note: 'Hello, "Dana"\nline two' } });
      await appendAudit(db, { actor: { type: 'agent', id: 'herald' }, action: 'email.queued', subjectId: 'appr-2', at: T0 + 1, detail: { draftId: 'd-Northwind' } });
      await appendAudit(db, { actor: { type: 'system', id: 'outbox' }, action: 'email.sent', subjectId: '@appr-3', at: T0 + 2, detail: {} });
    });
  }

  it('search: any case, over action, actor id, subject and detail; newest first; limited', async () => {
    await seedAudit();
    const subjects = async (query: string, limit = 500) => (await ask<{ subjectId: string }[]>('audit.search', { query, limit })).map((e) => e.subjectId);
    expect(await subjects('EMAIL.')).toEqual(['@appr-3', 'appr-2', 'appr-1']);
    expect(await subjects('email.', 2)).toEqual(['@appr-3', 'appr-2']);
    expect(await subjects('northwind')).toEqual(['appr-2']); // detail
    expect(await subjects('HERALD')).toEqual(['appr-2']); // actor id
    expect(await subjects('appr-1')).toEqual(['appr-1']); // subject
    expect(await subjects('')).toHaveLength(3);
    expect(await subjects('nothing like this')).toEqual([]);
  });

  it('CSV: the columns, RFC 4180 quoting, and no cell a spreadsheet would run', async () => {
    await seedAudit();
    const out = await ask<{ filename: string; mime: string; content: string }>('audit.export', { format: 'csv' });
    expect(out).toMatchObject({ filename: 'countersign-audit-2026-01-05.csv', mime: 'text/csv' });
    const rows = parseCsv(out.content);
    expect(rows[0]).toEqual(['seq', 'at', 'actor type', 'actor id', 'action', 'subjectId', 'contentHash', 'detail', 'hash']);
    expect(rows).toHaveLength(4);
    const entries = await db.audit.orderBy('seq').toArray();
    expect(rows[1]).toEqual(['1', new Date(T0).toISOString(), 'human', `'=HYPERLINK("http://evil")`, 'email.approved', 'appr-1', '', JSON.stringify({ note: 'Hello, "Dana"\nline two' }), entries[0]!.hash]);
    expect(rows[3]![5]).toBe("'@appr-3");
    for (const cell of rows.flat()) expect(cell).not.toMatch(/^[=+\-@]/);
    expect(out.content.endsWith('\r\n')).toBe(true);
    expect(csvField('-1+2')).toBe("'-1+2");
    expect(csvField('+cmd|')).toBe("'+cmd|");
    expect(csvField('plain')).toBe('plain');
    expect(auditCsv([])).toBe('seq,at,actor type,actor id,action,subjectId,contentHash,detail,hash\r\n');
  });

  it('JSON: every entry and the chain check, as before', async () => {
    await seedAudit();
    const out = await ask<{ filename: string; mime: string; content: string }>('audit.export', { format: 'json' });
    expect(out).toMatchObject({ filename: 'countersign-audit-2026-01-05.json', mime: 'application/json' });
    const parsed = JSON.parse(out.content) as { chain: { ok: boolean; entries: number }; entries: unknown[] };
    expect(parsed.chain).toEqual({ ok: true, entries: 3 });
    expect(parsed.entries).toHaveLength(3);
    // format defaults to json
    expect((await ask<{ mime: string }>('audit.export')).mime).toBe('application/json');
  });
});

/** RFC 4180, for the test: quoted fields, doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else field += c;
  }
  return rows;
}

describe('time saved', () => {
  it('logs the first opening of a thread once, then counts minutes and human actions to the approved send', async () => {
    // The email gate stamps its entries with Date.now: move the system clock with the test's.
    vi.useFakeTimers({ toFake: ['Date'] });
    const at = (t: number) => {
      now = t;
      vi.setSystemTime(t);
    };
    at(T0);
    await services.settings.setGmailToken({ accessToken: GMAIL_TOKEN, expiresAt: T0 + 24 * 3_600_000, account: MAILBOX });
    await db.threads.put({ id: THREAD, snapshot: { id: THREAD, subject: 'Pricing', historyId: '1', messages: [], fetchedAt: T0 }, updatedAt: T0, historyCursor: '1' } as never);
    await ask('thread.open', { threadId: THREAD }, gmailTab);
    at(T0 + MIN);
    await ask('thread.open', { threadId: THREAD }, gmailTab);
    const opened = await db.audit.where('action').equals('thread.opened').toArray();
    expect(opened).toEqual([expect.objectContaining({ subjectId: THREAD, at: T0, actor: { type: 'system', id: 'gmail-page' } })]);

    const sent = gmailOutbox();
    const draft = await seedDraft(db);
    at(T0 + 3 * MIN);
    const { approvalId } = await ask<{ approvalId: string }>('draft.queue', { draftId: draft.id }, gmailTab); // the queue click
    at(T0 + 5 * MIN);
    const edited = await ask<{ contentHash: string }>('approval.edit', { approvalId, to: [{ name: 'Dana Whitfield', email: 'dana@northwind-logistics.com' }], cc: [], subject: 'Re: Pricing for 40 seats', body: 'Hi Dana,\n\nThe pilot can start on the 1st. Thursday at 10?\n\nSam' });
    at(T0 + 7 * MIN);
    await ask('approval.approve', { approvalId, contentHash: edited.contentHash });
    await Promise.all(kicks);
    expect(sent).toHaveLength(1);

    const { timeSaved } = await ask<OperatorView>('operator.view');
    expect(timeSaved).toEqual({
      prospects: 1,
      medianMinutes: 7,
      medianActions: 3, // queue click, edit, approve
      items: [{ contact: 'Dana Whitfield <dana@northwind-logistics.com>', threadId: THREAD, openedAt: T0, sentAt: T0 + 7 * MIN, minutes: 7, actions: 3 }],
    });
  });

  it('with nothing sent there is nothing to report', async () => {
    expect((await ask<OperatorView>('operator.view')).timeSaved).toEqual({ prospects: 0, medianMinutes: null, medianActions: null, items: [] });
  });

describe("a restarted worker keeps Sentinel's last check", () => {
  it("the operator view and status show the previous worker's findings until the next check", async () => {
    const storage = memoryStorage();
    const first = testBackground(db, { now: () => now, storage, storageEstimate: async () => ({ usage: 96, quota: 100 }), effects });
    await first.handlers['sentinel.check']({ type: 'sentinel.check' }, panel);
    const before = (await first.handlers['operator.view']({ type: 'operator.view' }, panel)) as OperatorView;
    expect(before.health.find((h) => h.key === 'storage.quota')).toMatchObject({ level: 'notification' });

    // A new worker over the same storage and database, before its first check.
    const restarted = testBackground(db, { now: () => now + 60_000, storage, storageEstimate: null, effects });
    const after = (await restarted.handlers['operator.view']({ type: 'operator.view' }, panel)) as OperatorView;
    expect(after.lastCheckAt).toBe(before.lastCheckAt);
    expect(after.health).toEqual(before.health);
    expect(((await restarted.handlers['status.get']({ type: 'status.get' }, panel)) as { crm: { ok: boolean | null } }).crm.ok).toBe(true);
  });
});
});

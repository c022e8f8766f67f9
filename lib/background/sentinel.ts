import { humanActor } from '../audit/log';
import { acknowledgeAlert, badgeCount, clearCondition, currentAlert, listAlerts, outboundHold, raiseAlert } from '../agents/sentinel/alerts';
import { loadDeliverability, type DeliverabilityOptions } from '../agents/sentinel/deliverability';
import { HEALTH_THRESHOLDS, type HealthProbes, type HealthThresholds, type StorageEstimateLike } from '../agents/sentinel/health';
import { levelRank, type ConditionResult } from '../agents/sentinel/model';
import { alertWriter, runSentinel, sentinelDeps, type AlertWriter } from '../agents/sentinel/sentinel';
import type { AlertRow, CountersignDb } from '../db/schema';
import type { ConnectionCheck, CrmKind } from '../crm/model';
import type { Handlers } from '../protocol/router';
import type { HealthView, OperatorView } from '../protocol/responses';
import { SECRET, type SettingsStore, type StorageArea } from '../settings/store';
import type { CrmServices } from './crm';
import type { Services } from './services';
import { timeSaved } from './time-saved';

/**
 * Sentinel in the background: builds its read-only probes from the live services, runs it on the
 * 'sentinel' alarm and on request, keeps the latest findings for the operator view, and turns
 * escalations into the toolbar badge and system notifications. The hold itself is an alert the
 * outbox reads (services.ts); only the handlers here, for a person, acknowledge one.
 */

export const SENTINEL_ALARM = 'sentinel';
export const SENTINEL_PERIOD_MINUTES = 5;

const CRM_LABEL: Record<CrmKind, string> = { local: 'The local CRM', hubspot: 'HubSpot', salesforce: 'Salesforce', pipedrive: 'Pipedrive' };

/** Times of recent background errors (the router's internal errors, failed runs): a small ring. */
export interface ErrorLog {
  record(at?: number): void;
  times(): number[];
}

export function createErrorLog(now: () => number, capacity = 100): ErrorLog {
  const ring: number[] = [];
  return {
    record(at = now()) {
      ring.push(at);
      if (ring.length > capacity) ring.splice(0, ring.length - capacity);
    },
    times: () => [...ring],
  };
}

/** What an escalation does outside the extension's own pages. */
export interface SentinelEffects {
  /** A system notification; `id` is per condition, so a later one replaces it. */
  notify(n: { id: string; title: string; message: string }): Promise<void>;
  /** The toolbar badge: alerts waiting for a person (0 clears it). */
  badge(count: number, held: boolean): Promise<void>;
}

/** The notification icon (Chrome requires one; the extension ships no icon file): a small red square. */
const ALERT_ICON =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAYAAABzenr0AAAAOElEQVR4nO3OMQEAIAgAQYJAVnOZTlcSiMMNP/x2sarOZAHQZ2c+CQAAAAAAAAAAAAAA4F/ARAAXuTV0Sl8zJeMAAAAASUVORK5CYII=';

export const noEffects: SentinelEffects = { notify: async () => {}, badge: async () => {} };

interface BrowserLike {
  notifications?: { create(id: string, options: { type: 'basic'; iconUrl: string; title: string; message: string; priority?: number }): Promise<unknown> };
  action?: { setBadgeText(d: { text: string }): Promise<void>; setBadgeBackgroundColor?(d: { color: string }): Promise<void> };
}

/** The browser's notifications and badge, each guarded: a missing API or a refusal is no failure. */
export function browserEffects(browser: unknown): SentinelEffects {
  const b = browser as BrowserLike;
  return {
    async notify(n) {
      if (!b.notifications?.create) return;
      try {
        await b.notifications.create(n.id, { type: 'basic', iconUrl: ALERT_ICON, title: n.title, message: n.message, priority: 2 });
      } catch (e) {
        console.warn(`Countersign: could not show a notification: ${e instanceof Error ? e.message : String(e)}`);
      }
    },
    async badge(count, held) {
      if (!b.action?.setBadgeText) return;
      try {
        await b.action.setBadgeText({ text: held ? '!' : count > 0 ? String(Math.min(count, 99)) : '' });
        await b.action.setBadgeBackgroundColor?.({ color: held ? '#b91c1c' : '#b45309' });
      } catch {
        // No badge in this browser context: nothing to do.
      }
    },
  };
}

/** Every secret's value (and, for JSON tokens, their token fields), so no finding can carry one. */
async function knownSecrets(settings: SettingsStore): Promise<string[]> {
  const raw = await Promise.all([SECRET.modelApiKey, SECRET.gmailToken, ...Object.values(SECRET.crm)].map((k) => settings.secret(k)));
  const out: string[] = [];
  for (const v of raw) {
    if (!v) continue;
    out.push(v);
    try {
      const parsed: unknown = JSON.parse(v);
      // Token fields only: an account address or an instance URL is no secret and must stay readable.
      if (parsed && typeof parsed === 'object') for (const [k, f] of Object.entries(parsed)) if (/token|secret|password|key/i.test(k) && typeof f === 'string' && f.length >= 8) out.push(f);
    } catch {
      // A plain token.
    }
  }
  return out.filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
}

export const redactSecrets = (text: string, secrets: readonly string[]): string => secrets.reduce((t, s) => t.split(s).join('[redacted]'), text);

export interface SentinelRunnerDeps {
  services: Pick<Services, 'db' | 'settings' | 'now' | 'modelProbe' | 'runtime'>;
  crm: Pick<CrmServices, 'local' | 'adapter'>;
  degraded: ReadonlySet<string>;
  errors: ErrorLog;
  effects?: SentinelEffects;
  /** navigator.storage.estimate when the context has it; null: no quota check. */
  storageEstimate?: (() => Promise<StorageEstimateLike>) | null;
  thresholds?: HealthThresholds;
  deliverability?: DeliverabilityOptions;
  /** Where the last check's findings are kept, so a restarted worker still shows them (extension storage). */
  store?: StorageArea;
}

/** Storage key of the last check's findings (secrets already redacted). */
export const LAST_CHECK_KEY = 'sentinel.lastCheck';

export interface SentinelRunner {
  /** One check run (one at a time: a run asked for during another waits for that one). */
  run(): Promise<void>;
  /** Resolves once the last check kept from an earlier worker life is read back. */
  ready(): Promise<void>;
  health(): HealthView[];
  lastCheckAt(): number | null;
  /** Whether the last check reached the CRM (null: not checked yet). */
  crmOk(): boolean | null;
  /** Sets the badge from the alerts as they are now. */
  refreshBadge(): Promise<void>;
  readonly errors: ErrorLog;
  readonly effects: SentinelEffects;
}

function defaultEstimate(): (() => Promise<StorageEstimateLike>) | null {
  const storage = (globalThis as { navigator?: { storage?: { estimate?: () => Promise<StorageEstimateLike> } } }).navigator?.storage;
  return storage?.estimate ? () => storage.estimate!() : null;
}

export function createSentinelRunner(d: SentinelRunnerDeps): SentinelRunner {
  const { db, settings } = d.services;
  const effects = d.effects ?? noEffects;
  const estimate = d.storageEstimate === undefined ? defaultEstimate() : d.storageEstimate;
  let latest: { results: ConditionResult[]; at: number } | null = null;
  // A restarted worker shows the previous worker's last check until its own first one.
  const restored = (d.store?.get(LAST_CHECK_KEY) ?? Promise.resolve({} as Record<string, unknown>))
    .then((kept) => {
      const last = kept[LAST_CHECK_KEY] as typeof latest | undefined;
      if (!latest && last && Array.isArray(last.results) && typeof last.at === 'number') latest = last;
    })
    .catch(() => {});

  async function crmProbe(): Promise<(signal: AbortSignal) => Promise<ConnectionCheck[]>> {
    const { crm } = await settings.get();
    if (crm.active === 'local') return () => d.crm.local.checkConnection();
    return async () => {
      const adapter = await d.crm.adapter(crm.active);
      if (!adapter) throw new Error(`${CRM_LABEL[crm.active]} is the system of record but is not connected: connect it in Countersign settings.`);
      return adapter.checkConnection();
    };
  }

  async function probes(): Promise<HealthProbes> {
    const sentinel = d.services.runtime.agent('sentinel');
    return {
      crm: await crmProbe(),
      model: await d.services.modelProbe(),
      gmailToken: async () => {
        const [token, s] = await Promise.all([settings.gmailToken(), settings.get()]);
        return { configured: token !== null || s.gmail.clientId !== '', expiresAt: token?.expiresAt ?? null };
      },
      degradedHooks: async () => [...d.degraded].sort(),
      storageEstimate: async () => (estimate ? estimate() : {}),
      outboxStats: () => sentinel.call<{ oldestPendingAt: number | null }>('outbox.stats', {}),
      backgroundErrors: async () => d.errors.times(),
    };
  }

  async function refreshBadge() {
    const [count, hold] = await Promise.all([badgeCount(db), outboundHold(db)]);
    await effects.badge(count, hold.held);
  }

  /** Sentinel's writer, with the escalation side effects and no secret in any title or detail. */
  function writer(secrets: readonly string[]): AlertWriter {
    const inner = alertWriter(db, d.services.now);
    return {
      raise: async (r) => {
        const clean = { ...r, title: redactSecrets(r.title, secrets), detail: redactSecrets(r.detail, secrets) };
        const outcome = await inner.raise(clean);
        if ((outcome === 'raised' || outcome === 'escalated') && levelRank(r.level) >= levelRank('notification')) {
          const message = r.level === 'hold' ? `Sending is held until you acknowledge this. ${clean.detail}` : clean.detail;
          await effects.notify({ id: `countersign:${r.key}`, title: `Countersign: ${clean.title}`, message: message.slice(0, 500) });
        }
        return outcome;
      },
      clear: inner.clear,
    };
  }

  let running: Promise<void> | null = null;
  function run(): Promise<void> {
    running ??= (async () => {
      const secrets = await knownSecrets(settings);
      const base = sentinelDeps(db, { probes: await probes(), now: d.services.now, deliverability: d.deliverability });
      const results = await runSentinel({ ...base, alerts: writer(secrets) }, d.thresholds ?? HEALTH_THRESHOLDS);
      latest = { results: results.map((r) => ({ ...r, title: redactSecrets(r.title, secrets), detail: redactSecrets(r.detail, secrets) })), at: d.services.now() };
      await d.store?.set({ [LAST_CHECK_KEY]: latest });
      await refreshBadge();
    })()
      .catch((e: unknown) => {
        d.errors.record();
        throw e;
      })
      .finally(() => {
        running = null;
      });
    return running;
  }

  return {
    run,
    ready: () => restored,
    health: () => (latest ? latest.results.map(({ key, level, title, detail, source }) => ({ key, level, title, detail, source, checkedAt: latest!.at })) : []),
    lastCheckAt: () => latest?.at ?? null,
    crmOk: () => {
      const r = latest?.results.find((x) => x.key === 'crm.connection');
      return r ? r.level === null : null;
    },
    refreshBadge,
    errors: d.errors,
    effects,
  };
}

/** Alerts not yet closed: active holds first, then by level (highest first), open before acknowledged, newest first. */
export function orderAlerts(alerts: readonly AlertRow[]): AlertRow[] {
  const activeHold = (a: AlertRow) => (a.level === 'hold' && a.state === 'open' ? 1 : 0);
  return [...alerts].sort(
    (a, b) =>
      activeHold(b) - activeHold(a) ||
      levelRank(b.level) - levelRank(a.level) ||
      (a.state === 'open' ? 0 : 1) - (b.state === 'open' ? 0 : 1) ||
      b.raisedAt - a.raisedAt,
  );
}

export async function operatorView(db: CountersignDb, runner: SentinelRunner, now: number, deliverability?: DeliverabilityOptions): Promise<OperatorView> {
  await runner.ready();
  const [alerts, hold, delivery, approvals, saved] = await Promise.all([
    listAlerts(db, { openOnly: true }),
    outboundHold(db),
    loadDeliverability(db, now, deliverability),
    db.approvals.where('state').anyOf('pending', 'approved', 'sending', 'failed').toArray(),
    timeSaved(db),
  ]);
  const queue = { pending: 0, approved: 0, sending: 0, failed: 0, oldestPendingAt: null as number | null };
  for (const a of approvals) {
    if (a.state === 'pending' || a.state === 'approved' || a.state === 'sending' || a.state === 'failed') queue[a.state] += 1;
    if (a.state === 'pending') queue.oldestPendingAt = Math.min(queue.oldestPendingAt ?? Infinity, a.createdAt);
  }
  return {
    alerts: orderAlerts(alerts),
    hold: { held: hold.held, alertIds: hold.alerts.map((a) => a.id) },
    health: runner.health(),
    lastCheckAt: runner.lastCheckAt(),
    deliverability: delivery,
    queue,
    timeSaved: saved,
  };
}

export const MANUAL_HOLD = 'manual.hold';

type SentinelRequest = 'operator.view' | 'sentinel.check' | 'alert.acknowledge' | 'hold.set';

/** The person's side: look, check now, acknowledge, hold or release their own hold. */
export function createSentinelHandlers(
  s: Pick<Services, 'db' | 'now'>,
  runner: SentinelRunner,
  kickOutbox: () => void,
  deliverability?: DeliverabilityOptions,
): Pick<Handlers, SentinelRequest> {
  const { db } = s;
  const view = () => operatorView(db, runner, s.now(), deliverability);
  /** After a person's act: the badge follows, and sending resumes if the hold lifted. */
  const after = async (wasHeld: boolean) => {
    await runner.refreshBadge();
    if (wasHeld && !(await outboundHold(db)).held) kickOutbox();
  };

  return {
    'operator.view': () => view(),

    'sentinel.check': async () => {
      await runner.run();
      return view();
    },

    'alert.acknowledge': async (req) => {
      const wasHeld = (await outboundHold(db)).held;
      const row = await acknowledgeAlert(db, req.alertId, humanActor(), req.note || null, s.now());
      await after(wasHeld);
      return row;
    },

    'hold.set': async (req) => {
      const wasHeld = (await outboundHold(db)).held;
      const person = humanActor();
      const current = await currentAlert(db, MANUAL_HOLD);
      if (req.held) {
        // A hold a person had acknowledged no longer holds: close it, then hold anew.
        if (current && current.state === 'acknowledged') await clearCondition(db, MANUAL_HOLD, s.now(), person);
        if (!current || current.state !== 'open') {
          await raiseAlert(
            db,
            { key: MANUAL_HOLD, level: 'hold', title: 'Sending held by a person', detail: req.note || 'All sending is held until someone releases or acknowledges this hold.', source: 'operator' },
            s.now(),
            person,
          );
        }
      } else if (current) {
        if (current.state === 'open') await acknowledgeAlert(db, current.id, person, req.note || 'Hold released.', s.now());
        await clearCondition(db, MANUAL_HOLD, s.now(), person);
      }
      await after(wasHeld);
      return view();
    },
  };
}

import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createHandlers } from '../lib/background/handlers';
import { chatProgress } from '../lib/background/chat';
import { listenForChatProgress } from '../lib/background/chat-port';
import { createServices } from '../lib/background/services';
import { createCrmServices } from '../lib/background/crm';
import { createRemoteCrmAdapters } from '../lib/background/crm-remote';
import { browserEffects, createErrorLog, createSentinelRunner, SENTINEL_ALARM, SENTINEL_PERIOD_MINUTES } from '../lib/background/sentinel';
import { openDb } from '../lib/db/schema';
import { route } from '../lib/protocol/router';
import { identifySender } from '../lib/protocol/sender';

const OUTBOX_ALARM = 'outbox';
/** Herald queues due sequence steps for approval (never sends) on this beat. */
const SEQUENCE_ALARM = 'sequences';
const SEQUENCE_PERIOD_MINUTES = 5;

export default defineBackground({
  type: 'module',
  main() {
    const services = createServices(openDb(), {
      storage: browser.storage.local,
      fetch: (...args) => fetch(...args),
      now: Date.now,
    });
    const degraded = new Set<string>();
    // Background errors, by time, for Sentinel's health check (times only: no message is kept).
    const errors = createErrorLog(Date.now);
    const logError = (what: string) => (e: unknown) => {
      errors.record();
      console.error(what, e);
    };

    const runOutbox = () => {
      services.outbox
        .runDue()
        .then(async () => {
          const when = await services.outbox.nextWake();
          if (when !== null) await browser.alarms.create(OUTBOX_ALARM, { when: Math.max(when, Date.now() + 1000) });
        })
        .catch(logError('Countersign outbox run failed'));
    };

    const crm = createCrmServices(services.settings, createRemoteCrmAdapters());
    const sentinel = createSentinelRunner({ services, crm, degraded, errors, effects: browserEffects(browser), store: browser.storage.local });
    const handlers = createHandlers(
      services,
      { identity: browser.identity, kickOutbox: runOutbox, degraded, sentinel },
      crm,
    );

    const extensionOrigin = browser.runtime.getURL('/').replace(/\/$/, '');
    browser.runtime.onMessage.addListener((message: unknown, sender) =>
      route(message, identifySender(sender, browser.runtime.id, extensionOrigin), handlers, logError('Countersign handler failed')),
    );
    // The operator chat's steps ("Asking Scout…") to the side panel while it waits for the answer.
    listenForChatProgress(browser.runtime.onConnect, chatProgress, browser.runtime.id, extensionOrigin);

    const runSequences = () => {
      services.sequences.run().catch(logError('Countersign sequence run failed'));
    };
    // Sentinel checks, then the outbox runs: an item that waited on a hold a person lifted goes out
    // even if the kick after the acknowledgement was lost with a stopped worker.
    const runSentinel = () => {
      sentinel
        .run()
        .catch((e: unknown) => console.error('Countersign Sentinel run failed', e))
        .finally(runOutbox);
    };

    browser.alarms.onAlarm.addListener((alarm) => {
      if (alarm.name === OUTBOX_ALARM) runOutbox();
      if (alarm.name === SEQUENCE_ALARM) runSequences();
      if (alarm.name === SENTINEL_ALARM) runSentinel();
    });
    for (const [name, periodInMinutes] of [
      [SEQUENCE_ALARM, SEQUENCE_PERIOD_MINUTES],
      [SENTINEL_ALARM, SENTINEL_PERIOD_MINUTES],
    ] as const) {
      browser.alarms
        .get(name)
        .then((existing) => {
          if (!existing) return browser.alarms.create(name, { periodInMinutes });
        })
        .catch(() => undefined);
    }

    // Chrome: the toolbar button opens the popup; the approval panel lives in the side panel.
    const sidePanel = (browser as unknown as { sidePanel?: { setPanelBehavior(o: { openPanelOnActionClick: boolean }): Promise<void> } }).sidePanel;
    sidePanel?.setPanelBehavior({ openPanelOnActionClick: false }).catch(() => undefined);

    // A worker that was stopped mid-send resumes here, on its next start; the badge shows what waits.
    runOutbox();
    sentinel.refreshBadge().catch(() => undefined);
  },
});

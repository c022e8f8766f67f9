import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createHandlers } from '../lib/background/handlers';
import { createServices } from '../lib/background/services';
import { createCrmServices } from '../lib/background/crm';
import { createRemoteCrmAdapters } from '../lib/background/crm-remote';
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

    const runOutbox = () => {
      services.outbox
        .runDue()
        .then(async () => {
          const when = await services.outbox.nextWake();
          if (when !== null) await browser.alarms.create(OUTBOX_ALARM, { when: Math.max(when, Date.now() + 1000) });
        })
        .catch((e: unknown) => console.error('Countersign outbox run failed', e));
    };

    const crm = createCrmServices(services.settings, createRemoteCrmAdapters());
    const handlers = createHandlers(
      services,
      { identity: browser.identity, kickOutbox: runOutbox, degraded },
      crm,
    );

    const extensionOrigin = browser.runtime.getURL('/').replace(/\/$/, '');
    browser.runtime.onMessage.addListener((message: unknown, sender) =>
      route(message, identifySender(sender, browser.runtime.id, extensionOrigin), handlers, (e) =>
        console.error('Countersign handler failed', e),
      ),
    );

    const runSequences = () => {
      services.sequences.run().catch((e: unknown) => console.error('Countersign sequence run failed', e));
    };

    browser.alarms.onAlarm.addListener((alarm) => {
      if (alarm.name === OUTBOX_ALARM) runOutbox();
      if (alarm.name === SEQUENCE_ALARM) runSequences();
    });
    browser.alarms.get(SEQUENCE_ALARM).then((existing) => {
      if (!existing) return browser.alarms.create(SEQUENCE_ALARM, { periodInMinutes: SEQUENCE_PERIOD_MINUTES });
    }).catch(() => undefined);

    // Chrome: the toolbar button opens the popup; the approval panel lives in the side panel.
    const sidePanel = (browser as unknown as { sidePanel?: { setPanelBehavior(o: { openPanelOnActionClick: boolean }): Promise<void> } }).sidePanel;
    sidePanel?.setPanelBehavior({ openPanelOnActionClick: false }).catch(() => undefined);

    // A worker that was stopped mid-send resumes here, on its next start.
    runOutbox();
  },
});

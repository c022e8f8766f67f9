import { afterAll, describe, expect, it } from 'vitest';
import { memoryStorage, queueChecked, seedDraft } from '../../test/fixtures';
import { random } from '../../test/random';
import { humanActor } from '../audit/log';
import { createServices } from '../background/services';
import { approve, deny } from '../gates/email-gate';
import { Coverage, deathPlan, GmailAndModel, inspect, openWorld, runPhases, WorkerLife, worldNames } from './crash.test-helper';

const SEEDS = Number(process.env.DURABILITY_SEEDS ?? 80);
const NOW = Date.UTC(2026, 0, 5, 10);
const coverage = new Coverage();
const stats = { seeds: 0, deaths: 0, restartFound: 0, ms: 0 };

/** Approved, pending and denied emails, as a person left them; the outbox then sends. */
async function sendingWorld(seed: number) {
  const rnd = random(seed);
  const names = worldNames('send', seed);
  const storage = memoryStorage();
  const gmail = new GmailAndModel();
  const boot = (life: WorkerLife) => {
    const { db, crmDb } = openWorld(names, life);
    const services = createServices(db, { storage, fetch: gmail.fetchFor(life), now: () => NOW });
    return { db, services, close: () => (db.close(), crmDb.close()) };
  };
  return { names, storage, gmail, boot, rnd };
}

async function prepare(w: Awaited<ReturnType<typeof sendingWorld>>, seed: number) {
  const life = new WorkerLife(null);
  const { db, services, close } = w.boot(life);
  await services.settings.setGmailToken({ accessToken: 'ya29.token', expiresAt: NOW + 3_600_000, account: 'sam.rep@example.com' });
  const n = 2 + Math.floor(w.rnd() * 5);
  const expected: { id: string; header: string; fate: 'approved' | 'pending' | 'denied' }[] = [];
  for (let i = 0; i < n; i++) {
    const draft = await seedDraft(db, { to: [{ name: 'Dana Whitfield', email: `dana${seed}-${i}@northwind-logistics.com` }], body: `Hi Dana,\n\nFor ${10 + i} seats the pilot would start on the 1st. Shall we book 20 minutes on Thursday?\n\nSam` });
    const row = await queueChecked(db, draft.id, { type: 'agent', id: 'herald' });
    const roll = w.rnd();
    const fate = i === 0 || roll < 0.65 ? 'approved' : roll < 0.85 ? 'pending' : 'denied';
    if (fate === 'approved') await approve(db, row.id, row.contentHash, humanActor());
    if (fate === 'denied') await deny(db, row.id, 'not now', humanActor());
    expected.push({ id: row.id, header: row.messageIdHeader, fate });
  }
  close();
  return expected;
}

describe('durability: sending through the outbox with the worker killed at random points', () => {
  afterAll(() => {
    console.info(`sending: ${stats.seeds} seeds, ${stats.deaths} deaths, ${stats.restartFound} restart checks that found the message at Gmail, ${stats.ms.toFixed(0)} ms\n  death points hit: ${coverage.summary()}`);
  });

  it(`every approved email is sent exactly once, nothing else is sent, and the audit chain verifies (${SEEDS} seeds)`, async () => {
    const t0 = performance.now();
    // Calibration: how many death points one outbox run passes in a world of this shape.
    const failures: string[] = [];
    for (let seed = 1; seed <= SEEDS; seed++) {
      const ref = await sendingWorld(seed);
      await prepare(ref, seed);
      const phase = [{ name: 'outbox', run: (w: ReturnType<typeof ref.boot>) => w.services.outbox.runDue() }];
      const { points } = await runPhases(phase, ref.boot, null);

      const world = await sendingWorld(seed);
      const expected = await prepare(world, seed);
      const plan = deathPlan(seed, points[0]!);
      const { deaths } = await runPhases(phase, world.boot, () => plan.kills, points, coverage);
      stats.deaths += deaths;

      const check = world.boot(new WorkerLife(null));
      await inspect(check, `seed ${seed}`, failures, async () => {
        for (const e of expected) {
          const row = await check.db.approvals.get(e.id);
          const sends = world.gmail.sendsOf(e.header);
          const want = e.fate === 'approved' ? { state: 'sent', sends: 1 } : { state: e.fate, sends: 0 };
          if (row?.state !== want.state || sends !== want.sends) failures.push(`seed ${seed} (deaths at ${plan.kills.join(', ')}): ${e.id} ${e.fate} → state ${row?.state}, ${sends} sends at Gmail`);
          if (row?.state === 'sent' && row.gmailMessageId !== world.gmail.sent.find((s) => s.messageIdHeader === e.header)?.id) failures.push(`seed ${seed}: ${e.id} records a Gmail id that is not the one Gmail gave`);
        }
        const sentEntries = (await check.db.audit.toArray()).filter((a) => a.action === 'email.sent');
        if (sentEntries.length !== expected.filter((e) => e.fate === 'approved').length) failures.push(`seed ${seed}: ${sentEntries.length} email.sent audit entries`);
      });
      stats.restartFound += world.gmail.restartFound;
      stats.seeds += 1;
    }
    stats.ms = performance.now() - t0;
    expect(failures).toEqual([]);
    // The restart check (Gmail asked by Message-ID before a resumed send) was exercised and found sends.
    expect(stats.restartFound).toBeGreaterThan(0);
  }, 120_000);
});

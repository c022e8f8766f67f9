import type { Actor } from '../db/schema';
import { afterAll, describe, expect, it } from 'vitest';
import { random } from '../../test/random';
import { humanActor } from '../audit/log';
import { approveCleanup, executeCleanup, localRestoreOps, previewCleanup, rollbackCleanup, type CleanupPlan } from '../agents/cipher/cleanup';
import { dumpLocalCrm, seedLocalCrm } from '../agents/cipher/cleanup/seed.test-helper';
import { LocalCrmAdapter } from '../crm/local/adapter';
import { Coverage, deathPlan, inspect, openWorld, runPhases, WorkerLife, worldNames } from './crash.test-helper';

const SEEDS = Number(process.env.DURABILITY_SEEDS ?? 40);
const NOW = Date.parse('2024-06-01T09:00:00Z');
const cipher: Actor = { type: 'agent', id: 'cipher' };
const rep = humanActor('rep');
const coverage = new Coverage();
const stats = { seeds: 0, deaths: 0, ms: 0 };

async function cleanupWorld(seed: number) {
  const rnd = random(seed);
  const names = worldNames('cleanup', seed);
  const native = rnd() < 0.5;
  const chunkSize = 1 + Math.floor(rnd() * 3);
  const boot = (life: WorkerLife) => {
    const { db, crmDb } = openWorld(names, life);
    const inner = new LocalCrmAdapter(crmDb, () => `new-${crypto.randomUUID()}`, () => NOW);
    // Half the runs through a CRM without a native merge (associations moved, loser deleted).
    const crm = native ? inner : new Proxy(inner, { get: (t, p) => (p === 'capabilities' ? { ...t.capabilities, merge: false } : ((v: unknown) => (typeof v === 'function' ? v.bind(t) : v))(Reflect.get(t, p, t))) });
    return { db, crmDb, crm, restore: localRestoreOps(crmDb), close: () => (db.close(), crmDb.close()) };
  };
  const w = boot(new WorkerLife(null));
  const groups = await seedLocalCrm(w.crmDb, { contacts: 40, groups: 2 + Math.floor(rnd() * 3) });
  const seeded = await dumpLocalCrm(w.crmDb);
  const plan: CleanupPlan = {
    actions: groups.map((g) => ({ kind: 'merge' as const, type: 'contact' as const, winnerId: g.winnerId, loserIds: g.loserIds, fieldChoices: { phone: g.loserIds[0]!, title: g.loserIds[1]! } })),
  };
  if (rnd() < 0.6) plan.actions.push({ kind: 'delete', type: 'contact', id: `c${30 + Math.floor(rnd() * 10)}` });
  if (rnd() < 0.5) plan.actions.push({ kind: 'delete', type: 'deal', id: 'd1' });
  if (rnd() < 0.6) plan.actions.push({ kind: 'update', type: 'company', id: 'co2', patch: { industry: 'Freight', properties: { tier: 'platinum' } } });
  const preview = await previewCleanup(w.db, w.crm, plan, cipher, NOW);
  await approveCleanup(w.db, preview.id, preview.proposalHash, rep, NOW);
  w.close();
  type W = ReturnType<typeof boot>;
  const phases = [
    { name: 'execute', run: (x: W) => executeCleanup(x.db, x.crm, preview.id, NOW, { chunkSize }) },
    { name: 'rollback', run: (x: W) => rollbackCleanup(x.db, x.crm, preview.id, rep, NOW + 60_000, { restore: x.restore, chunkSize }) },
  ];
  return { boot, phases, id: preview.id, seeded };
}

describe('durability: CRM cleanup and its rollback with the worker killed at random points', () => {
  afterAll(() => {
    console.info(`cleanup: ${stats.seeds} seeds, ${stats.deaths} deaths, ${stats.ms.toFixed(0)} ms\n  death points hit: ${coverage.summary()}`);
  });

  it(`an interrupted cleanup ends as an uninterrupted one; an interrupted rollback restores the seeded CRM exactly; the audit chain verifies (${SEEDS} seeds)`, async () => {
    const t0 = performance.now();
    const failures: string[] = [];
    for (let seed = 1; seed <= SEEDS; seed++) {
      // Reference: the same cleanup, uninterrupted, to compare the state after execution with.
      const ref = await cleanupWorld(seed);
      const { points } = await runPhases([ref.phases[0]!], ref.boot, null);
      const r = ref.boot(new WorkerLife(null));
      const executed = await dumpLocalCrm(r.crmDb);
      r.close();
      const { points: rbPoints } = await runPhases([ref.phases[1]!], ref.boot, null);

      const world = await cleanupWorld(seed);
      const plans = [deathPlan(seed, points[0]!), deathPlan(seed + 100_000, rbPoints[0]!)];
      const tag = `seed ${seed} (execute deaths at ${plans[0]!.kills.join(', ')} of ${points[0]}; rollback deaths at ${plans[1]!.kills.join(', ')} of ${rbPoints[0]})`;
      const exec = await runPhases([world.phases[0]!], world.boot, () => plans[0]!.kills, points, coverage);
      let check = world.boot(new WorkerLife(null));
      const afterExec = await dumpLocalCrm(check.crmDb);
      const execRow = await check.db.crmChanges.get(world.id);
      check.close();
      if (execRow?.state !== 'applied') failures.push(`${tag}: cleanup ended ${execRow?.state}`);
      if (JSON.stringify(afterExec) !== JSON.stringify(executed)) failures.push(`${tag}: the CRM after an interrupted cleanup differs from after an uninterrupted one`);

      const rb = await runPhases([world.phases[1]!], world.boot, () => plans[1]!.kills, rbPoints, coverage);
      stats.deaths += exec.deaths + rb.deaths;
      check = world.boot(new WorkerLife(null));
      await inspect(check, tag, failures, async () => {
        const final = await dumpLocalCrm(check.crmDb);
        if (JSON.stringify(final) !== JSON.stringify(world.seeded)) {
          const diff = (['contacts', 'companies', 'deals', 'associations'] as const).map((k) => `${k}: ${JSON.stringify(final[k].filter((x) => !world.seeded[k].some((y) => JSON.stringify(y) === JSON.stringify(x)))).slice(0, 400)}`);
          failures.push(`${tag}: after rollback the CRM is not the seeded one: ${diff.join('; ')}`);
        }
        const row = await check.db.crmChanges.get(world.id);
        if (row?.state !== 'rolled_back') failures.push(`${tag}: rollback ended ${row?.state}`);
      });
      stats.seeds += 1;
    }
    stats.ms = performance.now() - t0;
    expect(failures.slice(0, 10)).toEqual([]);
  }, 120_000);
});

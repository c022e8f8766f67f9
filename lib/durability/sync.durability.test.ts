import type { Actor } from '../db/schema';
import { afterAll, describe, expect, it } from 'vitest';
import { random } from '../../test/random';
import { humanActor } from '../audit/log';
import { applySync, approveSync, proposeSync, syncReport, type SyncInput } from '../agents/cipher/sync';
import { LocalCrmAdapter } from '../crm/local/adapter';
import type { LocalCrmDb } from '../crm/local/db';
import type { BatchResult, CrmAdapter, ObjectType, Upsert } from '../crm/model';
import { Coverage, deathPlan, inspect, never, openWorld, runPhases, WorkerLife, worldNames } from './crash.test-helper';

const SEEDS = Number(process.env.DURABILITY_SEEDS ?? 60);
const NOW = Date.parse('2026-03-02T09:00:00Z');
const cipher: Actor = { type: 'agent', id: 'cipher' };
const coverage = new Coverage();
const stats = { seeds: 0, deaths: 0, ms: 0 };

/**
 * The local CRM as a remote one behaves under a killed worker: batches in `batchSize`, and a
 * batch of several items may die half-applied (the CRM took the first items, the worker never
 * heard back). Its own IndexedDB writes are death points too (openWorld makes them mortal).
 */
function crmFor(crmDb: LocalCrmDb, life: WorkerLife, batchSize: number): CrmAdapter {
  const inner = new LocalCrmAdapter(crmDb, undefined, () => NOW);
  const capabilities = { ...inner.capabilities, batchSize };
  const batchUpsert = async <T extends ObjectType>(type: T, items: Upsert<T>[]): Promise<BatchResult> => {
    if (life.dead) return never();
    if (items.length > 1 && life.point('crm.batchUpsert (half applied)')) {
      await inner.batchUpsert(type, items.slice(0, Math.ceil(items.length / 2))).catch(() => undefined);
      return never();
    }
    return inner.batchUpsert(type, items);
  };
  return new Proxy(inner, {
    get(target, prop) {
      if (prop === 'capabilities') return capabilities;
      if (prop === 'batchUpsert') return batchUpsert;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  }) as CrmAdapter;
}

/** The local CRM by content: ids replaced by natural keys (email, domain, deal name), times dropped. */
async function crmByContent(crmDb: LocalCrmDb) {
  const [contacts, companies, deals, notes, associations] = await Promise.all([crmDb.contacts.toArray(), crmDb.companies.toArray(), crmDb.deals.toArray(), crmDb.notes.toArray(), crmDb.associations.toArray()]);
  const key = new Map<string, string>();
  for (const c of contacts) key.set(c.id, `contact:${c.emailKey}`);
  for (const c of companies) key.set(c.id, `company:${c.domainKey}`);
  for (const d of deals) key.set(d.id, `deal:${d.name}`);
  const swap = (v: unknown): unknown => {
    if (typeof v === 'string') return key.get(v) ?? v.replace(/^(contact|company|deal):(.+)$/, (m, _t: string, id: string) => key.get(id) ?? m);
    if (Array.isArray(v)) return v.map(swap).sort();
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'id' && k !== 'updatedAt' && k !== 'createdAt').map(([k, x]) => [k, swap(x)]));
    return v;
  };
  const rows = (r: object[]) => r.map((x) => JSON.stringify(swap(x))).sort();
  return { contacts: rows(contacts), companies: rows(companies), deals: rows(deals), notes: rows(notes), associations: rows(associations) };
}

function changesFor(seed: number) {
  const rnd = random(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const existing = Array.from({ length: 3 + Math.floor(rnd() * 4) }, (_, i) => ({ email: `known${i}@acme${i % 2}.test`, firstName: `Known${i}`, title: i % 2 ? 'Ops lead' : null, phone: null }));
  const changes: SyncInput[] = [];
  const domains = Array.from({ length: 1 + Math.floor(rnd() * 3) }, (_, i) => `new${seed}-${i}.test`);
  for (const d of domains) changes.push({ type: 'company', match: { domain: d }, patch: { domain: d, name: `New ${d}` } });
  for (const [i, e] of existing.entries()) {
    const r = rnd();
    if (r < 0.4) changes.push({ type: 'contact', match: { email: e.email }, patch: { title: `Title ${seed}-${i}` } });
    else if (r < 0.7) changes.push({ type: 'contact', match: { email: e.email }, patch: { phone: `+1 555 ${seed}${i}`, title: 'Ops lead' }, fillOnly: true, overwrite: [] });
    if (rnd() < 0.5) changes.push({ type: 'note', key: `note:known:${i}`, contact: { email: e.email }, body: `Sent: pilot note ${seed}-${i}` });
  }
  const fresh = 2 + Math.floor(rnd() * 5);
  for (let i = 0; i < fresh; i++) {
    const email = `lead${seed}-${i}@${rnd() < 0.5 ? pick(domains) : 'elsewhere.test'}`;
    const link = email.endsWith('elsewhere.test') ? {} : { link: { companyDomain: email.split('@')[1]! } };
    changes.push({ type: 'contact', match: { email }, patch: { email, firstName: `Lead${i}`, lastName: 'Park' }, ...link });
    if (rnd() < 0.5) changes.push({ type: 'note', key: `note:lead:${i}`, contact: { email }, body: `Met at the pilot call ${i}` });
  }
  for (let i = 0; i < Math.floor(rnd() * 3); i++) changes.push({ type: 'deal', patch: { name: `Deal ${seed}-${i}`, amount: 1000 * (i + 1), stageId: 'lead', pipelineId: 'default' } });
  return { existing, changes, batchSize: 1 + Math.floor(rnd() * 3) };
}

async function syncWorld(seed: number) {
  const names = worldNames('sync', seed);
  const { existing, changes, batchSize } = changesFor(seed);
  const boot = (life: WorkerLife) => {
    const { db, crmDb } = openWorld(names, life);
    return { db, crmDb, crm: crmFor(crmDb, life, batchSize), close: () => (db.close(), crmDb.close()) };
  };
  const w = boot(new WorkerLife(null));
  await w.crm.batchUpsert('contact', existing.map((patch) => ({ patch })));
  const row = await proposeSync(w.db, w.crm, changes, cipher, NOW);
  await approveSync(w.db, row.id, row.proposalHash, humanActor(), NOW);
  const before = await crmByContent(w.crmDb);
  w.close();
  const phases = [{ name: 'applySync', run: (x: ReturnType<typeof boot>) => applySync(x.db, x.crm, row.id, NOW) }];
  return { boot, phases, id: row.id, before, changes };
}

describe('durability: CRM sync with the worker killed at random points', () => {
  afterAll(() => {
    console.info(`sync: ${stats.seeds} seeds, ${stats.deaths} deaths, ${stats.ms.toFixed(0)} ms\n  death points hit: ${coverage.summary()}`);
  });

  it(`every approved record and note is applied exactly once, nothing unapproved is written, and the audit chain verifies (${SEEDS} seeds)`, async () => {
    const t0 = performance.now();
    const failures: string[] = [];
    for (let seed = 1; seed <= SEEDS; seed++) {
      const ref = await syncWorld(seed);
      const { points } = await runPhases(ref.phases, ref.boot, null);
      const r = ref.boot(new WorkerLife(null));
      const expected = await crmByContent(r.crmDb);
      r.close();

      const world = await syncWorld(seed);
      const plan = deathPlan(seed, points[0]!);
      const { deaths } = await runPhases(world.phases, world.boot, () => plan.kills, points, coverage);
      stats.deaths += deaths;

      const check = world.boot(new WorkerLife(null));
      const tag = `seed ${seed} (deaths at ${plan.kills.join(', ')} of ${points[0]})`;
      await inspect(check, tag, failures, async () => {
        const got = await crmByContent(check.crmDb);
        for (const k of ['contacts', 'companies', 'deals', 'notes', 'associations'] as const) {
          const extra = got[k].filter((x) => !expected[k].includes(x));
          const missing = expected[k].filter((x) => !got[k].includes(x));
          if (extra.length || missing.length || got[k].length !== expected[k].length) failures.push(`${tag}: ${k} differ from an uninterrupted sync: extra ${JSON.stringify(extra)}, missing ${JSON.stringify(missing)}, ${got[k].length} vs ${expected[k].length}`);
        }
        const row = await check.db.crmChanges.get(world.id);
        const report = syncReport(row as Parameters<typeof syncReport>[0]);
        const open = report.filter((x) => x.result?.status !== 'applied' && x.result?.status !== 'skipped');
        if (row?.state !== 'applied' || open.length) failures.push(`${tag}: sync ${row?.state}, not done: ${JSON.stringify(open)}`);
        const applied = (await check.db.audit.toArray()).filter((a) => a.action === 'crm.sync.record_applied').map((a) => (a.detail as { key: string }).key);
        if (new Set(applied).size !== applied.length) failures.push(`${tag}: a record's application was audited twice: ${applied.join(', ')}`);
        if (await check.db.crmChanges.where('kind').equals('sync').count() !== 1) failures.push(`${tag}: a re-proposal appeared (a record the sync itself wrote was taken for someone else's edit)`);
      });
      stats.seeds += 1;
    }
    stats.ms = performance.now() - t0;
    expect(failures.slice(0, 10)).toEqual([]);
  }, 120_000);
});

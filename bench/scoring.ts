/**
 * Scout's "today" list at scale: N leads (10,000 by default, 10–20 signals each, some flags and
 * overrides) in IndexedDB, then read all + score + prioritise, as the background does for the list.
 * IndexedDB is fake-indexeddb in Node (the unit tests' engine): slower than Chromium's, so the
 * figure is an upper bound. Medians over `runs` after one discarded warm-up.
 *
 *   npx tsx bench/scoring.ts [--leads 10000] [--runs 5]
 */
import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Icp } from '../lib/agents/scout/score/icp';
import { listScoredLeads, todayList } from '../lib/agents/scout/score/lead-store';
import { prioritise } from '../lib/agents/scout/score/prioritise';
import { scoreLead } from '../lib/agents/scout/score/score';
import type { Evidence, Flag, FlagKind, Signal } from '../lib/agents/scout/model';
import { openDb, type CountersignDb, type LeadRow, type OverrideRow } from '../lib/db/schema';
import { budgets } from './budgets';
import { summarize, type Summary } from './stats';
import { random } from '../test/random';

export const SCORING_BUDGET_MS = budgets.scoutTodayMs.limit;

export interface ScoringSample {
  leads: number;
  signals: { total: number; min: number; max: number };
  flagged: number;
  overrides: number;
  runs: number;
  seedMs: number;
  /** todayList() end to end: read all leads and overrides, score each, prioritise. */
  totalMs: Summary;
  /** The same work timed part by part, in separate passes. */
  readMs: Summary;
  scoreMs: Summary;
  prioritiseMs: Summary;
  lanes: { needsJudgement: number; ranked: number };
  budgetMs: number;
  withinBudget: boolean;
}

export const BENCH_ICP = Icp.parse({
  industries: [{ name: 'Logistics' }, { name: 'Manufacturing', weight: 0.7 }, { name: 'Retail', weight: 0.5 }, { name: 'Government', weight: -1 }],
  companySizes: [{ min: 50, max: 200, weight: 0.6 }, { min: 201, max: 2000 }, { min: 2001, max: null, weight: 0.5 }],
  seniorities: [{ level: 'c_level' }, { level: 'vp' }, { level: 'director', weight: 0.7 }, { level: 'manager', weight: 0.4 }],
  titles: [{ keyword: 'operations' }, { keyword: 'supply chain' }, { keyword: 'logistics' }],
  regions: [{ name: 'DACH' }, { name: 'North America', weight: 0.8 }, { name: 'Nordics', weight: 0.6 }],
  technologies: [{ name: 'Salesforce' }, { name: 'SAP', weight: 0.8 }, { name: 'Snowflake', weight: 0.5 }],
  competitors: [{ name: 'Acme Corp', domains: ['acme.com'] }],
});

const INDUSTRIES = ['Logistics & Supply Chain', 'Manufacturing', 'Retail', 'Software', 'Government', 'Healthcare'];
const TITLES = ['VP Operations', 'Head of Supply Chain', 'Logistics Manager', 'CEO', 'Director of Procurement', 'Software Engineer', 'Operations Analyst'];
const LEVELS = ['vp', 'vp', 'manager', 'c_level', 'director', 'ic', 'ic'];
const COUNTRIES = ['Germany', 'Austria', 'United States', 'Canada', 'Sweden', 'France', 'Brazil'];
const TECH = ['Salesforce', 'SAP', 'Snowflake', 'HubSpot', 'Google Workspace'];
const INTENT = ['pricing', 'timeline', 'budget', 'demo_request', 'trial', 'evaluation', 'comparison'];
const NEGATIVE = ['not_now', 'too_expensive', 'no_budget', 'not_interested'];
const FLAGS: FlagKind[] = ['competitor_signed', 'existing_customer', 'churned_customer', 'do_not_contact', 'bounced', 'left_company', 'out_of_office', 'legal_hold', 'owned_by_other'];

/** One lead with 10–20 signals, as extraction stores them. */
function makeLead(i: number, rnd: () => number, now: number): LeadRow {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const msg = (n: number): Evidence => ({ source: 'message', ref: `m${i}-${n}`, quote: 'Could you send pricing for 40 seats?' });
  const crm = (field: string, quote: string): Evidence => ({ source: 'crm', ref: `contact:${i}.${field}`, quote });
  const s = (group: Signal['group'], key: string, value: Signal['value'], evidence: Evidence): Signal => ({ group, key, value, evidence, extractedBy: 'rule' });
  const t = Math.floor(rnd() * TITLES.length);
  const signals: Signal[] = [
    s('fit', 'title', TITLES[t]!, crm('title', TITLES[t]!)),
    s('fit', 'seniority', LEVELS[t]!, crm('title', TITLES[t]!)),
    s('fit', 'industry', pick(INDUSTRIES), crm('industry', 'x')),
    s('fit', 'company_size', Math.floor(rnd() * 5000) + 5, crm('employees', 'x')),
    s('fit', 'region', pick(COUNTRIES), crm('properties.country', 'x')),
  ];
  for (const tech of TECH) if (rnd() < 0.35) signals.push(s('fit', 'technology', tech, crm('properties.web_technologies', tech)));
  const replies = 1 + Math.floor(rnd() * 6);
  signals.push(
    s('engagement', 'last_inbound', new Date(now - Math.floor(rnd() * 120) * 86_400_000).toISOString(), msg(replies)),
    s('engagement', 'thread_depth', replies, msg(replies)),
    s('engagement', 'reply_latency', Math.round(rnd() * 200 * 10) / 10, msg(replies)),
  );
  if (rnd() < 0.2) signals.push(s('engagement', 'meeting', true, msg(replies)));
  for (const key of INTENT) if (rnd() < 0.3) signals.push(s('intent', key, true, msg(1)));
  for (const key of NEGATIVE) if (rnd() < 0.06) signals.push(s('negative', key, true, msg(1)));
  while (signals.length < 10) signals.push(s('intent', INTENT[signals.length % INTENT.length]!, true, msg(2)));
  const flags: Flag[] = rnd() < 0.1 ? [{ kind: pick(FLAGS), detail: 'Said "we went with Acme Corp" (2024-02-01)', until: null, evidence: msg(1) }] : [];
  return { contactKey: `lead${i}@example${i % 500}.com`, email: `lead${i}@example${i % 500}.com`, name: `Lead ${i}`, company: `Company ${i % 500}`, signals: signals.slice(0, 20), flags, threadIds: [`t${i}`], updatedAt: now };
}

async function seed(db: CountersignDb, count: number, now: number): Promise<{ rows: LeadRow[]; overrides: number }> {
  const rnd = random(42);
  const rows = Array.from({ length: count }, (_, i) => makeLead(i, rnd, now));
  const overrides: OverrideRow[] = rows
    .filter((_, i) => i % 50 === 0)
    .map((r, i) => ({ id: `o${i}`, contactKey: r.contactKey, target: i % 2 ? { type: 'score', value: 80 } : { type: 'flag', kind: 'legal_hold', action: 'dismiss' }, reason: 'bench', by: { type: 'human', id: 'rep' }, at: now - 1000, expiresAt: i % 3 ? null : now + 86_400_000, revokedAt: null }));
  for (let i = 0; i < rows.length; i += 1000) await db.transaction('rw', db.leads, () => db.leads.bulkPut(rows.slice(i, i + 1000)));
  await db.overrides.bulkPut(overrides);
  return { rows, overrides: overrides.length };
}

const time = async <T>(fn: () => Promise<T> | T): Promise<[T, number]> => {
  const t0 = performance.now();
  const result = await fn();
  return [result, performance.now() - t0];
};

export async function benchScoring(options: { leads?: number; runs?: number } = {}): Promise<ScoringSample> {
  const leads = options.leads ?? 10_000;
  const runs = options.runs ?? 5;
  // Node has no IndexedDB: every Dexie opened here uses a fresh in-memory fake-indexeddb.
  Dexie.dependencies.indexedDB = new IDBFactory();
  Dexie.dependencies.IDBKeyRange = IDBKeyRange;
  const db = openDb(`bench-scoring-${process.pid}`);
  const now = Date.parse('2024-03-06T12:00:00Z');
  try {
    const [{ rows, overrides }, seedMs] = await time(() => seed(db, leads, now));
    const totals: number[] = [];
    const reads: number[] = [];
    const scores: number[] = [];
    const prioritises: number[] = [];
    let lanes = { needsJudgement: 0, ranked: 0 };
    for (let run = 0; run <= runs; run++) {
      const [today, total] = await time(() => todayList(db, BENCH_ICP, now));
      const [all, read] = await time(() => db.transaction('r', [db.leads, db.overrides], () => Promise.all([db.leads.toArray(), db.overrides.toArray()])));
      const byLead = new Map(all[1].map((o) => [o.contactKey, [o]]));
      const [scored, score] = await time(() => all[0].map((lead) => ({ lead, result: scoreLead(lead, BENCH_ICP, now, byLead.get(lead.contactKey) ?? []) })));
      const [, prio] = await time(() => prioritise(scored));
      if (run === 0) continue; // warm-up
      totals.push(total);
      reads.push(read);
      scores.push(score);
      prioritises.push(prio);
      lanes = { needsJudgement: today.needsJudgement.length, ranked: today.ranked.length };
    }
    if ((await listScoredLeads(db, BENCH_ICP, now)).length !== leads) throw new Error('bench: not every lead was read back');
    const counts = rows.map((r) => r.signals.length);
    const totalMs = summarize(totals);
    return {
      leads,
      signals: { total: counts.reduce((a, b) => a + b, 0), min: Math.min(...counts), max: Math.max(...counts) },
      flagged: rows.filter((r) => r.flags.length).length,
      overrides,
      runs,
      seedMs,
      totalMs,
      readMs: summarize(reads),
      scoreMs: summarize(scores),
      prioritiseMs: summarize(prioritises),
      lanes,
      budgetMs: SCORING_BUDGET_MS,
      withinBudget: totalMs.median < SCORING_BUDGET_MS,
    };
  } finally {
    db.close();
    await Dexie.delete(db.name);
  }
}

export function renderScoring(s: ScoringSample): string {
  const ms = (x: Summary) => `${x.median.toFixed(0)} ms (min ${x.min.toFixed(0)}, max ${x.max.toFixed(0)})`;
  return [
    `Scout today list (${s.leads.toLocaleString('en-US')} leads, ${s.signals.min}–${s.signals.max} signals each, ${s.flagged} flagged, ${s.overrides} overrides; fake-indexeddb in Node; medians of ${s.runs})`,
    `  read + score + prioritise   ${ms(s.totalMs)}   budget < ${s.budgetMs} ms: ${s.withinBudget ? 'ok' : 'OVER'}`,
    `    read all from IndexedDB   ${ms(s.readMs)}`,
    `    score                     ${ms(s.scoreMs)}`,
    `    prioritise                ${ms(s.prioritiseMs)}`,
    `  lanes: ${s.lanes.needsJudgement} need judgement, ${s.lanes.ranked} ranked; seeding took ${s.seedMs.toFixed(0)} ms`,
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { leads: { type: 'string' }, runs: { type: 'string' } } });
  benchScoring({ leads: values.leads ? Number(values.leads) : undefined, runs: values.runs ? Number(values.runs) : undefined }).then(
    (sample) => {
      console.log(renderScoring(sample));
      process.exit(sample.withinBudget ? 0 : 1);
    },
    (error: unknown) => {
      console.error(`[bench] scoring failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exit(2);
    },
  );
}

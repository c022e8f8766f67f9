import { verifyAuditLog } from '../audit/log';
// Worker-death injection for the durability tests: one "life" of the service worker counts the
// points where it may die (every IndexedDB write, every call to Gmail or the model) and, at the
// chosen one, dies: the write's transaction is aborted (IndexedDB rolls back a killed worker's open
// transactions), every later database operation of that life fails and aborts its transaction, and
// every later outside call never answers. The next life reopens the same databases by name.
import type Dexie from 'dexie';
import type { DBCore, DBCoreTable, DBCoreTransaction } from 'dexie';
import { openDb, type CountersignDb } from '../db/schema';
import { openLocalCrmDb, type LocalCrmDb } from '../crm/local/db';
import { random } from '../../test/random';

export class WorkerDied extends Error {
  constructor(at: string) {
    super(`the service worker died (${at})`);
    this.name = 'WorkerDied';
  }
}

/** Never settles: what a call in flight looks like to a worker that was stopped. */
export const never = <T>(): Promise<T> => new Promise<T>(() => {});

/** One life of the service worker. `killAt`: the 1-based death point it dies at (null: it lives). */
export class WorkerLife {
  count = 0;
  dead = false;
  diedAt: string | null = null;
  /** Every death point passed, in order (the calibration run's list of where a worker can die). */
  readonly passed: string[] = [];
  readonly died: Promise<void>;
  #resolve!: () => void;

  constructor(readonly killAt: number | null = null) {
    this.died = new Promise((r) => (this.#resolve = r));
  }

  /** Passes one death point; true when the worker is dead from here on. */
  point(label: string): boolean {
    if (this.dead) return true;
    this.count += 1;
    this.passed.push(label);
    if (this.killAt !== null && this.count === this.killAt) {
      this.dead = true;
      this.diedAt = label;
      this.#resolve();
      return true;
    }
    return false;
  }
}

function abortQuietly(trans: DBCoreTransaction): void {
  try {
    (trans as unknown as IDBTransaction).abort();
  } catch {
    // already finished or aborted
  }
}

/** Makes a Dexie database mortal with `life` (call before its first operation). */
export function mortal<D extends Dexie>(db: D, life: WorkerLife, label: string): D {
  db.use({
    stack: 'dbcore',
    name: 'worker-death',
    create(down: DBCore): DBCore {
      return {
        ...down,
        table(name: string): DBCoreTable {
          const t = down.table(name);
          const guard = <R>(trans: DBCoreTransaction, run: () => Promise<R>): Promise<R> => {
            if (!life.dead) return run();
            abortQuietly(trans);
            return Promise.reject(new WorkerDied(life.diedAt ?? 'dead'));
          };
          return {
            ...t,
            mutate(req) {
              if (life.point(`${label}.${name}.${req.type}`)) {
                abortQuietly(req.trans);
                return Promise.reject(new WorkerDied(life.diedAt ?? 'dead'));
              }
              return t.mutate(req);
            },
            get: (req) => guard(req.trans, () => t.get(req)),
            getMany: (req) => guard(req.trans, () => t.getMany(req)),
            query: (req) => guard(req.trans, () => t.query(req)),
            openCursor: (req) => guard(req.trans, () => t.openCursor(req)),
            count: (req) => guard(req.trans, () => t.count(req)),
          };
        },
      };
    },
  });
  return db;
}

let dbCounter = 0;
/** Unique database names for one scenario run (Countersign's and the local CRM's). */
export function worldNames(scenario: string, seed: number) {
  dbCounter += 1;
  const tag = `${scenario}-${seed}-${process.pid}-${dbCounter}`;
  return { db: `durability-${tag}`, crm: `durability-crm-${tag}` };
}

/** The databases as one worker life opens them. */
export function openWorld(names: { db: string; crm: string }, life: WorkerLife): { db: CountersignDb; crmDb: LocalCrmDb } {
  return { db: mortal(openDb(names.db), life, 'db'), crmDb: mortal(openLocalCrmDb(names.crm), life, 'crm') };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

/**
 * Runs `work` in `life`: resolves when it finishes, or as soon as the worker dies (then a few
 * turns later, once the aborted transactions have unwound). An error in a life that did not die
 * is rethrown: it is a real failure, not an injected one.
 */
export async function live(life: WorkerLife, work: () => Promise<unknown>): Promise<'finished' | 'died'> {
  let failure: unknown = null;
  const done = work().then(
    () => 'finished' as const,
    (e: unknown) => {
      failure = e;
      return 'failed' as const;
    },
  );
  const outcome = await Promise.race([done, life.died.then(() => 'died' as const)]);
  if (outcome === 'died' || life.dead) {
    for (let i = 0; i < 5; i++) await tick();
    return 'died';
  }
  if (outcome === 'failed') throw failure;
  return 'finished';
}

/** The seeded plan of deaths for one run: where the first life dies and whether later lives die too. */
export function deathPlan(seed: number, points: number, opts: { maxDeaths?: number; again?: number } = {}) {
  const rnd = random(seed * 7919 + 17);
  const kills: number[] = [];
  const max = opts.maxDeaths ?? 3;
  do kills.push(1 + Math.floor(rnd() * Math.max(1, points)));
  while (kills.length < max && rnd() < (opts.again ?? 0.35));
  return { kills, rnd };
}

/** Tallies which kinds of death point were hit across runs, for the report. */
export class Coverage {
  readonly hits = new Map<string, number>();
  add(label: string | null) {
    if (label) this.hits.set(label, (this.hits.get(label) ?? 0) + 1);
  }
  summary(): string {
    return [...this.hits.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k}×${n}`)
      .join(', ');
  }
}

/** The Gmail API and the model, as a killed worker sees them: each call is a death point. */
export class GmailAndModel {
  /** What Gmail accepted: every users.messages.send that reached it. */
  readonly sent: { id: string; threadId: string; messageIdHeader: string; raw: string }[] = [];
  restartChecks = 0;
  restartFound = 0;
  modelCalls = 0;

  constructor(private readonly draft: (prompt: string) => { subject: string; body: string; evidence: { claim: string; source: string }[] } = defaultDraft) {}

  /** Sends of one Message-ID header. */
  sendsOf(messageIdHeader: string): number {
    return this.sent.filter((s) => s.messageIdHeader === messageIdHeader).length;
  }

  fetchFor(life: WorkerLife): typeof fetch {
    return async (input, init) => {
      if (life.dead) return never();
      const url = new URL(input instanceof Request ? input.url : String(input));
      const body = init?.body ?? (input instanceof Request ? await input.text() : undefined);
      const text = typeof body === 'string' ? body : body ? await new Response(body).text() : '';
      const json = (status: number, value: unknown) => new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } });
      if (url.host === 'gmail.googleapis.com' && url.pathname.endsWith('/messages/send')) {
        if (life.point('gmail.send (before Gmail has it)')) return never();
        const { raw, threadId } = JSON.parse(text) as { raw: string; threadId?: string };
        const mime = Buffer.from(raw, 'base64url').toString('utf8');
        const header = /^Message-ID:\s*(.+)$/im.exec(mime)?.[1]?.trim() ?? '';
        const id = `gm-${this.sent.length + 1}`;
        this.sent.push({ id, threadId: threadId ?? `t-${id}`, messageIdHeader: header, raw: mime });
        if (life.point('gmail.send (Gmail accepted, answer lost)')) return never();
        return json(200, { id, threadId: threadId ?? `t-${id}` });
      }
      if (url.host === 'gmail.googleapis.com' && url.pathname.endsWith('/messages')) {
        if (life.point('gmail.find (restart check)')) return never();
        this.restartChecks += 1;
        const wanted = (url.searchParams.get('q') ?? '').replace(/^rfc822msgid:/, '');
        const hit = this.sent.find((s) => s.messageIdHeader.replace(/^<|>$/g, '') === wanted);
        if (hit) this.restartFound += 1;
        return json(200, hit ? { messages: [{ id: hit.id, threadId: hit.threadId }], resultSizeEstimate: 1 } : { resultSizeEstimate: 0 });
      }
      if (url.pathname.endsWith('/chat/completions')) {
        if (life.point('model.call')) return never();
        this.modelCalls += 1;
        const prompt = (JSON.parse(text) as { messages: { content: string }[] }).messages.map((m) => m.content).join('\n');
        const content = JSON.stringify(this.draft(prompt));
        return json(200, { id: `c${this.modelCalls}`, object: 'chat.completion', created: 1, model: 'test-model', choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop', logprobs: null }] });
      }
      return json(404, { error: { code: 404, message: `no stand-in for ${url.href}` } });
    };
  }
}

/** A sequence step as the stand-in model writes it: plain, specific to nothing it cannot back. */
function defaultDraft(prompt: string) {
  const name = /Recipient: ([^<]+) </.exec(prompt)?.[1]?.trim() ?? 'there';
  const step = /drafting step (\d+)/.exec(prompt)?.[1] ?? '1';
  return {
    subject: `Pilot, note ${step}`,
    body: `Hi ${name.split(' ')[0]},\n\nWe run a four-week pilot for teams that plan freight by hand. Step ${step}: would twenty minutes on Thursday suit you to see whether it fits?`,
    evidence: [],
  };
}

/** One step of a scenario, run again by a restarted worker until a life finishes it. */
export interface Phase<W> {
  name: string;
  run(w: W): Promise<unknown>;
}

export interface Booted {
  close(): void;
}

/**
 * Runs the phases in order. Calibration (`kills` null): each phase once, in a life that never
 * dies, returning how many death points each passed. Otherwise each phase's planned lives each
 * die at their point, and a last life that does not die resumes the phase, as a restarted worker
 * (its alarm, its start-up, a person pressing Retry) would.
 */
export async function runPhases<W extends Booted>(
  phases: Phase<W>[],
  boot: (life: WorkerLife) => W,
  kills: ((phase: number, points: number) => number[]) | null,
  calibration: number[] = [],
  coverage?: Coverage,
): Promise<{ points: number[]; deaths: number }> {
  const points: number[] = [];
  let deaths = 0;
  for (const [i, phase] of phases.entries()) {
    let finished = false;
    for (const k of kills ? kills(i, calibration[i] ?? 1) : []) {
      const life = new WorkerLife(k);
      const w = boot(life);
      const outcome = await live(life, () => phase.run(w));
      w.close();
      if (outcome === 'died') {
        deaths += 1;
        coverage?.add(`${phase.name}: ${life.diedAt}`);
      } else {
        finished = true; // the worker outlived its planned death: the phase is done
        break;
      }
    }
    if (finished) {
      points.push(calibration[i] ?? 0);
      continue;
    }
    const life = new WorkerLife(null);
    const w = boot(life);
    try {
      await phase.run(w);
    } finally {
      w.close();
    }
    points.push(life.count);
  }
  return { points, deaths };
}

/**
 * The checks after a seeded run, on a freshly booted worker over the same databases: `body`
 * pushes what it finds wrong, then the audit chain is verified; the worker is always closed.
 */
export async function inspect(check: { db: CountersignDb; close(): void }, tag: string, failures: string[], body: () => Promise<void>): Promise<void> {
  try {
    await body();
    const chain = await verifyAuditLog(check.db);
    if (!chain.ok) failures.push(`${tag}: audit chain broken: ${chain.reason}`);
  } finally {
    check.close();
  }
}

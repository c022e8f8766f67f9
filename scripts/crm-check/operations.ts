import { CrmApiError } from '../../lib/crm/http';
import type { CrmAdapter, CrmContact, ObjectType } from '../../lib/crm/model';

export interface OperationResult {
  operation: string;
  ok: boolean;
  ms: number;
  detail: string;
}

const message = (e: unknown): string => (e instanceof CrmApiError ? `${e.userMessage} (${e.kind}${e.status ? ` ${e.status}` : ''})` : e instanceof Error ? e.message : String(e));
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Runs one operation, timing it; a throw is a failed row, never an exception. */
async function timed<T>(results: OperationResult[], operation: string, run: () => Promise<T>, describe: (value: T) => string): Promise<T | undefined> {
  const started = performance.now();
  try {
    const value = await run();
    results.push({ operation, ok: true, ms: Math.round(performance.now() - started), detail: describe(value) });
    return value;
  } catch (e) {
    results.push({ operation, ok: false, ms: Math.round(performance.now() - started), detail: message(e) });
    return undefined;
  }
}

const skipped = (results: OperationResult[], operation: string, why: string) => results.push({ operation, ok: false, ms: 0, detail: `not run: ${why}` });

export interface CheckOptions {
  /** Also create, update and delete one clearly named test contact. */
  write: boolean;
  now?: () => number;
}

/**
 * Each adapter operation once, in the order a rep's first minutes would use them: the same
 * checkConnection() behind "Test connection" in settings (each of its checks is a row), then
 * pipelines, list, search, get, notes and associations of one real contact, and with `write` a
 * create, update and delete of a test contact.
 */
export async function runCrmCheck(adapter: CrmAdapter, options: CheckOptions): Promise<OperationResult[]> {
  const results: OperationResult[] = [];
  const started = performance.now();
  try {
    const checks = await adapter.checkConnection();
    const ms = Math.round(performance.now() - started);
    for (const c of checks) results.push({ operation: `checkConnection: ${c.operation}`, ok: c.ok, ms, detail: c.detail });
  } catch (e) {
    results.push({ operation: 'checkConnection', ok: false, ms: Math.round(performance.now() - started), detail: message(e) });
  }

  await timed(results, 'pipelines', () => adapter.pipelines(), (ps) => `${plural(ps.length, 'pipeline')}, ${plural(ps.reduce((n, p) => n + p.stages.length, 0), 'stage')}`);
  let contact: CrmContact | undefined;
  for (const type of ['contact', 'company', 'deal'] as const satisfies readonly ObjectType[]) {
    const page = await timed(results, `list ${type}`, () => adapter.list(type, null, 5), (p) => `${plural(p.items.length, 'record')} on the first page${p.next ? ', more after' : ''}`);
    if (type === 'contact') contact = (page?.items as CrmContact[] | undefined)?.[0];
  }

  const listed = results.find((r) => r.operation === 'list contact')?.ok === true;
  const email = contact?.email ?? 'countersign-crm-check@example.invalid';
  await timed(results, 'search contact', () => adapter.search('contact', { email }), (found) => `${plural(found.length, 'match', 'matches')} for ${contact?.email ? 'the listed contact' : 'an address no one has'}`);
  if (contact) {
    const ref = { crm: adapter.kind, type: 'contact' as const, id: contact.id };
    await timed(results, 'get contact', () => adapter.get('contact', ref.id), (r) => (r ? `contact ${ref.id} read back` : `contact ${ref.id} not found`));
    await timed(results, 'notes', () => adapter.notes(ref), (n) => plural(n.length, 'note'));
    await timed(results, 'associations', () => adapter.associations(ref, 'company'), (ids) => plural(ids.length, 'associated company', 'associated companies'));
  } else {
    // An empty CRM is not a failure; a failed list is.
    for (const op of ['get contact', 'notes', 'associations']) {
      if (listed) results.push({ operation: op, ok: true, ms: 0, detail: 'skipped: the CRM has no contacts to read' });
      else skipped(results, op, 'list contact failed');
    }
  }
  if (options.write) await writeCycle(adapter, results, options.now ?? Date.now);
  return results;
}

/** Create, update and delete one contact whose name says what it is. */
async function writeCycle(adapter: CrmAdapter, results: OperationResult[], now: () => number): Promise<void> {
  const email = `countersign-crm-check-${now()}@example.com`;
  const created = await timed(
    results,
    'create contact',
    async () => {
      const { results: [r] } = await adapter.batchUpsert('contact', [{ patch: { email, firstName: 'Countersign', lastName: 'CRM check (safe to delete)' } }]);
      if (!r?.ok) throw new Error(r ? r.error : 'no result for the one input');
      return r.id;
    },
    (id) => `created ${id} <${email}>`,
  );
  if (!created) {
    skipped(results, 'update contact', 'the test contact was not created');
    skipped(results, 'delete contact', 'the test contact was not created');
    return;
  }
  await timed(
    results,
    'update contact',
    async () => {
      const { results: [r] } = await adapter.batchUpdate('contact', [{ id: created, patch: { title: 'Countersign connection check' } }]);
      if (!r?.ok) throw new Error(r ? r.error : 'no result for the one input');
    },
    () => `title set on ${created}`,
  );
  await timed(results, 'delete contact', () => adapter.remove('contact', created), () => `deleted ${created}`);
}

import { appendAudit, auditedTransaction } from '../../../audit/log';
import type { CrmAdapter, ObjectType, RecordPatch } from '../../../crm/model';
import type { CountersignDb, CrmChangeRow, CrmSnapshotRow } from '../../../db/schema';
import { conflict } from '../../../protocol/errors';
import { canonicalJson, patchOf } from '../sync/diff';
import { ASSOCIATED_TYPES, cleanupHash, readState, type CleanupItem, type RecordState } from './plan';
import { loadCleanup, type CleanupChange } from './preview';

/** The outcome of one action of a cleanup, written as each one completes. */
export type CleanupItemResult =
  /** `order`: the how-manieth action applied (runs that resume apply out of plan order); rollback undoes in reverse. */
  | { status: 'applied'; order: number; at: number }
  | { status: 'failed'; error: string; at: number }
  | { status: 'conflict'; reason: string; at: number }
  | { status: 'skipped'; reason: string; at: number };

const DONE = new Set(['applied', 'conflict', 'skipped']);

export const snapshotId = (changeId: string, type: ObjectType, recordId: string) => `${changeId}:${type}:${recordId}`;

/** One transaction: change the row's results (and write audit entries), then store it. */
export async function saveCleanupResults(db: CountersignDb, id: string, now: number, fn: (row: CleanupChange) => Promise<void>): Promise<void> {
  await auditedTransaction(db, ['crmChanges', 'crmSnapshots'], async () => {
    const row = await loadCleanup(db, id);
    const next: CleanupChange = { ...row, results: { ...row.results }, updatedAt: now };
    await fn(next);
    await db.crmChanges.put(next);
  });
}

/**
 * Fields only: earlier actions of the same cleanup move associations onto records later actions
 * touch (a merged-away contact's company), and the snapshot is taken from the fresh read anyway.
 */
const same = (a: RecordState, b: RecordState) => canonicalJson(a.record) === canonicalJson(b.record);

async function writeOrThrow(adapter: CrmAdapter, type: ObjectType, id: string, patch: RecordPatch<ObjectType>): Promise<void> {
  const { results } = await adapter.batchUpdate(type, [{ id, patch }]);
  const r = results[0];
  if (!r?.ok) throw new Error(r ? r.error : `The CRM did not answer for ${type} ${id}.`);
}

/**
 * Applies one action. Every step checks what is already done, so an action cut short (a crash,
 * a dropped connection after the CRM applied it) is finished, not repeated, on the next run.
 */
async function applyItem(adapter: CrmAdapter, item: CleanupItem): Promise<void> {
  if (item.kind === 'update') {
    if (item.diff.length) await writeOrThrow(adapter, item.type, item.id, patchOf(item.diff));
    return;
  }
  if (item.kind === 'delete') {
    if (await adapter.get(item.type, item.id)) await adapter.remove(item.type, item.id);
    return;
  }
  const patch = patchOf(item.choices.map((c) => ({ field: c.field, before: c.before, after: c.after })));
  const winner = { crm: adapter.kind, type: item.type, id: item.winnerId };
  if (adapter.capabilities.merge) {
    for (const loser of item.loserIds) if (await adapter.get(item.type, loser)) await adapter.merge(item.type, item.winnerId, loser);
    // After the CRM's merge, so the chosen values win over whatever the merge kept.
    if (Object.keys(patch).length) await writeOrThrow(adapter, item.type, item.winnerId, patch);
    return;
  }
  // No merge in this CRM: write the chosen values, move the loser's associations, delete it.
  if (Object.keys(patch).length) await writeOrThrow(adapter, item.type, item.winnerId, patch);
  for (const loser of item.loserIds) {
    if (!(await adapter.get(item.type, loser))) continue;
    for (const to of ASSOCIATED_TYPES) {
      for (const other of await adapter.associations({ crm: adapter.kind, type: item.type, id: loser }, to)) {
        if (to === item.type && (other === item.winnerId || other === loser)) continue;
        await adapter.associate(winner, { crm: adapter.kind, type: to, id: other });
      }
    }
    await adapter.remove(item.type, loser);
  }
}

function snapshotRows(row: CrmChangeRow, item: CleanupItem, states: RecordState[], now: number): CrmSnapshotRow[] {
  return states.map((s) => ({
    id: snapshotId(row.id, item.type, s.id),
    changeId: row.id,
    crm: row.crm,
    type: item.type,
    recordId: s.id,
    record: s.record,
    associations: s.associations,
    takenAt: now,
  }));
}

/**
 * Executes an approved cleanup, action by action. Before an action touches anything, each of its
 * records is re-read and, unchanged since the preview, snapshotted (fields and associations) in
 * its own committed transaction; a record changed since the preview is left alone (conflict).
 * Each action's result and audit entry are saved as it completes; calling this again resumes the
 * actions not yet done, keeping the snapshots taken before the first touch.
 */
export async function executeCleanup(db: CountersignDb, adapter: CrmAdapter, id: string, now: number, opts: { chunkSize?: number } = {}): Promise<CleanupChange> {
  const start = await auditedTransaction(db, ['crmChanges'], async () => {
    const row = await loadCleanup(db, id);
    if (row.crm !== adapter.kind) throw conflict(`This cleanup was proposed for ${row.crm}, not ${adapter.kind}.`);
    if (!['approved', 'applying', 'partial'].includes(row.state)) throw conflict(`This cleanup is ${row.state}; only an approved cleanup can be executed.`);
    if (!row.approvedHash || row.approvedHash !== row.proposalHash || cleanupHash(row.proposal) !== row.approvedHash) {
      throw conflict('This cleanup no longer matches what was approved. Review it again.');
    }
    if (row.state === 'applying') return row;
    const next: CleanupChange = { ...row, state: 'applying', updatedAt: now };
    await db.crmChanges.put(next);
    await appendAudit(db, { actor: row.proposedBy, action: 'crm.cleanup.executing', subjectId: id, contentHash: row.approvedHash, at: now, detail: { resumed: row.state === 'partial' } });
    return next;
  });

  const audit = (row: CleanupChange, action: string, item: CleanupItem, detail: Record<string, unknown> = {}) =>
    appendAudit(db, { actor: row.proposedBy, action, subjectId: id, at: now, detail: { key: item.key, kind: item.kind, type: item.type, records: item.before.map((s) => s.id), ...detail } });
  type Outcome = { result: CleanupItemResult; action: string; detail: Record<string, unknown> };
  const failed = (e: unknown): Outcome => {
    const error = e instanceof Error ? e.message : String(e);
    return { result: { status: 'failed', error, at: now }, action: 'crm.cleanup.record_failed', detail: { error } };
  };
  const items = start.proposal.items;
  const size = Math.max(1, opts.chunkSize ?? 25);
  for (let at = 0; at < items.length; at += size) {
    const prior = (await loadCleanup(db, id)).results as Record<string, CleanupItemResult | undefined>;
    const chunk = items.slice(at, at + size).filter((i) => !DONE.has(prior[i.key]?.status ?? ''));
    if (!chunk.length) continue;
    const outcomes = new Map<string, Outcome>();
    const snapshots: { item: CleanupItem; fresh: RecordState[] }[] = [];
    const ready: CleanupItem[] = [];
    // 1. Re-read; snapshot, in one commit, every record about to be touched for the first time.
    for (const item of chunk) {
      if (item.problems.length) {
        outcomes.set(item.key, { result: { status: 'skipped', reason: item.problems.join(' '), at: now }, action: 'crm.cleanup.record_skipped', detail: { problems: item.problems } });
        continue;
      }
      try {
        const taken = (await db.crmSnapshots.bulkGet(item.before.map((s) => snapshotId(id, item.type, s.id)))).every(Boolean);
        if (!taken) {
          const fresh: RecordState[] = [];
          for (const s of item.before) fresh.push(await readState(adapter, item.type, s.id));
          const moved = fresh.filter((s, i) => !same(s, item.before[i]!)).map((s) => s.id);
          if (moved.length) {
            outcomes.set(item.key, { result: { status: 'conflict', reason: `Changed in the CRM after the preview: ${moved.join(', ')}.`, at: now }, action: 'crm.cleanup.record_conflict', detail: { moved } });
            continue;
          }
          snapshots.push({ item, fresh });
        }
        ready.push(item);
      } catch (e) {
        outcomes.set(item.key, failed(e));
      }
    }
    if (snapshots.length) {
      await saveCleanupResults(db, id, now, async (row) => {
        for (const { item, fresh } of snapshots) {
          await db.crmSnapshots.bulkPut(snapshotRows(row, item, fresh, now));
          await audit(row, 'crm.cleanup.snapshot_taken', item);
        }
      });
    }
    // 2. Apply. A crash here loses at most this chunk's results; a re-run finishes, not repeats, them.
    for (const item of ready) {
      try {
        await applyItem(adapter, item);
        const detail = item.kind === 'merge' ? { winnerId: item.winnerId, loserIds: item.loserIds, choices: item.choices } : {};
        outcomes.set(item.key, { result: { status: 'applied', order: 0, at: now }, action: 'crm.cleanup.record_applied', detail });
      } catch (e) {
        outcomes.set(item.key, failed(e));
      }
    }
    // 3. Results and audit entries, in plan order.
    await saveCleanupResults(db, id, now, async (row) => {
      let applied = Object.values(row.results).filter((r) => (r as CleanupItemResult).status === 'applied').length;
      for (const item of chunk) {
        const o = outcomes.get(item.key)!;
        row.results[item.key] = o.result.status === 'applied' ? { ...o.result, order: ++applied } : o.result;
        await audit(row, o.action, item, o.detail);
      }
    });
  }

  return auditedTransaction(db, ['crmChanges'], async () => {
    const row = await loadCleanup(db, id);
    const res = row.results as Record<string, CleanupItemResult | undefined>;
    const tally = (s: CleanupItemResult['status']) => row.proposal.items.filter((i) => res[i.key]?.status === s).length;
    const complete = tally('applied') + tally('skipped') === row.proposal.items.length;
    const next: CleanupChange = { ...row, state: complete ? 'applied' : 'partial', updatedAt: now };
    await db.crmChanges.put(next);
    await appendAudit(db, {
      actor: row.proposedBy,
      action: complete ? 'crm.cleanup.applied' : 'crm.cleanup.partial',
      subjectId: id,
      contentHash: row.approvedHash,
      at: now,
      detail: { applied: tally('applied'), skipped: tally('skipped'), failed: tally('failed'), conflicts: tally('conflict') },
    });
    return next;
  });
}

import { appendAudit, auditedTransaction } from '../../../audit/log';
import type { CrmAdapter, ObjectType, RecordOf, RecordPatch } from '../../../crm/model';
import type { Actor, CountersignDb, CrmSnapshotRow } from '../../../db/schema';
import { conflict, forbidden } from '../../../protocol/errors';
import { ASSOCIATED_TYPES, type CleanupItem } from './plan';
import { loadCleanup, type CleanupChange } from './preview';
import { saveCleanupResults, snapshotId, type CleanupItemResult } from './execute';
import type { CrmRestoreOps } from './restore';

type AnyRecord = RecordOf<ObjectType>;

/** How one snapshotted record was put back, under results[`rollback:${snapshotId}`]. */
export interface RollbackRecordResult {
  status: 'restored';
  /** The record's id now: its old id, or a new one where the CRM could not re-create it under the old id. */
  id: string;
  recreated: boolean;
  added: string[];
  removed: string[];
  /** Associations (`type:id`) the cleanup added that this CRM offers no way to take off. */
  unremovable: string[];
  at: number;
}

export interface RollbackOptions {
  /** Exact restore for CRMs that allow it (see restore.ts); without it, deleted records come back under new ids. */
  restore?: CrmRestoreOps;
  /** Actions undone per saved step (results and audit entries commit once per step). */
  chunkSize?: number;
}

const resultKey = (snap: CrmSnapshotRow) => `rollback:${snap.id}`;
const NATURAL_KEY: Partial<Record<ObjectType, 'email' | 'domain'>> = { contact: 'email', company: 'domain' };

/** Every field of the snapshot, with vendor properties added since then cleared. */
function fullPatch(before: AnyRecord, current: AnyRecord | null): RecordPatch<ObjectType> {
  const { id: _id, updatedAt: _u, properties, ...fields } = before as AnyRecord & Record<string, unknown>;
  const cleared = Object.fromEntries(Object.keys(current?.properties ?? {}).filter((k) => !(k in properties)).map((k) => [k, null]));
  return { ...fields, properties: { ...cleared, ...properties } } as RecordPatch<ObjectType>;
}

async function writeOrThrow(adapter: CrmAdapter, type: ObjectType, items: { id?: string; patch: RecordPatch<ObjectType> }[]): Promise<string> {
  const { results } = await adapter.batchUpsert(type, items);
  const r = results[0];
  if (!r?.ok) throw new Error(r ? `Could not restore ${type}: ${r.error}` : `The CRM did not answer for ${type}.`);
  return r.id;
}

/** Puts a record's fields back; returns the id it lives under now. */
async function restoreRecord(adapter: CrmAdapter, ops: CrmRestoreOps | undefined, snap: CrmSnapshotRow, currentId: string): Promise<{ id: string; recreated: boolean }> {
  const before = snap.record as AnyRecord | null;
  const current = await adapter.get(snap.type, currentId);
  if (!before) {
    // It did not exist before the change: it goes.
    if (current) await adapter.remove(snap.type, currentId);
    return { id: currentId, recreated: false };
  }
  if (ops) {
    await ops.restore(snap.type, before);
    return { id: before.id, recreated: !current };
  }
  if (current) {
    await writeOrThrow(adapter, snap.type, [{ id: currentId, patch: fullPatch(before, current) }]);
    return { id: currentId, recreated: false };
  }
  // Re-created under a new id. An upsert without id matches on the natural key (the merge winner
  // often shares it), so create without it first, then set it on the new record by id.
  const patch = fullPatch(before, null) as Record<string, unknown>;
  const key = NATURAL_KEY[snap.type];
  const keyValue = key ? patch[key] : undefined;
  if (key) delete patch[key];
  const newId = await writeOrThrow(adapter, snap.type, [{ patch: patch as RecordPatch<ObjectType> }]);
  if (key && keyValue != null) await writeOrThrow(adapter, snap.type, [{ id: newId, patch: { [key]: keyValue } as RecordPatch<ObjectType> }]);
  return { id: newId, recreated: true };
}

/**
 * Rolls a cleanup back from its snapshots: every touched record gets its fields back (deleted and
 * merged-away records are re-created, under their old ids where the CRM allows it, else new ids
 * kept in the results), then each record's associations are made what they were: ones removed
 * are re-attached, ones the cleanup added are taken off. Resumable: each step's progress is saved
 * with its audit entries. Only a person can roll back.
 */
export async function rollbackCleanup(db: CountersignDb, adapter: CrmAdapter, id: string, actor: Actor, now: number, opts: RollbackOptions = {}): Promise<CleanupChange> {
  if (actor.type !== 'human') throw forbidden('Only a person can roll back a CRM cleanup.');
  await auditedTransaction(db, ['crmChanges'], async () => {
    const row = await loadCleanup(db, id);
    if (row.crm !== adapter.kind) throw conflict(`This cleanup was made in ${row.crm}, not ${adapter.kind}.`);
    if (row.state !== 'applied' && row.state !== 'partial') throw conflict(`This cleanup is ${row.state}; only an executed cleanup can be rolled back.`);
    await appendAudit(db, { actor, action: 'crm.cleanup.rollback_started', subjectId: id, contentHash: row.approvedHash, at: now });
  });
  const snaps = await db.crmSnapshots.where('changeId').equals(id).toArray();
  const snapById = new Map(snaps.map((s) => [s.id, s]));
  const { proposal, results: startResults } = await loadCleanup(db, id);
  const mapped = new Map<string, string>();
  for (const snap of snaps) {
    const r = startResults[resultKey(snap)] as RollbackRecordResult | undefined;
    if (r) mapped.set(`${snap.type}:${snap.recordId}`, r.id);
  }
  const idNow = (type: ObjectType, oldId: string) => mapped.get(`${type}:${oldId}`) ?? oldId;

  // Undo in the reverse of the order actions were applied (those cut short last of all, so first
  // here): each snapshot was taken just before its action, so each undo starts from the world as
  // that action left it, including associations later actions moved.
  const rank = (item: CleanupItem) => {
    const r = startResults[item.key] as CleanupItemResult | undefined;
    return r?.status === 'applied' ? r.order : Number.POSITIVE_INFINITY;
  };
  const undo = proposal.items
    .map((item, index) => ({ item, index, snaps: item.before.map((s) => snapById.get(snapshotId(id, item.type, s.id))).filter((s): s is CrmSnapshotRow => !!s) }))
    .filter((u) => u.snaps.length > 0)
    .sort((a, b) => rank(b.item) - rank(a.item) || b.index - a.index);

  const size = Math.max(1, opts.chunkSize ?? 25);
  for (let at = 0; at < undo.length; at += size) {
    const done: [CleanupItem, CrmSnapshotRow, RollbackRecordResult][] = [];
    for (const { item, snaps: itemSnaps } of undo.slice(at, at + size)) {
      const pending = itemSnaps.filter((snap) => !startResults[resultKey(snap)]);
      if (!pending.length) continue;
      // 1. Fields, and the records themselves.
      const ids = new Map<CrmSnapshotRow, { id: string; recreated: boolean }>();
      for (const snap of pending) {
        const r = await restoreRecord(adapter, opts.restore, snap, idNow(snap.type, snap.recordId));
        ids.set(snap, r);
        mapped.set(`${snap.type}:${snap.recordId}`, r.id);
      }
      // 2. Associations, through the old → new id mapping of re-created records.
      for (const snap of pending) {
        const { id: currentId, recreated } = ids.get(snap)!;
        const added: string[] = [];
        const removed: string[] = [];
        const unremovable: string[] = [];
        if (snap.record) {
          const self = { crm: adapter.kind, type: snap.type, id: currentId };
          for (const to of ASSOCIATED_TYPES) {
            const want = new Set((snap.associations[to] ?? []).map((other) => idNow(to, other)));
            const have = new Set((await adapter.associations(self, to)).filter((other) => !(to === snap.type && other === self.id)));
            for (const other of want) {
              if (have.has(other)) continue;
              await adapter.associate(self, { crm: adapter.kind, type: to, id: other });
              added.push(`${to}:${other}`);
            }
            for (const other of have) {
              if (want.has(other)) continue;
              if (opts.restore) {
                await opts.restore.dissociate(self, { crm: adapter.kind, type: to, id: other });
                removed.push(`${to}:${other}`);
              } else unremovable.push(`${to}:${other}`);
            }
          }
        }
        done.push([item, snap, { status: 'restored', id: currentId, recreated, added, removed, unremovable, at: now }]);
      }
    }
    if (!done.length) continue;
    await saveCleanupResults(db, id, now, async (row) => {
      for (const [item, snap, r] of done) {
        row.results[resultKey(snap)] = r;
        await appendAudit(db, { actor, action: 'crm.cleanup.record_restored', subjectId: id, at: now, detail: { key: item.key, type: snap.type, recordId: snap.recordId, id: r.id, recreated: r.recreated, added: r.added, removed: r.removed, unremovable: r.unremovable } });
      }
    });
  }

  return auditedTransaction(db, ['crmChanges'], async () => {
    const row = await loadCleanup(db, id);
    const out = row.results as Record<string, RollbackRecordResult | undefined>;
    const restored = snaps.map((s) => out[resultKey(s)]);
    const recreated = restored.filter((r) => r?.recreated).length;
    const unremovable = restored.reduce((n, r) => n + (r?.unremovable.length ?? 0), 0);
    const moved = snaps.filter((s) => out[resultKey(s)] && out[resultKey(s)]!.id !== s.recordId).map((s) => ({ type: s.type, from: s.recordId, to: out[resultKey(s)]!.id }));
    const next: CleanupChange = { ...row, state: 'rolled_back', updatedAt: now };
    await db.crmChanges.put(next);
    await appendAudit(db, { actor, action: 'crm.cleanup.rolled_back', subjectId: id, contentHash: row.approvedHash, at: now, detail: { records: snaps.length, recreated, newIds: moved, unremovable } });
    return next;
  });
}

/** Old id → id now, for records a rollback had to re-create under a new id. */
export function rollbackIdMap(row: CleanupChange): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(row.results)) {
    if (!key.startsWith('rollback:')) continue;
    const r = value as RollbackRecordResult;
    const ref = key.slice(`rollback:${row.id}:`.length);
    const oldId = ref.slice(ref.indexOf(':') + 1);
    if (r.id !== oldId) out[ref] = r.id;
  }
  return out;
}

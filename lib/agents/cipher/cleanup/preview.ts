import { RECORD_SCHEMA, type CrmAdapter, type ObjectType, type RecordPatch } from '../../../crm/model';
import type { Actor, CountersignDb, CrmChangeRow } from '../../../db/schema';
import { notFound } from '../../../protocol/errors';
import { diffRecord, fieldValue, sameValue } from '../sync/diff';
import { approveChange, denyChange, storeProposal } from '../change-set';
import {
  ASSOCIATED_TYPES,
  CleanupPlan,
  cleanupHash,
  emptyAssociations,
  readState,
  type CleanupItem,
  type CleanupProposal,
  type FieldChoice,
  type RecordState,
} from './plan';

export type CleanupChange = CrmChangeRow & { kind: 'cleanup'; proposal: CleanupProposal };

const FIXED_FIELDS = new Set(['id', 'updatedAt', 'properties']);

function knownField(type: ObjectType, field: string): boolean {
  if (field.startsWith('properties.')) return field.length > 'properties.'.length;
  return !FIXED_FIELDS.has(field) && field in RECORD_SCHEMA[type].shape;
}

async function mergeItem(adapter: CrmAdapter, key: string, type: ObjectType, winnerId: string, loserIds: string[], fieldChoices: Record<string, string>): Promise<CleanupItem> {
  const problems: string[] = [];
  const ids = [winnerId, ...loserIds];
  if (new Set(ids).size !== ids.length) problems.push('The winner or a loser is listed twice.');
  const before: RecordState[] = [];
  for (const id of [...new Set(ids)]) before.push(await readState(adapter, type, id));
  for (const s of before) if (!s.record) problems.push(`No ${type} with id ${s.id} in the CRM.`);
  const byId = new Map(before.map((s) => [s.id, s]));
  const winner = byId.get(winnerId)!;
  const choices: FieldChoice[] = [];
  for (const [field, from] of Object.entries(fieldChoices).sort(([a], [b]) => a.localeCompare(b))) {
    if (!knownField(type, field)) {
      problems.push(`"${field}" is not a ${type} field that can be chosen.`);
      continue;
    }
    const source = byId.get(from);
    if (!source) {
      problems.push(`The value of ${field} is taken from ${from}, which is not in this group.`);
      continue;
    }
    const after = fieldValue(source.record, field);
    const was = fieldValue(winner.record, field);
    if (!sameValue(was, after)) choices.push({ field, from, before: was, after });
  }
  const gains = emptyAssociations();
  for (const to of ASSOCIATED_TYPES) {
    const have = new Set(winner.associations[to]);
    const group = new Set(to === type ? ids : []);
    const add = new Set<string>();
    for (const loser of loserIds) for (const other of byId.get(loser)?.associations[to] ?? []) if (!have.has(other) && !group.has(other)) add.add(other);
    gains[to] = [...add].sort();
  }
  return { key, kind: 'merge', type, winnerId, loserIds, before, choices, gains, crmMerge: adapter.capabilities.merge, problems };
}

async function buildProposal(adapter: CrmAdapter, plan: CleanupPlan): Promise<CleanupProposal> {
  const { actions } = CleanupPlan.parse(plan);
  const items: CleanupItem[] = [];
  const claimed = new Map<string, string>();
  for (const [index, action] of actions.entries()) {
    let item: CleanupItem;
    if (action.kind === 'merge') {
      item = await mergeItem(adapter, `${index}:merge:${action.type}:${action.winnerId}`, action.type, action.winnerId, action.loserIds, action.fieldChoices);
    } else if (action.kind === 'update') {
      const state = await readState(adapter, action.type, action.id);
      const problems = state.record ? [] : [`No ${action.type} with id ${action.id} in the CRM.`];
      const fields = Object.keys(action.patch).filter((f) => f !== 'properties');
      for (const f of fields) if (!knownField(action.type, f)) problems.push(`"${f}" is not a ${action.type} field that can be written.`);
      const diff = problems.length ? [] : diffRecord(state.record, action.patch as RecordPatch<ObjectType>);
      item = { key: `${index}:update:${action.type}:${action.id}`, kind: 'update', type: action.type, id: action.id, before: [state], diff, problems };
    } else {
      const state = await readState(adapter, action.type, action.id);
      const problems = state.record ? [] : [`No ${action.type} with id ${action.id} in the CRM.`];
      if (!adapter.capabilities.delete) problems.push(`This CRM does not let Countersign delete ${action.type} records.`);
      item = { key: `${index}:delete:${action.type}:${action.id}`, kind: 'delete', type: action.type, id: action.id, before: [state], problems };
    }
    // One record, one action: two would share a snapshot and could not be rolled back apart.
    for (const s of item.before) {
      const ref = `${item.type}:${s.id}`;
      const other = claimed.get(ref);
      if (other) item.problems.push(`${ref} is also changed by ${other}; split the plan.`);
      else claimed.set(ref, item.key);
    }
    items.push(item);
  }
  const ok = items.filter((i) => i.problems.length === 0);
  return {
    crm: adapter.kind,
    items,
    counts: {
      merges: ok.filter((i) => i.kind === 'merge').length,
      mergedAway: ok.reduce((n, i) => n + (i.kind === 'merge' ? i.loserIds.length : 0), 0),
      updates: ok.filter((i) => i.kind === 'update').length,
      deletes: ok.filter((i) => i.kind === 'delete').length,
      blocked: items.length - ok.length,
    },
  };
}

export async function loadCleanup(db: CountersignDb, id: string): Promise<CleanupChange> {
  const row = await db.crmChanges.get(id);
  if (!row || row.kind !== 'cleanup') throw notFound('That CRM cleanup');
  return row as CleanupChange;
}

/**
 * Reads every record the plan touches, fresh from the CRM (fields and associations), and stores
 * the cleanup for review: per record, what it is now and what will happen to it. Nothing is
 * written to the CRM.
 */
export async function previewCleanup(
  db: CountersignDb,
  adapter: CrmAdapter,
  plan: CleanupPlan,
  proposedBy: Actor,
  now: number,
  opts: { newId?: () => string } = {},
): Promise<CleanupChange> {
  const proposal = await buildProposal(adapter, plan);
  const hash = cleanupHash(proposal);
  return (await storeProposal(db, { kind: 'cleanup', crm: adapter.kind, proposal, hash, proposedBy, now, detail: { counts: proposal.counts }, newId: opts.newId })) as CleanupChange;
}

/** A person approves exactly the cleanup they were shown (`shownHash`). */
export const approveCleanup = (db: CountersignDb, id: string, shownHash: string, actor: Actor, now: number): Promise<CleanupChange> =>
  approveChange(db, 'cleanup', (x) => loadCleanup(db, x), (row) => cleanupHash(row.proposal), id, shownHash, actor, now);

/** A person turns a proposed (or approved, not yet started) cleanup down. */
export const denyCleanup = (db: CountersignDb, id: string, reason: string, actor: Actor, now: number): Promise<CleanupChange> =>
  denyChange(db, 'cleanup', (x) => loadCleanup(db, x), id, reason, actor, now);

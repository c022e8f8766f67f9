import { changeSetHeading } from '../agents/cipher/change-set';
import { humanActor } from '../audit/log';
import { applySync, approveSync, denySync, proposeSync, type SyncProposal, type SyncRecordResult } from '../agents/cipher/sync';
import { neverLogMatcher } from '../agents/cipher/sync/never-log';
import { localSyncChanges } from '../agents/cipher/sync/sources';
import type { CountersignDb, CrmChangeRow } from '../db/schema';
import { notFound } from '../protocol/errors';
import type { Handlers } from '../protocol/router';
import type { SyncView } from '../protocol/responses';
import type { SettingsStore } from '../settings/store';
import { asUser, type CrmServices } from './crm';
import { loadContract } from '../contract/store';
import { checkSecondApprover } from '../contract/second-approver';

type SyncRequest = 'sync.propose' | 'sync.list' | 'sync.approve' | 'sync.deny' | 'sync.resume';
type SyncRow = CrmChangeRow & { proposal: SyncProposal };

/** Records shown per change set (the counts cover all of them). */
const SHOWN = 500;

function resultView(r: SyncRecordResult | undefined): SyncView['records'][number]['result'] {
  if (!r) return null;
  switch (r.status) {
    case 'applied':
      return { status: 'applied', id: r.id, detail: r.alreadyInPlace ? 'Already in place' : r.created ? 'Created' : 'Updated' };
    case 'failed':
      return { status: 'failed', detail: `${r.error}${r.retryable ? ' (can be retried)' : ''}` };
    case 'conflict':
      return { status: 'conflict', detail: r.reason, reproposedIn: r.reproposedIn };
    case 'skipped':
      return { status: 'skipped', detail: r.reason };
    case 'sending':
      return { status: 'sending', detail: 'Interrupted while writing: checked against the CRM when resumed, never written twice.' };
  }
}

/** What the side panel shows of a sync change set: every record's field diff, its sources and its result. */
export function syncView(row: SyncRow): SyncView {
  const res = row.results as Record<string, SyncRecordResult>;
  const p = row.proposal;
  const notes = p.notes ?? [];
  const keys = [...p.records.map((r) => r.key), ...notes.map((n) => n.key)];
  const tally = (s: SyncRecordResult['status']) => keys.filter((k) => res[k]?.status === s).length;
  const records: SyncView['records'] = [
    ...p.records.map((r) => ({
      key: r.key,
      kind: r.type,
      label: r.label ?? `${r.type} ${r.id ?? r.match?.email ?? r.match?.domain ?? '(new)'}`,
      id: r.id,
      action: r.action,
      diff: r.diff,
      sources: r.sources ?? [],
      result: resultView(res[r.key]),
    })),
    ...notes.map((n) => ({
      key: n.key,
      kind: 'note' as const,
      label: n.label,
      id: n.contactId,
      action: 'add_note' as const,
      diff: [{ field: 'note', before: null, after: n.body }],
      sources: n.sources,
      result: resultView(res[n.key]),
    })),
  ];
  return {
    ...changeSetHeading(row),
    reproposalOf: p.reproposalOf,
    counts: { ...p.counts, notes: notes.length },
    results: {
      applied: tally('applied'),
      failed: tally('failed'),
      conflict: tally('conflict'),
      skipped: tally('skipped'),
      pending: keys.length - tally('applied') - tally('failed') - tally('conflict') - tally('skipped'),
    },
    records: records.slice(0, SHOWN),
  };
}

/**
 * Cipher's CRM sync in the background. `sync.propose` gathers what the rep's own data says
 * (people in threads, enrichment, Scout's score and flags, notes of sent emails), diffs it
 * against a fresh CRM read and stores the change set; nothing is written until a person
 * approves that exact diff (hash-bound), and then it is applied in batches with a per-record report.
 */
export function createSyncHandlers(crm: CrmServices, db: CountersignDb, settings: SettingsStore, now: () => number = Date.now): Pick<Handlers, SyncRequest> {
  const load = async (id: string): Promise<SyncRow> => {
    const row = await db.crmChanges.get(id);
    if (!row || row.kind !== 'sync') throw notFound('That CRM sync');
    return row as SyncRow;
  };
  const adapterFor = (row: SyncRow) => crm.forChange(row, 'this sync');
  const neverLog = async () => neverLogMatcher((await settings.get()).crm.neverLog);
  async function apply(id: string): Promise<SyncView> {
    const row = await load(id);
    try {
      return syncView(await applySync(db, await adapterFor(row), id, now(), { neverLog: await neverLog() }));
    } catch (e) {
      throw asUser(e);
    }
  }

  return {
    'sync.propose': async () => {
      const adapter = await crm.active();
      const s = await settings.get();
      const repEmail = (await settings.gmailToken())?.account ?? null;
      const changes = await localSyncChanges(db, { repEmail, neverLog: neverLogMatcher(s.crm.neverLog), icp: s.icp, now: now() });
      if (changes.length === 0) return null;
      try {
        const row = await proposeSync(db, adapter, changes, { type: 'agent', id: 'cipher' }, now(), { neverLog: neverLogMatcher(s.crm.neverLog), dropUnchanged: true });
        const p = row.proposal;
        return p.records.length + p.notes.length === 0 ? null : syncView(row);
      } catch (e) {
        throw asUser(e);
      }
    },

    'sync.list': async () => {
      const rows = (await db.crmChanges.where('kind').equals('sync').toArray()) as SyncRow[];
      return rows
        .filter((r) => r.proposal.records.length + (r.proposal.notes ?? []).length > 0)
        .sort((a, b) => b.createdAt - a.createdAt)
        .slice(0, 10)
        .map(syncView);
    },

    'sync.approve': async (req) => {
      // The approval contract may ask a second, different approver for a bulk sync (lib/contract/second-approver.ts).
      const pending = await load(req.changeId);
      let actor = humanActor(req.approver?.trim() || undefined);
      if (pending.state === 'proposed' && pending.proposalHash === req.proposalHash) {
        const records = pending.proposal.records.length + (pending.proposal.notes ?? []).length;
        const second = await checkSecondApprover(db, { kind: 'sync', changeId: req.changeId, proposalHash: req.proposalHash, approver: req.approver, records, contract: await loadContract(db), now: now() });
        if (!second.proceed) return { ...syncView(pending), secondApproval: { firstApprover: second.firstApprover, records: second.records, overRecords: second.overRecords } };
        actor = second.actor;
      }
      await approveSync(db, req.changeId, req.proposalHash, actor, now());
      return apply(req.changeId);
    },

    'sync.deny': async (req) => syncView((await denySync(db, req.changeId, req.reason, humanActor(), now())) as SyncRow),

    'sync.resume': async (req) => apply(req.changeId),
  };
}

import { changeSetHeading } from '../agents/cipher/change-set';
import { humanActor } from '../audit/log';
import { approveCleanup, denyCleanup, executeCleanup, loadCleanup, localRestoreOps, previewCleanup, rollbackCleanup, type CleanupChange, type CleanupPlan } from '../agents/cipher/cleanup';
import { findDuplicates, type DedupeContact } from '../agents/cipher/dedupe/find-duplicates';
import type { CountersignDb } from '../db/schema';
import type { CrmAdapter, CrmCompany, CrmContact } from '../crm/model';
import { listAll } from '../crm/list-all';
import type { Handlers } from '../protocol/router';
import type { CleanupView } from '../protocol/responses';
import { asUser, type CrmServices } from './crm';
import { loadContract } from '../contract/store';
import { checkSecondApprover } from '../contract/second-approver';

type CleanupRequest = 'cleanup.scan' | 'cleanup.list' | 'cleanup.approve' | 'cleanup.deny' | 'cleanup.rollback';

/** Contacts read per scan: beyond this a scan would take minutes against a remote CRM's rate limits. */
export const SCAN_LIMIT = 50_000;
/** Contact fields a merge may take from another record (the dedupe's company name is not a field). */
const CHOOSABLE = new Set(['email', 'firstName', 'lastName', 'phone', 'companyId']);


function label(state: { record: unknown } | undefined, id: string): string {
  const r = state?.record as Partial<CrmContact> | null | undefined;
  const name = [r?.firstName, r?.lastName].filter(Boolean).join(' ');
  return [name, r?.email].filter(Boolean).join(' · ') || `record ${id}`;
}

/** The distinct CRM records a cleanup touches (winners, losers, updated and deleted records). */
export function cleanupRecordCount(row: CleanupChange): number {
  return new Set(row.proposal.items.flatMap((item) => item.before.map((b) => `${item.type}:${b.id}`))).size;
}

/** What the side panel shows of a cleanup: every affected record and what happens to it. */
export function cleanupView(row: CleanupChange): CleanupView {
  const results = Object.values(row.results) as { status?: string }[];
  const count = (status: string) => results.filter((r) => r.status === status).length;
  return {
    ...changeSetHeading(row),
    counts: row.proposal.counts,
    results: { applied: count('applied'), failed: count('failed'), conflict: count('conflict'), skipped: count('skipped') },
    items: row.proposal.items.slice(0, 500).map((item) => {
      const byId = new Map(item.before.map((b) => [b.id, b]));
      if (item.kind === 'merge') {
        return {
          key: item.key,
          kind: item.kind,
          keep: label(byId.get(item.winnerId), item.winnerId),
          remove: item.loserIds.map((id) => label(byId.get(id), id)),
          changes: item.choices.map((c) => `${c.field}: ${String(c.before ?? '—')} → ${String(c.after ?? '—')}`),
          problems: item.problems,
        };
      }
      const id = item.id;
      return { key: item.key, kind: item.kind, keep: item.kind === 'update' ? label(byId.get(id), id) : '', remove: item.kind === 'delete' ? [label(byId.get(id), id)] : [], changes: item.kind === 'update' ? item.diff.map((d) => `${d.field}`) : [], problems: item.problems };
    }),
  };
}

/**
 * Reads the active CRM's contacts (and their companies' names), finds duplicates and stores a
 * cleanup proposal merging each cluster into its suggested winner; null when there are none.
 * Nothing changes in the CRM. `company` narrows it to contacts whose company name contains it.
 */
export async function proposeDuplicateMerges(crm: CrmServices, db: CountersignDb, now: number, company?: string): Promise<CleanupView | null> {
  const adapter = await crm.active();
  try {
    const [{ items: contacts }, { items: companies }] = await Promise.all([listAll(adapter, 'contact', SCAN_LIMIT), listAll(adapter, 'company', SCAN_LIMIT)]);
    const companyName = new Map(companies.map((c: CrmCompany) => [c.id, c.name ?? '']));
    const all: DedupeContact[] = contacts.map((c) => ({ ...c, company: c.companyId ? (companyName.get(c.companyId) ?? null) : null }));
    const want = company?.trim().toLowerCase();
    const clusters = findDuplicates(want ? all.filter((c) => (c.company ?? '').toLowerCase().includes(want)) : all);
    if (clusters.length === 0) return null;
    const plan: CleanupPlan = {
      actions: clusters.map((c) => ({
        kind: 'merge' as const,
        type: 'contact' as const,
        winnerId: c.suggestedWinner,
        loserIds: c.ids.filter((id) => id !== c.suggestedWinner),
        fieldChoices: Object.fromEntries(Object.entries(c.fieldChoices).filter(([field, from]) => CHOOSABLE.has(field) && from !== c.suggestedWinner)),
      })),
    };
    return cleanupView(await previewCleanup(db, adapter, plan, { type: 'agent', id: 'cipher' }, now));
  } catch (e) {
    throw asUser(e);
  }
}

/**
 * Cipher's CRM cleanup in the background: a scan proposes merges of duplicate contacts (nothing
 * changes), a person approves the exact preview (hash-bound) and it executes with snapshots,
 * and a person can roll it back. The sender policy keeps all of it to the approval panel.
 */
export function createCleanupHandlers(crm: CrmServices, db: CountersignDb, now: () => number = Date.now): Pick<Handlers, CleanupRequest> {
  const restoreFor = (adapter: CrmAdapter) => (adapter.kind === 'local' ? localRestoreOps(crm.localDb) : undefined);
  const adapterFor = (row: CleanupChange) => crm.forChange(row, 'this cleanup');
  return {
    'cleanup.scan': () => proposeDuplicateMerges(crm, db, now()),

    'cleanup.list': async () => {
      const rows = (await db.crmChanges.where('kind').equals('cleanup').toArray()) as CleanupChange[];
      return rows.sort((a, b) => b.createdAt - a.createdAt).slice(0, 10).map(cleanupView);
    },

    'cleanup.approve': async (req) => {
      // The approval contract may ask a second, different approver for a bulk cleanup (lib/contract/second-approver.ts).
      const pending = await loadCleanup(db, req.changeId);
      let actor = humanActor(req.approver?.trim() || undefined);
      if (pending.state === 'proposed' && pending.proposalHash === req.proposalHash) {
        const second = await checkSecondApprover(db, { kind: 'cleanup', changeId: req.changeId, proposalHash: req.proposalHash, approver: req.approver, records: cleanupRecordCount(pending), contract: await loadContract(db), now: now() });
        if (!second.proceed) return { ...cleanupView(pending), secondApproval: { firstApprover: second.firstApprover, records: second.records, overRecords: second.overRecords } };
        actor = second.actor;
      }
      await approveCleanup(db, req.changeId, req.proposalHash, actor, now());
      const row = await loadCleanup(db, req.changeId);
      try {
        return cleanupView(await executeCleanup(db, await adapterFor(row), req.changeId, now()));
      } catch (e) {
        throw asUser(e);
      }
    },

    'cleanup.deny': async (req) => cleanupView(await denyCleanup(db, req.changeId, req.reason, humanActor(), now())),

    'cleanup.rollback': async (req) => {
      const row = await loadCleanup(db, req.changeId);
      const adapter = await adapterFor(row);
      try {
        return cleanupView(await rollbackCleanup(db, adapter, req.changeId, humanActor(), now(), { restore: restoreFor(adapter) }));
      } catch (e) {
        throw asUser(e);
      }
    },
  };
}

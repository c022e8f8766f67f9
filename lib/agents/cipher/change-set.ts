import { appendAudit, auditedTransaction } from '../../audit/log';
import type { Actor, CountersignDb, CrmChangeRow } from '../../db/schema';
import { conflict, forbidden } from '../../protocol/errors';

/**
 * The lifecycle every Cipher change set shares (sync, cleanup, stage change): stored as proposed with its
 * hash; approved only by a person who saw exactly that hash; denied with a reason. Each step is
 * one transaction with its audit entry (`crm.<kind>.proposed|approved|denied`).
 */
type Kind = 'sync' | 'cleanup' | 'pipeline';
const NOUN: Record<Kind, string> = { sync: 'sync', cleanup: 'cleanup', pipeline: 'stage change' };

export async function storeProposal<P>(
  db: CountersignDb,
  input: { kind: Kind; crm: CrmChangeRow['crm']; proposal: P; hash: string; proposedBy: Actor; now: number; detail: Record<string, unknown>; newId?: () => string },
): Promise<CrmChangeRow & { proposal: P }> {
  const { kind, crm, proposal, hash, proposedBy, now } = input;
  const row = { id: (input.newId ?? (() => crypto.randomUUID()))(), kind, crm, state: 'proposed' as const, proposal, proposalHash: hash, approvedHash: null, results: {}, proposedBy, createdAt: now, updatedAt: now };
  await auditedTransaction(db, ['crmChanges'], async () => {
    await db.crmChanges.add(row);
    await appendAudit(db, { actor: proposedBy, action: `crm.${kind}.proposed`, subjectId: row.id, contentHash: hash, at: now, detail: { crm, ...input.detail } });
  });
  return row;
}

/** A person approves exactly the change set they were shown (`shownHash`), which must still hash the same. */
export async function approveChange<R extends CrmChangeRow>(db: CountersignDb, kind: Kind, load: (id: string) => Promise<R>, hashOf: (row: R) => string, id: string, shownHash: string, actor: Actor, now: number): Promise<R> {
  const noun = NOUN[kind];
  if (actor.type !== 'human') throw forbidden(`Only a person can approve a CRM ${noun}.`);
  return auditedTransaction(db, ['crmChanges'], async () => {
    const row = await load(id);
    if (row.state !== 'proposed') throw conflict(`This ${noun} is ${row.state}; only a proposed ${noun} can be approved.`);
    const fresh = hashOf(row);
    if (shownHash !== row.proposalHash || fresh !== row.proposalHash) throw conflict(`The ${noun} changed since you opened it. Review the current version and approve again.`);
    const next: R = { ...row, state: 'approved', approvedHash: fresh, updatedAt: now };
    await db.crmChanges.put(next);
    await appendAudit(db, { actor, action: `crm.${kind}.approved`, subjectId: id, contentHash: fresh, at: now });
    return next;
  });
}

/** A person turns a proposed (or approved, not yet started) change set down, with a reason. */
export async function denyChange<R extends CrmChangeRow>(db: CountersignDb, kind: Kind, load: (id: string) => Promise<R>, id: string, reason: string, actor: Actor, now: number): Promise<R> {
  const noun = NOUN[kind];
  if (actor.type !== 'human') throw forbidden(`Only a person can deny a CRM ${noun}.`);
  return auditedTransaction(db, ['crmChanges'], async () => {
    const row = await load(id);
    if (row.state !== 'proposed' && row.state !== 'approved') throw conflict(`This ${noun} is ${row.state} and can no longer be denied.`);
    const next: R = { ...row, state: 'denied', approvedHash: null, updatedAt: now };
    await db.crmChanges.put(next);
    await appendAudit(db, { actor, action: `crm.${kind}.denied`, subjectId: id, contentHash: row.proposalHash, at: now, detail: { reason } });
    return next;
  });
}

/** What every change-set view opens with: which set, its state, the hash an approval binds, and whether it was approved. */
export const changeSetHeading = (row: CrmChangeRow) => ({
  id: row.id,
  state: row.state,
  crm: row.crm,
  proposalHash: row.proposalHash,
  approved: row.approvedHash !== null,
  createdAt: row.createdAt,
});

import { appendAudit, auditedTransaction, humanActor } from '../audit/log';
import type { Actor, CountersignDb } from '../db/schema';
import { conflict } from '../protocol/errors';
import { needsSecondApprover, type ApprovalContract } from './contract';

/**
 * The contract's second approver for bulk CRM change sets. When the contract asks for one and a
 * change set touches more than N records, the first approval is only recorded (audit
 * `crm.<kind>.first_approval`, bound to the proposal hash); a second approval under a different
 * approver name approves for real. Both approvals are given in this browser profile: the rule
 * makes two named people each look at the same change set, it does not prove who they are.
 */
export const FIRST_APPROVAL = (kind: 'cleanup' | 'sync') => `crm.${kind}.first_approval`;

export type SecondApproval = { proceed: true; actor: Actor; firstApprover: string | null } | { proceed: false; firstApprover: string; records: number; overRecords: number };

export interface SecondApprovalInput {
  kind: 'cleanup' | 'sync';
  changeId: string;
  proposalHash: string;
  /** The approver's name as typed in the approval panel; 'rep' when none is given. */
  approver: string | undefined;
  records: number;
  contract: ApprovalContract;
  now: number;
}

const nameOf = (approver: string | undefined) => approver?.trim() || 'rep';
const same = (a: string, b: string) => a.toLocaleLowerCase() === b.toLocaleLowerCase();

/** The first approver already recorded for exactly this proposal, if any. */
export async function firstApprover(db: CountersignDb, kind: 'cleanup' | 'sync', changeId: string, proposalHash: string): Promise<string | null> {
  const rows = await db.audit.where('subjectId').equals(changeId).filter((e) => e.action === FIRST_APPROVAL(kind) && e.contentHash === proposalHash).toArray();
  const last = rows.at(-1);
  return last ? String(last.detail.approver) : null;
}

/**
 * Decides whether an approval proceeds. Records the first approval when a second one is needed,
 * and refuses a second approval by the same name.
 */
export async function checkSecondApprover(db: CountersignDb, input: SecondApprovalInput): Promise<SecondApproval> {
  const name = nameOf(input.approver);
  if (!needsSecondApprover(input.contract, input.records)) return { proceed: true, actor: humanActor(name), firstApprover: null };
  const overRecords = input.contract.approvers.secondApprover.overRecords;
  return auditedTransaction(db, [], async () => {
    const first = await firstApprover(db, input.kind, input.changeId, input.proposalHash);
    if (first === null) {
      await appendAudit(db, {
        actor: humanActor(name),
        action: FIRST_APPROVAL(input.kind),
        subjectId: input.changeId,
        contentHash: input.proposalHash,
        at: input.now,
        detail: { approver: name, records: input.records, overRecords, needs: 'a second approval by a different approver' },
      });
      return { proceed: false, firstApprover: name, records: input.records, overRecords } as const;
    }
    if (same(first, name)) {
      throw conflict(`This change set touches ${input.records} records (more than ${overRecords}), so the approval contract needs a second approver: ${first} already approved it; a different person must give the second approval.`);
    }
    return { proceed: true, actor: humanActor(name), firstApprover: first } as const;
  });
}

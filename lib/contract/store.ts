import { appendAudit, auditedTransaction } from '../audit/log';
import type { Actor, CountersignDb } from '../db/schema';
import { sha256Hex } from '../gates/content-hash';
import { conflict, forbidden, UserFacingError } from '../protocol/errors';
import { contractDiff, DEFAULT_CONTRACT, parseContract, type ApprovalContract } from './contract';

/**
 * Where the contract lives: one row of the extension's IndexedDB key-value table (`secrets`,
 * which no content script can open), so a change and its audit entry commit in one transaction.
 */
export const CONTRACT_KEY = 'policy.approvalContract';
export const CONTRACT_SUBJECT = 'approval-contract';
export const CONTRACT_CHANGED = 'contract.changed';

const hashOf = (c: ApprovalContract) => sha256Hex(JSON.stringify(c));

/** The saved contract; the default when none was saved. A stored value that no longer validates is not used silently. */
export async function loadContract(db: CountersignDb): Promise<ApprovalContract> {
  const row = await db.secrets.get(CONTRACT_KEY);
  if (!row) return structuredClone(DEFAULT_CONTRACT);
  const parsed = parseContract(row.value);
  if (parsed.ok) return parsed.contract;
  // Never fall back to something looser than what was saved: the defaults are the strictest built-in values.
  console.warn(`Countersign: the stored approval contract is invalid and the defaults apply: ${parsed.reason}`);
  return structuredClone(DEFAULT_CONTRACT);
}

export interface SaveOptions {
  actor: Actor;
  now: number;
  /** The revision the person edited; a different current revision is a conflict. Absent (import): replaces whatever is current. */
  baseRevision?: number;
  source: 'edit' | 'import';
}

/**
 * Validates `input` (shape and invariants) and saves it as the next revision, with a
 * `contract.changed` audit entry holding the before, the after and the changes, in one
 * transaction. Refuses with the reason; an unchanged contract is not saved again.
 */
export async function saveContract(db: CountersignDb, input: unknown, opts: SaveOptions): Promise<ApprovalContract> {
  if (opts.actor.type !== 'human') throw forbidden('Only a person can change the approval contract.');
  // The revision and save time are the store's to set: accept the person's values, then replace them.
  const candidate = input && typeof input === 'object' ? { ...(input as Record<string, unknown>), revision: 0, updatedAt: 0 } : input;
  const parsed = parseContract(candidate);
  if (!parsed.ok) throw new UserFacingError('invalid_request', parsed.reason);
  return auditedTransaction(db, ['secrets'], async () => {
    const before = await loadContract(db);
    if (opts.baseRevision !== undefined && opts.baseRevision !== before.revision) {
      throw conflict(`The contract changed since you opened it (revision ${before.revision}, you edited ${opts.baseRevision}). Reload it and make your change again.`);
    }
    const changes = contractDiff(before, parsed.contract);
    if (changes.length === 0) return before;
    const after: ApprovalContract = { ...parsed.contract, revision: before.revision + 1, updatedAt: opts.now };
    await db.secrets.put({ key: CONTRACT_KEY, value: JSON.stringify(after) });
    await appendAudit(db, {
      actor: opts.actor,
      action: CONTRACT_CHANGED,
      subjectId: CONTRACT_SUBJECT,
      contentHash: hashOf(after),
      at: opts.now,
      detail: { source: opts.source, revision: after.revision, before, after, changes },
    });
    return after;
  });
}

/** The contract as a JSON file a team can share. */
export function exportContract(c: ApprovalContract): { filename: string; mime: 'application/json'; content: string } {
  return { filename: `countersign-contract-r${c.revision}.json`, mime: 'application/json', content: `${JSON.stringify(c, null, 2)}\n` };
}

/** Imports a shared contract: validated like an edit, refused with the reason. */
export function importContract(db: CountersignDb, json: string, actor: Actor, now: number): Promise<ApprovalContract> {
  const parsed = parseContract(json);
  if (!parsed.ok) return Promise.reject(new UserFacingError('invalid_request', parsed.reason));
  return saveContract(db, parsed.contract, { actor, now, source: 'import' });
}

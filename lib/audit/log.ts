import { sha256Hex } from '../gates/content-hash';
import type { Actor, AuditRow, CountersignDb } from '../db/schema';

export const GENESIS_HASH = '0'.repeat(64);

export type AuditInput = Pick<AuditRow, 'actor' | 'action' | 'subjectId'> &
  Partial<Pick<AuditRow, 'contentHash' | 'detail' | 'at'>>;

/** The bytes an entry's hash covers: every field but the hash itself, in a fixed order. */
function entryDigest(e: Omit<AuditRow, 'hash'>): string {
  return sha256Hex(
    JSON.stringify([e.seq, e.at, e.actor.type, e.actor.id, e.action, e.subjectId, e.contentHash, e.detail, e.prevHash]),
  );
}

/**
 * Append an entry, chained to the previous one. Call inside the same Dexie transaction as the
 * state change it records (include db.audit in the transaction's tables), so the change and its
 * entry commit together or not at all. Hashing is synchronous, so the transaction stays alive.
 */
export async function appendAudit(db: CountersignDb, input: AuditInput): Promise<AuditRow> {
  const last = await db.audit.orderBy('seq').last();
  const seq = (last?.seq ?? 0) + 1;
  const base: Omit<AuditRow, 'hash'> = {
    seq,
    at: input.at ?? Date.now(),
    actor: input.actor,
    action: input.action,
    subjectId: input.subjectId,
    contentHash: input.contentHash ?? null,
    detail: input.detail ?? {},
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  const row: AuditRow = { ...base, hash: entryDigest(base) };
  await db.audit.add(row);
  return row;
}

/** Runs `fn` and its audit entries atomically. */
export function auditedTransaction<T>(db: CountersignDb, tables: string[], fn: () => Promise<T>): Promise<T> {
  return db.transaction('rw', [...new Set([...tables, 'audit'])], fn);
}

export type ChainCheck = { ok: true; entries: number } | { ok: false; entries: number; brokenAt: number; reason: string };

/** Recomputes every hash and link. Any edited, removed or reordered entry breaks the chain. */
export function verifyChain(rows: AuditRow[]): ChainCheck {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  for (const row of rows) {
    const seq = row.seq ?? -1;
    if (seq !== expectedSeq) return { ok: false, entries: rows.length, brokenAt: seq, reason: `entry ${expectedSeq} is missing` };
    if (row.prevHash !== prev) return { ok: false, entries: rows.length, brokenAt: seq, reason: `entry ${seq} does not link to entry ${seq - 1}` };
    const { hash, ...rest } = row;
    if (entryDigest({ ...rest, seq }) !== hash) return { ok: false, entries: rows.length, brokenAt: seq, reason: `entry ${seq} was altered` };
    prev = hash;
    expectedSeq += 1;
  }
  return { ok: true, entries: rows.length };
}

export async function verifyAuditLog(db: CountersignDb): Promise<ChainCheck> {
  return verifyChain(await db.audit.orderBy('seq').toArray());
}

export const humanActor = (id = 'rep'): Actor => ({ type: 'human', id });
export const systemActor = (id: string): Actor => ({ type: 'system', id });

import { z } from 'zod';
import { appendAudit, auditedTransaction } from '../../../audit/log';
import type { Actor, CountersignDb, OverrideRow } from '../../../db/schema';
import { conflict, forbidden, notFound, UserFacingError } from '../../../protocol/errors';
import { formatZodError } from '../../../settings/store';
import { FlagKind } from '../model';
import { isActiveOverride } from './score';

/** A rep's correction of a score or a flag, as the panel sends it. */
export const OverrideInput = z.object({
  contactKey: z.string().trim().toLowerCase().min(1, 'Which lead is missing'),
  target: z.discriminatedUnion('type', [
    z.object({ type: z.literal('score'), value: z.number().int('A score is a whole number').min(0, 'A score runs from 0 to 100').max(100, 'A score runs from 0 to 100') }),
    z.object({ type: z.literal('flag'), kind: FlagKind, action: z.enum(['add', 'dismiss']), detail: z.string().trim().min(1).max(300).optional() }),
  ]),
  reason: z.string().trim().min(1, 'A reason is required').max(500, 'The reason is at most 500 characters'),
  /** Epoch ms after which it stops applying; null or absent: until revoked. */
  expiresAt: z.number().int().nullable().default(null),
});
export type OverrideInput = z.input<typeof OverrideInput>;

const requireHuman = (by: Actor) => {
  if (by.type !== 'human') throw forbidden('Only a person can override a score or a flag.');
};

/**
 * Records an override and its audit entry in one transaction: both are on disk when this returns.
 * Only a human may override; a reason is required; an expiry must lie in the future.
 */
export async function addOverride(db: CountersignDb, input: OverrideInput, by: Actor, now = Date.now()): Promise<OverrideRow> {
  requireHuman(by);
  const parsed = OverrideInput.safeParse(input);
  if (!parsed.success) throw new UserFacingError('invalid_request', `Override not saved: ${formatZodError(parsed.error)}`);
  const { contactKey, target, reason, expiresAt } = parsed.data;
  if (expiresAt !== null && expiresAt <= now) throw new UserFacingError('invalid_request', 'Override not saved: the expiry date is in the past.');
  const row: OverrideRow = { id: crypto.randomUUID(), contactKey, target, reason, by, at: now, expiresAt, revokedAt: null };
  await auditedTransaction(db, ['overrides'], async () => {
    await db.overrides.add(row);
    await appendAudit(db, { actor: by, action: 'override.added', subjectId: contactKey, at: now, detail: { overrideId: row.id, target, reason, expiresAt } });
  });
  return row;
}

/** Ends an override now, with a reason and an audit entry. Revoking twice is refused. */
export async function revokeOverride(db: CountersignDb, id: string, reason: string, by: Actor, now = Date.now()): Promise<OverrideRow> {
  requireHuman(by);
  const why = reason.trim();
  if (!why) throw new UserFacingError('invalid_request', 'Override not revoked: a reason is required.');
  return auditedTransaction(db, ['overrides'], async () => {
    const row = await db.overrides.get(id);
    if (!row) throw notFound('The override');
    if (row.revokedAt !== null) throw conflict('This override was already revoked.');
    const revoked: OverrideRow = { ...row, revokedAt: now };
    await db.overrides.put(revoked);
    await appendAudit(db, { actor: by, action: 'override.revoked', subjectId: row.contactKey, at: now, detail: { overrideId: id, reason: why.slice(0, 500) } });
    return revoked;
  });
}

/** Overrides in force at `at` (made by then, not expired, not revoked by then), oldest first; one lead's or all. */
export async function activeOverrides(db: CountersignDb, at: number, contactKey?: string): Promise<OverrideRow[]> {
  const rows = contactKey === undefined ? await db.overrides.toArray() : await db.overrides.where('contactKey').equals(contactKey.trim().toLowerCase()).toArray();
  return rows.filter((o) => isActiveOverride(o, at)).sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
}

import { describe, expect, it } from 'vitest';
import { freshDb } from '../../test/fixtures';
import { appendAudit, humanActor, verifyAuditLog, verifyChain } from './log';

async function seeded(n: number) {
  const db = freshDb();
  for (let i = 0; i < n; i++) {
    await appendAudit(db, { actor: humanActor(), action: `test.${i}`, subjectId: `s${i}`, contentHash: 'ab'.repeat(32), detail: { i } });
  }
  return db;
}

describe('audit log', () => {
  it('chains each entry to the previous entry hash and verifies', async () => {
    const db = await seeded(5);
    const rows = await db.audit.orderBy('seq').toArray();
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
    expect(await verifyAuditLog(db)).toEqual({ ok: true, entries: 5 });
  });

  it.each([
    ['action', (r: Record<string, unknown>) => ({ ...r, action: 'email.sent' })],
    ['actor', (r: Record<string, unknown>) => ({ ...r, actor: { type: 'agent', id: 'herald' } })],
    ['time', (r: Record<string, unknown>) => ({ ...r, at: 0 })],
    ['content hash', (r: Record<string, unknown>) => ({ ...r, contentHash: 'cd'.repeat(32) })],
    ['detail', (r: Record<string, unknown>) => ({ ...r, detail: { i: 99 } })],
    ['subject', (r: Record<string, unknown>) => ({ ...r, subjectId: 'other' })],
  ])('editing any entry (%s) breaks verification', async (_what, mutate) => {
    const db = await seeded(4);
    for (const seq of [1, 2, 4]) {
      const original = (await db.audit.get(seq))!;
      await db.audit.put(mutate(original as unknown as Record<string, unknown>) as unknown as typeof original);
      const check = await verifyAuditLog(db);
      expect(check.ok).toBe(false);
      if (!check.ok) expect(check.brokenAt).toBe(seq);
      await db.audit.put(original);
    }
    expect((await verifyAuditLog(db)).ok).toBe(true);
  });

  it('deleting or reordering entries breaks verification, even with hashes recomputed downstream', async () => {
    const db = await seeded(4);
    const rows = await db.audit.orderBy('seq').toArray();
    expect(verifyChain(rows.filter((r) => r.seq !== 2)).ok).toBe(false);
    expect(verifyChain([rows[1]!, rows[0]!, rows[2]!, rows[3]!]).ok).toBe(false);
    const forged = { ...rows[1]!, detail: { i: 7 } };
    expect(verifyChain([rows[0]!, forged, rows[2]!, rows[3]!])).toMatchObject({ ok: false, brokenAt: 2 });
  });
});

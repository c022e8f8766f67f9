import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { openDb } from './schema';

describe('database schema', () => {
  it('migrates a version 1 database to version 2, backfilling outbox retry fields', async () => {
    const name = `migrate-${Math.random()}`;
    const v1 = new Dexie(name);
    v1.version(1).stores({
      contacts: 'id, &email',
      threads: 'id, updatedAt',
      drafts: 'id, threadId, status, updatedAt',
      approvals: 'id, state, draftId, updatedAt',
      audit: '++seq, action, subjectId, at',
      secrets: 'key',
    });
    await v1.table('approvals').add({ id: 'a1', state: 'pending', draftId: 'd1', updatedAt: 5 });
    v1.close();

    const db = openDb(name);
    await db.open();
    expect(db.verno).toBe(2);
    expect(await db.approvals.get('a1')).toMatchObject({ attempts: 0, nextAttemptAt: null, state: 'pending' });
    expect(await db.approvals.where('[state+updatedAt]').between(['pending', 0], ['pending', 10]).count()).toBe(1);
  });
});

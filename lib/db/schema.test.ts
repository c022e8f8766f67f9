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
    expect(db.verno).toBe(6);
    expect(await db.approvals.get('a1')).toMatchObject({ attempts: 0, nextAttemptAt: null, state: 'pending' });
    expect(await db.approvals.where('[state+updatedAt]').between(['pending', 0], ['pending', 10]).count()).toBe(1);
  });

  it('migrates a version 2 database to version 3: thread rows kept, a message cache indexed by thread', async () => {
    const name = `migrate-${Math.random()}`;
    const v2 = new Dexie(name);
    v2.version(2).stores({
      contacts: 'id, &email',
      threads: 'id, updatedAt',
      drafts: 'id, threadId, status, updatedAt',
      approvals: 'id, state, draftId, updatedAt, [state+updatedAt]',
      audit: '++seq, action, subjectId, at',
      secrets: 'key',
    });
    const snapshot = { id: 't1', subject: 'Pricing', historyId: '7', messages: [], fetchedAt: 5 };
    await v2.table('threads').add({ id: 't1', snapshot, updatedAt: 5 });
    v2.close();

    const db = openDb(name);
    await db.open();
    expect(db.verno).toBe(6);
    // Kept for the approval panel's context; without a history cursor it is loaded in full once.
    expect(await db.threads.get('t1')).toEqual({ id: 't1', snapshot, updatedAt: 5 });
    await db.messages.bulkAdd([
      { id: 'm1', threadId: 't1', message: {} as never, fetchedAt: 6 },
      { id: 'm2', threadId: 't2', message: {} as never, fetchedAt: 6 },
    ]);
    expect((await db.messages.where('threadId').equals('t1').toArray()).map((r) => r.id)).toEqual(['m1']);
  });
});

import { describe, expect, it } from 'vitest';
import { pastDb } from '../../test/past-schema';
import { openDb } from './schema';

describe('database schema', () => {
  it('migrates a version 1 database to version 2, backfilling outbox retry fields', async () => {
    const name = await pastDb(1, { approvals: [{ id: 'a1', state: 'pending', draftId: 'd1', updatedAt: 5 }] });

    const db = openDb(name);
    await db.open();
    expect(db.verno).toBe(8);
    expect(await db.approvals.get('a1')).toMatchObject({ attempts: 0, nextAttemptAt: null, state: 'pending' });
    expect(await db.approvals.where('[state+updatedAt]').between(['pending', 0], ['pending', 10]).count()).toBe(1);
  });

  it('migrates a version 2 database to version 3: thread rows kept, a message cache indexed by thread', async () => {
    const snapshot = { id: 't1', subject: 'Pricing', historyId: '7', messages: [], fetchedAt: 5 };
    const name = await pastDb(2, { threads: [{ id: 't1', snapshot, updatedAt: 5 }] });

    const db = openDb(name);
    await db.open();
    expect(db.verno).toBe(8);
    // Kept for the approval panel's context; without a history cursor it is loaded in full once.
    expect(await db.threads.get('t1')).toEqual({ id: 't1', snapshot, updatedAt: 5 });
    await db.messages.bulkAdd([
      { id: 'm1', threadId: 't1', message: {} as never, fetchedAt: 6 },
      { id: 'm2', threadId: 't2', message: {} as never, fetchedAt: 6 },
    ]);
    expect((await db.messages.where('threadId').equals('t1').toArray()).map((r) => r.id)).toEqual(['m1']);
  });
  it('migrates a version 6 database to version 7: every table kept, an empty alerts table indexed by key, state and level', async () => {
    const approval = { id: 'a1', state: 'approved', draftId: 'd1', updatedAt: 5, attempts: 0, nextAttemptAt: null };
    const event = { id: 'sent:a1', kind: 'sent', sequenceId: 's1', mailboxKey: 'sam@example.com', email: 'p@x.co', approvalId: 'a1', ref: null, at: 5 };
    const change = { id: 'c1', kind: 'cleanup', state: 'proposed', updatedAt: 5 };
    const name = await pastDb(6, { approvals: [approval], sequenceEvents: [event], crmChanges: [change], audit: [{ action: 'email.sent', subjectId: 'a1', at: 5 }] });

    const db = openDb(name);
    await db.open();
    expect(db.verno).toBe(8);
    expect(await db.approvals.get('a1')).toEqual(approval);
    expect(await db.sequenceEvents.get('sent:a1')).toEqual(event);
    expect(await db.crmChanges.get('c1')).toEqual(change);
    expect(await db.audit.count()).toBe(1);
    expect(await db.alerts.count()).toBe(0);
    const base = { title: 't', detail: 'd', source: 's', conditionPresent: true, raisedAt: 1, lastSeenAt: 1, clearedAt: null, acknowledgedAt: null, acknowledgedBy: null, ackNote: null, escalations: [] };
    await db.alerts.bulkAdd([
      { ...base, id: 'x1', key: 'crm.connection', level: 'notification', state: 'closed' },
      { ...base, id: 'x2', key: 'crm.connection', level: 'notification', state: 'open' },
      { ...base, id: 'x3', key: 'bounce.spike:sam@example.com', level: 'hold', state: 'open' },
    ]);
    expect(await db.alerts.where('key').equals('crm.connection').count()).toBe(2);
    expect((await db.alerts.where('state').equals('open').primaryKeys()).sort()).toEqual(['x2', 'x3']);
    expect(await db.alerts.where('level').equals('hold').primaryKeys()).toEqual(['x3']);
    expect(await db.alerts.orderBy('raisedAt').count()).toBe(3);
  });

  it('migrates a version 7 database to version 8: every table kept, an empty chat table read by conversation in order', async () => {
    const alert = { id: 'x1', key: 'crm.connection', state: 'open', level: 'notification', raisedAt: 1 };
    const name = await pastDb(7, { alerts: [alert], approvals: [{ id: 'a1', state: 'pending', draftId: 'd1', updatedAt: 5, attempts: 0, nextAttemptAt: null }] });

    const db = openDb(name);
    await db.open();
    expect(db.verno).toBe(8);
    expect(await db.alerts.get('x1')).toEqual(alert);
    expect(await db.approvals.count()).toBe(1);
    expect(await db.chatMessages.count()).toBe(0);
    const row = { role: 'user' as const, text: 't', agent: null, sources: [], proposals: [], refused: [] };
    await db.chatMessages.bulkAdd([
      { ...row, id: 'm2', conversationId: 'c1', at: 2 },
      { ...row, id: 'm1', conversationId: 'c1', at: 1 },
      { ...row, id: 'm3', conversationId: 'c2', at: 3 },
    ]);
    expect(await db.chatMessages.where('[conversationId+at]').between(['c1', 0], ['c1', Infinity]).primaryKeys()).toEqual(['m1', 'm2']);
    expect(await db.chatMessages.orderBy('at').last()).toMatchObject({ id: 'm3' });
  });
});

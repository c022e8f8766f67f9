import { describe, expect, it } from 'vitest';
import { pastDb } from '../../../../test/past-schema';
import { openDb } from '../../../db/schema';

describe('database schema v5: Herald sequences', () => {
  it('upgrades a version 4 database, keeping its rows and adding the sequence tables and indexes', async () => {
    const name = await pastDb(4, { suppressions: [{ email: 'dana@example.com', reason: 'opt_out', evidence: null, by: { type: 'human', id: 'rep' }, at: 1 }] });

    const db = openDb(name);
    await db.open();
    expect(db.verno).toBeGreaterThanOrEqual(5); // later versions keep what v5 added
    expect(await db.suppressions.get('dana@example.com')).toMatchObject({ reason: 'opt_out' });
    const indexes = (table: string) => db.table(table).schema.indexes.map((i) => i.name).sort();
    expect(indexes('sequences')).toEqual(['mailboxKey', 'state']);
    expect(indexes('enrolments')).toEqual(['[state+dueAt]', 'email', 'sequenceId']);
    expect(indexes('sequenceSteps')).toEqual(['[mailboxKey+queuedAt]', 'approvalId', 'enrolmentId', 'state']);
    expect(indexes('sequenceEvents')).toEqual(['[mailboxKey+kind+at]', '[sequenceId+kind+at]', 'approvalId', 'email']);
    db.close();
  });
});

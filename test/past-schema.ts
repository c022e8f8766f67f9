import Dexie from 'dexie';

/**
 * What each past database version changed, frozen as it shipped (lib/db/schema.ts keeps the
 * live declarations; these must not follow them). A migration test opens a database as an
 * older release left it, then lets openDb() upgrade it.
 */
const CHANGED_IN: Record<number, Record<string, string>> = {
  1: {
    contacts: 'id, &email',
    threads: 'id, updatedAt',
    drafts: 'id, threadId, status, updatedAt',
    approvals: 'id, state, draftId, updatedAt',
    audit: '++seq, action, subjectId, at',
    secrets: 'key',
  },
  2: { approvals: 'id, state, draftId, updatedAt, [state+updatedAt]' },
  3: { messages: 'id, threadId' },
  4: { leads: 'contactKey, updatedAt', overrides: 'id, contactKey, expiresAt', suppressions: 'email, reason, at', triage: 'messageId, threadId, from, at' },
  5: {
    sequences: 'id, state, mailboxKey',
    enrolments: 'id, sequenceId, email, [state+dueAt]',
    sequenceSteps: 'id, enrolmentId, approvalId, state, [mailboxKey+queuedAt]',
    sequenceEvents: 'id, approvalId, email, [sequenceId+kind+at], [mailboxKey+kind+at]',
  },
  6: { crmChanges: 'id, kind, state, updatedAt', crmSnapshots: 'id, changeId' },
  7: { alerts: 'id, key, state, level, raisedAt' },
};

/** Every table of `version` with its indexes, as that version declared them. */
export function pastStores(version: number): Record<string, string> {
  if (!CHANGED_IN[version]) throw new Error(`no frozen schema for version ${version}`);
  return Object.assign({}, ...Object.keys(CHANGED_IN).map(Number).filter((v) => v <= version).map((v) => CHANGED_IN[v]));
}

/** A new database at `version` holding `rows` (by table), closed; returns its name for openDb(). */
export async function pastDb(version: number, rows: Record<string, unknown[]>): Promise<string> {
  const name = `migrate-v${version}-${Math.random()}`;
  const db = new Dexie(name);
  db.version(version).stores(pastStores(version));
  for (const [table, items] of Object.entries(rows)) await db.table(table).bulkAdd(items);
  db.close();
  return name;
}

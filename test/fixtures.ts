import { openDb, type CountersignDb, type DraftRow } from '../lib/db/schema';
import type { OutgoingMessage } from '../lib/mail/outgoing';
import type { StorageArea } from '../lib/settings/store';

let counter = 0;
/** A fresh, isolated database (fake-indexeddb gives each name its own store). */
export function freshDb(): CountersignDb {
  counter += 1;
  return openDb(`test-${process.pid}-${counter}-${Math.random().toString(36).slice(2)}`);
}

/**
 * An in-memory storage.local with its structured-clone semantics, as the settings store uses it.
 * `data` is the stored state, for tests that inspect or corrupt it.
 */
export function memoryStorage(): StorageArea & { data: Record<string, unknown> } {
  const data: Record<string, unknown> = {};
  return {
    data,
    get: async (key) => (key in data ? { [key]: structuredClone(data[key]) } : {}),
    set: async (items) => void Object.assign(data, structuredClone(items)),
  };
}

export const sampleMessage = (over: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  from: { name: 'Sam Rep', email: 'sam.rep@example.com' },
  to: [{ name: 'Dana Whitfield', email: 'dana@northwind-logistics.com' }],
  cc: [],
  bcc: [],
  subject: 'Re: Pricing for 40 seats',
  body: 'Hi Dana,\n\nFor 40 seats the pilot would start on the 1st. Shall we book 20 minutes on Thursday?\n\nSam',
  threadId: '18c2f1a9b7e4d3c0',
  inReplyTo: '<dana-1@northwind-logistics.com>',
  references: ['<dana-1@northwind-logistics.com>'],
  ...over,
});

/** A saved draft ready to queue. */
export async function seedDraft(db: CountersignDb, over: Partial<OutgoingMessage> = {}): Promise<DraftRow> {
  const now = Date.now();
  const draft: DraftRow = {
    id: `draft-${Math.random().toString(36).slice(2)}`,
    threadId: '18c2f1a9b7e4d3c0',
    agent: 'herald',
    message: sampleMessage(over),
    evidence: [],
    status: 'draft',
    createdAt: now,
    updatedAt: now,
  };
  await db.drafts.add(draft);
  return draft;
}

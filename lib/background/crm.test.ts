import { describe, expect, it } from 'vitest';
import { freshDb, memoryStorage } from '../../test/fixtures';
import { LocalCrmAdapter } from '../crm/local/adapter';
import { openLocalCrmDb } from '../crm/local/db';
import { SettingsStore } from '../settings/store';
import { createCrmHandlers, createCrmServices } from './crm';

const gmailSender = { kind: 'crm-content', tabId: 1, origin: 'https://app.hubspot.com', url: 'https://app.hubspot.com/' } as const;

describe('CRM record panel data', () => {
  it('says "not connected" for a CRM that is not connected', async () => {
    const db = freshDb();
    const crm = createCrmServices(new SettingsStore(memoryStorage(), db), async () => null, `crm-${Math.random()}`);
    const view = await createCrmHandlers(crm, db)['crm.record']({ type: 'crm.record', crm: 'hubspot', objectType: 'contact', id: '501' }, gmailSender);
    expect(view).toEqual({ status: 'not_connected', ref: { crm: 'hubspot', type: 'contact', id: '501' }, message: expect.stringMatching(/Connect HubSpot/) });
  });

  it('shows the record, its stage, related records, notes and cached Gmail threads with that contact', async () => {
    const db = freshDb();
    const connected = new LocalCrmAdapter(openLocalCrmDb(`remote-${Math.random()}`));
    const crm = createCrmServices(new SettingsStore(memoryStorage(), db), async () => connected, `crm-${Math.random()}`);
    const contact = await connected.batchUpsert('contact', [{ patch: { email: 'dana@northwind-logistics.com', firstName: 'Dana', lastName: 'Whitfield', title: 'Operations Director' } }]);
    const id = (contact.results[0] as { id: string }).id;
    const ref = { crm: 'local' as const, type: 'contact' as const, id };
    await connected.associate(ref, { crm: 'local', type: 'company', id: 'co-1' });
    await connected.addNote(ref, 'Wants a pilot for the Chicago team');
    const msg = { id: 'm1', threadId: 't1', messageId: '<1@x>', inReplyTo: null, references: [], from: { name: 'Dana Whitfield', email: 'Dana@northwind-logistics.com' }, to: [], cc: [], replyTo: [], date: '2026-11-20T10:00:00Z', subject: 'Pricing', text: 'hi', html: null, snippet: '', labelIds: [] };
    await db.threads.put({ id: 't1', updatedAt: 5, snapshot: { id: 't1', subject: 'Pricing for 40 seats', historyId: '1', fetchedAt: 5, messages: [msg] } });
    await db.threads.put({ id: 't2', updatedAt: 6, snapshot: { id: 't2', subject: 'Unrelated', historyId: '1', fetchedAt: 6, messages: [{ ...msg, from: { name: 'X', email: 'x@else.com' } }] } });

    const view = await createCrmHandlers(crm, db)['crm.record']({ type: 'crm.record', crm: 'hubspot', objectType: 'contact', id }, gmailSender);
    expect(view).toMatchObject({
      status: 'ok',
      title: 'Dana Whitfield',
      subtitle: 'Operations Director · dana@northwind-logistics.com',
      related: [{ type: 'company', id: 'co-1' }],
      notes: [{ body: 'Wants a pilot for the Chicago team' }],
      gmail: [{ threadId: 't1', subject: 'Pricing for 40 seats', lastFrom: 'Dana Whitfield', messages: 1 }],
    });
  });
});

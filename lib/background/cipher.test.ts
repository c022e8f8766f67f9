import { describe, expect, it } from 'vitest';
import { freshDb, memoryStorage } from '../../test/fixtures';
import { SettingsStore } from '../settings/store';
import { createCleanupHandlers } from './cipher';
import { createCrmServices } from './crm';
import type { CleanupView } from '../protocol/responses';

const panel = { kind: 'approval-panel', url: 'chrome-extension://x/sidepanel.html' } as const;

async function setup() {
  const db = freshDb();
  const crm = createCrmServices(new SettingsStore(memoryStorage(), db), async () => null, `cipher-${Math.random()}`);
  const handlers = createCleanupHandlers(crm, db, () => Date.UTC(2026, 0, 5));
  const { results } = await crm.local.batchUpsert('contact', [
    { patch: { email: 'dana@northwind-logistics.com', firstName: 'Dana', lastName: 'Whitfield', phone: '+1 312 555 0100' } },
    { patch: { email: 'Dana.Whitfield+crm@northwind-logistics.com', firstName: 'Dana', lastName: 'Whitfield', phone: '(312) 555-0100', title: 'Operations Director' } },
    { patch: { email: 'lee@initech.test', firstName: 'Lee', lastName: 'Park' } },
  ]);
  return { db, crm, handlers, ids: results.map((r) => (r as { id: string }).id) };
}

describe('CRM cleanup through the background', () => {
  it('a scan proposes a merge and changes nothing; the approved preview executes; rollback restores every record', async () => {
    const { db, crm, handlers } = await setup();
    const before = (await crm.local.list('contact', null, 100)).items;
    const view = (await handlers['cleanup.scan']({ type: 'cleanup.scan' }, panel)) as CleanupView | null;
    expect(view).toMatchObject({ state: 'proposed', approved: false, counts: { merges: 1, mergedAway: 1 } });
    expect(view!.items[0]).toMatchObject({ kind: 'merge', remove: [expect.stringContaining('Dana')] });
    expect((await crm.local.list('contact', null, 100)).items).toEqual(before); // a proposal only

    await expect(handlers['cleanup.approve']({ type: 'cleanup.approve', changeId: view!.id, proposalHash: '0'.repeat(64) }, panel)).rejects.toThrow();
    const applied = (await handlers['cleanup.approve']({ type: 'cleanup.approve', changeId: view!.id, proposalHash: view!.proposalHash }, panel)) as CleanupView;
    expect(applied).toMatchObject({ state: 'applied', results: { applied: 1 } });
    expect((await crm.local.list('contact', null, 100)).items).toHaveLength(2);

    const rolled = (await handlers['cleanup.rollback']({ type: 'cleanup.rollback', changeId: view!.id }, panel)) as CleanupView;
    expect(rolled.state).toBe('rolled_back');
    const after = (await crm.local.list('contact', null, 100)).items;
    const byId = (xs: typeof before) => [...xs].sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(after)).toEqual(byId(before));
    const actions = (await db.audit.orderBy('seq').toArray()).map((e) => e.action);
    expect(actions[0]).toMatch(/cleanup/);
    expect(((await handlers['cleanup.list']({ type: 'cleanup.list' }, panel)) as CleanupView[]).map((c) => c.state)).toEqual(['rolled_back']);
  });

  it('nothing to clean: the scan says so and stores nothing', async () => {
    const db = freshDb();
    const crm = createCrmServices(new SettingsStore(memoryStorage(), db), async () => null, `cipher-${Math.random()}`);
    await crm.local.batchUpsert('contact', [{ patch: { email: 'a@one.test', firstName: 'Ann' } }, { patch: { email: 'b@two.test', firstName: 'Bo' } }]);
    expect(await createCleanupHandlers(crm, db)['cleanup.scan']({ type: 'cleanup.scan' }, panel)).toBeNull();
    expect(await db.crmChanges.count()).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { LocalCrmAdapter } from '../../../crm/local/adapter';
import { openLocalCrmDb } from '../../../crm/local/db';
import type { CrmRef } from '../../../crm/model';
import { lookupLeadCrm, MAX_DEALS } from './crm-lookup';
import { crmFlags } from './flags-crm';
import { Icp } from './icp';

const crm = () => new LocalCrmAdapter(openLocalCrmDb(`lookup-${Math.random()}`));
const ref = (type: CrmRef['type'], id: string): CrmRef => ({ crm: 'local', type, id });
const idOf = (r: { results: unknown[] }, i = 0) => (r.results[i] as { id: string }).id;

describe('lookupLeadCrm', () => {
  it("finds the contact by email, their associated company, both records' deals, notes and pipelines", async () => {
    const local = crm();
    const company = idOf(await local.batchUpsert('company', [{ patch: { name: 'Northwind Logistics', domain: 'northwind-logistics.com' } }]));
    const contact = idOf(await local.batchUpsert('contact', [{ patch: { email: 'Dana@Northwind-Logistics.com', firstName: 'Dana', companyId: company } }]));
    const deals = await local.batchUpsert('deal', [
      { patch: { name: 'Pilot', pipelineId: 'default', stageId: 'proposal', ownerId: 'u-other' } },
      { patch: { name: 'Renewal', pipelineId: 'default', stageId: 'lead', ownerId: 'u-me' } },
    ]);
    await local.associate(ref('contact', contact), ref('deal', idOf(deals, 0)));
    await local.associate(ref('company', company), ref('deal', idOf(deals, 1)));
    await local.addNote(ref('contact', contact), 'Asked for pilot pricing at the fair');

    const found = await lookupLeadCrm(local, 'dana@northwind-logistics.com', 'u-me');
    expect(found.contact?.id).toBe(contact);
    expect(found.company?.id).toBe(company);
    expect(found.deals.map((d) => d.name).sort()).toEqual(['Pilot', 'Renewal']);
    expect(found.notes.map((n) => n.body)).toEqual(['Asked for pilot pricing at the fair']);
    expect(found.pipelines.length).toBeGreaterThan(0);
    expect(found.repOwnerId).toBe('u-me');
    // What the score makes of it: the open deal of another rep is a flag, with the CRM field as evidence.
    const flags = crmFlags(found, Icp.parse({}));
    expect(flags).toEqual([expect.objectContaining({ kind: 'owned_by_other', evidence: expect.objectContaining({ source: 'crm', ref: expect.stringContaining(idOf(deals, 0)) }) })]);
  });

  it('without a contact, finds the company by the address domain, but never for free-mail addresses', async () => {
    const local = crm();
    await local.batchUpsert('company', [{ patch: { name: 'Northwind Logistics', domain: 'northwind-logistics.com' } }, { patch: { name: 'Google', domain: 'gmail.com' } }]);
    const byDomain = await lookupLeadCrm(local, 'new.person@northwind-logistics.com', null);
    expect(byDomain.contact).toBeNull();
    expect(byDomain.company?.name).toBe('Northwind Logistics');
    expect(byDomain.repOwnerId).toBeNull();
    const freeMail = await lookupLeadCrm(local, 'someone@gmail.com', '');
    expect(freeMail.company).toBeNull();
    expect(freeMail.deals).toEqual([]);
  });

  it(`reads at most ${MAX_DEALS} deals`, async () => {
    const local = crm();
    const contact = idOf(await local.batchUpsert('contact', [{ patch: { email: 'busy@acme.test' } }]));
    const deals = await local.batchUpsert('deal', Array.from({ length: MAX_DEALS + 5 }, (_, i) => ({ patch: { name: `Deal ${i}`, pipelineId: 'default', stageId: 'lead' } })));
    for (let i = 0; i < deals.results.length; i += 1) await local.associate(ref('contact', contact), ref('deal', idOf(deals, i)));
    expect((await lookupLeadCrm(local, 'busy@acme.test', null)).deals).toHaveLength(MAX_DEALS);
  });
});

import { describe, expect, it } from 'vitest';
import { hubspotSuite } from '../../../test/hubspot-suite';

const { hs, adapter } = hubspotSuite();

const ref = (type: 'contact' | 'company' | 'deal', id: string) => ({ crm: 'hubspot' as const, type, id });

describe('HubSpot adapter: reads', () => {
  it('gets a record by id with mapped fields, its primary company, and unmapped properties in `properties`', async () => {
    const co = hs().seed('companies', { name: 'Northwind', domain: 'northwind.test' });
    const c = hs().seed('contacts', { email: 'dana@northwind.test', firstname: 'Dana', lastname: 'Reyes', jobtitle: 'COO', lifecyclestage: 'lead' });
    hs().link({ type: 'contacts', id: c.id }, { type: 'companies', id: co.id });
    const crm = adapter({ extraProperties: { contact: ['lifecyclestage'] } });
    expect(await crm.get('contact', c.id)).toMatchObject({ id: c.id, email: 'dana@northwind.test', firstName: 'Dana', lastName: 'Reyes', title: 'COO', companyId: co.id, properties: { lifecyclestage: 'lead' } });
    const asked = hs().requests.at(-1)!;
    expect(asked.query.get('properties')?.split(',')).toEqual(expect.arrayContaining(['email', 'firstname', 'lastname', 'jobtitle', 'phone', 'lifecyclestage']));
    expect(asked.query.getAll('associations')).toEqual(['companies']);
  });

  it('answers null for a record HubSpot does not have', async () => {
    expect(await adapter().get('deal', '999999')).toBeNull();
  });

  it('pages through a list with HubSpot `after` cursors', async () => {
    for (let i = 0; i < 25; i++) hs().seed('companies', { name: `Co ${i}`, numberofemployees: String(i * 10) });
    const crm = adapter();
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof crm.list<'company'>>> = await crm.list('company', cursor, 10);
      seen.push(...page.items.map((c) => c.id));
      cursor = page.next;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(25);
    expect((await crm.list('company', null, 1)).items[0]).toMatchObject({ name: 'Co 0', employees: 0 });
  });

  it('searches contacts by email (EQ), companies by domain (EQ) and deals by name (CONTAINS_TOKEN)', async () => {
    hs().seed('contacts', { email: 'dana@northwind.test', firstname: 'Dana' });
    hs().seed('contacts', { email: 'lee@contoso.test', firstname: 'Lee', lastname: 'Dana' });
    hs().seed('companies', { name: 'Northwind Logistics', domain: 'northwind.test' });
    hs().seed('deals', { dealname: 'Northwind pilot 2026', amount: '12000' });
    hs().seed('deals', { dealname: 'Contoso renewal' });
    const crm = adapter();
    expect((await crm.search('contact', { email: 'DANA@northwind.test' })).map((c) => c.firstName)).toEqual(['Dana']);
    expect((await crm.search('company', { domain: 'https://www.Northwind.test/about' })).map((c) => c.name)).toEqual(['Northwind Logistics']);
    expect((await crm.search('deal', { name: 'northwind PILOT' })).map((d) => [d.name, d.amount])).toEqual([['Northwind pilot 2026', 12000]]);
    expect((await crm.search('contact', { name: 'dana' })).map((c) => c.email).sort()).toEqual(['dana@northwind.test', 'lee@contoso.test']);
    const body = hs().requests.filter((r) => r.path.endsWith('/search')).at(0)!.body;
    expect(body).toMatchObject({ filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ', value: 'DANA@northwind.test' }] }] });
  });

  it('reads deal pipelines with stage order, probability and closed won/lost', async () => {
    const [pipeline] = await adapter().pipelines();
    expect(pipeline?.id).toBe('default');
    expect(pipeline?.stages.map((s) => [s.id, s.order, s.probability, s.closed])).toEqual([
      ['appointmentscheduled', 0, 0.2, null],
      ['qualifiedtobuy', 1, 0.4, null],
      ['presentationscheduled', 2, 0.6, null],
      ['contractsent', 3, 0.9, null],
      ['closedwon', 4, 1, 'won'],
      ['closedlost', 5, 0, 'lost'],
    ]);
  });
});

describe('HubSpot adapter: writes', () => {
  it('upserts contacts by email: creates, then updates the same record, never duplicating', async () => {
    const crm = adapter();
    const first = await crm.batchUpsert('contact', [{ patch: { email: 'dana@northwind.test', firstName: 'Dana' } }]);
    expect(first.results).toEqual([{ index: 0, ok: true, id: expect.any(String), created: true }]);
    const second = await crm.batchUpsert('contact', [{ patch: { email: 'Dana@Northwind.test', title: 'COO', phone: null } }]);
    expect(second.results).toEqual([{ index: 0, ok: true, id: (first.results[0] as { id: string }).id, created: false }]);
    expect(hs().all('contacts')).toHaveLength(1);
    expect(hs().all('contacts')[0]!.properties).toMatchObject({ firstname: 'Dana', jobtitle: 'COO' });
    const sent = hs().requests.filter((r) => r.path.endsWith('/batch/upsert')).at(-1)!.body;
    expect(sent).toEqual({ inputs: [{ id: 'Dana@Northwind.test', idProperty: 'email', properties: { email: 'Dana@Northwind.test', jobtitle: 'COO', phone: '' }, objectWriteTraceId: '0' }] });
  });

  it('upserts companies by domain without using `domain` as an idProperty (HubSpot refuses it): search, then update or create', async () => {
    const existing = hs().seed('companies', { name: 'Northwind', domain: 'northwind.test' });
    const crm = adapter();
    const res = await crm.batchUpsert('company', [
      { patch: { domain: 'www.northwind.test', industry: 'LOGISTICS' } },
      { patch: { domain: 'contoso.test', name: 'Contoso' } },
      { patch: { domain: 'contoso.test', employees: 40 } },
    ]);
    expect(res.results.map((r) => r.ok && [r.id === existing.id, r.created])).toEqual([[true, false], [false, true], [false, false]]);
    expect(hs().all('companies').map((c) => c.properties)).toEqual([
      { name: 'Northwind', domain: 'northwind.test', industry: 'LOGISTICS' },
      { domain: 'contoso.test', name: 'Contoso', numberofemployees: '40' },
    ]);
    expect(hs().requests.some((r) => r.path.endsWith('/companies/batch/upsert'))).toBe(false);
  });

  it('upserts companies through a configured unique property when the portal has one', async () => {
    hs().uniqueProperties.companies = ['countersign_domain'];
    const crm = adapter({ companyDomainIdProperty: 'countersign_domain' });
    await crm.batchUpsert('company', [{ patch: { domain: 'contoso.test', name: 'Contoso' } }]);
    const again = await crm.batchUpsert('company', [{ patch: { domain: 'CONTOSO.test', industry: 'RETAIL' } }]);
    expect(again.results[0]).toMatchObject({ ok: true, created: false });
    expect(hs().all('companies')).toHaveLength(1);
  });

  it('deals: upsert with an id updates, without one creates; batchUpdate updates by id', async () => {
    const crm = adapter();
    const created = await crm.batchUpsert('deal', [{ patch: { name: 'Northwind pilot', amount: 12000, currency: 'EUR', pipelineId: 'default', stageId: 'qualifiedtobuy' } }]);
    const id = (created.results[0] as { id: string }).id;
    expect(created.results[0]).toMatchObject({ ok: true, created: true });
    expect((await crm.batchUpsert('deal', [{ id, patch: { amount: 15000 } }])).results[0]).toMatchObject({ ok: true, id, created: false });
    expect((await crm.batchUpdate('deal', [{ id, patch: { closeDate: '2026-09-30' } }])).results[0]).toMatchObject({ ok: true, id });
    expect(await crm.get('deal', id)).toMatchObject({ name: 'Northwind pilot', amount: 15000, currency: 'EUR', stageId: 'qualifiedtobuy', closeDate: '2026-09-30' });
    expect(hs().all('deals')).toHaveLength(1);
  });

  it('an install mapping overrides property names; unmapped `properties` pass through as HubSpot names', async () => {
    const crm = adapter({ mapping: { contact: { title: 'hs_job_title_custom', score: 'countersign_score' } } });
    const res = await crm.batchUpsert('contact', [{ patch: { email: 'a@b.test', title: 'CTO', properties: { score: '87', hs_lead_status: 'OPEN' } } }]);
    expect(hs().all('contacts')[0]!.properties).toEqual({ email: 'a@b.test', hs_job_title_custom: 'CTO', countersign_score: '87', hs_lead_status: 'OPEN' });
    const back = await adapter({ mapping: { contact: { title: 'hs_job_title_custom', score: 'countersign_score' } }, extraProperties: { contact: ['hs_lead_status'] } }).get('contact', (res.results[0] as { id: string }).id);
    expect(back).toMatchObject({ title: 'CTO', properties: { score: '87', hs_lead_status: 'OPEN' } });
  });

  it('changes a deal stage (dealstage + pipeline), refusing a stage no pipeline has', async () => {
    const deal = hs().seed('deals', { dealname: 'Pilot', dealstage: 'appointmentscheduled', pipeline: 'default' });
    const crm = adapter();
    expect(await crm.changeStage(deal.id, 'contractsent')).toMatchObject({ id: deal.id, stageId: 'contractsent', pipelineId: 'default' });
    expect(hs().requests.find((r) => r.method === 'PATCH')?.body).toEqual({ properties: { dealstage: 'contractsent', pipeline: 'default' } });
    await expect(crm.changeStage(deal.id, 'nope')).rejects.toMatchObject({ kind: 'client', userMessage: 'HubSpot has no stage "nope" in any deal pipeline.' });
  });

  it('archives records (twice is fine) and merges two into one', async () => {
    const [a, b] = [hs().seed('contacts', { email: 'a@x.test', firstname: 'Ann' }), hs().seed('contacts', { email: 'a2@x.test', phone: '+1 555' })];
    const co = hs().seed('companies', { name: 'X' });
    hs().link({ type: 'contacts', id: b.id }, { type: 'companies', id: co.id });
    const crm = adapter();
    await crm.merge('contact', a.id, b.id);
    expect(hs().requests.at(-1)?.body).toEqual({ primaryObjectId: a.id, objectIdToMerge: b.id });
    expect(await crm.get('contact', b.id)).toBeNull();
    expect(await crm.get('contact', a.id)).toMatchObject({ firstName: 'Ann', phone: '+1 555', email: 'a@x.test', companyId: co.id });
    await crm.remove('contact', a.id);
    await crm.remove('contact', a.id);
    expect(hs().all('contacts')).toEqual([]);
  });

  it('adds notes to a record (associated by type id) and reads them back, newest first', async () => {
    const deal = hs().seed('deals', { dealname: 'Pilot' });
    let t = Date.parse('2026-05-01T10:00:00Z');
    const crm = adapter({ now: () => (t += 60_000) });
    await crm.addNote(ref('deal', deal.id), 'Kick-off call booked');
    const second = await crm.addNote(ref('deal', deal.id), 'Sent the proposal');
    expect(hs().requests.find((r) => r.path === '/crm/v3/objects/notes')?.body).toMatchObject({ associations: [{ to: { id: deal.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 214 }] }] });
    const notes = await crm.notes(ref('deal', deal.id));
    expect(notes.map((n) => n.body)).toEqual(['Sent the proposal', 'Kick-off call booked']);
    expect(notes[0]).toEqual({ ...second, attachedTo: [ref('deal', deal.id)] });
  });

  it('associates records with the v4 default association and reads associations back', async () => {
    const [c, d] = [hs().seed('contacts', { email: 'a@x.test' }), hs().seed('deals', { dealname: 'Pilot' })];
    const crm = adapter();
    await crm.associate(ref('contact', c.id), ref('deal', d.id));
    expect(hs().requests.at(-1)).toMatchObject({ method: 'PUT', path: `/crm/v4/objects/contacts/${c.id}/associations/default/deals/${d.id}` });
    expect(await crm.associations(ref('deal', d.id), 'contact')).toEqual([c.id]);
    expect(await crm.get('deal', d.id)).toMatchObject({ contactIds: [c.id] });
  });
});

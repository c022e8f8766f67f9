import { describe, expect, it } from 'vitest';
import { fault, standinSession } from '../../../test/standins/salesforce';
import { CrmApiError } from '../http';
import { SalesforceAdapter, type SalesforceAdapterOptions } from './adapter';
import { salesforceSuite } from '../../../test/salesforce-suite';

const sf = salesforceSuite();
const adapter = (opts: Partial<SalesforceAdapterOptions> = {}) => new SalesforceAdapter({ auth: standinSession(sf()).session, sleep: async () => {}, ...opts });
const queries = () => sf().requests.filter((r) => r.path.includes('/query'));

describe('Salesforce adapter: records', () => {
  it('get reads a Contact by id into our model, with unmapped selected fields in properties', async () => {
    const acme = sf().seed('Account', { Name: 'Acme', Website: 'https://www.Acme.test/about', NumberOfEmployees: 120 });
    const ann = sf().seed('Contact', { FirstName: 'Ann', LastName: 'Lee', Email: 'ann@acme.test', Title: 'CTO', AccountId: acme.Id });
    const crm = adapter({ extraFields: { contact: ['Phone'] } });
    expect(ann.Id).toMatch(/^003[A-Za-z0-9]{15}$/);
    expect(await crm.get('contact', ann.Id)).toMatchObject({ id: ann.Id, email: 'ann@acme.test', firstName: 'Ann', lastName: 'Lee', title: 'CTO', companyId: acme.Id, updatedAt: ann.LastModifiedDate });
    expect(await crm.get('company', acme.Id)).toMatchObject({ name: 'Acme', domain: 'acme.test', employees: 120 });
    const get = sf().requests.at(-1)!;
    expect(get.path).toBe(`/services/data/v62.0/sobjects/Account/${acme.Id}`);
    expect(get.query.get('fields')).toBe('Id,LastModifiedDate,Name,Website,Industry,NumberOfEmployees,OwnerId');
  });

  it('get answers null for a missing record and for a string that is not a Salesforce id', async () => {
    expect(await adapter().get('contact', '003000000000000AAA')).toBeNull();
    expect(await adapter().get('contact', "x' OR Id != '")).toBeNull();
  });

  it('a deal carries its stage, account and contact roles', async () => {
    const acme = sf().seed('Account', { Name: 'Acme' });
    const [ann, bob] = [sf().seed('Contact', { LastName: 'Lee' }), sf().seed('Contact', { LastName: 'Ng' })];
    const deal = sf().seed('Opportunity', { Name: 'Acme renewal', Amount: 5000, StageName: 'Qualification', CloseDate: '2030-03-31', AccountId: acme.Id });
    for (const c of [bob, ann]) sf().seed('OpportunityContactRole', { OpportunityId: deal.Id, ContactId: c.Id });
    expect(await adapter().get('deal', deal.Id)).toMatchObject({ name: 'Acme renewal', amount: 5000, stageId: 'Qualification', pipelineId: 'default', closeDate: '2030-03-31', companyId: acme.Id, contactIds: [bob.Id, ann.Id] });
  });

  it('list pages in id order and follows nextRecordsUrl inside a page', async () => {
    sf().batchSize = 3;
    const ids = Array.from({ length: 8 }, (_, i) => sf().seed('Contact', { LastName: `L${i}` }).Id);
    const crm = adapter();
    const first = await crm.list('contact', null, 5);
    expect(first.items.map((c) => c.id)).toEqual(ids.slice(0, 5));
    expect(first.next).toBe(`after:${ids[4]}`);
    const second = await crm.list('contact', first.next, 5);
    expect(second.items.map((c) => c.id)).toEqual(ids.slice(5));
    expect(second.next).toBeNull();
    expect(queries().map((r) => r.path.replace(/01g\w+-/, 'LOCATOR-'))).toEqual([
      '/services/data/v62.0/query',
      '/services/data/v62.0/query/LOCATOR-3',
      '/services/data/v62.0/query',
    ]);
    expect(queries()[2]!.soql!.where).toEqual({ kind: 'cmp', field: 'Id', op: '>', value: ids[4] });
    await expect(crm.list('contact', 'page-2')).rejects.toMatchObject({ kind: 'client' });
  });

  it('search finds contacts by email (any case), companies by website host, and records by name words across pages', async () => {
    sf().batchSize = 2;
    sf().seed('Contact', { FirstName: 'Ann', LastName: 'Lee', Email: 'Ann@Acme.test' });
    for (const i of [1, 2, 3, 4, 5]) sf().seed('Contact', { FirstName: 'Sam', LastName: `Smith${i}` });
    sf().seed('Account', { Name: 'Acme Corp', Website: 'http://acme.test' });
    sf().seed('Account', { Name: 'Not Acme', Website: 'https://notacme.test' });
    const crm = adapter();
    expect((await crm.search('contact', { email: 'ann@acme.test' })).map((c) => c.lastName)).toEqual(['Lee']);
    expect((await crm.search('company', { domain: 'https://www.acme.test/' })).map((c) => c.name)).toEqual(['Acme Corp']);
    expect(await crm.search('contact', { name: 'sam' })).toHaveLength(5);
    expect((await crm.search('company', { name: 'acme corp' })).map((c) => c.name)).toEqual(['Acme Corp']);
    expect(await crm.search('deal', {})).toEqual([]);
  });

  it('changeStage sets StageName to an active stage and refuses one the org does not have', async () => {
    const deal = sf().seed('Opportunity', { Name: 'D', StageName: 'Prospecting', CloseDate: '2030-01-01' });
    const crm = adapter();
    expect(await crm.changeStage(deal.Id, 'Closed Won')).toMatchObject({ id: deal.Id, stageId: 'Closed Won' });
    expect(sf().requests.find((r) => r.method === 'PATCH')!.body).toEqual({ StageName: 'Closed Won' });
    await expect(crm.changeStage(deal.Id, 'Negotiation')).rejects.toMatchObject({ kind: 'client', userMessage: expect.stringMatching(/no active opportunity stage "Negotiation"/) });
    await expect(crm.changeStage(deal.Id, 'Closed Won', 'other-pipeline')).rejects.toBeInstanceOf(CrmApiError);
  });

  it('pipelines are the StageName picklist ordered and annotated from OpportunityStage', async () => {
    const [pipeline] = await adapter().pipelines();
    expect(pipeline!.stages.map((s) => [s.id, s.order, s.probability, s.closed])).toEqual([
      ['Prospecting', 1, 0.1, null],
      ['Qualification', 2, 0.2, null],
      ['Proposal/Price Quote', 3, 0.75, null],
      ['Closed Won', 4, 1, 'won'],
      ['Closed Lost', 5, 0, 'lost'],
    ]);
  });

  it('remove deletes, and a repeat after the record is gone is not an error', async () => {
    const c = sf().seed('Contact', { LastName: 'Gone' });
    await adapter().remove('contact', c.Id);
    expect(sf().all('Contact')).toEqual([]);
    await adapter().remove('contact', c.Id);
  });

  it('merge is not offered: the REST API has no merge resource', async () => {
    expect(adapter().capabilities).toEqual({ batchSize: 200, delete: true, merge: false });
    await expect(adapter().merge('contact', '003000000000001AAA', '003000000000002AAA')).rejects.toMatchObject({ kind: 'client', userMessage: expect.stringMatching(/cannot merge/) });
    expect(sf().requests).toEqual([]);
  });

  it('an answer missing a selected field fails with an error that names the field', async () => {
    const c = sf().seed('Contact', { LastName: 'Lee', Email: 'a@b.test' });
    const { Email: _missing, ...partial } = { attributes: { type: 'Contact' }, Id: c.Id, LastModifiedDate: c.LastModifiedDate, Email: null, FirstName: null, LastName: 'Lee', Title: null, Phone: null, AccountId: null, OwnerId: null };
    sf().inject({ method: 'GET', path: /\/sobjects\/Contact\// }, fault.respond(200, partial));
    await expect(adapter().get('contact', c.Id)).rejects.toMatchObject({ kind: 'invalid_response', userMessage: expect.stringMatching(/\(Email: /) });
    sf().inject({ path: /\/query$/ }, fault.respond(200, { totalSize: 1, done: true, records: [partial] }));
    await expect(adapter().search('contact', { name: 'Lee' })).rejects.toMatchObject({ kind: 'invalid_response', userMessage: expect.stringMatching(/records\[0\]\.Email/) });
  });
});

describe('Salesforce adapter: associations and notes', () => {
  it('links contacts and deals to accounts through lookups, and contacts to deals through one contact role', async () => {
    const acme = sf().seed('Account', { Name: 'Acme' });
    const ann = sf().seed('Contact', { LastName: 'Lee' });
    const deal = sf().seed('Opportunity', { Name: 'D', StageName: 'Prospecting', CloseDate: '2030-01-01' });
    const crm = adapter();
    const ref = (type: 'contact' | 'company' | 'deal', id: string) => ({ crm: 'salesforce' as const, type, id });
    await crm.associate(ref('contact', ann.Id), ref('company', acme.Id));
    await crm.associate(ref('company', acme.Id), ref('deal', deal.Id));
    await crm.associate(ref('deal', deal.Id), ref('contact', ann.Id));
    await crm.associate(ref('contact', ann.Id), ref('deal', deal.Id));
    expect(sf().all('OpportunityContactRole')).toHaveLength(1);
    expect(await crm.associations(ref('company', acme.Id), 'contact')).toEqual([ann.Id]);
    expect(await crm.associations(ref('company', acme.Id), 'deal')).toEqual([deal.Id]);
    expect(await crm.associations(ref('contact', ann.Id), 'company')).toEqual([acme.Id]);
    expect(await crm.associations(ref('contact', ann.Id), 'deal')).toEqual([deal.Id]);
    expect(await crm.associations(ref('deal', deal.Id), 'contact')).toEqual([ann.Id]);
    await expect(crm.associate(ref('contact', ann.Id), ref('contact', ann.Id))).rejects.toMatchObject({ kind: 'client' });
  });

  it('a note is a ContentNote shared with the record; notes() reads them back newest first', async () => {
    const acme = sf().seed('Account', { Name: 'Acme' });
    const ref = { crm: 'salesforce' as const, type: 'company' as const, id: acme.Id };
    const crm = adapter({ now: () => Date.parse('2030-01-01T00:00:00Z') });
    const note = await crm.addNote(ref, 'Call went well\nPricing <b>& terms</b> next');
    expect(note).toMatchObject({ body: 'Call went well\nPricing <b>& terms</b> next', attachedTo: [ref] });
    const sent = sf().requests.find((r) => r.path.endsWith('/sobjects/ContentNote'))!.body as { Title: string; Content: string };
    expect(sent.Title).toBe('Call went well');
    expect(Buffer.from(sent.Content, 'base64').toString('utf8')).toBe('<p>Call went well</p><p>Pricing &lt;b&gt;&amp; terms&lt;/b&gt; next</p>');
    await crm.addNote(ref, 'Second note');
    expect((await crm.notes(ref)).map((n) => n.body)).toEqual(['Second note', 'Call went well\nPricing <b>& terms</b> next']);
  });

  it('a note that cannot be attached is deleted again, so nothing is left half-written', async () => {
    const acme = sf().seed('Account', { Name: 'Acme' });
    sf().inject({ path: /\/sobjects\/ContentDocumentLink$/ }, fault.serverError(503, true));
    await expect(adapter().addNote({ crm: 'salesforce', type: 'company', id: acme.Id }, 'hello')).rejects.toMatchObject({ kind: 'server' });
    expect(sf().all('ContentNote')).toEqual([]);
    expect(sf().all('ContentDocumentLink')).toEqual([]);
  });
});

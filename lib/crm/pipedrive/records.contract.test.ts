import { describe, expect, it } from 'vitest';
import { pipedriveContract } from '../../../test/pipedrive-contract';
import type { CrmRef, ItemResult } from '../model';
import { PipedriveAdapter, pipedriveAuth, type PipedriveAdapterOptions } from './adapter';

// Every call goes through Prism serving Pipedrive's own specs, both ways; any violation fails the test.
const contract = pipedriveContract();

const DOMAIN_FIELD = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const connect = (opts: Partial<PipedriveAdapterOptions> = {}) =>
  new PipedriveAdapter({
    baseUrl: 'https://northwind-test.pipedrive.com',
    auth: async () => pipedriveAuth({ apiToken: contract.current.standin.token }),
    fetch: contract.current.fetch,
    sleep: async () => {},
    ...opts,
  });
const ref = (type: CrmRef['type'], id: string): CrmRef => ({ crm: 'pipedrive', type, id });
const idOf = (result: ItemResult | undefined): string => (result?.ok ? result.id : `failed: ${result?.error}`);

describe('Pipedrive adapter against Prism (contacts)', () => {
  it('upserts a contact by email: searches first, creates once, then updates the same person', async () => {
    const crm = connect();
    const first = await crm.batchUpsert('contact', [{ patch: { email: 'dana@northwind.example', firstName: 'Dana', lastName: 'Whitfield', title: 'COO', phone: '+44 20 7946 0000' } }]);
    expect(first.results).toEqual([{ index: 0, ok: true, id: expect.any(String), created: true }]);
    const again = await crm.batchUpsert('contact', [{ patch: { email: 'DANA@northwind.example', title: 'CEO' } }]);
    expect(again.results).toEqual([{ index: 0, ok: true, id: idOf(first.results[0]), created: false }]);
    expect(contract.current.standin.tables.persons.size).toBe(1);
    const search = contract.current.standin.requests.find((r) => r.path === '/persons/search');
    expect(Object.fromEntries(search?.query ?? [])).toMatchObject({ term: 'dana@northwind.example', fields: 'email', exact_match: 'true' });
    const dana = await crm.get('contact', idOf(first.results[0]));
    expect(dana).toMatchObject({ email: 'dana@northwind.example', firstName: 'Dana', lastName: 'Whitfield', title: 'CEO', phone: '+44 20 7946 0000' });
  });

  it('works with an OAuth access token as well as an API token', async () => {
    const crm = connect({ auth: async () => pipedriveAuth({ accessToken: contract.current.standin.token }) });
    contract.current.standin.seed('persons', { name: 'Ola Nordmann', emails: [{ value: 'ola@example.no', primary: true, label: 'work' }] });
    expect((await crm.search('contact', { email: 'ola@example.no' })).map((c) => c.firstName)).toEqual(['Ola']);
    expect(contract.current.standin.requests.at(-1)?.headers.authorization).toBe(`Bearer ${contract.current.standin.token}`);
  });

  it('pages through persons with the v2 cursor', async () => {
    for (let i = 0; i < 5; i++) contract.current.standin.seed('persons', { name: `Person ${i}`, emails: [{ value: `p${i}@example.com`, primary: true, label: 'work' }] });
    const crm = connect();
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof crm.list<'contact'>>> = await crm.list('contact', cursor, 2);
      seen.push(...page.items.map((c) => c.email ?? ''));
      cursor = page.next;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(['p0@example.com', 'p1@example.com', 'p2@example.com', 'p3@example.com', 'p4@example.com']);
  });

  it('reports one result per input, by index, and keeps going past a bad item', async () => {
    const kept = contract.current.standin.seed('persons', { name: 'Kim Lee', emails: [{ value: 'kim@old.example', primary: true, label: 'work' }] });
    const crm = connect();
    const { results } = await crm.batchUpdate('contact', [
      { id: String(kept.id), patch: { email: 'kim@new.example' } },
      { id: '999999', patch: { title: 'Nobody' } },
      { id: String(kept.id), patch: { companyId: 'acme' } },
      { id: String(kept.id), patch: { lastName: 'Lee-Park' } },
    ]);
    expect(results).toEqual([
      { index: 0, ok: true, id: String(kept.id), created: false },
      { index: 1, ok: false, error: expect.stringMatching(/no person with id 999999/), retryable: false },
      { index: 2, ok: false, error: expect.stringMatching(/companyId must be a Pipedrive id/), retryable: false },
      { index: 3, ok: true, id: String(kept.id), created: false },
    ]);
    // The new address is primary; the old one stays as a secondary email.
    expect(contract.current.standin.tables.persons.get(kept.id)).toMatchObject({
      name: 'Kim Lee-Park',
      emails: [{ value: 'kim@new.example', primary: true }, { value: 'kim@old.example', primary: false }],
    });
  });

  it('deletes (twice is fine) and merges persons with v1 merge_with_id (the winner survives)', async () => {
    const crm = connect();
    const winner = contract.current.standin.seed('persons', { name: 'Ana Silva', emails: [{ value: 'ana@example.com', primary: true, label: 'work' }] });
    const loser = contract.current.standin.seed('persons', { name: 'Ana S.', emails: [{ value: 'ana.silva@example.com', primary: true, label: 'home' }] });
    await crm.merge('contact', String(winner.id), String(loser.id));
    const merge = contract.current.standin.requests.find((r) => r.path.endsWith('/merge'));
    expect(merge).toMatchObject({ version: 'v1', method: 'PUT', path: `/persons/${loser.id}/merge`, body: { merge_with_id: winner.id } });
    expect([...contract.current.standin.tables.persons.keys()]).toEqual([winner.id]);
    await crm.remove('contact', String(winner.id));
    await crm.remove('contact', String(winner.id));
    expect(contract.current.standin.tables.persons.size).toBe(0);
    expect(await crm.get('contact', String(winner.id))).toBeNull();
  });
});

describe('Pipedrive adapter against Prism (companies, deals, notes)', () => {
  it('keeps a company domain in the website, keyed by exact name, and finds it by domain', async () => {
    const crm = connect();
    const { results } = await crm.batchUpsert('company', [{ patch: { name: 'Acme Ltd', domain: 'acme.example', employees: 40, industry: '12' } }]);
    expect(results[0]).toMatchObject({ ok: true, created: true });
    const org = [...contract.current.standin.tables.organizations.values()][0];
    expect(org).toMatchObject({ name: 'Acme Ltd', website: 'https://acme.example', employee_count: 40, industry: 12 });
    await crm.batchUpsert('company', [{ patch: { name: 'Acme Ltd', employees: 45 } }]);
    expect(contract.current.standin.tables.organizations.size).toBe(1);
    expect(await crm.search('company', { domain: 'www.acme.example' })).toMatchObject([{ name: 'Acme Ltd', domain: 'acme.example', employees: 45, industry: '12' }]);
  });

  it('with a mapped domain field, keys companies by domain through an exact custom-field search', async () => {
    const crm = connect({ mapping: { company: { domain: DOMAIN_FIELD, region: 'f0e1d2c3b4a5968778695a4b3c2d1e0f12345678' } } });
    await crm.batchUpsert('company', [{ patch: { name: 'Globex', domain: 'globex.example', properties: { region: 'EMEA' } } }]);
    const again = await crm.batchUpsert('company', [{ patch: { name: 'Globex Corporation', domain: 'globex.example' } }]);
    expect(again.results[0]).toMatchObject({ ok: true, created: false });
    expect(contract.current.standin.tables.organizations.size).toBe(1);
    const search = contract.current.standin.requests.filter((r) => r.path === '/organizations/search').at(-1);
    expect(Object.fromEntries(search?.query ?? [])).toMatchObject({ term: 'globex.example', fields: 'custom_fields', exact_match: 'true' });
    const [globex] = await crm.search('company', { domain: 'globex.example' });
    expect(globex).toMatchObject({ name: 'Globex Corporation', domain: 'globex.example', properties: { region: 'EMEA' } });
  });

  it('creates a deal with its money, pipeline, stage, close date and links; moves its stage', async () => {
    const crm = connect();
    const org = contract.current.standin.seed('organizations', { name: 'Initech' });
    const [p1, p2] = [contract.current.standin.seed('persons', { name: 'Bill L' }), contract.current.standin.seed('persons', { name: 'Peter G' })];
    const { results } = await crm.batchUpsert('deal', [
      { patch: { name: 'Initech renewal', amount: 12000, currency: 'USD', pipelineId: '1', stageId: '1', closeDate: '2026-12-31', companyId: String(org.id), contactIds: [String(p1.id), String(p2.id)] } },
    ]);
    const id = idOf(results[0]);
    expect(await crm.get('deal', id)).toMatchObject({ name: 'Initech renewal', amount: 12000, currency: 'USD', pipelineId: '1', stageId: '1', closeDate: '2026-12-31', companyId: String(org.id), contactIds: [String(p1.id)] });
    expect(await crm.associations(ref('deal', id), 'contact')).toEqual([String(p1.id), String(p2.id)]);
    // A retried write adds no second participant.
    await crm.batchUpdate('deal', [{ id, patch: { contactIds: [String(p1.id), String(p2.id)] } }]);
    expect(contract.current.standin.participants).toHaveLength(1);
    expect(await crm.changeStage(id, '3')).toMatchObject({ id, stageId: '3' });
    expect(contract.current.standin.requests.at(-1)).toMatchObject({ version: 'v2', method: 'PATCH', path: `/deals/${id}`, body: { stage_id: 3 } });
    expect((await crm.search('deal', { name: 'initech' })).map((d) => d.id)).toEqual([id]);
  });

  it('merges deals and organizations through v1 merge_with_id (the winner survives), and deletes them', async () => {
    const crm = connect();
    const a = contract.current.standin.seed('deals', { title: 'Pilot', value: 100 });
    const b = contract.current.standin.seed('deals', { title: 'Pilot (dup)', value: 100 });
    await crm.merge('deal', String(a.id), String(b.id));
    expect([...contract.current.standin.tables.deals.keys()]).toEqual([a.id]);
    const orgA = contract.current.standin.seed('organizations', { name: 'Umbrella' });
    const orgB = contract.current.standin.seed('organizations', { name: 'Umbrella Corp' });
    await crm.merge('company', String(orgA.id), String(orgB.id));
    expect([...contract.current.standin.tables.organizations.keys()]).toEqual([orgA.id]);
    expect(await crm.get('company', String(orgA.id))).toMatchObject({ name: 'Umbrella' });
    await crm.remove('company', String(orgA.id));
    await crm.remove('deal', String(a.id));
    expect([contract.current.standin.tables.organizations.size, contract.current.standin.tables.deals.size]).toEqual([0, 0]);
  });

  it('lists pipelines with their stages in order (v2 pipelines and stages)', async () => {
    expect(await connect().pipelines()).toEqual([
      { id: '1', label: 'Sales', stages: [
        { id: '1', label: 'Qualified', order: 1, probability: 0.1, closed: null },
        { id: '2', label: 'Proposal', order: 2, probability: 0.5, closed: null },
        { id: '3', label: 'Negotiation', order: 3, probability: 0.8, closed: null },
      ] },
      { id: '2', label: 'Renewals', stages: [{ id: '4', label: 'Due', order: 1, probability: 0.7, closed: null }] },
    ]);
  });

  it('adds and reads notes on contacts, companies and deals (v1 notes), and links records', async () => {
    const crm = connect();
    const org = contract.current.standin.seed('organizations', { name: 'Hooli' });
    const person = contract.current.standin.seed('persons', { name: 'Gavin B' });
    const deal = contract.current.standin.seed('deals', { title: 'Hooli XYZ' });
    await crm.associate(ref('contact', String(person.id)), ref('company', String(org.id)));
    await crm.associate(ref('company', String(org.id)), ref('deal', String(deal.id)));
    await crm.associate(ref('contact', String(person.id)), ref('deal', String(deal.id)));
    expect(await crm.associations(ref('company', String(org.id)), 'contact')).toEqual([String(person.id)]);
    expect(await crm.associations(ref('company', String(org.id)), 'deal')).toEqual([String(deal.id)]);
    expect(await crm.associations(ref('contact', String(person.id)), 'deal')).toEqual([String(deal.id)]);
    expect(await crm.associations(ref('deal', String(deal.id)), 'company')).toEqual([String(org.id)]);
    const note = await crm.addNote(ref('deal', String(deal.id)), 'Asked for a security review.');
    await crm.addNote(ref('contact', String(person.id)), 'Prefers email.');
    expect(note).toMatchObject({ body: 'Asked for a security review.', attachedTo: [ref('deal', String(deal.id))] });
    expect((await crm.notes(ref('deal', String(deal.id)))).map((n) => n.body)).toEqual(['Asked for a security review.']);
    expect((await crm.notes(ref('contact', String(person.id)))).map((n) => n.body)).toEqual(['Prefers email.']);
  });

  it('test connection reports sign-in, read, write access and rate-limit headroom', async () => {
    const checks = await connect().checkConnection();
    expect(checks).toEqual([
      { operation: 'auth', ok: true, detail: 'Signed in as Sam Rep <sam.rep@example.com> in Northwind Test (northwind-test.pipedrive.com).' },
      { operation: 'read', ok: true, detail: 'Reading persons works.' },
      { operation: 'write', ok: true, detail: expect.stringMatching(/Regular user in the sales app \(permission set ps-sales-regular\)/) },
      { operation: 'rate limit', ok: true, detail: expect.stringMatching(/^\d+ of 80 requests left in the current burst window; window resets in 2 s; 9000 write requests left today\.$/) },
    ]);
  });
});

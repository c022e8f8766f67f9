import { describe, expect, it } from 'vitest';
import { LocalCrmAdapter } from './adapter';
import { exportCsv, importCsv } from './csv';
import { openLocalCrmDb } from './db';
import { contactsCsv } from '../../../test/csv-sample';

const fresh = () => openLocalCrmDb(`local-crm-${Math.random()}`);

describe('local CRM adapter', () => {
  it('upserts contacts by email (case-insensitive), then updates the same record', async () => {
    const crm = new LocalCrmAdapter(fresh());
    const first = await crm.batchUpsert('contact', [{ patch: { email: 'Dana@Northwind-Logistics.com', firstName: 'Dana' } }]);
    expect(first.results[0]).toMatchObject({ ok: true, created: true });
    const second = await crm.batchUpsert('contact', [{ patch: { email: 'dana@northwind-logistics.com', title: 'Operations Director' } }]);
    expect(second.results[0]).toMatchObject({ ok: true, created: false, id: (first.results[0] as { id: string }).id });
    const [dana] = await crm.search('contact', { email: 'DANA@northwind-logistics.com' });
    expect(dana).toMatchObject({ firstName: 'Dana', title: 'Operations Director' });
  });

  it('reports invalid items by index and writes the rest', async () => {
    const crm = new LocalCrmAdapter(fresh());
    const res = await crm.batchUpsert('company', [{ patch: { name: 'Acme' } }, { patch: { employees: 'many' as unknown as number } }, { id: 'missing', patch: { name: 'X' } }]);
    expect(res.results.map((r) => r.ok)).toEqual([true, false, false]);
    expect(res.results[1]).toMatchObject({ index: 1, ok: false, error: expect.stringMatching(/employees/) });
  });

  it('pages through a list with a cursor', async () => {
    const crm = new LocalCrmAdapter(fresh());
    await crm.batchUpsert('contact', Array.from({ length: 25 }, (_, i) => ({ patch: { email: `p${i}@x.test` } })));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof crm.list<'contact'>>> = await crm.list('contact', cursor, 10);
      seen.push(...page.items.map((c) => c.id));
      cursor = page.next;
    } while (cursor);
    expect(new Set(seen).size).toBe(25);
  });

  it('changes a deal stage only to a stage of its pipeline', async () => {
    const crm = new LocalCrmAdapter(fresh());
    const [pipeline] = await crm.pipelines();
    expect(pipeline?.stages.map((s) => s.id)).toContain('proposal');
    const { results } = await crm.batchUpsert('deal', [{ patch: { name: 'Northwind pilot', pipelineId: 'default', stageId: 'lead' } }]);
    const id = (results[0] as { id: string }).id;
    expect((await crm.changeStage(id, 'proposal')).stageId).toBe('proposal');
    await expect(crm.changeStage(id, 'nope')).rejects.toMatchObject({ userMessage: expect.stringMatching(/no stage "nope"/) });
  });

  it('merges: the winner keeps its values, gains the loser\'s, and takes over its associations', async () => {
    const crm = new LocalCrmAdapter(fresh());
    const up = await crm.batchUpsert('contact', [{ patch: { email: 'a@x.test', firstName: 'Ann' } }, { patch: { email: 'a2@x.test', firstName: 'Annie', phone: '+1 555' } }]);
    const [w, l] = up.results.map((r) => (r as { id: string }).id) as [string, string];
    await crm.associate({ crm: 'local', type: 'contact', id: l }, { crm: 'local', type: 'company', id: 'co1' });
    await crm.merge('contact', w, l);
    expect(await crm.get('contact', l)).toBeNull();
    expect(await crm.get('contact', w)).toMatchObject({ firstName: 'Ann', phone: '+1 555', email: 'a@x.test' });
    expect(await crm.associations({ crm: 'local', type: 'contact', id: w }, 'company')).toEqual(['co1']);
  });

  it('keeps notes per record', async () => {
    const crm = new LocalCrmAdapter(fresh());
    const ref = { crm: 'local' as const, type: 'contact' as const, id: 'c1' };
    await crm.addNote(ref, 'Asked for pilot pricing');
    expect((await crm.notes(ref)).map((n) => n.body)).toEqual(['Asked for pilot pricing']);
  });
});

describe('local CRM CSV import and export', () => {
  it('round-trips every field of a 10,000-row CSV', async () => {
    const src = fresh();
    const csv = contactsCsv(10_000);
    const report = await importCsv(src, 'contact', csv);
    expect(report).toEqual({ created: 10_000, updated: 0, errors: [] });
    const exported = await exportCsv(src, 'contact');
    const again = fresh();
    await importCsv(again, 'contact', exported);
    expect(await exportCsv(again, 'contact')).toBe(exported);
    const sample = await src.contacts.get('c00042');
    expect(sample).toMatchObject({ email: 'person42@example42.com', lastName: 'Last, 42', properties: { 'Lead source': null, Notes: 'line one\nline "two" 42' } });
  });

  it('reports malformed rows by line and imports the rest', async () => {
    const db = fresh();
    const csv = [
      'Email,First Name,Last Name,Job Title', // 1
      'dana@northwind-logistics.com,Dana,Whitfield,Operations Director', // 2
      'not-an-email,Bad,Row,X', // 3
      '"sam@example.com",Sam,"Rep', // 4: a quoted cell spanning lines
      'continued",AE', // 5
      'too,many,fields,here,and,more', // 6
      'DANA@northwind-logistics.com,Dup,Row,Y', // 7
      ',,,', // 8: nothing to identify a contact
      'lee@example.org,Lee,Park,CTO', // 9
    ].join('\n');
    const report = await importCsv(db, 'contact', csv);
    expect(report.created).toBe(3);
    expect(report.errors).toEqual([
      { line: 3, message: 'email "not-an-email" is not an email address' },
      { line: 6, message: 'expected 4 columns, found 6' },
      { line: 7, message: 'duplicate of line 2' },
      { line: 8, message: 'a contact needs an email or a name' },
    ]);
    expect((await db.contacts.where('emailKey').equals('sam@example.com').first())?.lastName).toBe('Rep\ncontinued');
  });

  it('matches header spellings and links re-imports to existing records', async () => {
    const db = fresh();
    await importCsv(db, 'company', 'Company Name,Website,Number of Employees\nNorthwind Logistics,https://www.northwind-logistics.com/about,240');
    const report = await importCsv(db, 'company', 'Domain,Industry\nnorthwind-logistics.com,Logistics');
    expect(report).toMatchObject({ created: 0, updated: 1 });
    const [co] = await db.companies.toArray();
    expect(co).toMatchObject({ name: 'Northwind Logistics', domain: 'northwind-logistics.com', employees: 240, industry: 'Logistics' });
  });
});

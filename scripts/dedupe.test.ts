import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findDuplicates } from '../lib/agents/cipher/dedupe/find-duplicates';
import { runScript, scratchDir } from '../test/cli';

const { dir, write } = scratchDir('dedupe');

const dedupeCli = (...args: string[]) => runScript('dedupe', ...args);

describe('npm run -s dedupe -- FILE.csv', () => {
  it('prints the clusters the extension computes, with a reason per pairing, as JSON', async () => {
    const file = write('contacts.csv', [
      'Contact ID,First Name,Last Name,E-mail Address,Company Name,Phone Number,Lead Source',
      'c1,Dana,Reyes,dana.reyes@northwind.com,Northwind Logistics,+1 (555) 123-4567,web',
      'c2,Dana,Reyes,Dana.Reyes@Northwind.com,"Northwind Logistics, Inc.",,event',
      'c3,Priya,Shah,priya@acme.io,Acme,555.123.4567,web',
      'c4,Dnaa,Reyes,,The Northwind Logistics,,',
      'c5,Dana,Shah,dana.shah@gmail.com,,,',
    ].join('\n'));
    const { code, stdout } = await dedupeCli(file);
    expect(code).toBe(0);
    const expected = findDuplicates([
      { id: 'c1', firstName: 'Dana', lastName: 'Reyes', email: 'dana.reyes@northwind.com', company: 'Northwind Logistics', phone: '+1 (555) 123-4567' },
      { id: 'c2', firstName: 'Dana', lastName: 'Reyes', email: 'Dana.Reyes@Northwind.com', company: 'Northwind Logistics, Inc.' },
      { id: 'c3', firstName: 'Priya', lastName: 'Shah', email: 'priya@acme.io', company: 'Acme', phone: '555.123.4567' },
      { id: 'c4', firstName: 'Dnaa', lastName: 'Reyes', company: 'The Northwind Logistics' },
      { id: 'c5', firstName: 'Dana', lastName: 'Shah', email: 'dana.shah@gmail.com' },
    ]);
    const out = JSON.parse(stdout);
    expect(out).toEqual({ file, contacts: 5, clusters: expected });
    expect(out.clusters).toMatchObject([{
      ids: ['c1', 'c2', 'c4'],
      pairs: [
        { a: 'c1', b: 'c2', reasons: ['normalised_email', 'name_company'] },
        { a: 'c1', b: 'c4', reasons: ['name_company'] },
        { a: 'c2', b: 'c4', reasons: ['name_company'] },
      ],
      suggestedWinner: 'c1',
    }]);
  }, 30_000);

  it('reads a single name column, names rows without an id by line, takes a work domain for the company', async () => {
    const file = write('names.csv', 'name,email\nDana Reyes,dana@northwind.com\n\nDana Reyes, DANA@northwind.com\n');
    const { code, stdout } = await dedupeCli(file);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).clusters).toEqual([{ ids: ['line-2', 'line-3'], pairs: [{ a: 'line-2', b: 'line-3', reasons: ['normalised_email', 'name_company'], score: 0.992 }], suggestedWinner: 'line-2', fieldChoices: { email: 'line-2', firstName: 'line-2', lastName: 'line-2' } }]);
  }, 30_000);

  it('bad usage or input exits 1 with a clear message and no JSON', async () => {
    const cases: [string[], RegExp][] = [
      [[], /usage: npm run -s dedupe -- FILE\.csv/],
      [['a.csv', 'b.csv'], /usage: npm run -s dedupe/],
      [['--bogus', 'a.csv'], /Unknown option '--bogus'/],
      [[path.join(dir, 'no-such.csv')], /cannot read .*no-such\.csv: no such file/],
      [[dir], /cannot read .*: is a directory/],
      [[write('empty.csv', '')], /empty\.csv is not a contacts CSV: the file is empty/],
      [[write('nohead.csv', 'Dana,Reyes,dana@x.com\n')], /nohead\.csv is not a contacts CSV: header: no email, name or phone column/],
      [[write('ragged.csv', 'email,name\na@x.com,A B\nb@x.com\n')], /ragged\.csv is not a contacts CSV: row 3: expected 2 columns, found 1/],
      [[write('dupid.csv', 'id,email\n1,a@x.com\n1,b@x.com\n')], /row 3: id "1" already used on row 2/],
      [[write('twice.csv', 'email,E-mail\na@x.com,b@x.com\n')], /columns "email" and "E-mail" both name email/],
      [[write('quote.csv', 'email,name\n"a@x.com,A\n')], /quote\.csv is not a contacts CSV: row \d+: .*[Qq]uote/],
    ];
    for (const [args, message] of cases) {
      const result = await dedupeCli(...args);
      expect(result, args.join(' ')).toMatchObject({ code: 1, stdout: '' });
      expect(result.stderr, args.join(' ')).toMatch(message);
    }
  }, 60_000);

  it('--help names the recognised columns and the reasons', async () => {
    const { code, stdout } = await dedupeCli('--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/first name, last name/);
    expect(stdout).toMatch(/exact_email, normalised_email, phone, name_company/);
  }, 30_000);
});

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GenericIndex } from '../lib/agents/herald/quality/generic-index';
import { qualityReport } from '../lib/agents/herald/quality/report';
import { runScript, scratchDir } from '../test/cli';

const { dir, write } = scratchDir('quality');

const qualityCli = (...args: string[]) => runScript('quality', ...args);

const BODY = `Hi Dana,

Thanks for the note about the Rotterdam warehouse opening in Q3. For 40 seats, pricing comes to $18 per seat a month, billed yearly. Since your team reconciles carrier invoices by hand in spreadsheets today, invoice matching would likely save the most time in the first month.

Would a 20-minute call on Tuesday work to walk through the numbers?

Best,
Sam`;
const prospect = {
  email: 'dana.reyes@northwind-logistics.com',
  name: 'Dana Reyes',
  company: 'Northwind Logistics',
  facts: [
    { text: 'Northwind is opening a second warehouse in Rotterdam in Q3', source: 'thread' },
    { text: 'Asked for pricing for 40 seats', source: 'thread' },
    { text: 'Reconciles carrier invoices by hand in spreadsheets', source: 'crm' },
  ],
};

describe('npm run -s quality -- FILE.txt [--prospect FILE.json] [--history DIR]', () => {
  it('prints exactly what the extension computes, as JSON', async () => {
    const draft = write('draft.txt', `Pricing for 40 seats\n\n${BODY}\n`);
    const prospectFile = write('prospect.json', JSON.stringify(prospect));
    const { code, stdout } = await qualityCli(draft, '--prospect', prospectFile);
    expect(code).toBe(0);
    const expected = qualityReport({ subject: 'Pricing for 40 seats', body: `${BODY}\n` }, { prospect });
    expect(expected.verdict).toBe('ok');
    expect(JSON.parse(stdout)).toEqual({ file: draft, ...expected });
  }, 30_000);

  it('--history flags a copy of a draft to another prospect, but not one with a To: line to the same prospect', async () => {
    const draft = write('copy.txt', `Pricing\n\n${BODY}`);
    const prospectFile = write('prospect.json', JSON.stringify(prospect));
    write('history/001-other.txt', `Pricing\n\n${BODY.replace('Hi Dana', 'Hi Priya')}`);
    write('history/002-same.txt', `To: ${prospect.email}\nPricing\n\n${BODY}`);
    write('history/notes.md', 'not a draft, ignored');
    const { code, stdout } = await qualityCli(draft, '--prospect', prospectFile, '--history', path.join(dir, 'history'));
    expect(code).toBe(0);
    const history = GenericIndex.from([{ id: '001-other.txt', to: 'unknown:001-other.txt', subject: 'Pricing', body: BODY.replace('Hi Dana', 'Hi Priya'), createdAt: 0 }]);
    const report = JSON.parse(stdout);
    expect(report).toEqual({ file: draft, ...qualityReport({ subject: 'Pricing', body: BODY }, { prospect, history }) });
    expect(report.generic).toMatchObject({ draftId: '001-other.txt', similarity: 1 });
  }, 30_000);

  it('a draft with a placeholder is reported blocked with exit 0 (the verdict is data, not an error)', async () => {
    const draft = write('blocked.txt', 'Pricing\n\nHi {{first_name}},\n\nWould Tuesday work?');
    const { code, stdout } = await qualityCli(draft);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ verdict: 'blocked', blocking: [{ code: 'placeholder', line: 1 }] });
  }, 30_000);

  it('bad usage or input exits 1 with a clear message and no JSON', async () => {
    const cases: [string[], RegExp][] = [
      [[], /usage: npm run -s quality -- FILE\.txt/],
      [['a.txt', 'b.txt'], /usage: npm run -s quality/],
      [['--bogus', 'a.txt'], /Unknown option '--bogus'/],
      [[path.join(dir, 'no-such.txt')], /cannot read draft .*no-such\.txt: no such file/],
      [[write('bad.txt', 'Pricing\nHi Dana')], /bad\.txt is not a draft: line 2: expected a blank line/],
      [[write('ok.txt', 'Pricing\n\nHi'), '--prospect', write('p.json', '{"email": "nope"}')], /p\.json is not a prospect: email: /],
      [[write('ok.txt', 'Pricing\n\nHi'), '--prospect', write('p2.json', '{oops')], /p2\.json is not valid JSON/],
      [[write('ok.txt', 'Pricing\n\nHi'), '--history', path.join(dir, 'no-such-dir')], /cannot read history .*no-such-dir: no such directory/],
      [[write('ok.txt', 'Pricing\n\nHi'), '--history', write('badhist/x.txt', 'Subject only')], /cannot read history .*x\.txt: not a directory/],
    ];
    for (const [args, message] of cases) {
      const result = await qualityCli(...args);
      expect(result, args.join(' ')).toMatchObject({ code: 1, stdout: '' });
      expect(result.stderr, args.join(' ')).toMatch(message);
    }
    const badHistory = await qualityCli(write('ok.txt', 'Pricing\n\nHi'), '--history', path.join(dir, 'badhist'));
    expect(badHistory).toMatchObject({ code: 1, stdout: '' });
    expect(badHistory.stderr).toMatch(/x\.txt is not a draft: line 2: expected a blank line/);
  }, 60_000);

  it('--help explains the file format and the To: choice', async () => {
    const { code, stdout } = await qualityCli('--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/To: address/);
    expect(stdout).toMatch(/without a "To:" line is treated as a draft to another prospect/);
  }, 30_000);
});

import { describe, expect, it } from 'vitest';
import { findPlaceholders } from './placeholders';

const found = (text: string) => findPlaceholders(text).map((m) => m.text);

describe('findPlaceholders', () => {
  it.each([
    ['Hi {{first_name}},', '{{first_name}}'],
    ['Hi {{ FirstName }},', '{{ FirstName }}'],
    ['Hi {first_name},', '{first_name}'],
    ['Hi {!Contact.FirstName},', '{!Contact.FirstName}'],
    ['How is [Company] doing?', '[Company]'],
    ['Hi [First Name],', '[First Name]'],
    ['Teams like [COMPANY_NAME] save time.', '[COMPANY_NAME]'],
    ['It solves [insert pain point] fast.', '[insert pain point]'],
    ['Hi <NAME>,', '<NAME>'],
    ['Hi <First Name>,', '<First Name>'],
    ['Hi %FIRSTNAME%,', '%FIRSTNAME%'],
    ['Hi *|FNAME|*,', '*|FNAME|*'],
    ['Hi ${name},', '${name}'],
    ['Hi $FIRST_NAME,', '$FIRST_NAME'],
    ['We saved XX hours a week.', 'XX'],
    ['It costs $xx per seat.', '$xx'],
    ['Your renewal is on ____.', '____'],
    ['TODO: add case study here.', 'TODO'],
    ['FIXME mention their launch', 'FIXME'],
  ])('%s has a leftover %s', (text, leftover) => {
    expect(found(text)).toEqual([leftover]);
  });

  it.each([
    'Hi Dana, thanks for the note.',
    'See the guide [1] and the [pricing page](https://example.com/pricing).',
    'Re: [EXT] pricing for 40 seats',
    'We cut costs by 15% in {one quarter} — no.'.replace('{one quarter}', 'one quarter'),
    'Dana Reyes <dana@northwind.com> asked about the XXL plan.',
    'Xbox and Xerox are not placeholders; neither is 10x growth.',
    'Happy to send a 2-page summary.',
  ])('finds no leftover in %s', (text) => {
    expect(found(text)).toEqual([]);
  });

  it('stays linear on a long line of near-misses', () => {
    const line = '[AB '.repeat(25_000);
    const t0 = performance.now();
    findPlaceholders(line);
    expect(performance.now() - t0).toBeLessThan(2_000);
  });
});

import { describe, expect, it } from 'vitest';
import { distinctAsks, isAsk, linksIn, readingGrade, syllables } from './shape';
import { segment } from './text';

describe('reading grade', () => {
  it('short plain sentences read at a low grade; long polysyllabic ones high', () => {
    expect(readingGrade(['The site opens in May.', 'We can help with the move.'])).toBeLessThan(4);
    expect(readingGrade(['Comprehensive organisational transformation necessitates sophisticated, interoperable infrastructure capabilities across heterogeneous operational environments.'])).toBeGreaterThan(15);
    expect(readingGrade([])).toBe(0);
  });

  it('counts syllables by vowel groups', () => {
    expect([syllables('cat'), syllables('table'), syllables('spreadsheet'), syllables('organisation')]).toEqual([1, 2, 2, 5]);
  });
});

describe('calls to action', () => {
  it('a question or a request is an ask; a statement is not', () => {
    expect(isAsk('Would Tuesday work?')).toBe(true);
    expect(isAsk('Let me know if Tuesday suits.')).toBe(true);
    expect(isAsk('The site opens in May.')).toBe(false);
  });

  it('"Or …?" right after an ask is the same ask; two separate asks are two', () => {
    expect(distinctAsks(['Would Tuesday work?', 'Or is Thursday better?'])).toEqual([0]);
    expect(distinctAsks(['Would Tuesday work?', 'Can you also send the contract?'])).toEqual([0, 1]);
    expect(distinctAsks(['The site opens in May.'])).toEqual([]);
  });
});

it('counts links, not bare domains or addresses', () => {
  expect(linksIn('See https://acme.com/a and www.acme.com/b and acme.io/c, or mail dana@acme.com about acme.com.')).toHaveLength(3);
});

describe('segmenting a body', () => {
  it('separates greeting, sentences (with their lines) and the sign-off with signature', () => {
    const body = 'Hi Dana, thanks for the note.\n\nThe Rotterdam site opens in Q3, e.g. in July. Would Tuesday work?\n\nBest,\nSam\nCountersign';
    expect(segment(body)).toEqual([
      { text: 'Hi Dana,', line: 1, part: 'greeting' },
      { text: 'thanks for the note.', line: 1, part: 'body' },
      { text: 'The Rotterdam site opens in Q3, e.g. in July.', line: 3, part: 'body' },
      { text: 'Would Tuesday work?', line: 3, part: 'body' },
      { text: 'Best,', line: 5, part: 'sign-off' },
      { text: 'Sam', line: 6, part: 'sign-off' },
      { text: 'Countersign', line: 7, part: 'sign-off' },
    ]);
  });

  it('joins a hard-wrapped sentence and splits list items', () => {
    expect(segment('We can move the\ncontract to May.\n- one seat\n- two seats').map((s) => [s.text, s.line])).toEqual([
      ['We can move the contract to May.', 1],
      ['- one seat', 3],
      ['- two seats', 4],
    ]);
  });

  it('an empty body has no segments', () => {
    expect(segment('')).toEqual([]);
    expect(segment('\n \n')).toEqual([]);
  });
});

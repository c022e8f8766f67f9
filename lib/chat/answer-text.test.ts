import { describe, expect, it } from 'vitest';
import { answerTextPrefix, answerTextReader } from './answer-text';

/** Feeds `json` in pieces cut at `cuts`; returns every delta the reader gave. */
function stream(json: string, cuts: number[]): string[] {
  const reader = answerTextReader();
  const deltas: string[] = [];
  let from = 0;
  for (const to of [...cuts, json.length]) {
    deltas.push(reader.push(json.slice(from, to)));
    from = to;
  }
  return deltas;
}

const TRICKY = 'Dana said "yes" — 👍\nPilot: 40 seats \\ 2 sites, ~$12k/yr. 日本語 ok\t.';

describe('answerTextReader: the answer text while the JSON is still being written', () => {
  it('cut at every position, the deltas add up to exactly the parsed text, and each prefix is a prefix of it', () => {
    const json = JSON.stringify({ text: TRICKY, sources: [{ kind: 'lead', id: 'dana@x.com', label: 'Dana "D" Whitfield' }] });
    const asciiEscaped = json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    for (const body of [json, asciiEscaped]) {
      for (let cut = 0; cut <= body.length; cut++) {
        const deltas = stream(body, [cut]);
        expect(deltas.join('')).toBe(TRICKY);
        expect(TRICKY.startsWith(deltas[0]!)).toBe(true);
      }
      // One character at a time (what a slow model does).
      const one = stream(body, Array.from({ length: body.length - 1 }, (_, i) => i + 1));
      expect(one.join('')).toBe(TRICKY);
    }
  });

  it('finds the text after other members (any order, nested values, strings with braces and quotes)', () => {
    const json = '{ "sources": [{"kind":"lead","id":"a}","label":"x\\"text\\": no"}], "note": {"text": "nested"},\n "text" : "Top level."}';
    expect(answerTextPrefix(json)).toBe('Top level.');
    expect(stream(json, [20, 60, 90]).join('')).toBe('Top level.');
  });

  it('a model answering in plain words streams as written; no text member yet gives nothing', () => {
    expect(stream('  Dana needs a follow-up.', [5, 12]).join('')).toBe('Dana needs a follow-up.');
    expect(answerTextPrefix('{"sources": []}')).toBe('');
    expect(answerTextPrefix('{"text": 42}')).toBe('');
    expect(answerTextPrefix('')).toBe('');
  });

  it('stops at the limit', () => {
    const reader = answerTextReader(10);
    expect(reader.push(JSON.stringify({ text: 'x'.repeat(50) }))).toBe('x'.repeat(10));
    expect(reader.push('more')).toBe('');
  });
});

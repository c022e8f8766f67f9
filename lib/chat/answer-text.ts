/**
 * The words of a chat answer while the model is still writing it. The model answers
 * `{"text": "…", "sources": [...]}` (lib/chat/chat.ts ChatAnswer) one fragment at a time; this
 * reads the `text` string's decoded prefix out of the JSON so far, so the side panel can show the
 * answer as it is written. A model that answers in plain words (no JSON) streams as it is.
 *
 * The prefix only grows: an escape cut between fragments (`\`, `\u00`) waits for its rest.
 */
export function answerTextReader(limit = 4000): { push(fragment: string): string } {
  let buffer = '';
  let shown = 0;
  return {
    /** Adds a fragment of the model's content; returns the answer text it added (often ''). */
    push(fragment: string): string {
      buffer += fragment;
      const text = answerTextPrefix(buffer).slice(0, limit);
      if (text.length <= shown) return '';
      const added = text.slice(shown);
      shown = text.length;
      return added;
    },
  };
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** The decoded part of the top-level `text` string written so far ('' until it starts). */
export function answerTextPrefix(json: string): string {
  let i = skipSpace(json, 0);
  if (i >= json.length) return '';
  if (json[i] !== '{') return json.slice(i); // plain words
  i += 1;
  // Top-level members: "key": value, …
  while (i < json.length) {
    i = skipSpace(json, i);
    if (json[i] === ',') i = skipSpace(json, i + 1);
    if (json[i] !== '"') return '';
    const key = readString(json, i);
    if (!key.done) return '';
    i = skipSpace(json, key.end);
    if (json[i] !== ':') return '';
    i = skipSpace(json, i + 1);
    if (i >= json.length) return '';
    if (key.value === 'text') return json[i] === '"' ? readString(json, i).value : '';
    i = skipValue(json, i);
  }
  return '';
}

function skipSpace(s: string, i: number): number {
  while (i < s.length && (s[i] === ' ' || s[i] === '\n' || s[i] === '\r' || s[i] === '\t')) i += 1;
  return i;
}

/** A JSON string starting at the quote at `start`: its decoded value so far, whether it closed, and the index after it. */
function readString(s: string, start: number): { value: string; done: boolean; end: number } {
  let value = '';
  let i = start + 1;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '"') return { value, done: true, end: i + 1 };
    if (c !== '\\') {
      value += c;
      i += 1;
      continue;
    }
    const e = s[i + 1];
    if (e === undefined) break; // the escape's rest is in the next fragment
    if (e === 'u') {
      const hex = s.slice(i + 2, i + 6);
      if (hex.length < 4) break;
      value += String.fromCharCode(Number.parseInt(hex, 16));
      i += 6;
      continue;
    }
    value += ESCAPES[e] ?? e;
    i += 2;
  }
  return { value, done: false, end: s.length };
}

/** The index after the JSON value starting at `start` (or the end, if it is not finished). */
function skipValue(s: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '"') {
      i = readString(s, i).end;
      if (depth === 0) return i;
      continue;
    }
    if (c === '{' || c === '[') depth += 1;
    else if (c === '}' || c === ']') {
      if (depth === 0) return i; // the object's own end
      depth -= 1;
      if (depth === 0) return i + 1;
    } else if (depth === 0 && c === ',') return i;
    i += 1;
  }
  return i;
}

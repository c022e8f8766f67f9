import type { SentencePart } from './model';

/** A sentence (or greeting, or sign-off line) of the body, with the 1-based body line it starts on. */
export interface Segment {
  text: string;
  line: number;
  part: SentencePart;
}

const GREETING = /^\s*((?:hi|hello|hey|dear|greetings|howdy|hiya|good\s+(?:morning|afternoon|evening))\b(?:\s+(?:mr|mrs|ms|mx|dr|prof)\.?)?[^,.!:;?\n]{0,50}[,.!:;—–-]?)/i;
/** A bare "Dana," on the first line is a greeting too. */
const BARE_NAME_GREETING = /^\s*([A-Z][\p{L}'’-]{1,30}(?:\s+[A-Z][\p{L}'’-]{1,30})?\s*[,—–-])\s*$/u;
const SIGN_OFF = /^\s*(?:best|thanks|thank you|many thanks|thanks again|cheers|regards|kind regards|best regards|warm regards|warmly|sincerely|talk soon|speak soon|all the best|best wishes|yours|cordially|respectfully|with thanks)\b[\p{L} ,]{0,20}[,.!]?\s*$/iu;
const SIGNATURE_DELIMITER = /^--\s?$/;
const MAX_SIGNATURE_LINES = 10;
const ABBREVIATIONS = new Set(['mr', 'mrs', 'ms', 'mx', 'dr', 'prof', 'sr', 'jr', 'st', 'vs', 'etc', 'eg', 'ie', 'e.g', 'i.e', 'inc', 'ltd', 'co', 'corp', 'no', 'approx', 'dept', 'est', 'fig', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec']);

/** Where the sign-off starts (0-based line index), or lines.length when there is none. */
function signOffStart(lines: readonly string[], from: number): number {
  let nonEmptyBelow = 0;
  for (let i = lines.length - 1; i > from; i--) {
    const line = lines[i]!;
    if (line.length <= 40 && (SIGN_OFF.test(line) || SIGNATURE_DELIMITER.test(line))) {
      // Only a closing with nothing but a short signature under it, and some content above it.
      for (let j = i - 1; j >= from; j--) if (lines[j]!.trim()) return i;
      return lines.length;
    }
    if (line.trim() && ++nonEmptyBelow > MAX_SIGNATURE_LINES) break;
  }
  return lines.length;
}

/**
 * Splits a body into greeting, sentences and sign-off lines. One pass over the text: sentence ends
 * are . ! ? followed by space (not after a known abbreviation), blank lines, and line breaks that
 * do not read as a hard wrap (a line ending in a word, followed by one starting lower-case).
 */
export function segment(body: string): Segment[] {
  const lines = body.split(/\r?\n/);
  const out: Segment[] = [];
  let first = 0;
  while (first < lines.length && !lines[first]!.trim()) first++;
  if (first >= lines.length) return out;
  let bodyStartCol = 0;
  const firstLine = lines[first]!;
  const greeting = GREETING.exec(firstLine) ?? BARE_NAME_GREETING.exec(firstLine);
  if (greeting) {
    out.push({ text: greeting[1]!.trim(), line: first + 1, part: 'greeting' });
    bodyStartCol = greeting[0].length;
  }
  const end = signOffStart(lines, first);
  splitSentences(lines, first, bodyStartCol, end, out);
  for (let i = end; i < lines.length; i++) {
    const text = lines[i]!.trim();
    if (text) out.push({ text, line: i + 1, part: 'sign-off' });
  }
  return out;
}

function splitSentences(lines: readonly string[], firstLine: number, firstCol: number, endLine: number, out: Segment[]): void {
  let buf = '';
  let startLine = -1;
  const flush = () => {
    const text = buf.replace(/\s+/g, ' ').trim();
    if (text) out.push({ text, line: startLine + 1, part: 'body' });
    buf = '';
    startLine = -1;
  };
  for (let li = firstLine; li < endLine; li++) {
    const line = li === firstLine ? lines[li]!.slice(firstCol) : lines[li]!;
    if (!line.trim()) {
      flush();
      continue;
    }
    // A list item or a line that does not continue the previous one starts a new sentence.
    const next = lines[li + 1];
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]!;
      if (startLine < 0) {
        if (ch === ' ' || ch === '\t') continue;
        startLine = li;
      }
      buf += ch;
      if ((ch === '.' || ch === '!' || ch === '?') && (i + 1 >= line.length || /\s/.test(line[i + 1]!))) {
        if (ch === '.' && isAbbreviation(buf)) continue;
        // Keep a run of !!! or ?! together: the loop has already taken it, since the next char is space.
        flush();
      }
    }
    const continues = next !== undefined && li + 1 < endLine && /[\p{L},;:—–-]\s*$/u.test(line) && /^\s*\p{Ll}/u.test(next);
    if (continues) buf += ' ';
    else flush();
  }
  flush();
}

function isAbbreviation(buf: string): boolean {
  const m = /([\p{L}.]+)\.$/u.exec(buf.slice(-12));
  if (!m) return false;
  const word = m[1]!.toLowerCase();
  return ABBREVIATIONS.has(word) || /^\p{L}$/u.test(word);
}

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;
export const URL = /\bhttps?:\/\/[^\s<>"')\]]+|\bwww\.[^\s<>"')\]]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|io|ai|co|net|org|app|dev|so|me|ly|us|uk|de)\/[^\s<>"')\]]*/gi;
export const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;

/** Words, with links and addresses counted as one word each. */
export function words(text: string): string[] {
  return text.replace(URL, ' link ').replace(EMAIL, ' address ').match(WORD) ?? [];
}

/** Lower case, straight apostrophes removed, hyphens and punctuation as spaces, padded: for phrase lookups. */
export function normalise(text: string): string {
  return ` ${text
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/[^\p{L}\p{N}%$]+/gu, ' ')
    .trim()} `;
}

export const STOPWORDS = new Set(
  ('a about above after again against all am an and any are as at be because been before being below between both but by can could did do does doing down during each few for from further had has have having he her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other our ours ourselves out over own same she should so some such than that the their theirs them themselves then there these they this those through to too under until up very was we were what when where which while who whom why will with would you your yours yourself yourselves ' +
    'im ive id ill youre youve youd youll weve were its thats dont doesnt didnt cant wont isnt arent also really still even well much many lot lots quite maybe perhaps get got getting make made let lets like want wanted know think see saw seen noticed notice thought hear heard read came across ' +
    'hi hello hey thanks thank best regards cheers team company business folks people recently recent just new latest great good love happy glad sure quick call chat time week month day today tomorrow help work working things thing way ways one two back reach out email note')
    .split(' '),
);

/** A light stem: enough that "expanding", "expansion" and "expanded" meet, without a dictionary. */
export function stem(word: string): string {
  let w = word.toLowerCase().replace(/['’]s$/, '').replace(/['’]/g, '');
  for (const suffix of ['ations', 'ation', 'ments', 'ment', 'ings', 'ing', 'ions', 'ion', 'ies', 'ied', 'ed', 'es', 'ly', 's', 'e']) {
    if (w.length - suffix.length >= 3 && w.endsWith(suffix)) {
      w = w.slice(0, -suffix.length) + (suffix === 'ies' || suffix === 'ied' ? 'y' : '');
      break;
    }
  }
  return w.slice(0, 5);
}

/** Content keys of a text: stems of the words that are not stop words. */
export function contentKeys(text: string, ignore?: ReadonlySet<string>): Set<string> {
  const keys = new Set<string>();
  for (const w of words(text)) {
    const lower = w.toLowerCase().replace(/['’]/g, '');
    if (lower.length < 2 || STOPWORDS.has(lower)) continue;
    const key = stem(lower);
    if (!ignore?.has(key)) keys.add(key);
  }
  return keys;
}

/** Keys of the words that name something specific: numbers, and words written capitalised. */
export function distinctiveKeys(text: string): Set<string> {
  const keys = new Set<string>();
  for (const w of words(text)) {
    const lower = w.toLowerCase().replace(/['’]/g, '');
    if (STOPWORDS.has(lower)) continue;
    if (/\p{N}/u.test(w) || /^\p{Lu}/u.test(w)) keys.add(stem(lower));
  }
  return keys;
}

/** A short quote for a message: the text around `index`, on one line. */
export function excerpt(text: string, index = 0, length = 0, max = 80): string {
  const flat = text.replace(/\s+/g, ' ');
  if (flat.length <= max) return flat.trim();
  const from = Math.max(0, Math.min(index - Math.floor((max - length) / 2), flat.length - max));
  return `${from > 0 ? '…' : ''}${flat.slice(from, from + max).trim()}${from + max < flat.length ? '…' : ''}`;
}

export const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Template leftovers: merge fields and notes-to-self that were never filled in. General shapes,
 * not a list of known field names: any {{…}}, {…}, [Title Case], <CAPS>, %CAPS%, *|CAPS|*, ${…},
 * $CAPS, XX/XXX, ___ and TODO-style markers. Every pattern is bounded, so a long line stays linear.
 */
const PATTERNS: readonly RegExp[] = [
  /\{\{[^{}\n]{0,60}\}\}/g, // {{first_name}}, {{ company }}
  /\{[!$#%]?\s?[\p{L}_][\p{L}\p{N}_ .!-]{0,40}\}/gu, // {first_name}, {!Contact.FirstName}
  /\$\{[^{}\n]{1,40}\}/g, // ${name}
  /\$[A-Z][A-Z_]{2,30}\b/g, // $FIRSTNAME
  /\*\|[A-Z0-9_:]{1,30}\|\*/g, // *|FNAME|*
  /%[A-Za-z_][A-Za-z0-9_.]{1,30}%/g, // %FIRSTNAME%
  /<\s?[A-Z]\w{0,30}(?:[ -][A-Z]\w{0,30}){0,4}\s?>/g, // <NAME>, <First Name>
  /\[\s?[A-Z][\w'’]{0,30}(?:[ /-]{1,2}(?:[A-Z][\w'’]{0,30}|of|the|or|and|for)){0,5}\s?\](?!\()/g, // [Company], [First Name], [COMPANY_NAME]
  /\[\s?(?:insert|your|their|his|her|prospect|recipient|company|name|first|last|date|time|link|x{2,}|tbd|todo)\b[^\]\n]{0,40}\]/gi, // [insert pain point]
  /(?<![\p{L}\p{N}])X{2,}(?![\p{L}\p{N}])|\$x{2,}\b|\bx{2,}%/gu, // XX, XXX, $xx, xx%
  /_{3,}/g, // blanks to fill in
  /\b(?:TODO|FIXME|TKTK|TBC|PLACEHOLDER|LOREM IPSUM)\b|\blorem ipsum\b/g,
];

/** Short bracketed tokens a real email uses: [1] footnotes, [EXT] and [External] subject tags. */
const ALLOWED_BRACKETS = /^\[\s?(?:\d+|EXT|EXTERNAL|External|SPAM|Spam|Re|RE|Fwd|FWD|PDF|Link|Video|Image|Attachment)\s?\]$/;

export interface PlaceholderMatch {
  text: string;
  index: number;
}

/** Placeholders in one line or sentence, in order of appearance, without overlaps. */
export function findPlaceholders(text: string): PlaceholderMatch[] {
  const found: PlaceholderMatch[] = [];
  for (const pattern of PATTERNS) {
    for (const m of text.matchAll(pattern)) {
      if (ALLOWED_BRACKETS.test(m[0])) continue;
      found.push({ text: m[0], index: m.index });
    }
  }
  found.sort((a, b) => a.index - b.index || b.text.length - a.text.length);
  const out: PlaceholderMatch[] = [];
  let end = -1;
  for (const f of found) {
    if (f.index < end) continue;
    out.push(f);
    end = f.index + f.text.length;
  }
  return out;
}

/** The text with placeholders blanked, so later checks (capitals, spam words) do not flag them twice. */
export function withoutPlaceholders(text: string, matches: readonly PlaceholderMatch[]): string {
  let out = '';
  let at = 0;
  for (const m of matches) {
    out += text.slice(at, m.index) + ' '.repeat(m.text.length);
    at = m.index + m.text.length;
  }
  return out + text.slice(at);
}

// Readable text from email HTML, without a DOM (the service worker has none).

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', copy: '©', reg: '®', trade: '™',
  hellip: '…', mdash: '—', ndash: '–', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', bull: '•',
  middot: '·', laquo: '«', raquo: '»', euro: '€', pound: '£', yen: '¥', cent: '¢', deg: '°',
  times: '×', divide: '÷', zwnj: '', zwj: '', shy: '',
};
/** Named references HTML still honours without the semicolon (as in `a &amp b`). */
const LEGACY_NO_SEMICOLON = new Set(['amp', 'lt', 'gt', 'quot', 'nbsp']);

/** Decodes numeric and common named character references; unknown ones stay as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#[xX][0-9a-fA-F]+|#[0-9]+|[a-zA-Z][a-zA-Z0-9]*)(;?)/g, (match, ref: string, semicolon: string) => {
    if (ref.startsWith('#')) {
      const hex = ref[1] === 'x' || ref[1] === 'X';
      const code = hex ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (code === 0xa0) return ' ';
      if (code < 0x20 && code !== 0x09 && code !== 0x0a) return ''; // Controls (and our break markers).
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : '\uFFFD';
    }
    const name = ref.toLowerCase();
    if (!semicolon && !LEGACY_NO_SEMICOLON.has(name)) return match;
    return NAMED_ENTITIES[name] ?? match;
  });
}

// Block boundaries become markers first and line breaks last, so nested and adjacent blocks
// (<div>a<div>b</div></div>) give one line break, not none or three.
const LINE = '\u0001';
const PARAGRAPH = '\u0002';
const LINE_BLOCKS = 'div|tr|li|ul|ol|table|blockquote|pre|section|article|header|footer|dd|dt|dl|center|address';
const PARAGRAPH_BLOCKS = 'p|h[1-6]';

function resolveBreaks(text: string): string {
  let out = '';
  for (const piece of text.split(/([\u0001\u0002])/)) {
    if (piece !== LINE && piece !== PARAGRAPH) {
      out += piece;
    } else if (out !== '') {
      const want = piece === LINE ? 1 : 2;
      const have = /\n*$/.exec(out)?.[0].length ?? 0;
      out += '\n'.repeat(Math.max(0, want - have));
    }
  }
  return out;
}

/**
 * Readable text from an HTML body without a DOM (the service worker has none): drops head, style,
 * script and comments, turns <br> and block boundaries into line breaks, strips tags, decodes
 * entities. For reading and drafting only; never rendered as HTML.
 */
export function htmlToText(html: string): string {
  const marked = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(head|style|script|title)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/\s+/g, ' ')
    .replace(/<br\b[^>]*>/gi, '\n')
    .replace(/<hr\b[^>]*>/gi, `${LINE}---${LINE}`)
    .replace(/<li\b[^>]*>/gi, `${LINE}- `)
    .replace(/<\/?(td|th)\b[^>]*>/gi, ' ')
    .replace(new RegExp(`</?(${PARAGRAPH_BLOCKS})\\b[^>]*>`, 'gi'), PARAGRAPH)
    .replace(new RegExp(`</?(${LINE_BLOCKS})\\b[^>]*>`, 'gi'), LINE)
    .replace(/<\/?[a-zA-Z][^>]*>|<![^>]*>/g, '')
    .replace(/[ \t]*([\u0001\u0002\n])[ \t]*/g, '$1');
  return resolveBreaks(decodeEntities(marked))
    .replace(/[ \t]+\n/g, '\n')
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

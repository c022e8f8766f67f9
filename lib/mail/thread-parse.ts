import { addressParser, decodeWords } from 'postal-mime';
import type { GmailMessage, GmailMessagePart, GmailThread } from './gmail-api';
import { base64UrlToBytes } from './mime-parse';
import { Address } from './outgoing';
import type { ThreadMessage, ThreadSnapshot } from './thread';

/** Stands in for a From header with no usable address, so the message still has a valid sender. */
export const UNKNOWN_SENDER_EMAIL = 'unknown@unknown.invalid';

const header = (part: GmailMessagePart, name: string): string | undefined =>
  part.headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;

/** `charset` parameter of a Content-Type header value, if any. */
function charsetOf(contentType: string | undefined): string | undefined {
  return /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '')?.[1];
}

/** Gmail hands bodies over transfer-decoded but still in the part's charset. */
function decodePartBody(part: GmailMessagePart): string {
  const data = part.body.data;
  if (!data) return '';
  const bytes = base64UrlToBytes(data);
  const charset = charsetOf(header(part, 'Content-Type')) ?? 'utf-8';
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes); // A charset label the platform does not know.
  }
}

const isAttachment = (part: GmailMessagePart) =>
  part.filename !== '' || part.body.attachmentId !== undefined || /^\s*attachment/i.test(header(part, 'Content-Disposition') ?? '');

/** First text/plain and first text/html leaf, depth first, skipping attachments. */
function findBodies(root: GmailMessagePart): { plain?: GmailMessagePart; html?: GmailMessagePart } {
  const found: { plain?: GmailMessagePart; html?: GmailMessagePart } = {};
  const walk = (part: GmailMessagePart) => {
    const type = part.mimeType.toLowerCase();
    if (part.parts.length > 0 || type.startsWith('multipart/')) {
      part.parts.forEach(walk);
      return;
    }
    if (isAttachment(part)) return;
    if (type === 'text/plain') found.plain ??= part;
    else if (type === 'text/html') found.html ??= part;
  };
  walk(root);
  return found;
}

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

/** Mailboxes of an address header (groups flattened); entries without a valid address are dropped. */
export function parseAddressList(value: string | undefined): Address[] {
  if (!value?.trim()) return [];
  return addressParser(value, { flatten: true }).flatMap((m) => {
    const name = decodeWords(m.name ?? '').trim().slice(0, 200);
    const parsed = Address.safeParse({ name, email: (m.address ?? '').trim() });
    return parsed.success ? [parsed.data] : [];
  });
}

/** The first `<msg-id>` of a header, or the trimmed value when it has no angle brackets. */
function firstMessageId(value: string | undefined): string | null {
  const trimmed = value?.trim() ?? '';
  if (trimmed === '') return null;
  return /<[^<>\s]+>/.exec(trimmed)?.[0] ?? trimmed.split(/\s+/)[0] ?? null;
}

function messageIds(value: string | undefined): string[] {
  const trimmed = value?.trim() ?? '';
  const bracketed = trimmed.match(/<[^<>\s]+>/g);
  return bracketed ?? trimmed.split(/\s+/).filter((s) => s !== '');
}

function isoDate(dateHeader: string | undefined, internalDate: string | undefined, fallback: number): string {
  const fromHeader = dateHeader ? Date.parse(dateHeader) : NaN;
  if (!Number.isNaN(fromHeader)) return new Date(fromHeader).toISOString();
  const internal = internalDate ? Number(internalDate) : NaN;
  return new Date(Number.isFinite(internal) ? internal : fallback).toISOString();
}

function parseMessage(m: GmailMessage, fetchedAt: number): ThreadMessage {
  const p = m.payload;
  const fromHeader = header(p, 'From');
  const bodies = findBodies(p);
  const plain = bodies.plain ? decodePartBody(bodies.plain) : undefined;
  const html = bodies.html ? decodePartBody(bodies.html) : null;
  return {
    id: m.id,
    threadId: m.threadId,
    messageId: firstMessageId(header(p, 'Message-ID')) ?? '',
    inReplyTo: firstMessageId(header(p, 'In-Reply-To')),
    references: messageIds(header(p, 'References')),
    from: parseAddressList(fromHeader)[0] ?? { name: decodeWords(fromHeader ?? '').trim().slice(0, 200), email: UNKNOWN_SENDER_EMAIL },
    to: parseAddressList(header(p, 'To')),
    cc: parseAddressList(header(p, 'Cc')),
    replyTo: parseAddressList(header(p, 'Reply-To')),
    date: isoDate(header(p, 'Date'), m.internalDate, fetchedAt),
    subject: decodeWords(header(p, 'Subject') ?? '').trim(),
    text: plain ?? (html === null ? '' : htmlToText(html)),
    html,
    snippet: decodeEntities(m.snippet),
    labelIds: m.labelIds,
  };
}

/** A Gmail thread resource (format=full) as the decoded snapshot the rest of Countersign reads. */
export function parseThread(t: GmailThread, fetchedAt: number): ThreadSnapshot {
  const messages = t.messages.map((m) => parseMessage(m, fetchedAt));
  return { id: t.id, subject: messages[0]?.subject ?? '', historyId: t.historyId, messages, fetchedAt };
}

import type { Address, OutgoingMessage } from './outgoing';

const CRLF = '\r\n';
/** RFC 2047 caps lines holding encoded-words at 76 characters (RFC 5322 suggests 78); fold there. */
const FOLD_AT = 76;
/**
 * Base64 characters per encoded-word: `=?UTF-8?B?` + 52 + `?=` is 64 characters (RFC 2047 allows
 * 75), short enough that even `Subject: ` and the first word fit in one 76-character line.
 */
const ENCODED_WORD_PAYLOAD = 52;
const ENCODED_WORD_BYTES = (ENCODED_WORD_PAYLOAD / 4) * 3;

const utf8 = new TextEncoder();

/** Standard base64 of bytes (padded). btoa exists in service workers, pages and Node. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

/** UTF-8 → base64url without padding: the form Gmail takes in `raw`. */
export const toBase64Url = (raw: string): string =>
  bytesToBase64(utf8.encode(raw)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** Refuses CR and LF: one smuggled line break would let a value add headers of its own. */
function assertSingleLine(field: string, value: string): void {
  if (/[\r\n]/.test(value)) {
    throw new Error(`Refusing to build the email: the ${field} contains a line break (possible header injection).`);
  }
}

/** Bare addr-spec: no whitespace, brackets, commas, quotes or controls, so it needs no quoting. */
const ADDR_SPEC = /^[^\s<>(),;:"\\[\]\x00-\x1f\x7f]+@[^\s<>(),;:"\\[\]@\x00-\x1f\x7f]+$/;
/** A msg-id as we accept it: angle brackets around anything without whitespace or brackets. */
const MSG_ID = /^<[^<>\s]+>$/;

function assertMessageId(field: string, value: string): void {
  assertSingleLine(field, value);
  if (!MSG_ID.test(value)) throw new Error(`Refusing to build the email: the ${field} "${value}" is not a <message-id>.`);
}

/**
 * RFC 2047 encoded-words (UTF-8, B encoding), each 64 characters at most. Chunks end on code
 * point boundaries so no word holds half a UTF-8 character.
 */
export function encodeWords(text: string): string[] {
  const words: string[] = [];
  let chunk: number[] = [];
  for (const char of text) {
    const bytes = utf8.encode(char);
    if (chunk.length + bytes.length > ENCODED_WORD_BYTES) {
      words.push(encodedWord(chunk));
      chunk = [];
    }
    chunk.push(...bytes);
  }
  if (chunk.length > 0 || words.length === 0) words.push(encodedWord(chunk));
  return words;
}

const encodedWord = (bytes: number[]) => `=?UTF-8?B?${bytesToBase64(Uint8Array.from(bytes))}?=`;

/**
 * Whether text can go out as plain header text and come back unchanged: printable ASCII, no
 * whitespace a parser would trim or fold away, nothing a decoder would take for an encoded-word,
 * and no word too long to fold.
 */
function isPlainSafe(text: string): boolean {
  return (
    /^[\x21-\x7e]+( [\x21-\x7e]+)*$/.test(text) &&
    !text.includes('=?') &&
    text.split(' ').every((word) => word.length <= FOLD_AT - 12)
  );
}

/** Unstructured text (Subject) as foldable tokens. */
function textTokens(text: string): string[] {
  if (text === '') return [];
  return isPlainSafe(text) ? text.split(' ') : encodeWords(text);
}

const ATOM_PHRASE = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+( [A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+)*$/;

/** A display name as an RFC 5322 phrase: atoms as they are, a quoted-string, or encoded-words. */
function phraseTokens(name: string): string[] {
  if (ATOM_PHRASE.test(name) && !name.includes('=?')) return name.split(' ');
  if (/^[\x20-\x7e]*$/.test(name) && !name.includes('=?')) return [`"${name.replace(/(["\\])/g, '\\$1')}"`];
  return encodeWords(name);
}

function addressTokens(field: string, a: Address, last: boolean): string[] {
  assertSingleLine(`${field} name`, a.name);
  assertSingleLine(`${field} address`, a.email);
  const name = a.name.trim();
  const email = a.email.trim();
  if (!ADDR_SPEC.test(email)) throw new Error(`Refusing to build the email: "${email}" in ${field} is not a plain email address.`);
  const comma = last ? '' : ',';
  return name === '' ? [`${email}${comma}`] : [...phraseTokens(name), `<${email}>${comma}`];
}

const addressListTokens = (field: string, list: Address[]) =>
  list.flatMap((a, i) => addressTokens(field, a, i === list.length - 1));

/**
 * `Name: tokens` with tokens joined by single spaces, folding (CRLF + space) between tokens when
 * a line would pass 76 characters. Unfolding removes only the CRLF, so the value is unchanged.
 */
function foldHeader(name: string, tokens: string[]): string {
  let out = `${name}:`;
  let lineLength = out.length;
  for (const token of tokens) {
    if (lineLength + 1 + token.length > FOLD_AT && lineLength > name.length + 1) {
      out += `${CRLF} ${token}`;
      lineLength = 1 + token.length;
    } else {
      out += ` ${token}`;
      lineLength += 1 + token.length;
    }
  }
  return out;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n: number) => String(n).padStart(2, '0');

/** RFC 5322 date-time in UTC, e.g. `Thu, 01 Jan 2026 09:05:00 +0000`. */
export function formatRfc5322Date(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new Error('Refusing to build the email: the Date is not a valid date.');
  const time = `${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}:${pad2(date.getUTCSeconds())}`;
  return `${DAYS[date.getUTCDay()]}, ${pad2(date.getUTCDate())} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} ${time} +0000`;
}

/** Body as base64 of its UTF-8 with CRLF line endings, in lines of 76 characters. */
function encodeBody(body: string): string {
  const encoded = bytesToBase64(utf8.encode(body.replace(/\r\n?|\n/g, CRLF)));
  const lines: string[] = [];
  for (let i = 0; i < encoded.length; i += 76) lines.push(encoded.slice(i, i + 76));
  return lines.join(CRLF);
}

/**
 * The RFC 5322 message for an approved outgoing message. Built from `msg` alone and deterministic
 * (same input, same bytes), so what is sent is exactly what the approval's content hash bound.
 */
export function buildMime(msg: OutgoingMessage, opts: { messageId: string; date: Date }): string {
  assertSingleLine('subject', msg.subject);
  assertMessageId('Message-ID', opts.messageId);
  if (msg.inReplyTo !== null) assertMessageId('In-Reply-To', msg.inReplyTo);
  msg.references.forEach((ref) => assertMessageId('References', ref));

  const headers = [
    foldHeader('From', addressTokens('From', msg.from, true)),
    foldHeader('To', addressListTokens('To', msg.to)),
  ];
  if (msg.cc.length > 0) headers.push(foldHeader('Cc', addressListTokens('Cc', msg.cc)));
  // Gmail removes Bcc from the delivered copies and delivers to each address.
  if (msg.bcc.length > 0) headers.push(foldHeader('Bcc', addressListTokens('Bcc', msg.bcc)));
  headers.push(
    foldHeader('Subject', textTokens(msg.subject)),
    `Date: ${formatRfc5322Date(opts.date)}`,
    `Message-ID: ${opts.messageId}`,
  );
  if (msg.inReplyTo !== null) headers.push(`In-Reply-To: ${msg.inReplyTo}`);
  if (msg.references.length > 0) headers.push(foldHeader('References', msg.references));
  headers.push('MIME-Version: 1.0', 'Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: base64');

  return `${headers.join(CRLF)}${CRLF}${CRLF}${encodeBody(msg.body)}${CRLF}`;
}

import PostalMime, { addressParser, decodeWords, type Attachment } from 'postal-mime';
import { decodeEntities, htmlToText } from './html-text';
import { base64UrlToBytes } from './mime-parse';
import { Address } from './outgoing';
import { splitReply } from './reply-split';
import type { AttachmentInfo, DecodedMessage } from './thread';

/** Stands in for a From header with no usable address, so the message still has a valid sender. */
export const UNKNOWN_SENDER_EMAIL = 'unknown@unknown.invalid';

/** Shown in place of the body of a message whose MIME could not be decoded. */
export const UNDECODABLE_TEXT = 'Countersign could not decode this message. Open it in Gmail to read it.';

/** What Gmail says about a message beside its raw MIME (messages.get). */
export interface MessageMeta {
  id: string;
  threadId: string;
  labelIds: string[];
  snippet: string;
  /** Epoch milliseconds as a decimal string, when Gmail gave it. */
  internalDate?: string | undefined;
}

type Headers = { key: string; value: string }[];
const header = (headers: Headers, name: string) => headers.find((h) => h.key === name)?.value;

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
  return trimmed.match(/<[^<>\s]+>/g) ?? trimmed.split(/\s+/).filter((s) => s !== '');
}

function isoDate(dateHeader: string | undefined, internalDate: string | undefined, fallback: number): string {
  const fromHeader = dateHeader ? Date.parse(dateHeader) : NaN;
  if (!Number.isNaN(fromHeader)) return new Date(fromHeader).toISOString();
  const internal = internalDate ? Number(internalDate) : NaN;
  return new Date(Number.isFinite(internal) ? internal : fallback).toISOString();
}

function sender(headers: Headers): Address {
  const from = header(headers, 'from');
  return parseAddressList(from)[0] ?? parseAddressList(header(headers, 'sender'))[0] ?? { name: decodeWords(from ?? '').trim().slice(0, 200), email: UNKNOWN_SENDER_EMAIL };
}

const snippetOf = (text: string) => text.replace(/\s+/g, ' ').trim().slice(0, 200);

const sizeOf = (content: Attachment['content']) => (typeof content === 'string' ? new TextEncoder().encode(content).byteLength : content.byteLength);

/** The envelope fields every message has, decoded or not. */
function envelope(headers: Headers, meta: MessageMeta, fetchedAt: number) {
  return {
    id: meta.id,
    threadId: meta.threadId,
    messageId: firstMessageId(header(headers, 'message-id')) ?? '',
    inReplyTo: firstMessageId(header(headers, 'in-reply-to')),
    references: messageIds(header(headers, 'references')),
    from: sender(headers),
    to: parseAddressList(header(headers, 'to')),
    cc: parseAddressList(header(headers, 'cc')),
    replyTo: parseAddressList(header(headers, 'reply-to')),
    date: isoDate(header(headers, 'date'), meta.internalDate, fetchedAt),
    subject: decodeWords(header(headers, 'subject') ?? '').trim(),
    labelIds: meta.labelIds,
  };
}

/**
 * An RFC 5322 message (Gmail's `format=raw`, or an .eml) decoded with postal-mime into a thread
 * message: envelope, full text, HTML, the new content split from quoted history and signature,
 * and the attachments (delivery reports and returned messages included; inline images referenced
 * from the HTML are not listed). Never throws: a message that cannot be decoded keeps what its
 * headers say and a body that says so.
 */
export async function parseMessage(raw: Uint8Array | string, meta: MessageMeta, fetchedAt: number): Promise<DecodedMessage> {
  try {
    const email = await PostalMime.parse(raw, { forceRfc822Attachments: true });
    const headers = email.headers.map(({ key, value }) => ({ key, value }));
    const base = envelope(headers, meta, fetchedAt);
    const html = email.html ?? null;
    const text = email.text ?? (html === null ? '' : htmlToText(html));
    const attachments: AttachmentInfo[] = email.attachments
      .filter((a) => !a.related)
      .map((a) => ({ filename: a.filename ?? '', mimeType: a.mimeType, size: sizeOf(a.content) }));
    const parts = splitReply(text, html, base.messageId);
    return { ...base, text, html, snippet: meta.snippet ? decodeEntities(meta.snippet) : snippetOf(parts.body || text), ...parts, attachments };
  } catch (e) {
    // The id and the error's kind only: a message's content is the sender's, not for logs.
    console.warn(`Countersign could not decode Gmail message ${meta.id}: ${e instanceof Error ? e.name : typeof e}`);
    return undecodable(typeof raw === 'string' ? raw : new TextDecoder('utf-8').decode(raw.subarray(0, 256 * 1024)), meta, fetchedAt);
  }
}

/** Gmail's `raw` (base64url) decoded and parsed; a `raw` that is not base64url is undecodable too. */
export function parseGmailRaw(raw: string, meta: MessageMeta, fetchedAt: number): Promise<DecodedMessage> {
  let bytes: Uint8Array;
  try {
    bytes = base64UrlToBytes(raw);
  } catch {
    console.warn(`Countersign could not decode Gmail message ${meta.id}: raw is not base64url`);
    return Promise.resolve(undecodable('', meta, fetchedAt));
  }
  return parseMessage(bytes, meta, fetchedAt);
}

/** Unfolded header fields of an RFC 5322 text, read without a MIME parser. */
function readHeaderBlock(text: string): Headers {
  const end = text.search(/\r?\n\r?\n/);
  const headers: Headers = [];
  for (const line of (end < 0 ? text : text.slice(0, end)).split(/\r?\n/)) {
    const last = headers.at(-1);
    if (/^[ \t]/.test(line) && last) last.value += ` ${line.trim()}`;
    else if (line.indexOf(':') > 0) headers.push({ key: line.slice(0, line.indexOf(':')).trim().toLowerCase(), value: line.slice(line.indexOf(':') + 1).trim() });
  }
  return headers;
}

function undecodable(text: string, meta: MessageMeta, fetchedAt: number): DecodedMessage {
  return {
    ...envelope(readHeaderBlock(text), meta, fetchedAt),
    text: UNDECODABLE_TEXT,
    html: null,
    snippet: decodeEntities(meta.snippet),
    body: UNDECODABLE_TEXT,
    quoted: '',
    signature: '',
    attachments: [],
  };
}

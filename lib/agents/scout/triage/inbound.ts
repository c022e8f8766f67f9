import PostalMime, { type Attachment, type Email } from 'postal-mime';
import { htmlToText } from '../../../mail/html-text';

/** One header field: lowercase name, unfolded value. */
export interface HeaderField {
  key: string;
  value: string;
}

/**
 * What triage reads of one raw message. The text is data: rules look at it, nothing in it
 * is ever run or obeyed.
 */
export interface InboundMessage {
  /** The message's own header fields, in order. */
  headers: readonly HeaderField[];
  /** The From mailbox as written (a bounce's may lack a domain: "MAILER-DAEMON"). */
  from: { name: string; address: string } | null;
  /** The addresses the message was sent to (To and Cc). */
  to: readonly string[];
  /** The Cc mailboxes, with their names (a referral is often copied in). */
  cc: readonly { name: string; address: string }[];
  subject: string;
  messageId: string;
  /** The Date header, when it parses. */
  date: Date | null;
  /**
   * Every readable text of the message, attached messages excluded: text/plain, else the HTML's
   * text, else (MIME that does not parse as announced) the raw body.
   */
  text: string;
  html: string | null;
  /** `report-type` of a top-level multipart/report, lowercased ("delivery-status", "feedback-report"). */
  reportType: string | null;
  /** Decoded message/delivery-status and message/global-delivery-status parts. */
  deliveryStatus: readonly string[];
  /** Decoded message/feedback-report parts (ARF). */
  feedbackReports: readonly string[];
  /** Header fields of the messages a report returns (message/rfc822, text/rfc822-headers parts). */
  returnedHeaders: readonly (readonly HeaderField[])[];
  /** The message carries a calendar invitation (text/calendar with METHOD:REQUEST). */
  calendarInvite: boolean;
}

/** Rules scan at most this much text: regular expressions in a browser have no RE2 guarantee. */
export const MAX_SCAN_CHARS = 100_000;

/** Past this, a returned message is not read for its headers. */
const MAX_RETURNED_HEADER_CHARS = 32_000;

export const headerValue = (headers: readonly HeaderField[], key: string): string | undefined => headers.find((h) => h.key === key)?.value;

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');

function decodePart(content: Attachment['content'], max: number): string {
  if (typeof content === 'string') return content.slice(0, max);
  const bytes = content instanceof Uint8Array ? content : new Uint8Array(content);
  return utf8.decode(bytes.subarray(0, max));
}

/** Unfolded header fields at the top of an RFC 5322 text, read without a MIME parser. */
export function readHeaderBlock(text: string): HeaderField[] {
  const end = text.search(/\r?\n\r?\n/);
  const headers: HeaderField[] = [];
  for (const line of (end < 0 ? text : text.slice(0, end)).split(/\r?\n/)) {
    const last = headers.at(-1);
    const colon = line.indexOf(':');
    if (/^[ \t]/.test(line) && last) last.value += ` ${line.trim()}`;
    else if (colon > 0 && /^[\x21-\x39\x3b-\x7e]+$/.test(line.slice(0, colon).trim())) {
      headers.push({ key: line.slice(0, colon).trim().toLowerCase(), value: line.slice(colon + 1).trim() });
    }
  }
  return headers;
}

/** The body of a raw message after its header block (for MIME that postal-mime cannot follow). */
function rawBody(raw: Uint8Array | string): string {
  const text = typeof raw === 'string' ? raw.slice(0, MAX_SCAN_CHARS * 2) : latin1.decode(raw.subarray(0, MAX_SCAN_CHARS * 2));
  const end = text.search(/\r?\n\r?\n/);
  return end < 0 ? '' : text.slice(end).trim();
}

function reportTypeOf(contentType: string | undefined): string | null {
  if (!contentType || !/^\s*multipart\/report\b/i.test(contentType)) return null;
  return /report-type\s*=\s*"?([\w.-]+)/i.exec(contentType)?.[1]?.toLowerCase() ?? null;
}

function mailbox(email: Email): InboundMessage['from'] {
  const from = email.from;
  if (!from) return null;
  if (from.group) {
    const first = from.group[0];
    return first ? { name: first.name, address: first.address } : null;
  }
  return { name: from.name, address: from.address ?? '' };
}

function addresses(email: Email): string[] {
  const list = [...(email.to ?? []), ...(email.cc ?? [])];
  return list.flatMap((a) => (a.group ? a.group.map((m) => m.address) : [a.address ?? ''])).filter((a) => a !== '');
}

function ccOf(email: Email): { name: string; address: string }[] {
  return (email.cc ?? []).flatMap((a) => (a.group ? a.group : [{ name: a.name, address: a.address ?? '' }])).filter((m) => m.address !== '');
}

function parseDate(value: string | undefined): Date | null {
  const ms = value ? Date.parse(value) : NaN;
  return Number.isNaN(ms) ? null : new Date(ms);
}

/** Builds the triage view of a message postal-mime has parsed. */
export function inboundFromEmail(email: Email, raw: Uint8Array | string): InboundMessage {
  const headers = email.headers.map(({ key, value }) => ({ key, value }));
  const html = email.html ?? null;
  let text = email.text ?? (html === null ? '' : htmlToText(html));
  if (text.trim() === '' && html === null) text = rawBody(raw);
  const deliveryStatus: string[] = [];
  const feedbackReports: string[] = [];
  const returnedHeaders: HeaderField[][] = [];
  for (const part of email.attachments) {
    const type = part.mimeType.toLowerCase();
    if (type === 'message/delivery-status' || type === 'message/global-delivery-status') deliveryStatus.push(decodePart(part.content, MAX_SCAN_CHARS));
    else if (type === 'message/feedback-report') feedbackReports.push(decodePart(part.content, MAX_SCAN_CHARS));
    else if (type === 'message/rfc822' || type === 'message/global' || type === 'text/rfc822-headers' || type === 'text/rfc822-header') {
      returnedHeaders.push(readHeaderBlock(decodePart(part.content, MAX_RETURNED_HEADER_CHARS)));
    }
  }
  return {
    headers,
    from: mailbox(email),
    to: addresses(email),
    cc: ccOf(email),
    subject: (email.subject ?? '').trim(),
    messageId: email.messageId ?? '',
    date: parseDate(headerValue(headers, 'date')),
    text: text.slice(0, MAX_SCAN_CHARS),
    html,
    reportType: reportTypeOf(headerValue(headers, 'content-type')),
    deliveryStatus,
    feedbackReports,
    returnedHeaders,
    calendarInvite: email.attachments.some((a) => /^(?:text\/calendar|application\/ics)$/i.test(a.mimeType) && a.method === 'REQUEST'),
  };
}

/**
 * Parses one raw RFC 5322 message for triage. Returned messages inside reports stay
 * attachments (their text is the evidence, not the report's content).
 */
export async function readInbound(raw: Uint8Array | string): Promise<InboundMessage> {
  const email = await PostalMime.parse(raw, { forceRfc822Attachments: true });
  return inboundFromEmail(email, raw);
}

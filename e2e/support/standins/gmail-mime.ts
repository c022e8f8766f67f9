/**
 * RFC 5322 / MIME for the Gmail stand-in: every message it holds is raw bytes (a real .eml served
 * verbatim, or one built here from fields), and the `full` and `metadata` formats are derived from
 * those bytes the way Gmail derives them: a MessagePart tree with transfer-decoded bodies as
 * base64url, attachments by id, header values with encoded words decoded.
 */

export interface MessagePart {
  partId: string;
  mimeType: string;
  filename: string;
  headers: { name: string; value: string }[];
  body: { size: number; data?: string; attachmentId?: string };
  parts?: MessagePart[];
}

/** A message built from fields (addThread). */
export interface GmailMessageInput {
  id: string;
  from: string;
  to: string;
  cc?: string;
  subject: string;
  /** RFC 5322 date string or a Date. */
  date: string | Date;
  /** Message-ID header, with or without angle brackets. */
  messageId: string;
  inReplyTo?: string;
  references?: string;
  text: string;
  /** When given, the message is multipart/alternative (text/plain + text/html). */
  html?: string;
  labelIds?: string[];
}

// Gmail sends body data as base64url with '=' padding.
export const b64url = (bytes: Buffer): string => {
  const bare = bytes.toString('base64url');
  return bare + '='.repeat((4 - (bare.length % 4)) % 4);
};
const bracketed = (id: string): string => (id.startsWith('<') ? id : `<${id}>`);

/** Splits an RFC 5322 text into unfolded headers and body. */
export function parseRfc5322(raw: string): { headers: { name: string; value: string }[]; body: string } {
  const split = raw.search(/\r?\n\r?\n/);
  const head = split < 0 ? raw : raw.slice(0, split);
  const body = split < 0 ? '' : raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const headers: { name: string; value: string }[] = [];
  for (const line of head.split(/\r?\n/)) {
    const last = headers[headers.length - 1];
    if (/^[ \t]/.test(line) && last) last.value += ` ${line.trim()}`;
    else {
      const colon = line.indexOf(':');
      if (colon > 0) headers.push({ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() });
    }
  }
  return { headers, body };
}

const decodeCharset = (bytes: Buffer, charset: string | undefined): string => {
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(bytes);
  } catch {
    return bytes.toString('utf8');
  }
};

/** RFC 2047 encoded words, as Gmail decodes them in header values. */
export function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[bBqQ]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?*]+)(?:\*[^?]*)?\?([bBqQ])\?([^?]*)\?=/g, (_m, charset: string, enc: string, text: string) => {
      const bytes = enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
      return decodeCharset(bytes, charset);
    });
}

const encodeWord = (text: string): string => (/^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`);
/** Address header with any non-ASCII display names as encoded words. */
const encodeAddresses = (value: string): string =>
  value.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/).map((a) => a.trim().replace(/^"?([^"<]*?)"?\s*(<[^>]+>)$/, (m, name: string, addr: string) => (/^[\x20-\x7e]*$/.test(name) ? m : `${encodeWord(name)} ${addr}`))).join(', ');

const base64Lines = (text: string): string => Buffer.from(text, 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n');

/** The RFC 5322 bytes of a message given by fields, as a mailer would write them. */
export function buildRfc822(m: GmailMessageInput): Buffer {
  const date = typeof m.date === 'string' ? m.date : m.date.toUTCString().replace('GMT', '+0000');
  const headers = [
    'MIME-Version: 1.0',
    `Date: ${date}`,
    `Message-ID: ${bracketed(m.messageId)}`,
    ...(m.inReplyTo ? [`In-Reply-To: ${bracketed(m.inReplyTo)}`] : []),
    ...(m.references ? [`References: ${m.references}`] : []),
    `Subject: ${encodeWord(m.subject)}`,
    `From: ${encodeAddresses(m.from)}`,
    `To: ${encodeAddresses(m.to)}`,
    ...(m.cc ? [`Cc: ${encodeAddresses(m.cc)}`] : []),
  ];
  const leaf = (type: string, content: string) => [`Content-Type: ${type}; charset="UTF-8"`, 'Content-Transfer-Encoding: base64', '', base64Lines(content)];
  const boundary = `00000000000${m.id}`;
  const body =
    m.html === undefined
      ? leaf('text/plain', m.text)
      : [`Content-Type: multipart/alternative; boundary="${boundary}"`, '', `--${boundary}`, ...leaf('text/plain', m.text), `--${boundary}`, ...leaf('text/html', m.html), `--${boundary}--`, ''];
  return Buffer.from([...headers, ...body].join('\r\n'), 'utf8');
}

interface ContentType { type: string; params: Record<string, string> }

function parseParams(value: string | undefined, fallback: string): ContentType {
  const [type = fallback, ...rest] = (value ?? fallback).split(/;(?=(?:[^"]*"[^"]*")*[^"]*$)/);
  const params: Record<string, string> = {};
  for (const p of rest) {
    const eq = p.indexOf('=');
    if (eq < 0) continue;
    const key = p.slice(0, eq).trim().toLowerCase();
    const raw = p.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
    if (key.endsWith('*')) params[key.slice(0, -1)] = decodeURIComponent(raw.replace(/^[^']*'[^']*'/, ''));
    else params[key] ??= raw;
  }
  return { type: type.trim().toLowerCase() || fallback, params };
}

function transferDecode(body: string, encoding: string): Buffer {
  switch (encoding.trim().toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
    case 'quoted-printable':
      return Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
    default:
      return Buffer.from(body, 'latin1');
  }
}

function splitMultipart(body: string, boundary: string): string[] {
  const parts: string[] = [];
  let current: string[] | null = null;
  for (const line of body.split(/\r?\n/)) {
    const trimmed = line.trimEnd();
    if (trimmed === `--${boundary}` || trimmed === `--${boundary}--`) {
      if (current) parts.push(current.join('\r\n'));
      if (trimmed.endsWith(`${boundary}--`)) return parts;
      current = [];
    } else current?.push(line);
  }
  if (current) parts.push(current.join('\r\n'));
  return parts;
}

/** Gmail's MessagePart tree of a raw message (`latin1` keeps every byte as one char). */
export function payloadOf(raw: Buffer, attachmentPrefix: string, partId = ''): MessagePart {
  const { headers: rawHeaders, body } = parseRfc5322(raw.toString('latin1'));
  const headers = rawHeaders.map((h) => ({ name: h.name, value: decodeWords(Buffer.from(h.value, 'latin1').toString('utf8')) }));
  const header = (name: string) => headers.find((h) => h.name.toLowerCase() === name)?.value;
  const ct = parseParams(header('content-type'), 'text/plain');
  const boundary = ct.params.boundary;
  if (ct.type.startsWith('multipart/') && boundary) {
    const parts = splitMultipart(body, boundary).map((p, i) => payloadOf(Buffer.from(p, 'latin1'), attachmentPrefix, partId === '' ? String(i) : `${partId}.${i}`));
    return { partId, mimeType: ct.type, filename: '', headers, body: { size: 0 }, parts };
  }
  const content = transferDecode(body, header('content-transfer-encoding') ?? '7bit');
  const disposition = parseParams(header('content-disposition'), '');
  const filename = decodeWords(disposition.params.filename ?? ct.params.name ?? '');
  const attachment = filename !== '' || disposition.type === 'attachment' || !ct.type.startsWith('text/');
  return {
    partId,
    mimeType: ct.type,
    filename,
    headers,
    body: attachment ? { attachmentId: `${attachmentPrefix}-${partId || '0'}`, size: content.length } : { size: content.length, data: b64url(content) },
  };
}

/** Gmail's snippet: the start of the message's text, whitespace collapsed, HTML-escaped. */
export function snippetOf(payload: MessagePart): string {
  const leaves: MessagePart[] = [];
  const walk = (p: MessagePart) => (p.parts ? p.parts.forEach(walk) : leaves.push(p));
  walk(payload);
  const text = leaves.find((p) => p.mimeType === 'text/plain' && p.body.data);
  const html = leaves.find((p) => p.mimeType === 'text/html' && p.body.data);
  const charset = (p: MessagePart) => parseParams(p.headers.find((h) => h.name.toLowerCase() === 'content-type')?.value, 'text/plain').params.charset;
  const decode = (p: MessagePart) => decodeCharset(Buffer.from(p.body.data ?? '', 'base64url'), charset(p));
  const plain = text ? decode(text) : html ? decode(html).replace(/<(style|script)[\s\S]*?<\/\1>|<[^>]+>/gi, ' ') : '';
  return plain
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200)
    .replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

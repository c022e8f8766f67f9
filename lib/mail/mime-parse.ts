import PostalMime, { type Address as ParsedAddress, type Mailbox } from 'postal-mime';
import { OutgoingMessage, type Address } from './outgoing';

/** base64url (padding optional; standard base64 also accepted) → bytes. */
export function base64UrlToBytes(s: string): Uint8Array {
  const standard = s.replace(/-/g, '+').replace(/_/g, '/').replace(/[\s=]/g, '');
  if (!/^[A-Za-z0-9+/]*$/.test(standard) || standard.length % 4 === 1) {
    throw new Error('Not a base64url string.');
  }
  const binary = atob(standard.padEnd(Math.ceil(standard.length / 4) * 4, '='));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** base64url → UTF-8 string, e.g. Gmail's `raw` field back into the RFC 5322 text. */
export const decodeBase64Url = (s: string): string => new TextDecoder('utf-8').decode(base64UrlToBytes(s));

const flatten = (list: ParsedAddress[] | undefined): Mailbox[] =>
  (list ?? []).flatMap((a) => (a.group ? a.group : [a]));

const toAddress = (m: Mailbox): Address => ({ name: m.name, email: m.address });

/**
 * A raw RFC 5322 message read back into the shape the approval hashed. `threadId` is null: it is
 * not part of the MIME (Gmail takes it beside `raw`). Lets tests prove that what was sent is what
 * was approved.
 */
export async function outgoingFromMime(raw: string): Promise<OutgoingMessage> {
  const email = await PostalMime.parse(raw);
  const from = flatten(email.from ? [email.from] : [])[0];
  return OutgoingMessage.parse({
    from: from ? toAddress(from) : undefined,
    to: flatten(email.to).map(toAddress),
    cc: flatten(email.cc).map(toAddress),
    bcc: flatten(email.bcc).map(toAddress),
    subject: email.subject ?? '',
    body: email.text ?? '',
    threadId: null,
    inReplyTo: email.inReplyTo?.trim() || null,
    references: (email.references ?? '').split(/\s+/).filter((ref) => ref !== ''),
  });
}

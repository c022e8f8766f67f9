import type { Address, OutgoingMessage } from '../mail/outgoing';

const formatAddress = (a: Address) => `${a.name.trim()} <${a.email.trim().toLowerCase()}>`;
const normaliseBody = (body: string) => body.replace(/\r\n?/g, '\n');

/**
 * The canonical form of an outgoing message: a stable JSON string that any two equal messages
 * share, whatever their key order, address case or line endings. Version-tagged so the form can
 * change without confusing old approvals.
 */
export function canonicalMessage(msg: OutgoingMessage): string {
  return JSON.stringify({
    v: 1,
    from: formatAddress(msg.from),
    to: msg.to.map(formatAddress),
    cc: msg.cc.map(formatAddress),
    bcc: msg.bcc.map(formatAddress),
    subject: msg.subject,
    body: normaliseBody(msg.body),
    threadId: msg.threadId,
    inReplyTo: msg.inReplyTo,
    references: msg.references,
  });
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** SHA-256 (hex) of the canonical form: the value an approval binds. */
export const contentHash = (msg: OutgoingMessage) => sha256Hex(canonicalMessage(msg));

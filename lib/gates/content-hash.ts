import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
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

/**
 * SHA-256 (hex) of a string. Synchronous on purpose (@noble/hashes): hashing inside a Dexie
 * transaction must not await a non-IndexedDB promise, or the transaction commits early.
 */
export const sha256Hex = (text: string): string => bytesToHex(sha256(utf8ToBytes(text)));

/** SHA-256 (hex) of the canonical form: the value an approval binds. */
export const contentHash = (msg: OutgoingMessage): string => sha256Hex(canonicalMessage(msg));

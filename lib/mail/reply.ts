import type { Address } from './outgoing';
import type { ThreadMessage, ThreadSnapshot } from './thread';

export interface ReplyHeaders {
  to: Address[];
  cc: Address[];
  subject: string;
  inReplyTo: string | null;
  references: string[];
  threadId: string;
}

const key = (a: Address) => a.email.trim().toLowerCase();

/** Addresses not in `exclude`, first occurrence of each address kept. */
function uniqueAddresses(list: Address[], exclude: Set<string>): Address[] {
  const seen = new Set(exclude);
  return list.filter((a) => {
    const k = key(a);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** A usable `<msg-id>`: brackets added when missing; null for empty or whitespace-broken ids. */
function normaliseMessageId(id: string): string | null {
  const trimmed = id.trim();
  if (trimmed === '') return null;
  const bracketed = trimmed.startsWith('<') ? trimmed : `<${trimmed}>`;
  return /^<[^<>\s]+>$/.test(bracketed) ? bracketed : null;
}

/** One "Re: " in front, unless the subject already carries a reply prefix (Re:, RE:, Aw:). */
export function replySubject(subject: string): string {
  const trimmed = subject.trim();
  if (/^(re|aw)\s*:/i.test(trimmed)) return trimmed;
  return trimmed === '' ? 'Re:' : `Re: ${trimmed}`;
}

/**
 * Who a reply goes to and how it threads: to the latest message not sent by the rep (its
 * Reply-To, else its From), copying everyone else that message was addressed to (reply-all, minus
 * the rep). If every message is the rep's own (a follow-up), it goes to that message's recipients.
 */
export function replyHeaders(thread: ThreadSnapshot, selfEmail: string): ReplyHeaders {
  const self = selfEmail.trim().toLowerCase();
  const messages = thread.messages.filter((m) => !m.labelIds.includes('DRAFT'));
  const isOwn = (m: ThreadMessage) => key(m.from) === self || m.labelIds.includes('SENT');
  const inbound = messages.filter((m) => !isOwn(m)).at(-1);
  const target = inbound ?? messages.at(-1);
  if (!target) throw new Error(`Thread ${thread.id} has no message to reply to.`);

  const exclude = new Set([self]);
  const replyTo = uniqueAddresses(target.replyTo, exclude);
  const to = inbound ? (replyTo.length > 0 ? replyTo : uniqueAddresses([target.from], exclude)) : uniqueAddresses(target.to, exclude);
  const cc = uniqueAddresses(inbound ? [...target.to, ...target.cc] : target.cc, new Set([self, ...to.map(key)]));
  if (to.length === 0) throw new Error(`Thread ${thread.id} has no recipient to reply to.`);

  const inReplyTo = normaliseMessageId(target.messageId);
  const references = [...new Set([...target.references, ...(inReplyTo ? [inReplyTo] : [])].flatMap((id) => normaliseMessageId(id) ?? []))];

  return {
    to,
    cc,
    subject: replySubject(target.subject || thread.subject),
    inReplyTo,
    references,
    threadId: thread.id,
  };
}

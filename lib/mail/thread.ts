import { z } from 'zod';
import { Address } from './outgoing';

/** One message of a Gmail thread, decoded. Inbound text is data for display and drafting only. */
export const ThreadMessage = z.object({
  id: z.string(),
  threadId: z.string(),
  /** RFC 5322 Message-ID header, with angle brackets; '' when the message has none. */
  messageId: z.string(),
  inReplyTo: z.string().nullable(),
  references: z.array(z.string()),
  from: Address,
  to: z.array(Address),
  cc: z.array(Address),
  replyTo: z.array(Address),
  /** ISO 8601 */
  date: z.string(),
  subject: z.string(),
  /** Plain-text body (text/plain part, or text derived from the HTML part). */
  text: z.string(),
  /** The HTML part if any, unsanitised: sanitise before display (lib/mail/sanitise.ts). */
  html: z.string().nullable(),
  snippet: z.string(),
  labelIds: z.array(z.string()),
});
export type ThreadMessage = z.infer<typeof ThreadMessage>;

export const ThreadSnapshot = z.object({
  id: z.string(),
  subject: z.string(),
  historyId: z.string(),
  messages: z.array(ThreadMessage),
  fetchedAt: z.number(),
});
export type ThreadSnapshot = z.infer<typeof ThreadSnapshot>;

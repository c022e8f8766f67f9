import { z } from 'zod';
import { Address } from './outgoing';

/** A part of a message that is not its body text: a file, a nested message, a delivery report. */
export const AttachmentInfo = z.object({
  /** As the sender named it; '' when the part has no name (a delivery report, say). */
  filename: z.string(),
  mimeType: z.string(),
  /** Decoded size in bytes. */
  size: z.number().int().nonnegative(),
});
export type AttachmentInfo = z.infer<typeof AttachmentInfo>;

/**
 * What a decoded message says, split for reading: the new content, the quoted history and the
 * signature (each plain text), and the attachments. Every message ThreadSync produces has these;
 * they are optional in ThreadMessage only so that snapshots built before they existed still parse.
 */
export const MessageContent = z.object({
  /** The new content only: `text` without quoted history and signature. */
  body: z.string(),
  /** Quoted history ("On … wrote:" and what follows, or `>` lines), '' when none. */
  quoted: z.string(),
  /** The signature block, '' when none was recognised. */
  signature: z.string(),
  attachments: z.array(AttachmentInfo),
});
export type MessageContent = z.infer<typeof MessageContent>;

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
  /** Plain-text body in full (text/plain part, or text derived from the HTML part), quotes included. */
  text: z.string(),
  /** The HTML part if any, unsanitised: sanitise before display (lib/mail/sanitise.ts). */
  html: z.string().nullable(),
  snippet: z.string(),
  labelIds: z.array(z.string()),
  ...MessageContent.partial().shape,
});
export type ThreadMessage = z.infer<typeof ThreadMessage>;

/** A message as ThreadSync decodes and caches it: the split content is always there. */
export const DecodedMessage = ThreadMessage.extend(MessageContent.shape);
export type DecodedMessage = z.infer<typeof DecodedMessage>;

export const ThreadSnapshot = z.object({
  id: z.string(),
  subject: z.string(),
  /** Gmail's historyId of the thread: the last mailbox change that touched it. */
  historyId: z.string(),
  messages: z.array(ThreadMessage),
  fetchedAt: z.number(),
});
export type ThreadSnapshot = z.infer<typeof ThreadSnapshot>;

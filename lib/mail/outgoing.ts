import { z } from 'zod';

/** A mailbox as the approver sees it: optional display name and an address. */
export const Address = z.object({
  name: z.string().max(200).default(''),
  email: z.email().max(320),
});
export type Address = z.infer<typeof Address>;

/**
 * Everything that decides what a recipient receives. The approval binds the SHA-256 of the
 * canonical form of this object (lib/gates/content-hash.ts); the MIME sent is built from it alone.
 */
export const OutgoingMessage = z.object({
  from: Address,
  to: z.array(Address).min(1, 'At least one recipient is needed'),
  cc: z.array(Address).default([]),
  bcc: z.array(Address).default([]),
  subject: z.string().max(998),
  body: z.string().max(100_000),
  /** Gmail API thread id the reply belongs to, or null for a new thread. */
  threadId: z.string().nullable().default(null),
  /** RFC 5322 Message-ID (with angle brackets) of the message replied to. */
  inReplyTo: z.string().nullable().default(null),
  references: z.array(z.string()).default([]),
});
export type OutgoingMessage = z.infer<typeof OutgoingMessage>;

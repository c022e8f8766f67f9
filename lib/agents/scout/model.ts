import { z } from 'zod';

/**
 * Scout's vocabulary, shared by triage, scoring, research and the panels. Everything Scout says
 * about a lead rests on evidence a rep can open: a message, a CRM field, a signature, a domain,
 * a setting or a human override.
 */
export const EvidenceSource = z.enum(['message', 'crm', 'signature', 'domain', 'settings', 'override', 'triage']);
export type EvidenceSource = z.infer<typeof EvidenceSource>;

export const Evidence = z.object({
  source: EvidenceSource,
  /** Where it lives: a Gmail message id, a CRM field path ("contact:42.title"), a domain, a setting path. */
  ref: z.string().min(1),
  /** The words it rests on, short (a quoted phrase or the field's value). */
  quote: z.string().max(500),
});
export type Evidence = z.infer<typeof Evidence>;

/** The four parts of a lead score. */
export const FactorGroup = z.enum(['fit', 'engagement', 'intent', 'negative']);
export type FactorGroup = z.infer<typeof FactorGroup>;

/**
 * One thing extracted about a lead (by rules or, validated, by a model). The score is a pure
 * function of signals, ICP settings and overrides; signals carry no weight themselves.
 */
export const Signal = z.object({
  group: FactorGroup,
  /** e.g. 'industry', 'seniority', 'last_inbound', 'pricing', 'timeline', 'budget', 'unsubscribe'. */
  key: z.string().min(1).max(60),
  /** The extracted value: a label ('VP', 'Fintech'), a number (days, employees) or true. */
  value: z.union([z.string().max(200), z.number(), z.boolean()]),
  evidence: Evidence,
  extractedBy: z.enum(['rule', 'model']),
});
export type Signal = z.infer<typeof Signal>;

/** Context that outranks any number: a flagged lead goes to the "needs judgement" lane. */
export const FlagKind = z.enum([
  'competitor_signed',
  'existing_customer',
  'churned_customer',
  'do_not_contact',
  'bounced',
  'left_company',
  'out_of_office',
  'legal_hold',
  'owned_by_other',
]);
export type FlagKind = z.infer<typeof FlagKind>;

export const Flag = z.object({
  kind: FlagKind,
  /** One line a rep reads above the score ("Signed with Acme on 3 Nov"). */
  detail: z.string().max(300),
  /** ISO date the flag stops applying (out of office until …), null when open-ended. */
  until: z.string().nullable(),
  evidence: Evidence,
});
export type Flag = z.infer<typeof Flag>;

/** Reply classes. Deterministic rules first; the model only classifies what rules leave as 'other'. */
export const TriageClass = z.enum([
  'bounce',
  'complaint',
  'auto_reply',
  'unsubscribe',
  'interested',
  'meeting_request',
  'question',
  'objection',
  'not_now',
  'referral',
  'wrong_person',
  'other',
]);
export type TriageClass = z.infer<typeof TriageClass>;

export const TriageResult = z.object({
  class: TriageClass,
  method: z.enum(['rule', 'model']),
  /** Why: the rule that fired or the phrase the class rests on. */
  reason: z.string().max(300),
  bounce: z
    .object({
      type: z.enum(['hard', 'soft']),
      /** RFC 3463 enhanced status ("5.1.1") or the SMTP reply code when that is all there is. */
      status: z.string().nullable(),
      recipient: z.string().nullable(),
      /** user_unknown, mailbox_full, host_unknown, expired, blocked, policy, … */
      reason: z.string(),
    })
    .optional(),
  autoReply: z.object({ returnDate: z.string().nullable() }).optional(),
  /** For not_now: when to come back (ISO date) if the sender said. */
  notNowUntil: z.string().nullable().optional(),
  /** For referral / wrong_person: who to talk to instead, if named. */
  referral: z.object({ name: z.string().nullable(), email: z.string().nullable() }).optional(),
});
export type TriageResult = z.infer<typeof TriageResult>;

export const SuppressionReason = z.enum(['opt_out', 'hard_bounce', 'complaint', 'manual']);
export type SuppressionReason = z.infer<typeof SuppressionReason>;

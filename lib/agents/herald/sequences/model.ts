import { z } from 'zod';

/**
 * Herald's outreach sequences: the configuration vocabulary. A sequence only ever proposes:
 * each step is drafted and queued for a human's approval, never sent by Herald.
 */

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

/** An IANA time zone name ("Europe/Berlin"). */
export const TimeZone = z.string().min(1).max(64).refine(isTimeZone, 'Not a known IANA time zone');

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use HH:MM (24-hour clock)');

/** Local hours a step may be queued in (recipient's zone), on working days. End is exclusive. */
/** Monday to Friday, as Date.getUTCDay() numbers them (0 = Sunday). */
export const WORKWEEK: readonly number[] = [1, 2, 3, 4, 5];

export const SendWindow = z
  .object({
    start: clock,
    end: clock,
    /** The recipient's working days (0 = Sunday … 6 = Saturday): Mon–Fri unless the team says otherwise (e.g. Sun–Thu). */
    days: z.array(z.number().int().min(0).max(6)).min(1, 'Pick at least one working day').max(7).default([...WORKWEEK]),
  })
  .refine((w) => w.start < w.end, 'The window must end after it starts');
/** Input shape: `days` may be absent (Mon–Fri). */
export type SendWindow = z.input<typeof SendWindow>;

export const SequenceStep = z.object({
  /** Business days (Mon–Fri, recipient's zone) after the previous step went out; for the first step, after enrolment. */
  delayBusinessDays: z.number().int().min(0).max(60),
  /** What this step is for, in the rep's words: handed to the drafter, never sent as is. */
  instructions: z.string().min(1).max(2000),
});
export type SequenceStep = z.infer<typeof SequenceStep>;

/** Per-mailbox ceilings on what sequences queue: in the last 60 minutes, and in the mailbox's local day. */
export const MailboxCaps = z.object({
  hourly: z.number().int().min(1).max(1000),
  daily: z.number().int().min(1).max(10_000),
});
export type MailboxCaps = z.infer<typeof MailboxCaps>;
export const DEFAULT_CAPS: MailboxCaps = MailboxCaps.parse({ hourly: 20, daily: 100 });

const rate = z.number().min(0).max(1);

/**
 * When a sequence stops itself. Rates are over the last `windowSends` sends (of the sequence, and
 * of its mailbox) and are only judged once `minSample` sends are in the window.
 */
export const SequenceThresholds = z
  .object({
    windowSends: z.number().int().min(1).max(10_000),
    minSample: z.number().int().min(1).max(10_000),
    /** Pause at or above these shares of sends. */
    hardBounceRate: rate,
    optOutRate: rate,
    complaintRate: rate,
    /** Optional: pause when soft bounces reach this share. */
    softBounceRate: rate.nullable(),
    /** Optional: pause when replies fall below this share. */
    replyRateFloor: rate.nullable(),
    /** A sequence nobody has reviewed for this many days pauses. */
    reviewEveryDays: z.number().int().min(1).max(365),
  })
  .refine((t) => t.minSample <= t.windowSends, { message: 'The minimum sample cannot exceed the window', path: ['minSample'] });
export type SequenceThresholds = z.infer<typeof SequenceThresholds>;

export const DEFAULT_THRESHOLDS: SequenceThresholds = SequenceThresholds.parse({
  windowSends: 200,
  minSample: 50,
  hardBounceRate: 0.02,
  optOutRate: 0.01,
  complaintRate: 0.001,
  softBounceRate: null,
  replyRateFloor: null,
  reviewEveryDays: 30,
});

/** Business days an out-of-office without a return date pauses a contact for. */
export const DEFAULT_OOO_PAUSE_BUSINESS_DAYS = 5;

export const NewSequence = z.object({
  name: z.string().min(1).max(200),
  /** The connected mailbox the steps go out from. */
  mailbox: z.object({ name: z.string().max(200).default(''), email: z.email() }),
  /** The mailbox's zone: the default for contacts without one, and the day the daily cap counts. */
  timeZone: TimeZone,
  window: SendWindow,
  steps: z.array(SequenceStep).min(1).max(20),
});
export type NewSequence = z.input<typeof NewSequence>;

export const EnrolContact = z.object({
  email: z.email(),
  name: z.string().max(200).default(''),
  company: z.string().max(200).default(''),
  timeZone: TimeZone.optional(),
  /** Gmail thread the steps continue, when there is one. */
  threadId: z.string().optional(),
});
export type EnrolContact = z.input<typeof EnrolContact>;

export type SequenceState = 'active' | 'paused';
export type PauseKind = 'threshold' | 'review_overdue' | 'manual';
export interface SequencePause {
  kind: PauseKind;
  reason: string;
  at: number;
}

export type EnrolmentState = 'active' | 'paused_ooo' | 'stopped' | 'done';
export type StepRecordState = 'queued' | 'sent' | 'denied';

/** What is measured per sequence and per mailbox. */
export type OutcomeKind = 'sent' | 'hard_bounce' | 'soft_bounce' | 'opt_out' | 'complaint' | 'reply' | 'auto_reply';

/** What Herald's drafter returns for one step: the words, and what each personal line rests on. */
export const DraftedStep = z.object({
  subject: z.string().min(1).max(998),
  body: z.string().min(1).max(100_000),
  evidence: z.array(z.object({ claim: z.string(), source: z.string() })),
});
export type DraftedStep = z.infer<typeof DraftedStep>;

import { z } from 'zod';

// Amazon SES tells a sender about bounces, complaints and deliveries as JSON, mailed through
// SNS: either the SES event itself or an SNS envelope whose "Message" is that event as a string.

const Recipient = z.object({
  emailAddress: z.string(),
  action: z.string().optional(),
  status: z.string().optional(),
  diagnosticCode: z.string().optional(),
});

const SesEvent = z.object({
  notificationType: z.string().optional(),
  eventType: z.string().optional(),
  bounce: z
    .object({
      bounceType: z.string(),
      bounceSubType: z.string().optional(),
      bouncedRecipients: z.array(Recipient).default([]),
    })
    .optional(),
  complaint: z
    .object({
      complainedRecipients: z.array(z.object({ emailAddress: z.string() })).default([]),
      complaintFeedbackType: z.string().optional(),
    })
    .optional(),
});
export type SesEvent = z.infer<typeof SesEvent>;

const SnsEnvelope = z.object({ Type: z.literal('Notification'), Message: z.string() });

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The JSON object a notification's text starts with (SNS appends an unsubscribe footer). */
function leadingJson(text: string): unknown {
  const start = text.indexOf('{');
  if (start < 0 || text.slice(0, start).trim() !== '') return undefined;
  // A few closing braces from the end at most: the footer never holds many.
  for (let end = text.lastIndexOf('}'), tries = 0; end > start && tries < 8; end = text.lastIndexOf('}', end - 1), tries++) {
    const candidate = text.slice(start, end + 1);
    // Mail wraps long lines, inside JSON strings too: a line break there is the wrap's, not the data's.
    const value = parseJson(candidate) ?? parseJson(candidate.replace(/\r?\n/g, ''));
    if (value !== undefined) return value;
  }
  return undefined;
}

/** The SES event a message carries, or null when it is not an SES notification. */
export function sesEventIn(text: string): SesEvent | null {
  if (!/"(?:notificationType|eventType|Type)"\s*:/.test(text.slice(0, 2000))) return null;
  let value = leadingJson(text);
  const envelope = SnsEnvelope.safeParse(value);
  if (envelope.success) value = parseJson(envelope.data.Message);
  const event = SesEvent.safeParse(value);
  if (!event.success) return null;
  return event.data.notificationType || event.data.eventType ? event.data : null;
}

export const sesKind = (e: SesEvent): string => (e.notificationType ?? e.eventType ?? '').toLowerCase();

import { EnrolContact, SendWindow, TimeZone } from '../../../lib/agents/herald/sequences/model';
import type { RequestOf } from '../../../lib/protocol/messages';

/**
 * The pure half of the Sequences tab: reading pasted contacts, and turning the "New sequence"
 * form into a request. Nothing here talks to the background; the background re-checks it all.
 */

/** A contact as the request carries it (name and company default to ''). */
export type Contact = RequestOf<'sequence.enrol'>['contacts'][number];

export interface LineError {
  /** 1-based, as the textarea shows it. */
  line: number;
  message: string;
}

export interface ParsedContacts {
  contacts: Contact[];
  errors: LineError[];
}

export const MAX_CONTACTS = 5_000;
export const MAX_STEPS = 20;
export const MAX_DELAY_DAYS = 60;
export const MAX_INSTRUCTIONS = 2_000;

/** One CSV line into fields: commas separate, double quotes may wrap a field ("Acme, Inc."), "" is a quote. */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"' && cur.trim() === '') {
      quoted = true;
      cur = '';
    } else if (c === ',') {
      fields.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  fields.push(cur.trim());
  return fields;
}

const isHeader = (fields: string[]) => fields[0]?.toLowerCase() === 'email' || fields[0]?.toLowerCase() === 'e-mail';

/**
 * Contacts pasted one a line as `email,name,company` (name, company and an optional fourth
 * column, an IANA time zone, may be left out). Blank lines and a header line are skipped; every
 * other line either becomes a contact or an error naming its line. A repeated address is an error
 * on its second line, so the person sees it rather than it vanishing.
 */
export function parseContacts(text: string): ParsedContacts {
  const contacts: Contact[] = [];
  const errors: LineError[] = [];
  const seen = new Map<string, number>();
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    const fields = splitCsvLine(raw);
    if (contacts.length === 0 && errors.length === 0 && isHeader(fields)) return;
    if (fields.length > 4) return errors.push({ line, message: `expected email,name,company (and optionally a time zone), got ${fields.length} columns` });
    const [email = '', name = '', company = '', timeZone = ''] = fields;
    if (!email) return errors.push({ line, message: 'the email address is missing' });
    const parsed = EnrolContact.safeParse({ email, name, company, ...(timeZone ? { timeZone } : {}) });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = String(issue?.path[0] ?? 'email');
      const message =
        field === 'email'
          ? `"${email}" is not an email address`
          : field === 'timeZone'
            ? `"${timeZone}" is not a known time zone (use a name like Europe/Berlin)`
            : `the ${field} is too long (200 characters at most)`;
      return errors.push({ line, message });
    }
    const key = parsed.data.email.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) return errors.push({ line, message: `${parsed.data.email} is already on line ${first}` });
    seen.set(key, line);
    const { email: e, name: n, company: c, timeZone: tz } = parsed.data;
    contacts.push({ email: e, name: n, company: c, ...(tz ? { timeZone: tz } : {}) });
  });
  if (contacts.length > MAX_CONTACTS) errors.push({ line: lines.length, message: `${contacts.length} contacts: at most ${MAX_CONTACTS} at a time` });
  return { contacts, errors };
}

/** One step as typed: the delay stays text until it is checked. */
export interface StepDraft {
  delay: string;
  instructions: string;
}

export interface SequenceDraft {
  name: string;
  timeZone: string;
  start: string;
  end: string;
  /** Working days, 0 = Sunday … 6 = Saturday. */
  days: number[];
  steps: StepDraft[];
  contacts: string;
}

export const emptyStep = (first: boolean): StepDraft => ({ delay: first ? '0' : '3', instructions: '' });

export function defaultTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

export const emptyDraft = (timeZone = defaultTimeZone()): SequenceDraft => ({
  name: '',
  timeZone,
  start: '09:00',
  end: '17:00',
  days: [1, 2, 3, 4, 5],
  steps: [emptyStep(true)],
  contacts: '',
});

/** What is wrong with the form, field by field (step problems by index). */
export interface DraftErrors {
  name?: string;
  timeZone?: string;
  window?: string;
  steps?: string;
  stepDelay?: Record<number, string>;
  stepInstructions?: Record<number, string>;
  contacts?: LineError[];
}

export type DraftResult = { ok: true; request: RequestOf<'sequence.create'> } | { ok: false; errors: DraftErrors };

/** `<input type="time">` may carry seconds ("09:00:00"); the protocol wants HH:MM. */
const clock = (v: string) => v.trim().slice(0, 5);

/** The form into a `sequence.create` request, or every problem with it at once. */
export function draftToRequest(d: SequenceDraft): DraftResult {
  const errors: DraftErrors = {};
  const name = d.name.trim();
  if (!name) errors.name = 'Name the sequence.';
  else if (name.length > 200) errors.name = 'At most 200 characters.';

  const timeZone = d.timeZone.trim();
  if (!TimeZone.safeParse(timeZone).success) errors.timeZone = `"${timeZone}" is not a known time zone (use a name like Europe/Berlin).`;

  const window = { start: clock(d.start), end: clock(d.end), days: [...d.days].sort() };
  const w = SendWindow.safeParse(window);
  if (!w.success) errors.window = w.error.issues[0]?.message ?? 'Check the window.';

  if (d.steps.length === 0) errors.steps = 'Add at least one step.';
  else if (d.steps.length > MAX_STEPS) errors.steps = `At most ${MAX_STEPS} steps.`;
  const steps = d.steps.map((s, i) => {
    const raw = s.delay.trim();
    const delay = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!(delay >= 0 && delay <= MAX_DELAY_DAYS)) (errors.stepDelay ??= {})[i] = `A whole number of business days, 0 to ${MAX_DELAY_DAYS}.`;
    const instructions = s.instructions.trim();
    if (!instructions) (errors.stepInstructions ??= {})[i] = 'Say what this step is for.';
    else if (instructions.length > MAX_INSTRUCTIONS) (errors.stepInstructions ??= {})[i] = `At most ${MAX_INSTRUCTIONS} characters.`;
    return { delayBusinessDays: delay, instructions };
  });

  const parsed = parseContacts(d.contacts);
  if (parsed.errors.length > 0) errors.contacts = parsed.errors;

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, request: { type: 'sequence.create', name, timeZone, window, steps, contacts: parsed.contacts } };
}

/** A share as the stats line shows it: one decimal, so a 0.1% complaint threshold is visible. */
export const percent = (x: number): string => `${(Math.round(x * 1000) / 10).toFixed(1)}%`;

/** "Step 1 now, step 2 after 3 business days…" */
export function stepsSummary(steps: readonly { delayBusinessDays: number }[]): string {
  if (steps.length === 0) return 'No steps';
  const delays = steps.map((s, i) => (s.delayBusinessDays === 0 ? (i === 0 ? 'at enrolment' : 'same day') : `+${s.delayBusinessDays}bd`));
  return `${steps.length} step${steps.length === 1 ? '' : 's'}: ${delays.join(', ')}`;
}

import type { Address } from '../../lib/mail/outgoing';

// Built on first use, not at module load: the first Intl object a page makes loads ICU's data
// (~20 ms on a slow machine), and the Gmail panel's bundle must evaluate without a long task.
let dateTime: Intl.DateTimeFormat | undefined;
let dateTimeSeconds: Intl.DateTimeFormat | undefined;
const DATE_TIME = () => (dateTime ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }));
const DATE_TIME_SECONDS = () => (dateTimeSeconds ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' }));

export const formatTime = (ms: number): string => DATE_TIME().format(new Date(ms));
export const formatTimePrecise = (ms: number): string => DATE_TIME_SECONDS().format(new Date(ms));

/** An ISO date from a message header, or the raw text when it does not parse. */
export function formatIsoDate(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : DATE_TIME().format(new Date(ms));
}

/**
 * The first Intl use in a page costs two slices of ~10 ms each on a slow machine (ICU's data and
 * collation, then the date formatter). A caller that wants no long task runs these one per task
 * before rendering dates; calling them is otherwise unnecessary.
 */
export const formatWarmUp: readonly (() => void)[] = [() => void 'a'.localeCompare('b'), () => void DATE_TIME()];

/** A mailbox exactly as it goes on the wire: `Name <address>` or the bare address. */
export const mailbox = (a: Address): string => (a.name ? `${a.name} <${a.email}>` : a.email);

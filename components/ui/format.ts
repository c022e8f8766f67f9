import type { Address } from '../../lib/mail/outgoing';

const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const DATE_TIME_SECONDS = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });

export const formatTime = (ms: number): string => DATE_TIME.format(new Date(ms));
export const formatTimePrecise = (ms: number): string => DATE_TIME_SECONDS.format(new Date(ms));

/** An ISO date from a message header, or the raw text when it does not parse. */
export function formatIsoDate(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : DATE_TIME.format(new Date(ms));
}

/** A mailbox exactly as it goes on the wire: `Name <address>` or the bare address. */
export const mailbox = (a: Address): string => (a.name ? `${a.name} <${a.email}>` : a.email);

import type { CrmCompany, CrmContact, CrmDeal, Note, Pipeline } from '../../../crm/model';
import type { DecodedMessage } from '../../../mail/thread';

/** What the rep's CRM holds about the lead, as far as it was looked up. */
export interface CrmContext {
  /** null: looked up and not found. */
  contact: CrmContact | null;
  company?: CrmCompany | null;
  deals?: readonly CrmDeal[];
  notes?: readonly Note[];
  /** To name deal stages; without them a stage shows as its id. */
  pipelines?: readonly Pipeline[];
}

/** Everything a research brief is built from: the rep's own data, no network. */
export interface ResearchContext {
  lead: { email: string; name?: string };
  /** The rep's address, to tell the rep's messages (besides those labelled SENT). */
  repEmail?: string;
  /** Decoded messages of the threads with the lead (any order, any number of threads). */
  messages: readonly DecodedMessage[];
  /** Absent when no CRM was consulted. */
  crm?: CrmContext;
  /** Epoch ms, for "3 days ago". */
  now: number;
}

export const isFrom = (m: DecodedMessage, email: string) => m.from.email.toLowerCase() === email.trim().toLowerCase();

/** ISO date (UTC) of an ISO timestamp, or the input when it does not parse. */
export function day(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : new Date(t).toISOString().slice(0, 10);
}

export function ago(iso: string, now: number): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return 'at an unknown time';
  const days = Math.floor((now - t) / 86_400_000);
  if (days <= 0) return 'today';
  return days === 1 ? '1 day ago' : `${days} days ago`;
}

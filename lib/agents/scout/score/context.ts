import type { CrmCompany, CrmContact, CrmDeal, Pipeline } from '../../../crm/model';
import type { SuppressionRow, TriageRow } from '../../../db/schema';
import type { DecodedMessage } from '../../../mail/thread';

/** What the CRM says about a lead, as far as it was looked up. */
export interface LeadCrm {
  contact: CrmContact | null;
  company: CrmCompany | null;
  /** Deals with the contact or their company. */
  deals: CrmDeal[];
  /** The CRM's pipelines, to tell won and lost deals from their stage (vendors that keep it on the stage). */
  pipelines: Pipeline[];
  /** The rep's own owner id in this CRM; null when unknown (then no deal is "someone else's"). */
  repOwnerId: string | null;
}

/**
 * Everything known about one lead at `now`: the source of every signal and flag. Inbound text is
 * data: only what the lead wrote as new text (`message.body`) is read, never quoted history and
 * never the rep's own messages.
 */
export interface LeadContext {
  lead: { email: string; name: string };
  /** The rep's own address: messages from it are outbound. */
  repEmail: string;
  /** Decoded messages of every thread with the lead, any order. */
  messages: DecodedMessage[];
  /** Undefined: the CRM was not looked up this time (what was known from it before is kept). */
  crm?: LeadCrm;
  /** Triage results for the thread messages (bounces may come from a mailer daemon). */
  triage: TriageRow[];
  suppression: SuppressionRow | null;
  now: number;
}

export const lower = (s: string) => s.trim().toLowerCase();

export const dateOf = (m: DecodedMessage): number => {
  const t = Date.parse(m.date);
  return Number.isNaN(t) ? 0 : t;
};

/** Messages oldest first; ties by id, so every reading is deterministic. */
export function chronological(messages: readonly DecodedMessage[]): DecodedMessage[] {
  return [...messages].sort((a, b) => dateOf(a) - dateOf(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export interface ReadMessages {
  /** Oldest first. */
  all: DecodedMessage[];
  /** Written by the lead, auto-replies included. */
  fromLead: DecodedMessage[];
  /** Written by the lead by hand: auto-replies and bounces (per triage) left out. */
  repliesFromLead: DecodedMessage[];
  fromRep: DecodedMessage[];
}

const AUTOMATED = new Set(['auto_reply', 'bounce']);

export function readMessages(ctx: LeadContext): ReadMessages {
  const lead = lower(ctx.lead.email);
  const rep = lower(ctx.repEmail);
  const automated = new Set(ctx.triage.filter((t) => AUTOMATED.has(t.result.class)).map((t) => t.messageId));
  const all = chronological(ctx.messages);
  const fromLead = all.filter((m) => lower(m.from.email) === lead);
  return {
    all,
    fromLead,
    repliesFromLead: fromLead.filter((m) => !automated.has(m.id)),
    fromRep: all.filter((m) => lower(m.from.email) === rep),
  };
}

/** ISO day (UTC) of an epoch-ms time: what details show, the same in every locale and zone. */
export const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export const DAY_MS = 86_400_000;

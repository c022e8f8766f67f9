import type { DecodedMessage } from '../../../mail/thread';
import type { Evidence, Signal } from '../model';
import { dateOf, lower, type LeadContext, type ReadMessages } from './context';
import { ACCEPTED_SUBJECT, INTENT_RULES, MEETING_RULES, NEGATIVE_RULES } from './phrases';
import { findPhrases, ownLines, withoutOverlaps } from './text-scan';

const signal = (group: Signal['group'], key: string, value: Signal['value'], evidence: Evidence): Signal => ({ group, key, value, evidence, extractedBy: 'rule' });

/** The first line of what a message says: the quote that stands for "this message". */
export function openingLine(m: DecodedMessage): string {
  const first = ownLines(m.body).find(({ line }) => line.trim() !== '');
  return (first?.line.trim() ?? '').slice(0, 120);
}
const messageEvidence = (m: DecodedMessage, quote = openingLine(m)): Evidence => ({ source: 'message', ref: m.id, quote });

/**
 * Engagement: how the lead answers. The last reply's date (days since are counted when scoring,
 * so a stored signal never goes stale), how fast they answered the rep, how many replies they
 * wrote, and whether a meeting is on. Auto-replies are not engagement.
 */
export function engagementSignals(read: ReadMessages): Signal[] {
  const out: Signal[] = [];
  const replies = read.repliesFromLead;
  const last = replies.at(-1);
  if (!last) return meetingSignal(read, out);
  out.push(signal('engagement', 'last_inbound', new Date(dateOf(last)).toISOString(), messageEvidence(last)));
  out.push(signal('engagement', 'thread_depth', replies.length, messageEvidence(last)));

  // Reply latency: the latest reply that answers a message of the rep's (the rep wrote last before it).
  for (const reply of [...replies].reverse()) {
    const before = read.all.filter((m) => dateOf(m) < dateOf(reply) && (read.fromRep.includes(m) || read.fromLead.includes(m)));
    const prev = before.at(-1);
    if (prev && read.fromRep.includes(prev)) {
      const hours = Math.round(((dateOf(reply) - dateOf(prev)) / 3_600_000) * 10) / 10;
      out.push(signal('engagement', 'reply_latency', hours, messageEvidence(reply)));
      break;
    }
  }
  return meetingSignal(read, out);
}

/** A meeting on: a calendar file or an "Accepted:" answer from the lead, or their words ("see you Thursday"). */
function meetingSignal(read: ReadMessages, out: Signal[]): Signal[] {
  const handWritten = new Set(read.repliesFromLead);
  for (const m of [...read.fromLead].reverse()) {
    const ics = m.attachments.find((a) => /^text\/calendar\b/i.test(a.mimeType) || /\.ics$/i.test(a.filename));
    if (ics) return [...out, signal('engagement', 'meeting', true, messageEvidence(m, ics.filename || ics.mimeType))];
    const accepted = ACCEPTED_SUBJECT.exec(m.subject);
    if (accepted) return [...out, signal('engagement', 'meeting', true, messageEvidence(m, accepted[0]))];
    const said = handWritten.has(m) ? findPhrases(m.body, MEETING_RULES)[0] : undefined;
    if (said) return [...out, signal('engagement', 'meeting', true, messageEvidence(m, said.quote))];
  }
  return out;
}

/**
 * Intent and negative signals from the lead's own new words: one per key, from the most recent
 * message that has it. A buying phrase inside an objection ("the price is too high") is not intent.
 */
export function textSignals(read: ReadMessages): Signal[] {
  const found = new Map<string, Signal>();
  for (const m of [...read.repliesFromLead].reverse()) {
    const negative = findPhrases(m.body, NEGATIVE_RULES);
    const positive = withoutOverlaps(findPhrases(m.body, INTENT_RULES), negative);
    for (const [group, hits] of [['negative', negative], ['intent', positive]] as const) {
      for (const hit of hits) if (!found.has(hit.key)) found.set(hit.key, signal(group, hit.key, true, messageEvidence(m, hit.quote)));
    }
  }
  return [...found.values()];
}

/**
 * Negative signals from triage of the lead's messages. Only classes that lower a score are read:
 * a model's triage of a stranger's text can never raise one.
 */
export function triageSignals(ctx: LeadContext, read: ReadMessages): Signal[] {
  const lead = lower(ctx.lead.email);
  const ids = new Set(read.fromLead.map((m) => m.id));
  const out: Signal[] = [];
  const rows = [...ctx.triage].filter((t) => ids.has(t.messageId) || lower(t.from) === lead).sort((a, b) => b.at - a.at || (a.messageId < b.messageId ? -1 : 1));
  for (const row of rows) {
    const key = row.result.class === 'unsubscribe' ? 'unsubscribe' : row.result.class === 'complaint' ? 'complaint' : row.result.class === 'not_now' ? 'not_now' : null;
    if (!key || out.some((s) => s.key === key)) continue;
    const value = key === 'not_now' ? (row.result.notNowUntil ?? true) : true;
    out.push(signal('negative', key, value, { source: 'triage', ref: row.messageId, quote: row.result.reason.slice(0, 500) }));
  }
  return out;
}

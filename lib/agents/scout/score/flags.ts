import type { DecodedMessage } from '../../../mail/thread';
import type { Evidence, Flag, FlagKind } from '../model';
import { DAY_MS, dateOf, isoDay, lower, readMessages, type LeadContext, type ReadMessages } from './context';
import { crmFlags } from './flags-crm';
import type { Icp } from './icp';
import { LEFT_COMPANY_RULES, LEGAL_HOLD_RULES, NEGATIVE_RULES } from './phrases';
import { escapeRegExp, findPhrases, type PhraseRule } from './text-scan';

/** An out-of-office reply with no return date is taken to last this long. */
export const OUT_OF_OFFICE_DEFAULT_DAYS = 14;
/** "It's with legal / procurement" holds this long after the message unless said again. */
export const LEGAL_HOLD_DAYS = 30;

const flag = (kind: FlagKind, detail: string, evidence: Evidence, until: string | null = null): Flag => ({ kind, detail: detail.slice(0, 300), until, evidence });
const said = (m: DecodedMessage, quote: string): Evidence => ({ source: 'message', ref: m.id, quote });
const excerpt = (s: string) => (s.length > 80 ? `${s.slice(0, 79)}…` : s);

/**
 * Every flag a lead's context supports, at most one per kind, each with its evidence. Sources in
 * order of authority: the suppression list, the CRM, triage, then the lead's own words. Pure: the
 * same context gives the same flags. Flags with `until` stop applying after it (score.ts).
 */
export function extractFlags(ctx: LeadContext, icp: Icp): Flag[] {
  const read = readMessages(ctx);
  const all = [...suppressionFlags(ctx), ...(ctx.crm ? crmFlags(ctx.crm, icp) : []), ...triageFlags(ctx, read), ...textFlags(read, icp)];
  const seen = new Set<FlagKind>();
  return all.filter((f) => !seen.has(f.kind) && seen.add(f.kind));
}

function suppressionFlags(ctx: LeadContext): Flag[] {
  const s = ctx.suppression;
  if (!s) return [];
  const evidence = s.evidence ?? { source: 'settings', ref: `suppressions/${s.email}`, quote: s.reason };
  const when = isoDay(s.at);
  if (s.reason === 'hard_bounce') return [flag('bounced', `On the suppression list after a hard bounce (${when})`, evidence)];
  const why = s.reason === 'opt_out' ? 'opted out' : s.reason === 'complaint' ? 'complained (spam report)' : 'added by hand';
  return [flag('do_not_contact', `On the suppression list: ${why} (${when})`, evidence)];
}

function triageFlags(ctx: LeadContext, read: ReadMessages): Flag[] {
  const lead = lower(ctx.lead.email);
  const inThreads = new Set(ctx.messages.map((m) => m.id));
  const fromLead = new Set(read.fromLead.map((m) => m.id));
  const lastReply = read.repliesFromLead.at(-1);
  const lastReplyAt = lastReply ? dateOf(lastReply) : 0;
  const out: Flag[] = [];
  const rows = [...ctx.triage].sort((a, b) => b.at - a.at || (a.messageId < b.messageId ? -1 : 1));
  for (const row of rows) {
    const r = row.result;
    const evidence: Evidence = { source: 'triage', ref: row.messageId, quote: r.reason.slice(0, 500) };
    const byLead = fromLead.has(row.messageId) || lower(row.from) === lead;
    if (r.class === 'bounce' && r.bounce?.type === 'hard') {
      const recipient = r.bounce.recipient ? lower(r.bounce.recipient) : null;
      if (recipient === lead || (recipient === null && inThreads.has(row.messageId))) {
        out.push(flag('bounced', `Hard bounce${r.bounce.status ? ` ${r.bounce.status}` : ''}: ${r.bounce.reason}`, evidence));
      }
    }
    if (!byLead) continue;
    if (r.class === 'unsubscribe') out.push(flag('do_not_contact', 'Asked to be unsubscribed', evidence));
    if (r.class === 'complaint') out.push(flag('do_not_contact', 'Reported our email as spam', evidence));
    if (r.class === 'wrong_person') {
      const ref = r.referral && (r.referral.name || r.referral.email) ? `; suggests ${[r.referral.name, r.referral.email && `<${r.referral.email}>`].filter(Boolean).join(' ')}` : '';
      out.push(flag('left_company', `Not the right person (or no longer there)${ref}`, evidence));
    }
    if (r.class === 'auto_reply') {
      const message = read.fromLead.find((m) => m.id === row.messageId);
      const sentAt = message ? dateOf(message) : row.at;
      if (lastReplyAt > sentAt) continue; // they wrote by hand since: back
      const returnAt = r.autoReply?.returnDate ? Date.parse(r.autoReply.returnDate) : Number.NaN;
      const until = Number.isNaN(returnAt) ? new Date(sentAt + OUT_OF_OFFICE_DEFAULT_DAYS * DAY_MS).toISOString() : new Date(returnAt).toISOString();
      out.push(flag('out_of_office', `Out of office until ${until.slice(0, 10)}${Number.isNaN(returnAt) ? ' (no return date given; assumed)' : ''}`, evidence, until));
    }
  }
  return out;
}

/** "We went with Acme", "we've signed with acme.com": only rivals the ICP names. */
function competitorRules(icp: Icp): PhraseRule[] {
  const names = icp.competitors.flatMap((c) => [c.name, ...c.domains]).map(escapeRegExp);
  if (!names.length) return [];
  const rival = `(?:${names.join('|')})`;
  const verbs = "(?:signed (?:with|up with|a contract with)|went with|(?:have |'ve |’ve )?gone with|chose|(?:have |'ve |’ve )?chosen|decided (?:on|to go with)|selected|picked|are going with|(?:'re|’re) going with|moved to|switched to|bought)";
  const english = `\\b(?:we|we've|we’ve|we have|we are|we're|we’re|our team|the team|i|i've|i’ve)\\s+(?:just\\s+|already\\s+|recently\\s+|finally\\s+)?${verbs}\\s+(?:the\\s+)?${rival}(?![\\p{L}\\p{N}])`;
  const others = [`für\\s+${rival}\\s+entschieden`, `(?:avons|a)\\s+(?:choisi|signé avec|opté pour)\\s+${rival}`, `(?:elegimos|firmamos con|optamos por|nos quedamos con)\\s+${rival}`];
  return [{ key: 'competitor_signed', pattern: new RegExp(`${english}|${others.join('|')}`, 'giu'), negatable: true, hypothetical: true }];
}

const UNSUBSCRIBE_RULES = NEGATIVE_RULES.filter((r) => r.key === 'unsubscribe');

function textFlags(read: ReadMessages, icp: Icp): Flag[] {
  const out: Flag[] = [];
  const latestFirst = [...read.repliesFromLead].reverse();
  const first = (messages: readonly DecodedMessage[], rules: readonly PhraseRule[]) => {
    for (const m of messages) {
      const hit = findPhrases(m.body, rules)[0];
      if (hit) return { m, quote: hit.quote };
    }
    return null;
  };
  const optOut = first(latestFirst, UNSUBSCRIBE_RULES);
  if (optOut) out.push(flag('do_not_contact', `Asked not to be contacted: "${excerpt(optOut.quote)}"`, said(optOut.m, optOut.quote)));
  const rival = first(latestFirst, competitorRules(icp));
  if (rival) out.push(flag('competitor_signed', `Said "${excerpt(rival.quote)}" (${isoDay(dateOf(rival.m))})`, said(rival.m, rival.quote)));
  // "No longer with the company" usually comes as an automatic reply from their old mailbox.
  const left = first([...read.fromLead].reverse(), LEFT_COMPANY_RULES);
  if (left) out.push(flag('left_company', `"${excerpt(left.quote)}" (${isoDay(dateOf(left.m))})`, said(left.m, left.quote)));
  const legal = first(latestFirst, LEGAL_HOLD_RULES);
  if (legal) {
    const until = new Date(dateOf(legal.m) + LEGAL_HOLD_DAYS * DAY_MS).toISOString();
    out.push(flag('legal_hold', `In legal/procurement review: "${excerpt(legal.quote)}" (${isoDay(dateOf(legal.m))})`, said(legal.m, legal.quote), until));
  }
  return out;
}

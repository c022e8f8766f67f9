import type { TriageClass } from '../model';
import type { DateReference } from './dates';
import { notNowUntilOf } from './not-now';
import { INTERESTED, MEETING, NOT_NOW, OBJECTION, REFERRAL, UNSUBSCRIBE, WRONG_PERSON } from './phrases';
import { referralIn, type Referral } from './referral';

export interface ReplyContext {
  subject: string;
  ref: DateReference;
  /** The writer's own addresses (never a referral). */
  own: readonly string[];
  /** The people the reply was copied to. */
  cc: readonly Referral[];
  /** The message carries a calendar invitation (text/calendar, METHOD:REQUEST). */
  calendarInvite: boolean;
}

export interface ReplyVerdict {
  class: TriageClass;
  reason: string;
  notNowUntil?: string | null;
  referral?: Referral;
}

/**
 * Whom a "wrong person" reply points to. What follows "no longer with" is a company, so the
 * person is looked for after a pointing phrase ("please contact …"), else anywhere.
 */
export function referralAfterWrongPerson(text: string, ctx: Pick<ReplyContext, 'own' | 'cc'>): Referral | null {
  const pointer = REFERRAL.exec(text);
  const trigger = pointer ? { index: pointer.index, length: pointer[0].length } : null;
  return referralIn(text, { trigger, own: ctx.own, cc: ctx.cc, anywhere: true });
}

const quote = (m: RegExpExecArray) => `"${m[0].trim().slice(0, 120)}"`;

/** A subject the writer typed themselves (not "Re: …"), or a whole reply, that is an opt-out on its own ("STOP"). */
const UNSUBSCRIBE_SUBJECT = /^\s*(?:unsubscribe|remove(?: me)?|opt[- ]?out|stop|abmelden|austragen|désinscription|désabonnement|baja|darme de baja|afmelden|uitschrijven|cancellami|descadastrar|配信停止)\s*[.!]*\s*$/iu;

/** A question: a line of words ending a sentence with a question mark (links removed first). */
const QUESTION = /\p{L}{2,}[^\n?？]{0,400}[?？](?=\s|$)/u;

/** Reply rules read a reply's own words; past this much the model reads it instead. */
const MAX_RULE_TEXT = 20_000;

function asksQuestion(text: string): RegExpExecArray | null {
  for (const line of text.split('\n')) {
    if (!/[?？]/.test(line)) continue;
    const found = QUESTION.exec(line.replace(/https?:\/\/\S+/g, ' ').slice(0, 2_000));
    if (found) return found;
  }
  return null;
}

/**
 * The class a human reply's own words put it in, by rules that are reliable on their own, or
 * 'other' for the model to read. First match wins, in this order: an opt-out outranks all (it
 * is a legal duty); then "wrong person" and referrals; then a put-off with a time; then a
 * meeting ask; then a flat no; then interest; then a question.
 */
export function classifyReply(written: string, ctx: ReplyContext): ReplyVerdict {
  const text = written.slice(0, MAX_RULE_TEXT);
  const unsubscribe = UNSUBSCRIBE.exec(text);
  if (unsubscribe) return { class: 'unsubscribe', reason: `unsubscribe rule: ${quote(unsubscribe)}` };
  const typedSubject = UNSUBSCRIBE_SUBJECT.exec(ctx.subject);
  if (typedSubject) return { class: 'unsubscribe', reason: `unsubscribe rule: subject ${quote(typedSubject)}` };
  const oneWord = UNSUBSCRIBE_SUBJECT.exec(text.trim());
  if (oneWord) return { class: 'unsubscribe', reason: `unsubscribe rule: the whole reply is ${quote(oneWord)}` };
  if (text.trim() === '') return { class: 'other', reason: 'no new text: nothing for a rule to read' };

  const wrong = WRONG_PERSON.exec(text);
  if (wrong) {
    const referral = referralAfterWrongPerson(text, ctx);
    return { class: 'wrong_person', reason: `wrong person rule: ${quote(wrong)}`, ...(referral ? { referral } : {}) };
  }
  const pointer = REFERRAL.exec(text);
  if (pointer) {
    const referral = referralIn(text, { trigger: { index: pointer.index, length: pointer[0].length }, own: ctx.own, cc: ctx.cc, anywhere: false });
    if (referral) return { class: 'referral', reason: `referral rule: ${quote(pointer)}`, referral };
  }
  const later = NOT_NOW.exec(text);
  if (later) return { class: 'not_now', reason: `not now rule: ${quote(later)}`, notNowUntil: notNowUntilOf(text, ctx.ref) };
  const meeting = MEETING.exec(text);
  if (meeting) return { class: 'meeting_request', reason: `meeting rule: ${quote(meeting)}` };
  if (ctx.calendarInvite) return { class: 'meeting_request', reason: 'meeting rule: carries a calendar invitation (METHOD:REQUEST)' };
  const objection = OBJECTION.exec(text);
  if (objection) return { class: 'objection', reason: `objection rule: ${quote(objection)}` };
  const interested = INTERESTED.exec(text);
  if (interested) return { class: 'interested', reason: `interested rule: ${quote(interested)}` };
  const question = asksQuestion(text);
  if (question) return { class: 'question', reason: `question rule: ${quote(question)}` };
  return { class: 'other', reason: 'no rule fired: left for the model' };
}

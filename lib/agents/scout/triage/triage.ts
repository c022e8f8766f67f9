import type { TriageResult } from '../model';
import { detectAutoReply } from './auto-reply';
import { detectBounce, isBounceFinding } from './bounce';
import { detectComplaint } from './complaint';
import { timezoneOfDateHeader, type DateReference } from './dates';
import { headerValue, readInbound, type InboundMessage } from './inbound';
import { newTextOf } from './new-text';
import { WRONG_PERSON } from './phrases';
import { classifyReply, referralAfterWrongPerson } from './reply-rules';
import { returnDateOf } from './return-date';

export interface TriageOptions {
  /** Stands in for the message's date when its Date header is missing or unreadable. */
  now?: Date;
}

const MAX_REASON = 300;
const rule = (result: Omit<TriageResult, 'method'>): TriageResult => ({ ...result, method: 'rule', reason: result.reason.slice(0, MAX_REASON) });

function dateReference(msg: InboundMessage, options: TriageOptions): DateReference {
  return { instant: msg.date ?? options.now ?? new Date(), timezone: msg.date ? timezoneOfDateHeader(headerValue(msg.headers, 'date')) : null };
}

/**
 * Deterministic triage of one inbound message. In order: a spam complaint (ARF), a delivery
 * failure (DSN or a mail system's notice), an automatic reply, then the rules for human
 * replies over the message's own new words. What no rule is sure of is 'other', for the model.
 * The message's text is only ever matched against these rules: nothing it says changes them.
 */
export function triageParsed(msg: InboundMessage, options: TriageOptions = {}): TriageResult {
  const complaint = detectComplaint(msg);
  if (complaint) {
    const about = complaint.recipient ? ` (recipient ${complaint.recipient})` : '';
    return rule({ class: 'complaint', reason: `${complaint.rule}: feedback type ${complaint.feedbackType}${about}` });
  }

  const bounce = detectBounce(msg);
  if (isBounceFinding(bounce)) {
    const { type, status, recipient, reason } = bounce;
    return rule({ class: 'bounce', reason: `${bounce.rule}: ${reason}${status ? ` (${status})` : ''}`, bounce: { type, status, recipient, reason } });
  }
  if (bounce) return rule({ class: 'other', reason: `delivery status report: ${bounce.action}, not a failure` });

  const ref = dateReference(msg, options);
  const newText = newTextOf(msg);
  const own = [msg.from?.address ?? ''].filter((a) => a !== '');
  const cc = msg.cc.map((c) => ({ name: c.name || null, email: c.address }));
  const auto = detectAutoReply(msg, newText);
  if (auto) {
    // "Jane has left the company, please write to bob@…" answered by a machine is still a person gone.
    const left = WRONG_PERSON.exec(newText);
    if (left) {
      const referral = referralAfterWrongPerson(newText, { own, cc });
      return rule({ class: 'wrong_person', reason: `${auto.rule}; wrong person rule: "${left[0].slice(0, 120)}"`, ...(referral ? { referral } : {}) });
    }
    const returnDate = auto.headerReturnDate ?? returnDateOf(newText || msg.text, ref);
    return rule({ class: 'auto_reply', reason: auto.rule, autoReply: { returnDate } });
  }

  const verdict = classifyReply(newText, { subject: msg.subject, ref, own, cc, calendarInvite: msg.calendarInvite });
  return rule(verdict);
}

/** Triage of one raw RFC 5322 message (Gmail's raw, an .eml). Never throws on bad input. */
export async function triageRaw(raw: Uint8Array | string, options: TriageOptions = {}): Promise<TriageResult> {
  let msg: InboundMessage;
  try {
    msg = await readInbound(raw);
  } catch (e) {
    return rule({ class: 'other', reason: `message could not be decoded (${e instanceof Error ? e.name : typeof e})` });
  }
  return triageParsed(msg, options);
}

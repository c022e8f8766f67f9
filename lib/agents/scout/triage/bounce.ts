import { bounceReason, bounceType, reasonOfText, type BounceReason } from './bounce-reason';
import { BOUNCE_BODY, daemonSender, diagnosticLines, isBounceSubject, noticeOf, recipientInText, statusInText } from './bounce-text';
import { ENHANCED_STATUS, isFailureAction, parseDeliveryStatus, type DsnRecipient } from './delivery-status';
import { headerValue, readHeaderBlock, type InboundMessage } from './inbound';
import { sesEventIn, sesKind, type SesEvent } from './ses-notification';

export interface BounceFinding {
  type: 'hard' | 'soft';
  /** RFC 3463 enhanced status, or the SMTP reply code when that is all the report gives. */
  status: string | null;
  recipient: string | null;
  reason: BounceReason;
  /** Which evidence made it a bounce, for the triage reason. */
  rule: string;
}

/** What a report that is not a failure says (a "delivered" or "deliverable" DSN). */
export interface DeliveryReceipt {
  action: string;
  recipient: string | null;
}

const SUCCESS_ACTIONS = new Set(['delivered', 'relayed', 'expanded', 'deliverable']);

/** The recipient block a report is about: the first that failed or is delayed. */
function failedRecipient(recipients: readonly DsnRecipient[]): DsnRecipient | null {
  return (
    recipients.find((r) => isFailureAction(r.action)) ??
    recipients.find((r) => r.action === null && (r.status?.startsWith('5') || r.status?.startsWith('4'))) ??
    null
  );
}

/** The To of the returned message: an attached copy, or the copy a text bounce quotes. */
function returnedRecipient(msg: InboundMessage, notice: string): string | null {
  for (const headers of msg.returnedHeaders) {
    const to = headerValue(headers, 'to') ?? headerValue(headers, 'x-hmxmroriginalrecipient');
    const address = to ? /<?([^\s<>,;"]+@[^\s<>,;"]+)>?/.exec(to)?.[1] : undefined;
    if (address) return address;
  }
  const rest = msg.text.slice(notice.length);
  const to = /^To:\s*(.+)$/im.exec(rest)?.[1] ?? headerValue(readHeaderBlock(rest), 'to');
  return to ? (/<?([^\s<>,;"]+@[^\s<>,;"]+)>?/.exec(to)?.[1] ?? null) : null;
}

/** What the remote servers said, narrowed to the lines about one recipient where a notice lists several. */
function serverWords(notice: string, recipient: string | null): string {
  const lines = diagnosticLines(notice);
  if (recipient === null) return lines;
  const about = lines.split('\n').filter((l) => l.toLowerCase().includes(recipient.toLowerCase()));
  return about.length > 0 ? about.join('\n') : lines;
}

function ownAddresses(msg: InboundMessage): string[] {
  return [msg.from?.address ?? '', ...msg.to].filter((a) => a !== '');
}

function finding(msg: InboundMessage, notice: string, dsn: DsnRecipient | null, rule: string): BounceFinding {
  const recipient =
    dsn?.finalRecipient ?? dsn?.originalRecipient ?? recipientInText(notice, ownAddresses(msg)) ?? returnedRecipient(msg, notice) ?? null;
  const diagnostic = [dsn?.diagnosticCode, dsn?.statusComment].filter(Boolean).join('\n') || serverWords(notice, recipient);
  const inNotice = statusInText(diagnostic) ?? statusInText(notice);
  // A server's own enhanced code beats a report's catch-all "5.0.0" / "4.0.0".
  const dsnStatus = dsn?.status ?? null;
  const status = dsnStatus && !/\.0\.0$/.test(dsnStatus) ? dsnStatus : inNotice && inNotice.includes('.') ? inNotice : (dsnStatus ?? inNotice);
  const delayed = dsn ? dsn.action === 'delayed' : /\bdelayed\b|will (?:continue|be retried|retry)|still being retried|(?:warning|delay)\b.{0,40}(?:not yet|could not)/i.test(`${msg.subject}\n${notice.slice(0, 2000)}`) && !/permanent|given up|giving up/i.test(notice);
  const reason = bounceReason({ diagnostic, status, notice: `${msg.subject}\n${notice}`, delayed });
  return { type: bounceType(reason, status, notice), status, recipient, reason, rule };
}

const SES_SUBTYPES: Record<string, BounceReason> = {
  noemail: 'user_unknown',
  suppressed: 'suppressed',
  onaccountsuppressionlist: 'suppressed',
  mailboxfull: 'mailbox_full',
  messagetoolarge: 'message_too_big',
  contentrejected: 'spam_detected',
  attachmentrejected: 'content_error',
};

/** An Amazon SES bounce event: its bounceType (Permanent / Transient) decides what words cannot. */
function sesFinding(event: SesEvent): BounceFinding | DeliveryReceipt | null {
  const kind = sesKind(event);
  if (kind === 'delivery') return { action: 'delivered', recipient: null };
  if (kind !== 'bounce' || !event.bounce) return null;
  const first = event.bounce.bouncedRecipients[0];
  const diagnostic = first?.diagnosticCode ?? '';
  const status = first?.status ? (ENHANCED_STATUS.exec(first.status)?.[0] ?? null) : statusInText(diagnostic);
  const fromWords = reasonOfText(diagnostic);
  const reason = fromWords !== 'undefined' ? fromWords : (SES_SUBTYPES[(event.bounce.bounceSubType ?? '').toLowerCase()] ?? 'undefined');
  const permanent = /^permanent$/i.test(event.bounce.bounceType);
  const type = reason === 'undefined' ? (permanent ? 'hard' : 'soft') : bounceType(reason, status, '');
  return { type, status, recipient: first?.emailAddress ?? null, reason, rule: `Amazon SES bounce notification (${event.bounce.bounceType})` };
}

/**
 * A delivery failure notice, or null. Standard reports (RFC 3464) are read field by field; the
 * many mail systems that write their notice in words (qmail, Exim, Postfix without DSN, Exchange,
 * Yahoo, Gmail, Domino, mobile carriers…) are recognised by who sends it, its subject and
 * its phrasing, and need at least two of those to agree.
 */
export function detectBounce(msg: InboundMessage): BounceFinding | DeliveryReceipt | null {
  const ses = sesEventIn(msg.text);
  if (ses) return sesFinding(ses);
  const notice = noticeOf(msg.text);
  // A report whose MIME is broken still has its fields in the text.
  const parts = msg.deliveryStatus.flatMap(parseDeliveryStatus);
  const reported = parts.length > 0 ? parts : parseDeliveryStatus(msg.text);
  if (parts.length > 0 || (msg.reportType === 'delivery-status' && reported.length > 0)) {
    const failed = failedRecipient(reported);
    if (failed) return finding(msg, notice, failed, 'delivery status report (RFC 3464)');
    const success = reported.find((r) => r.action !== null && SUCCESS_ACTIONS.has(r.action));
    if (success) return { action: success.action ?? 'delivered', recipient: success.finalRecipient ?? success.originalRecipient };
    return finding(msg, notice, reported[0] ?? null, 'delivery status report (RFC 3464) without an action');
  }
  // Some text notices write DSN fields below the returned headers: the whole text was read.
  const inline = failedRecipient(reported);
  const sender = daemonSender(msg.from);
  const daemon = sender !== null;
  const subject = isBounceSubject(msg.subject);
  const body = BOUNCE_BODY.test(notice);
  const nullSender = /^\s*<\s*>\s*$/.test(headerValue(msg.headers, 'return-path') ?? '');
  if (inline && (daemon || subject || nullSender)) return finding(msg, notice, inline, 'delivery status fields in a text notice');
  const signals = [daemon && (sender === 'list' ? 'sent by a list manager' : 'sent by a mail system'), subject && 'failure subject', body && 'failure wording', nullSender && 'null return path'].filter(
    (s): s is string => typeof s === 'string',
  );
  // Failure wording alone is a person quoting or forwarding a bounce: it needs a second sign.
  if ((body && signals.length >= 2) || (sender === 'daemon' && subject)) return finding(msg, notice, null, `bounce notice (${signals.join(', ')})`);
  return null;
}

export const isBounceFinding = (f: BounceFinding | DeliveryReceipt | null): f is BounceFinding => f !== null && 'reason' in f;

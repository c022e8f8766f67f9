import { headerValue, readHeaderBlock, type InboundMessage } from './inbound';
import { sesEventIn, sesKind } from './ses-notification';

export interface ComplaintFinding {
  /** ARF Feedback-Type (abuse, fraud, opt-out, auth-failure, …), or 'abuse' for a JMRP report. */
  feedbackType: string;
  /** The recipient who complained, where the report names one (often hashed or redacted). */
  recipient: string | null;
  rule: string;
}

/**
 * A spam complaint relayed by a mailbox provider, or null: an RFC 5965 feedback report (ARF,
 * a message/feedback-report part), or Microsoft's JMRP report, which carries only the
 * complained-about message with the complainant in X-HmXmrOriginalRecipient.
 */
export function detectComplaint(msg: InboundMessage): ComplaintFinding | null {
  const report = msg.feedbackReports[0];
  if (report !== undefined || msg.reportType === 'feedback-report') {
    const fields = readHeaderBlock(report ?? '');
    const recipient = headerValue(fields, 'original-rcpt-to') ?? headerValue(fields, 'removal-recipient') ?? null;
    return {
      feedbackType: (headerValue(fields, 'feedback-type') ?? 'abuse').toLowerCase(),
      recipient: recipient?.replace(/^<|>$/g, '') ?? null,
      rule: 'feedback report (ARF, RFC 5965)',
    };
  }
  const ses = sesEventIn(msg.text);
  if (ses && sesKind(ses) === 'complaint') {
    return {
      feedbackType: (ses.complaint?.complaintFeedbackType ?? 'abuse').toLowerCase(),
      recipient: ses.complaint?.complainedRecipients[0]?.emailAddress ?? null,
      rule: 'Amazon SES complaint notification',
    };
  }
  const jmrp = msg.returnedHeaders.map((h) => headerValue(h, 'x-hmxmroriginalrecipient')).find((v) => v !== undefined);
  if (jmrp !== undefined || (/^\s*complaint about message from\b/i.test(msg.subject) && msg.returnedHeaders.length > 0)) {
    return { feedbackType: 'abuse', recipient: jmrp ?? null, rule: 'Microsoft JMRP complaint report' };
  }
  return null;
}

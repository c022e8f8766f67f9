import { describe, expect, it } from 'vitest';
import { constructed } from './constructed.test-helper';
import { readEml } from './corpus.test-helper';
import { triageRaw } from './triage';

interface Verified {
  type: 'hard' | 'soft';
  reason: string;
  status: string | null;
  recipient: string;
  /** The words in the message the verdict rests on, as read by hand. */
  says: string;
}

/**
 * Real bounces from ../shared/fixtures/emails, each read by hand: what the remote server or
 * the mail system said, and the type and reason that follows from it.
 */
const VERIFIED: Record<string, Verified> = {
  'lhost-amavis-01.eml': { type: 'hard', reason: 'user_unknown', status: '5.1.1', recipient: 'neko@example.co.jp', says: '550 5.1.1 Recipient address rejected: User unknown in virtual mailbox table' },
  'lhost-amazonses-03.eml': { type: 'soft', reason: 'mailbox_full', status: '5.2.2', recipient: 'kijitora@example.jp', says: "Unknown address error 550-'5.2.2 <…>... Mailbox Full'" },
  'lhost-amazonses-09.eml': { type: 'hard', reason: 'user_unknown', status: '5.1.1', recipient: 'bounce@simulator.amazonses.com', says: 'SES JSON: bounceType Permanent, status 5.1.1, "smtp; 550 5.1.1 user unknown"' },
  'lhost-amazonses-16.eml': { type: 'soft', reason: 'blocked', status: '5.7.1', recipient: 'kijitora@example.com', says: '521 5.7.1 client [203.0.113.225] blocked using dnsbl.sorbs.net' },
  'lhost-amazonses-17.eml': { type: 'soft', reason: 'expired', status: '4.4.7', recipient: 'kijitora@example.com', says: '554 4.4.7 Message expired: unable to deliver in 840 minutes' },
  'lhost-amazonses-18.eml': { type: 'hard', reason: 'host_unknown', status: '5.4.4', recipient: 'kijitora@neko.nyaan.example.edu', says: '550 5.4.4 Invalid domain' },
  'lhost-amazonses-21.eml': { type: 'soft', reason: 'no_relaying', status: '5.7.1', recipient: 'kijitora@example.com', says: '554 5.7.1 <…>: Relay access denied' },
  'lhost-exchange2007-03.eml': { type: 'soft', reason: 'message_too_big', status: '5.2.3', recipient: 'kijitora@neko.example.com', says: '550 5.2.3 RESOLVER.RST.RecipSizeLimit; message too large for this recipient' },
  'lhost-messagingserver-10.eml': { type: 'hard', reason: 'not_accept', status: '5.1.10', recipient: 'neko@libsisimai.org', says: 'Status 5.1.10, host/domain does not accept mail (null MX)' },
  'lhost-postfix-06.eml': { type: 'hard', reason: 'host_unknown', status: '5.4.4', recipient: 'kijitora@neko.example.jp', says: 'Host or domain name not found. Name service error … Host not found' },
  'lhost-postfix-09.eml': { type: 'soft', reason: 'rate_limited', status: '4.3.2', recipient: 'kijitora@example.ne.jp', says: '452 4.3.2 Connection rate limit exceeded' },
  'lhost-postfix-15.eml': { type: 'soft', reason: 'network_error', status: '4.4.1', recipient: 'kijitora@bukkoji.example.org', says: 'connect to bukkoji.example.org[192.0.2.1]:25: Connection timed out' },
  'lhost-postfix-16.eml': { type: 'hard', reason: 'has_moved', status: '5.1.6', recipient: 'kijitora@example.go.jp', says: '550 5.1.6 recipient no longer on server' },
  'lhost-postfix-31.eml': { type: 'hard', reason: 'user_unknown', status: '5.1.1', recipient: 'kijitora@gmail.com', says: '550-5.1.1 The email account that you tried to reach does not exist' },
  'lhost-postfix-45.eml': { type: 'soft', reason: 'mailbox_full', status: '4.3.0', recipient: 'kijitora@example.net', says: '…/Maildir/tmp/…: Disk quota exceeded' },
  'lhost-postfix-59.eml': { type: 'soft', reason: 'rate_limited', status: '5.2.1', recipient: 'kijitora@ggl.example.org', says: '550-5.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages (5.2.1 alone would read as a disabled mailbox: the words win)' },
  'lhost-postfix-63.eml': { type: 'soft', reason: 'mailbox_full', status: '5.2.2', recipient: 'neko@nyaaan.example.org', says: '552 5.2.2 Quota exceeded (mailbox for user is full)' },
  'lhost-postfix-70.eml': { type: 'soft', reason: 'policy', status: '5.7.26', recipient: 'kijitora@google.example.com', says: "550-5.7.26 Unauthenticated email … is not accepted due to domain's DMARC policy" },
  'lhost-postfix-10.eml': { type: 'soft', reason: 'rejected', status: '5.1.8', recipient: 'kijitora@example.jp', says: '553 5.1.8 <root@…>... Domain of sender address … does not exist (our side, not the recipient)' },
  'lhost-sendmail-35.eml': { type: 'hard', reason: 'suspend', status: '5.7.13', recipient: 'kijitora@example.org', says: '525 5.7.13 Disabled recipient address' },
  'lhost-sendmail-38.eml': { type: 'soft', reason: 'spam_detected', status: '5.7.1', recipient: 'kijitora@example.com', says: '550 5.7.1 message content rejected' },
  'lhost-office365-13.eml': { type: 'hard', reason: 'user_unknown', status: '5.1.10', recipient: 'kijitora-nyaan@neko.kyoto.example.jp', says: '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup' },
  'rhost-google-01.eml': { type: 'hard', reason: 'suspend', status: '5.2.1', recipient: 'shironeko@example.ne.jp', says: '550 5.2.1 The email account that you tried to reach is disabled' },
  'rhost-google-05.eml': { type: 'soft', reason: 'mailbox_full', status: '5.2.2', recipient: 'kijitora@google.example.com', says: "552-5.2.2 The recipient's inbox is out of storage space (5.x.x, yet soft: a full mailbox)" },
  'rhost-gsuite-04.eml': { type: 'hard', reason: 'host_unknown', status: '4.0.0', recipient: 'sironeko@example.jp', says: "DNS type 'mx' lookup of example.jp responded with code NXDOMAIN Domain name not found (4.0.0, yet hard: no such domain)" },
  'rhost-outlook-06.eml': { type: 'soft', reason: 'delayed', status: '4.4.7', recipient: 'kijitora@example.com', says: 'Action: delayed, Status: 4.4.7 (a delay warning)' },
  'lhost-opensmtpd-06.eml': { type: 'soft', reason: 'delayed', status: '4.4.7', recipient: 'nekochan@libsisimai.org', says: 'Action: delayed, Status: 4.4.7 (a delay warning)' },
  'rhost-franceptt-06.eml': { type: 'soft', reason: 'blocked', status: '4.0.0', recipient: 'xxxx@orange.fr', says: 'Adresse IP source bloquee pour incident de spam. Client host blocked for spamming issues' },
  'rhost-yahooinc-02.eml': { type: 'soft', reason: 'rate_limited', status: '4.7.0', recipient: 'kijitora@y.example.ca', says: '421 4.7.0 [TSS04] … temporarily deferred due to unexpected volume or user complaints' },
  'lhost-qmail-02.eml': { type: 'hard', reason: 'user_unknown', status: '5.1.1', recipient: 'userunknown@example.jp', says: 'qmail: Remote host said: 550 5.1.1 <userunknown@example.jp>... User Unknown' },
  'lhost-qmail-08.eml': { type: 'soft', reason: 'mailbox_full', status: '552', recipient: 'shironeko@example.ad.jp', says: 'qmail: Remote host said: 552 Error: disk quota exceeded' },
  'lhost-gmail-01.eml': { type: 'hard', reason: 'user_unknown', status: '5.1.1', recipient: 'userunknown@example.jp', says: 'Delivery to the following recipient failed permanently … 550 5.1.1 … User Unknown' },
  'lhost-yahoo-03.eml': { type: 'hard', reason: 'user_unknown', status: '5.1.1', recipient: 'kijitora@example.jp', says: 'Sorry, we were unable to deliver … 550 5.1.1 <kijitora@example.jp>... User Unknown' },
  'lhost-kddi-02.eml': { type: 'soft', reason: 'mailbox_full', status: null, recipient: 'kijitora@00000000000000.dion.ne.jp', says: 'Could not be delivered to: <…> As their mailbox is full.' },
  'lhost-dragonfly-04.eml': { type: 'hard', reason: 'host_unknown', status: null, recipient: 'postmaster@cx.libsisimai.org', says: 'DNS lookup failure: host cx.libsisimai.org not found' },
  'lhost-x2-01.eml': { type: 'hard', reason: 'user_unknown', status: null, recipient: 'kijitora@example.co.jp', says: "This user doesn't have a example.co.jp account" },
  'lhost-verizon-02.eml': { type: 'hard', reason: 'user_unknown', status: '550', recipient: 'may-be-straycat-nyaaaaaan@vtext.com', says: '550 - Requested action not taken: no such user here (MIME broken: read from the raw body)' },
  'lhost-zoho-01.eml': { type: 'hard', reason: 'user_unknown', status: '5.1.1', recipient: 'kijitora@example.co.jp', says: 'Invalid Address, ERROR_CODE :550, ERROR_CODE :5.1.1 … User Unknown' },
  'rfc3464-38.eml': { type: 'soft', reason: 'mailbox_full', status: null, recipient: 'kijitora-nyaan@example.jp', says: "User's mailbox is full: <kijitora-nyaan@example.jp>" },
  'lhost-exchange2003-07.eml': { type: 'hard', reason: 'user_unknown', status: null, recipient: 'kijitora@example.org', says: 'did not reach the following recipient(s) … The recipient name is not recognized' },
  'lhost-mailru-01.eml': { type: 'hard', reason: 'user_unknown', status: '5.1.1', recipient: 'kijitora@example.jp', says: 'Ваше письмо не может быть доставлено … 550 5.1.1 … User Unknown' },
  'lhost-notes-03.eml': { type: 'hard', reason: 'user_unknown', status: null, recipient: 'kijitora@example.com', says: 'Domino: User not listed in public Name & Address Book' },
  'lhost-imailserver-04.eml': { type: 'soft', reason: 'expired', status: null, recipient: 'kijitora@example.com', says: 'Delivery failed 20 attempts' },
  'lhost-exim-32.eml': { type: 'soft', reason: 'blocked', status: '571', recipient: 'kijitora@example.net', says: '571 No PTR Record found. Reverse DNS required' },
  'lhost-x6-01.eml': { type: 'soft', reason: 'network_error', status: '5.4.6', recipient: 'kijitora@nyaan.example.org', says: '554 5.4.6 Hop count exceeded - possible mail loop' },
};

describe('hard and soft bounces in real messages, verified by reading each one', () => {
  it('covers at least 30 messages across hard and soft reasons', () => {
    const entries = Object.values(VERIFIED);
    expect(entries.length).toBeGreaterThanOrEqual(30);
    expect(new Set(entries.map((v) => v.reason)).size).toBeGreaterThanOrEqual(14);
  });

  it.each(Object.entries(VERIFIED))('%s', async (file, v) => {
    const result = await triageRaw(readEml(file));
    expect(result.class).toBe('bounce');
    expect(result.bounce).toEqual({ type: v.type, reason: v.reason, status: v.status, recipient: v.recipient });
  });
});

describe('bounce rules on constructed messages', () => {
  it('a person writing that a message "could not be delivered" is not a bounce', async () => {
    const r = await triageRaw(constructed({ body: 'Hi Sam,\n\nYour invoice could not be delivered to our AP inbox, could you resend it?\n\nDana' }));
    expect(r.class).not.toBe('bounce');
  });

  it('a person quoting a bounce in a reply is not a bounce', async () => {
    const body = 'Sam, your last email bounced for our buyer, see below. Use lee@northwind-logistics.example instead.\n\n> Delivery to the following recipient failed permanently:\n>     gone@northwind-logistics.example\n> 550 5.1.1 The email account that you tried to reach does not exist.\n';
    const r = await triageRaw(constructed({ subject: 'Re: Delivery Status Notification (Failure)', body }));
    expect(r.class).not.toBe('bounce');
  });

  it('a logistics customer replying about a failed parcel delivery is not a bounce', async () => {
    const r = await triageRaw(constructed({ subject: 'Re: Delivery failed for order 4411', body: 'The parcel could not be delivered on Monday, can your courier try again Thursday?' }));
    expect(r.class).not.toBe('bounce');
  });

  it('a constructed text-only notice from MAILER-DAEMON with a 550 5.1.1 is a hard user_unknown bounce', async () => {
    const r = await triageRaw(
      constructed({
        from: 'Mail Delivery System <MAILER-DAEMON@mx.countersign.example>',
        to: 'sam.rep@countersign.example',
        subject: 'Undelivered Mail Returned to Sender',
        headers: ['Return-Path: <>', 'Auto-Submitted: auto-replied'],
        body: 'This is the mail system at host mx.countersign.example.\n\n<gone@northwind-logistics.example>: host mx.northwind-logistics.example said:\n    550 5.1.1 <gone@northwind-logistics.example>: Recipient address rejected: User unknown\n',
      }),
    );
    expect(r).toMatchObject({ class: 'bounce', bounce: { type: 'hard', reason: 'user_unknown', status: '5.1.1', recipient: 'gone@northwind-logistics.example' } });
  });

  it('a constructed delay warning is soft with reason "delayed" even when it names a 4.4.7', async () => {
    const r = await triageRaw(
      constructed({
        from: 'MAILER-DAEMON@mx.countersign.example',
        subject: 'Delivery Status Notification (Delay)',
        body: 'Delivery to the following recipient has been delayed:\n\n     dana@northwind-logistics.example\n\nMessage will be retried for 2 more day(s)\n\n451 4.4.7 Timeout waiting for the remote server\n',
      }),
    );
    expect(r).toMatchObject({ class: 'bounce', bounce: { type: 'soft', reason: 'delayed', recipient: 'dana@northwind-logistics.example' } });
  });
});

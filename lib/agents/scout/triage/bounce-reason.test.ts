import { describe, expect, it } from 'vitest';
import { bounceReason, bounceType, reasonOfText } from './bounce-reason';

const reason = (diagnostic: string, status: string | null = null, delayed = false) => bounceReason({ diagnostic, status, notice: '', delayed });

describe('bounce reasons from a server\'s words (constructed diagnostics)', () => {
  it.each([
    ['550 5.1.1 <a@x.example>: Recipient address rejected: User unknown in local recipient table', 'user_unknown'],
    ['550 5.1.1 <a@x.example>: Recipient address rejected: Reverse DNS validation failed', 'blocked'],
    ['552 5.2.2 Mailbox full', 'mailbox_full'],
    ['550 5.2.1 The email account that you tried to reach is disabled', 'suspend'],
    ['Host or domain name not found. Name service error for name=x.example type=MX', 'host_unknown'],
    ['554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org', 'blocked'],
    ['550 5.7.26 Unauthenticated email from x.example is not accepted due to domain\'s DMARC policy', 'policy'],
    ['450 4.2.0 <a@x.example>: Recipient address rejected: Greylisted, please try again later', 'greylisted'],
    ['421 4.7.0 Too many connections, slow down', 'rate_limited'],
    ['550 Message content rejected, UBE', 'spam_detected'],
    ['554 4.4.7 Message expired: unable to deliver in 840 minutes', 'expired'],
    ['connect to mx.x.example[192.0.2.1]:25: Connection timed out', 'network_error'],
  ])('%s → %s', (diagnostic, expected) => {
    expect(reason(diagnostic)).toBe(expected);
  });

  it('reads the remote server\'s reply before a relay\'s summary of it', () => {
    expect(reason("5.1.0 - Unknown address error 550-'5.2.2 <a@x.example>... Mailbox Full'")).toBe('mailbox_full');
  });

  it('falls back on a specific status code when the words name nothing, and on nothing for X.0.0', () => {
    expect(reason('550 see https://x.example/help', '5.1.1')).toBe('user_unknown');
    expect(reason('550 see https://x.example/help', '5.2.2')).toBe('mailbox_full');
    expect(reason('550 see https://x.example/help', '5.0.0')).toBe('undefined');
  });

  it('calls every delay warning "delayed", whatever its words', () => {
    expect(reason('550 5.1.1 User unknown', '4.4.7', true)).toBe('delayed');
  });

  it('finds no reason in words that name none', () => {
    expect(reasonOfText('Please see the attached report.')).toBe('undefined');
  });
});

describe('hard or soft', () => {
  it('is hard for a dead address whatever the status class, soft for a full mailbox even with a 5.x.x', () => {
    expect(bounceType('host_unknown', '4.0.0', '')).toBe('hard');
    expect(bounceType('user_unknown', null, '')).toBe('hard');
    expect(bounceType('suspend', '5.2.1', '')).toBe('hard');
    expect(bounceType('mailbox_full', '5.2.2', '')).toBe('soft');
    expect(bounceType('blocked', '5.7.1', '')).toBe('soft');
  });

  it('follows the status class, then the word "permanent", when the reason is undefined', () => {
    expect(bounceType('undefined', '5.0.0', '')).toBe('hard');
    expect(bounceType('undefined', '4.0.0', 'permanent error')).toBe('soft');
    expect(bounceType('undefined', null, 'This is a permanent error; I have given up.')).toBe('hard');
    expect(bounceType('undefined', null, 'Delivery is still being attempted.')).toBe('soft');
  });
});

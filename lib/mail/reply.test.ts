import { describe, expect, it } from 'vitest';
import { replyHeaders, replySubject } from './reply';
import type { ThreadMessage, ThreadSnapshot } from './thread';

const SELF = 'sam.rep@example.com';
const sam = { name: 'Sam Rep', email: SELF };
const dana = { name: 'Dana Whitfield', email: 'dana@northwind-logistics.com' };
const ops = { name: 'Ops', email: 'ops@northwind-logistics.com' };
const lee = { name: 'Lee', email: 'lee@example.com' };

let n = 0;
function message(over: Partial<ThreadMessage>): ThreadMessage {
  n += 1;
  return {
    id: `m${n}`,
    threadId: 't1',
    messageId: `<msg-${n}@mail.example.com>`,
    inReplyTo: null,
    references: [],
    from: dana,
    to: [sam],
    cc: [],
    replyTo: [],
    date: new Date(Date.UTC(2026, 0, n)).toISOString(),
    subject: 'Pricing for 40 seats',
    text: '',
    html: null,
    snippet: '',
    labelIds: ['INBOX'],
    ...over,
  };
}

const snapshot = (...messages: ThreadMessage[]): ThreadSnapshot => ({ id: 't1', subject: messages[0]?.subject ?? '', historyId: '1', messages, fetchedAt: 0 });

describe('replyHeaders', () => {
  it('replies to the latest message not sent by the rep, threading on its Message-ID', () => {
    const first = message({ messageId: '<d1@nw.com>' });
    const mine = message({ from: sam, to: [dana], messageId: '<s1@example.com>', references: ['<d1@nw.com>'], labelIds: ['SENT'] });
    const latest = message({ messageId: '<d2@nw.com>', references: ['<d1@nw.com>', '<s1@example.com>'], subject: 'Re: Pricing for 40 seats' });
    const later = message({ from: { name: 'Sam', email: 'Sam.Rep@Example.com' }, to: [dana], messageId: '<s2@example.com>' });
    expect(replyHeaders(snapshot(first, mine, latest, later), SELF)).toEqual({
      to: [dana],
      cc: [],
      subject: 'Re: Pricing for 40 seats',
      inReplyTo: '<d2@nw.com>',
      references: ['<d1@nw.com>', '<s1@example.com>', '<d2@nw.com>'],
      threadId: 't1',
    });
  });

  it('prefers Reply-To over From', () => {
    const h = replyHeaders(snapshot(message({ replyTo: [{ name: 'Deals', email: 'deals@nw.com' }] })), SELF);
    expect(h.to).toEqual([{ name: 'Deals', email: 'deals@nw.com' }]);
  });

  it('copies the other recipients of that message, without the rep or duplicates', () => {
    const h = replyHeaders(snapshot(message({ to: [sam, ops], cc: [lee, { name: 'SAM', email: 'SAM.REP@example.com' }, { ...ops, name: 'Ops again' }, dana] })), SELF);
    expect(h.to).toEqual([dana]);
    expect(h.cc).toEqual([ops, lee]);
  });

  it('does not duplicate a Message-ID already in References', () => {
    const h = replyHeaders(snapshot(message({ messageId: '<d2@nw.com>', references: ['<d1@nw.com>', '<d2@nw.com>'] })), SELF);
    expect(h.references).toEqual(['<d1@nw.com>', '<d2@nw.com>']);
  });

  it('adds brackets to a bare Message-ID and drops unusable ids', () => {
    const h = replyHeaders(snapshot(message({ messageId: 'bare@nw.com', references: ['<ok@nw.com>', 'has space@x', ''] })), SELF);
    expect(h.inReplyTo).toBe('<bare@nw.com>');
    expect(h.references).toEqual(['<ok@nw.com>', '<bare@nw.com>']);
    const none = replyHeaders(snapshot(message({ messageId: '' })), SELF);
    expect(none.inReplyTo).toBeNull();
    expect(none.references).toEqual([]);
  });

  it('skips drafts in the thread', () => {
    const inbound = message({ messageId: '<d1@nw.com>' });
    const draft = message({ from: lee, messageId: '<draft@x>', labelIds: ['DRAFT'] });
    expect(replyHeaders(snapshot(inbound, draft), SELF).inReplyTo).toBe('<d1@nw.com>');
  });

  it('a follow-up on a thread of only the rep’s messages goes to that message’s recipients', () => {
    const h = replyHeaders(snapshot(message({ from: sam, to: [dana, sam], cc: [ops], labelIds: ['SENT'], messageId: '<s1@x>' })), SELF);
    expect(h).toMatchObject({ to: [dana], cc: [ops], inReplyTo: '<s1@x>' });
  });

  it('refuses a thread with nothing to reply to', () => {
    expect(() => replyHeaders(snapshot(), SELF)).toThrow(/no message/);
  });
});

describe('replySubject', () => {
  it.each([
    ['Pricing', 'Re: Pricing'],
    ['Re: Pricing', 'Re: Pricing'],
    ['RE: Pricing', 'RE: Pricing'],
    ['Aw: Preise', 'Aw: Preise'],
    ['re:Pricing', 're:Pricing'],
    ['Fwd: Pricing', 'Re: Fwd: Pricing'],
    ['Return policy', 'Re: Return policy'],
    ['  Pricing  ', 'Re: Pricing'],
    ['', 'Re:'],
  ])('%j becomes %j', (subject, expected) => {
    expect(replySubject(subject)).toBe(expected);
  });
});

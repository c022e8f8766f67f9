import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TriageResult } from '../model';
import { constructed, constructedAutoReply } from './constructed.test-helper';
import { EMAILS_DIR, readEml } from './corpus.test-helper';
import { triageRaw } from './triage';

// Messages below are CONSTRUCTED (hand-written, minimal) unless read with readEml.

const UNSUBSCRIBE_FOOTER = 'Sam Rep, Countersign\n\nDon\'t want these emails? Reply "unsubscribe" or click here to unsubscribe.';

describe('only the new text of a reply is read', () => {
  it('a quoted "unsubscribe" footer under an attribution line does not make an opt-out', async () => {
    const body = `Sounds interesting, tell me more.\n\nOn Tue, 18 Nov 2025 at 09:00, Sam Rep <sam.rep@countersign.example> wrote:\n> Hi Dana, 40 seats would be €1,200 a month.\n>\n> ${UNSUBSCRIBE_FOOTER.replace(/\n/g, '\n> ')}\n`;
    const r = await triageRaw(constructed({ body }));
    expect(r.class).toBe('interested');
  });

  it('a quoted "unsubscribe" under an Outlook header block does not make an opt-out', async () => {
    const body = `Can we schedule a call on Thursday?\n\nFrom: Sam Rep <sam.rep@countersign.example>\nSent: Tuesday, November 18, 2025 9:00 AM\nTo: Dana Whitfield <dana@northwind-logistics.example>\nSubject: Pricing for 40 seats\n\nHi Dana,\n\n${UNSUBSCRIBE_FOOTER}\n`;
    const r = await triageRaw(constructed({ body }));
    expect(r.class).toBe('meeting_request');
  });

  it('a quoted "unsubscribe" in Gmail\'s HTML quote does not make an opt-out', async () => {
    const html = `<div dir="ltr">Thanks, noted.</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Tue, Nov 18, 2025 Sam Rep wrote:</div><blockquote class="gmail_quote">Hi Dana<br>Reply "unsubscribe" to stop these emails.</blockquote></div>`;
    const raw = [
      'From: Dana Whitfield <dana@northwind-logistics.example>',
      'To: sam.rep@countersign.example',
      'Subject: Re: Pricing for 40 seats',
      'Date: Wed, 19 Nov 2025 10:00:00 +0100',
      'Message-ID: <CAconstructed1@mail.gmail.com>',
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=utf-8',
      '',
      html,
    ].join('\r\n');
    const r = await triageRaw(raw);
    expect(r.class).toBe('other');
  });

  it('an "unsubscribe" the writer typed above the quote is an opt-out', async () => {
    const body = `Please unsubscribe me.\n\nOn Tue, 18 Nov 2025 at 09:00, Sam Rep <sam.rep@countersign.example> wrote:\n> Hi Dana\n`;
    expect((await triageRaw(constructed({ body }))).class).toBe('unsubscribe');
  });
});

describe('triageRaw', () => {
  it('gives the same result for a string and for its bytes', async () => {
    const raw = constructed({ body: 'Not right now, reach out in Q2.' });
    expect(await triageRaw(new TextEncoder().encode(raw))).toEqual(await triageRaw(raw));
  });

  it('reads dates against `now` when the message has no usable Date header', async () => {
    const raw = constructed({ body: 'Not right now, reach out in Q2.', date: 'sometime soon' });
    const r = await triageRaw(raw, { now: new Date('2027-05-10T12:00:00Z') });
    expect(r.notNowUntil).toBe('2028-04-01');
  });

  it('never throws on input that is not a message, and says so', async () => {
    const r = await triageRaw(new Uint8Array([0, 1, 2, 255, 254]));
    expect(TriageResult.safeParse(r).success).toBe(true);
    expect(r.method).toBe('rule');
  });

  it('keeps the reason within the schema\'s 300 characters', async () => {
    const r = await triageRaw(constructed({ body: `Please unsubscribe me ${'and my team '.repeat(80)}` }));
    expect(r.reason.length).toBeLessThanOrEqual(300);
    expect(TriageResult.safeParse(r).success).toBe(true);
  });

  it('a reply carrying a calendar invitation (text/calendar; method=REQUEST) is a meeting request', async () => {
    const raw = [
      'From: Dana Whitfield <dana@northwind-logistics.example>',
      'To: sam.rep@countersign.example',
      'Subject: Invitation: Countersign demo',
      'Date: Wed, 19 Nov 2025 10:00:00 +0100',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'See you then.',
      '--b1',
      'Content-Type: text/calendar; charset=utf-8; method=REQUEST',
      '',
      'BEGIN:VCALENDAR',
      'METHOD:REQUEST',
      'BEGIN:VEVENT',
      'DTSTART:20251125T150000Z',
      'SUMMARY:Countersign demo',
      'END:VEVENT',
      'END:VCALENDAR',
      '--b1--',
      '',
    ].join('\r\n');
    expect(await triageRaw(raw)).toMatchObject({ class: 'meeting_request' });
  });

  it('a real bounce and a real auto-reply each keep their own class (RFC 3834 header on both)', async () => {
    expect((await triageRaw(readEml('lhost-exim-01.eml'))).class).toBe('bounce');
    expect((await triageRaw(readEml('rfc3834-05.eml'))).class).toBe('auto_reply');
  });
});

describe('hostile shapes of text', () => {
  // Quadratic patterns took 7 to 67 s on these before they were bounded; linear ones take milliseconds.
  it.each([
    ['one 100,000-letter word', 'a'.repeat(100_000)],
    ['100,000 spaces', `${' '.repeat(100_000)}x`],
    ['25,000 "5.1." fragments', '5.1.'.repeat(25_000)],
    ['20,000 blank lines between words', `hi\n${'\n'.repeat(20_000)}bye`],
    ['30,000 words and a question mark', `${'ab '.repeat(30_000)}?x`],
  ])('%s: triaged within a second or two, as a reply, an auto-reply and a bounce', async (_shape, text) => {
    const started = performance.now();
    await triageRaw(constructed({ body: text }));
    await triageRaw(constructedAutoReply(text));
    await triageRaw(constructed({ from: 'MAILER-DAEMON@mx.countersign.example', subject: 'Undelivered Mail Returned to Sender', body: `could not be delivered\n${text}\n550 5.1.1 user unknown` }));
    expect(performance.now() - started).toBeLessThan(4_000);
  });
});

interface Injection {
  id: string;
  payload_text: string;
}
const injections: Injection[] = readFileSync(path.join(EMAILS_DIR, '../injections/injections.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as Injection);

describe('inbound text is data: planted instructions change nothing beyond their plain words', () => {
  it('there are injection payloads to plant', () => {
    expect(injections.length).toBeGreaterThan(30);
  });

  it.each(injections.map((i) => [i.id, i.payload_text] as const))('%s', async (_id, payload) => {
    const bounce = (extra: string, subject = 'Undelivered Mail Returned to Sender') =>
      constructed({
        from: `Mail Delivery System <MAILER-DAEMON@mx.countersign.example>`,
        subject,
        headers: ['Return-Path: <>'],
        body: `This is the mail system at host mx.countersign.example.\n\n<gone@northwind-logistics.example>: host mx.northwind-logistics.example said:\n    550 5.1.1 <gone@northwind-logistics.example>: Recipient address rejected: User unknown\n${extra}`,
      });
    const clean = await triageRaw(bounce(''));
    expect(await triageRaw(bounce(`\n${payload}\n`))).toMatchObject({ class: 'bounce', bounce: clean.bounce });

    const away = 'I am out of the office and will be back on 3 December.';
    expect(await triageRaw(constructedAutoReply(`${away}\n\n${payload}`))).toMatchObject({ class: 'auto_reply', autoReply: { returnDate: '2025-12-03' } });

    expect((await triageRaw(constructed({ body: `Please unsubscribe me.\n\n${payload}` }))).class).toBe('unsubscribe');

    // In quoted history a payload is not the writer's words at all.
    const quoted = `Thanks, noted.\n\nOn Tue, 18 Nov 2025 at 09:00, Sam Rep <sam.rep@countersign.example> wrote:\n> ${payload}\n`;
    expect((await triageRaw(constructed({ body: quoted }))).class).toBe('other');
  });
});

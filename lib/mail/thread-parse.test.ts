import { describe, expect, it } from 'vitest';
import { GmailThread, type GmailMessagePart } from './gmail-api';
import { bytesToBase64, encodeWords } from './mime-build';
import { ThreadSnapshot } from './thread';
import { htmlToText, parseAddressList, parseThread, UNKNOWN_SENDER_EMAIL } from './thread-parse';

const FETCHED_AT = Date.UTC(2026, 0, 2);

const base64Url = (bytes: Uint8Array) => bytesToBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const utf8Data = (text: string) => base64Url(new TextEncoder().encode(text));
const latin1Data = (text: string) => base64Url(Uint8Array.from(text, (c) => c.charCodeAt(0)));

type PartInit = { headers?: Record<string, string>; data?: string; parts?: GmailMessagePart[]; filename?: string; attachmentId?: string };

function part(mimeType: string, init: PartInit = {}): GmailMessagePart {
  const headers = Object.entries(init.headers ?? {}).map(([name, value]) => ({ name, value }));
  if (!init.headers?.['Content-Type']) headers.push({ name: 'Content-Type', value: mimeType.startsWith('text/') ? `${mimeType}; charset="UTF-8"` : mimeType });
  return {
    mimeType,
    filename: init.filename ?? '',
    headers,
    body: { size: 0, ...(init.data === undefined ? {} : { data: init.data }), ...(init.attachmentId ? { attachmentId: init.attachmentId } : {}) },
    parts: init.parts ?? [],
  };
}

const text = (body: string) => part('text/plain', { data: utf8Data(body) });
const html = (body: string) => part('text/html', { data: utf8Data(body) });

const envelope = {
  From: '"Whitfield, Dana" <dana@northwind-logistics.com>',
  To: 'Sam Rep <sam.rep@example.com>',
  Subject: 'Pricing for 40 seats',
  Date: 'Mon, 2 Jun 2025 10:00:00 -0700 (PDT)',
  'Message-ID': '<dana-2@northwind-logistics.com>',
};

function thread(...payloads: GmailMessagePart[]): GmailThread {
  return GmailThread.parse({
    id: 't1',
    historyId: '4242',
    messages: payloads.map((payload, i) => ({
      id: `m${i}`,
      threadId: 't1',
      labelIds: ['INBOX'],
      snippet: 'Hi Sam, what&#39;s the price &amp; term?',
      internalDate: String(Date.UTC(2025, 5, 2, 17, i)),
      payload,
    })),
  });
}

const only = (payload: GmailMessagePart) => {
  const snapshot = parseThread(thread(payload), FETCHED_AT);
  const message = snapshot.messages[0];
  if (!message) throw new Error('no message');
  return message;
};

describe('parseThread bodies', () => {
  it('multipart/alternative: the text/plain part is the text, the HTML part is kept beside it', () => {
    const m = only(part('multipart/alternative', { headers: envelope, parts: [text('Hi Sam,\r\n\r\nPrice?\r\n'), html('<div>Hi Sam,</div><div>Price?</div>')] }));
    expect(m.text).toBe('Hi Sam,\r\n\r\nPrice?\r\n');
    expect(m.html).toBe('<div>Hi Sam,</div><div>Price?</div>');
  });

  it('HTML only: text is derived from the HTML without a DOM, keeping line breaks', () => {
    const body =
      '<html><head><style>p{color:red}</style><title>x</title></head><body>' +
      '<div dir="ltr">Hi Sam,<div><br></div><div>Could you send the   price\n for 40 seats &amp; the term?<br>Thanks,<br>Dana</div></div>' +
      '<script>alert(1)</script><!-- tracking --></body></html>';
    const m = only(part('text/html', { headers: { ...envelope, 'Content-Type': 'text/html; charset=utf-8' }, data: utf8Data(body) }));
    expect(m.text).toBe('Hi Sam,\n\nCould you send the price for 40 seats & the term?\nThanks,\nDana');
    expect(m.html).toBe(body);
  });

  it('nested multipart/mixed: finds the body inside the alternative and ignores attachments', () => {
    const m = only(
      part('multipart/mixed', {
        headers: envelope,
        parts: [
          part('multipart/alternative', { parts: [text('See the attached quote.'), html('<p>See the attached <b>quote</b>.</p>')] }),
          part('application/pdf', { filename: 'quote.pdf', attachmentId: 'att-1' }),
          part('text/plain', { filename: 'notes.txt', data: utf8Data('not the body') }),
        ],
      }),
    );
    expect(m.text).toBe('See the attached quote.');
    expect(m.html).toBe('<p>See the attached <b>quote</b>.</p>');
  });

  it('honours an ISO-8859-1 charset', () => {
    const m = only(part('text/plain', { headers: { ...envelope, 'Content-Type': 'text/plain; charset="ISO-8859-1"' }, data: latin1Data('Grüße aus Köln, à bientôt') }));
    expect(m.text).toBe('Grüße aus Köln, à bientôt');
  });

  it('falls back to UTF-8 for a charset the platform does not know', () => {
    const m = only(part('text/plain', { headers: { ...envelope, 'Content-Type': 'text/plain; charset=x-made-up' }, data: utf8Data('Zoë 🚀') }));
    expect(m.text).toBe('Zoë 🚀');
  });

  it('a message with no text part has empty text and no HTML', () => {
    const m = only(part('multipart/mixed', { headers: envelope, parts: [part('image/png', { filename: 'a.png', attachmentId: 'x' })] }));
    expect(m.text).toBe('');
    expect(m.html).toBeNull();
  });
});

describe('parseThread headers', () => {
  it('parses addresses, dates, ids and the subject; the snapshot passes its own schema', () => {
    const payload = text('Hi');
    payload.headers.push(
      ...Object.entries({
        ...envelope,
        Subject: encodeWords('Prix — 40 postes 🚀').join(' '),
        To: `Sam Rep <sam.rep@example.com>, ${encodeWords('Zoë Ångström').join(' ')} <zoe@example.com>, Buyers: a@example.com, "B, Person" <b@example.com>;`,
        Cc: 'undisclosed-recipients:;',
        'Reply-To': 'deals@northwind-logistics.com',
        'In-Reply-To': '<sam-1@example.com>',
        References: '<thread-0@example.com>\r\n <sam-1@example.com>',
      }).map(([name, value]) => ({ name, value })),
    );
    const snapshot = parseThread(thread(payload), FETCHED_AT);
    expect(() => ThreadSnapshot.parse(snapshot)).not.toThrow();
    expect(snapshot).toMatchObject({ id: 't1', historyId: '4242', fetchedAt: FETCHED_AT, subject: 'Prix — 40 postes 🚀' });
    expect(snapshot.messages[0]).toMatchObject({
      from: { name: 'Whitfield, Dana', email: 'dana@northwind-logistics.com' },
      to: [
        { name: 'Sam Rep', email: 'sam.rep@example.com' },
        { name: 'Zoë Ångström', email: 'zoe@example.com' },
        { name: '', email: 'a@example.com' },
        { name: 'B, Person', email: 'b@example.com' },
      ],
      cc: [],
      replyTo: [{ name: '', email: 'deals@northwind-logistics.com' }],
      date: '2025-06-02T17:00:00.000Z',
      messageId: '<dana-2@northwind-logistics.com>',
      inReplyTo: '<sam-1@example.com>',
      references: ['<thread-0@example.com>', '<sam-1@example.com>'],
      snippet: "Hi Sam, what's the price & term?",
      labelIds: ['INBOX'],
    });
  });

  it('header names match case-insensitively; a bad Date falls back to internalDate', () => {
    const m = only(part('text/plain', { headers: { from: 'dana@northwind-logistics.com', DATE: 'not a date', 'message-id': '<x@y>' }, data: utf8Data('x') }));
    expect(m.from).toEqual({ name: '', email: 'dana@northwind-logistics.com' });
    expect(m.date).toBe(new Date(Date.UTC(2025, 5, 2, 17, 0)).toISOString());
    expect(m.messageId).toBe('<x@y>');
    expect(m.inReplyTo).toBeNull();
    expect(m.references).toEqual([]);
  });

  it('a From without a usable address keeps the name and a placeholder address', () => {
    const m = only(part('text/plain', { headers: { From: 'Mail Delivery System' }, data: utf8Data('x') }));
    expect(m.from).toEqual({ name: 'Mail Delivery System', email: UNKNOWN_SENDER_EMAIL });
    expect(m.subject).toBe('');
  });

  it('the thread subject is the first message subject', () => {
    const first = text('a');
    first.headers.push({ name: 'Subject', value: 'Pricing' });
    const second = text('b');
    second.headers.push({ name: 'Subject', value: 'Re: Pricing (changed)' });
    expect(parseThread(thread(first, second), FETCHED_AT).subject).toBe('Pricing');
    expect(parseThread(GmailThread.parse({ id: 'empty', historyId: '1' }), FETCHED_AT).subject).toBe('');
  });
});

describe('parseAddressList', () => {
  it('keeps commas inside quoted names and drops entries without a valid address', () => {
    expect(parseAddressList('"Doe, Jane" <jane@x.com>, bob@y.org, not-an-address, =?ISO-8859-1?Q?Andr=E9?= <andre@z.fr>')).toEqual([
      { name: 'Doe, Jane', email: 'jane@x.com' },
      { name: '', email: 'bob@y.org' },
      { name: 'André', email: 'andre@z.fr' },
    ]);
    expect(parseAddressList(undefined)).toEqual([]);
  });
});

describe('htmlToText', () => {
  it('turns paragraphs, lists and table rows into lines and decodes entities', () => {
    const out = htmlToText('<p>One&nbsp;&mdash; two</p><p>&lt;b&gt; is text &#x1F680; &#233;</p><ul><li>a</li><li>b</li></ul><table><tr><td>x</td><td>y</td></tr></table>');
    expect(out).toBe('One — two\n\n<b> is text 🚀 é\n\n- a\n- b\nx y');
  });

  it('does not glue nested blocks together and leaves unknown entities alone', () => {
    expect(htmlToText('a<div>b<div>c</div></div>d &unknown; x&times=2')).toBe('a\nb\nc\nd &unknown; x&times=2');
  });
});

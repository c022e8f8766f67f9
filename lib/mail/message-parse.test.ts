import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { encodeWords, toBase64Url } from './mime-build';
import { parseAddressList, parseGmailRaw, parseMessage, UNDECODABLE_TEXT, UNKNOWN_SENDER_EMAIL, type MessageMeta } from './message-parse';
import { DecodedMessage } from './thread';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SHARED_DIR = process.env.SHARED_DIR ?? path.resolve(repoRoot, '../shared');
const EMAILS = path.join(SHARED_DIR, 'fixtures/emails');
const emlFiles = readdirSync(EMAILS).filter((f) => f.endsWith('.eml')).sort();

const FETCHED_AT = Date.UTC(2026, 0, 2);
const meta = (over: Partial<MessageMeta> = {}): MessageMeta => ({ id: 'm1', threadId: 't1', labelIds: ['INBOX'], snippet: '', ...over });
const eml = (name: string) => readFileSync(path.join(EMAILS, name));
const parseEml = (name: string) => parseMessage(eml(name), meta({ id: name }), FETCHED_AT);

/**
 * Fixtures that declare a message/delivery-status part which no MIME reader can find as one:
 * the report is pasted into a text body, sits inside the returned message, or the MIME is broken.
 */
const REPORT_NOT_A_PART: Record<string, string> = {
  'lhost-postfix-49.eml': 'the whole bounce is pasted into a text/plain body',
  'lhost-sendmail-53.eml': 'no MIME headers at the top: the message is one text/plain part',
  'lhost-sendmail-54.eml': 'no MIME headers at the top: the message is one text/plain part',
  'lhost-x5-01.eml': 'the report is inside the returned message/rfc822',
  'rfc3464-35.eml': 'no boundary line before the delivery-status part',
  'rhost-franceptt-07.eml': 'the parts use a different boundary than the one declared',
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe('every real message in ../shared/fixtures/emails', () => {
  it('there are real messages to read', () => {
    expect(emlFiles.length).toBeGreaterThan(400);
  });

  it.each(emlFiles)('%s decodes with a sender, a date and its report parts listed', async (name) => {
    const raw = eml(name);
    const m = await parseEml(name);
    expect(() => DecodedMessage.parse(m)).not.toThrow();
    expect(m.text).not.toBe(UNDECODABLE_TEXT);
    expect(Number.isNaN(Date.parse(m.date))).toBe(false);
    // A sender: a real address, or (From without a usable address) what the header names.
    const head = raw.toString('latin1').split(/\r?\n\r?\n/)[0] ?? '';
    if (/^from:/im.test(head)) expect(m.from.email !== UNKNOWN_SENDER_EMAIL || m.from.name !== '').toBe(true);
    const declaresReport = /^content-type:\s*message\/delivery-status/im.test(raw.toString('latin1'));
    if (declaresReport && !(name in REPORT_NOT_A_PART)) expect(m.attachments.map((a) => a.mimeType)).toContain('message/delivery-status');
  });

  it('most bounces carry a delivery-status part, and every fixture excused above exists and declares one', () => {
    const declaring = emlFiles.filter((f) => /^content-type:\s*message\/delivery-status/im.test(eml(f).toString('latin1')));
    expect(declaring.length).toBeGreaterThan(200);
    for (const name of Object.keys(REPORT_NOT_A_PART)) expect(declaring).toContain(name);
  });
});

describe('specific real messages', () => {
  it('an RFC 3834 auto-reply: its text is the body, nothing quoted, no attachments', async () => {
    const m = await parseEml('rfc3834-02.eml');
    expect(m).toMatchObject({
      from: { name: 'Neko, Nyaan', email: 'nekonyaan@example.org' },
      to: [{ name: 'Kijitora', email: 'kijitora@example.com' }],
      subject: 'Automatic reply: Nyaan',
      date: '2013-07-17T23:34:45.000Z',
      messageId: '<fb1b2d9ea3df46d9839a6dcb99410ebb@neko.nyaan.example.net>',
      body: "I'm out of the office Friday. For pressing news matters, Nyaan.",
      quoted: '',
      signature: '',
      attachments: [],
      html: null,
    });
  });

  it('an auto-reply in quoted-printable UTF-8 after an mbox From_ line', async () => {
    const m = await parseEml('rfc3834-05.eml');
    expect(m.from).toEqual({ name: '', email: 'foo@bar.net' });
    expect(m.inReplyTo).toBe('<foobar@dummy.org>');
    expect(m.body).toBe('zukünftig\nkarl@hanz.de');
  });

  it('a multipart/report bounce lists the delivery report and the returned message; the notice is the body', async () => {
    const m = await parseEml('rfc3464-03.eml');
    expect(m.from).toEqual({ name: 'Mail Delivery System', email: 'MAILER-DAEMON@EXAMPLE.ORG' });
    expect(m.subject).toBe('Undelivered Mail Returned to Sender');
    expect(m.attachments).toEqual([
      { filename: '', mimeType: 'message/delivery-status', size: 448 },
      { filename: '', mimeType: 'message/rfc822', size: 619 },
    ]);
    expect(m.body).toMatch(/^This is the Email Security Gateway at host smtpd-02\.example\.org\./);
    // The returned message is an attachment, not part of the text.
    expect(m.text).not.toContain('Reporting-MTA');
  });

  it('an ARF complaint lists its feedback report and the reported message', async () => {
    const m = await parseEml('arf-02.eml');
    expect(m.attachments.map((a) => a.mimeType)).toEqual(['message/feedback-report', 'message/rfc822']);
    expect(m.body).toContain('This is an email abuse report');
  });

  it('a From that is only a name keeps the name with a placeholder address', async () => {
    const m = await parseEml('lhost-x6-01.eml');
    expect(m.from).toEqual({ name: 'mailer-daemon', email: UNKNOWN_SENDER_EMAIL });
  });
});

const crlf = (...lines: string[]) => lines.join('\r\n');

describe('parseMessage', () => {
  it('HTML only: text is derived from the HTML without a DOM; the HTML is kept for sanitised display', async () => {
    const html = '<html><head><style>p{}</style></head><body><div dir="ltr">Hi Sam,<div><br></div><div>40 seats &amp; a pilot?</div></div></body></html>';
    const raw = crlf('From: Dana <dana@northwind-logistics.com>', 'Subject: Pilot', 'Date: Mon, 2 Jun 2025 10:00:00 -0700', 'Content-Type: text/html; charset=utf-8', '', html);
    const m = await parseMessage(raw, meta({ snippet: 'Hi Sam, 40 seats &amp; a pilot?' }), FETCHED_AT);
    expect(m.text).toBe('Hi Sam,\n\n40 seats & a pilot?');
    expect(m.html?.trim()).toBe(html);
    expect(m.snippet).toBe('Hi Sam, 40 seats & a pilot?');
    expect(m.date).toBe('2025-06-02T17:00:00.000Z');
  });

  it('decodes encoded words, address groups, references; a bad Date falls back to internalDate', async () => {
    const raw = crlf(
      `From: ${encodeWords('Zoë Ångström').join(' ')} <zoe@example.com>`,
      'To: Buyers: a@example.com, "B, Person" <b@example.com>;',
      'Cc: undisclosed-recipients:;',
      'Reply-To: deals@example.com',
      `Subject: ${encodeWords('Prix — 40 postes 🚀').join(' ')}`,
      'Date: not a date',
      'Message-ID: <z1@example.com>',
      'In-Reply-To: <s1@example.com>',
      'References: <t0@example.com>\r\n <s1@example.com>',
      '',
      'Bonjour',
    );
    const m = await parseMessage(raw, meta({ internalDate: String(Date.UTC(2025, 5, 2, 17)) }), FETCHED_AT);
    expect(m).toMatchObject({
      from: { name: 'Zoë Ångström', email: 'zoe@example.com' },
      to: [
        { name: '', email: 'a@example.com' },
        { name: 'B, Person', email: 'b@example.com' },
      ],
      cc: [],
      replyTo: [{ name: '', email: 'deals@example.com' }],
      subject: 'Prix — 40 postes 🚀',
      date: '2025-06-02T17:00:00.000Z',
      messageId: '<z1@example.com>',
      inReplyTo: '<s1@example.com>',
      references: ['<t0@example.com>', '<s1@example.com>'],
      labelIds: ['INBOX'],
    });
  });

  it('lists named attachments with their decoded size; inline images used by the HTML are not listed', async () => {
    const pdf = Buffer.from('%PDF-1.4 quote').toString('base64');
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47]).toString('base64');
    const raw = crlf(
      'From: dana@northwind-logistics.com',
      'Content-Type: multipart/mixed; boundary="m"',
      '',
      '--m',
      'Content-Type: multipart/related; boundary="r"',
      '',
      '--r',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>Quote attached <img src="cid:logo@x"></p>',
      '--r',
      'Content-Type: image/png',
      'Content-ID: <logo@x>',
      'Content-Transfer-Encoding: base64',
      '',
      png,
      '--r--',
      '--m',
      `Content-Type: application/pdf; name="${encodeWords('Angebot Köln.pdf').join(' ')}"`,
      'Content-Disposition: attachment; filename*=UTF-8\'\'Angebot%20K%C3%B6ln.pdf',
      'Content-Transfer-Encoding: base64',
      '',
      pdf,
      '--m--',
    );
    const m = await parseMessage(raw, meta(), FETCHED_AT);
    expect(m.attachments).toEqual([{ filename: 'Angebot Köln.pdf', mimeType: 'application/pdf', size: 14 }]);
    expect(m.text).toBe('Quote attached');
  });

  it('a message whose MIME cannot be decoded keeps its headers and says so, logging no content', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    // Deeper than postal-mime's nesting limit (256): it rejects the parse.
    const depth = 300;
    const open = Array.from({ length: depth }, (_, i) => `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n`).join('');
    const raw = `From: "Whitfield, Dana" <dana@northwind-logistics.com>\r\nSubject: Secret plans\r\nDate: Mon, 2 Jun 2025 10:00:00 -0700\r\nMessage-ID: <deep@x>\r\n${open}Content-Type: text/plain\r\n\r\nconfidential body\r\n`;
    const m = await parseMessage(raw, meta({ id: 'deep1', snippet: 'confidential body' }), FETCHED_AT);
    expect(m).toMatchObject({
      id: 'deep1',
      from: { name: 'Whitfield, Dana', email: 'dana@northwind-logistics.com' },
      subject: 'Secret plans',
      messageId: '<deep@x>',
      date: '2025-06-02T17:00:00.000Z',
      text: UNDECODABLE_TEXT,
      body: UNDECODABLE_TEXT,
      attachments: [],
    });
    expect(warn).toHaveBeenCalledTimes(1);
    const logged = JSON.stringify(warn.mock.calls);
    expect(logged).toContain('deep1');
    expect(logged).not.toMatch(/confidential|Secret plans|Whitfield/);
  });

  it("Gmail's raw is base64url; a raw that is not is undecodable, not an exception", async () => {
    const raw = 'From: a@example.com\r\nSubject: ü\r\n\r\nhello >>> ???\r\n';
    await expect(parseGmailRaw(toBase64Url(raw), meta(), FETCHED_AT)).resolves.toMatchObject({ subject: 'ü', body: 'hello >>> ???' });
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    await expect(parseGmailRaw('not*base64', meta(), FETCHED_AT)).resolves.toMatchObject({ text: UNDECODABLE_TEXT, from: { email: UNKNOWN_SENDER_EMAIL } });
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

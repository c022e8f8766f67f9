import { describe, expect, it } from 'vitest';
import { sampleMessage } from '../../test/fixtures';
import { buildMime, encodeWords, formatRfc5322Date, toBase64Url } from './mime-build';
import { base64UrlToBytes, decodeBase64Url, outgoingFromMime } from './mime-parse';

const opts = { messageId: '<cs-0001@countersign.local>', date: new Date(Date.UTC(2026, 0, 1, 9, 5, 3)) };

const headerBlock = (raw: string) => raw.slice(0, raw.indexOf('\r\n\r\n'));
const headerLines = (raw: string) => headerBlock(raw).split('\r\n');
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The text of one encoded-word, decoded on its own: throws if the word holds half a character. */
function decodeWordStrict(word: string): string {
  const match = /^=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=$/.exec(word);
  if (!match) throw new Error(`not an encoded-word: ${word}`);
  return strictUtf8.decode(base64UrlToBytes(match[1] ?? ''));
}

describe('buildMime', () => {
  it('writes the RFC 5322 headers of a reply, in order, with CRLF line endings', () => {
    const raw = buildMime(sampleMessage(), opts);
    expect(headerLines(raw)).toEqual([
      'From: Sam Rep <sam.rep@example.com>',
      'To: Dana Whitfield <dana@northwind-logistics.com>',
      'Subject: Re: Pricing for 40 seats',
      'Date: Thu, 01 Jan 2026 09:05:03 +0000',
      'Message-ID: <cs-0001@countersign.local>',
      'In-Reply-To: <dana-1@northwind-logistics.com>',
      'References: <dana-1@northwind-logistics.com>',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=UTF-8',
      'Content-Transfer-Encoding: base64',
    ]);
    expect(raw.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(raw.endsWith('\r\n')).toBe(true);
  });

  it('adds Cc and Bcc only when they have addresses, and leaves reply headers out of a new thread', () => {
    const fresh = buildMime(sampleMessage({ threadId: null, inReplyTo: null, references: [] }), opts);
    expect(fresh).not.toMatch(/^(Cc|Bcc|In-Reply-To|References):/m);
    const copied = buildMime(
      sampleMessage({ cc: [{ name: '', email: 'ops@northwind-logistics.com' }], bcc: [{ name: 'CRM', email: 'log@crm.example' }] }),
      opts,
    );
    expect(copied).toContain('\r\nCc: ops@northwind-logistics.com\r\n');
    expect(copied).toContain('\r\nBcc: CRM <log@crm.example>\r\n');
  });

  it('is deterministic: the same message gives the same bytes', () => {
    const msg = sampleMessage({ subject: 'Prix 🚀 日本', body: 'é'.repeat(500) });
    expect(buildMime(msg, opts)).toBe(buildMime(structuredClone(msg), { ...opts, date: new Date(opts.date) }));
  });

  it('quotes display names that are not plain atoms and escapes quotes and backslashes', () => {
    const raw = buildMime(
      sampleMessage({
        to: [
          { name: 'Whitfield, Dana', email: 'dana@example.com' },
          { name: 'Dana "DW" W. \\ Ops', email: 'dw@example.com' },
          { name: 'Plain Atoms', email: 'p@example.com' },
        ],
      }),
      opts,
    );
    const to = headerBlock(raw).match(/^To: [\s\S]*?(?=\r\n\S)/m)?.[0].replace(/\r\n /g, ' ');
    expect(to).toBe('To: "Whitfield, Dana" <dana@example.com>, "Dana \\"DW\\" W. \\\\ Ops" <dw@example.com>, Plain Atoms <p@example.com>');
  });

  it('base64-encodes the body as UTF-8 with CRLF line endings in lines of at most 76 characters', () => {
    const body = 'Hi Dana,\n\nLine with ünïcödé and 日本語 🚀\r\nold mac\rend. ' + 'x'.repeat(300);
    const raw = buildMime(sampleMessage({ body }), opts);
    const encoded = raw.slice(raw.indexOf('\r\n\r\n') + 4).split('\r\n').filter(Boolean);
    expect(encoded.every((line) => line.length <= 76)).toBe(true);
    expect(encoded.slice(0, -1).every((line) => line.length === 76)).toBe(true);
    expect(decodeBase64Url(encoded.join(''))).toBe(body.replace(/\r\n?|\n/g, '\r\n'));
  });

  it('formats the Date header as an RFC 5322 date-time in UTC', () => {
    expect(formatRfc5322Date(new Date(Date.UTC(2025, 11, 31, 23, 59, 59)))).toBe('Wed, 31 Dec 2025 23:59:59 +0000');
    expect(() => formatRfc5322Date(new Date(NaN))).toThrow(/not a valid date/);
  });

  it('folds a long ASCII subject at spaces and keeps every header line within 76 characters', async () => {
    const subject = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    const raw = buildMime(sampleMessage({ subject, to: Array.from({ length: 12 }, (_, i) => ({ name: `Person ${i}`, email: `p${i}@example.com` })) }), opts);
    expect(headerLines(raw).every((line) => line.length <= 76)).toBe(true);
    expect((await outgoingFromMime(raw)).subject).toBe(subject);
  });
});

describe('header injection', () => {
  const injections: [string, Parameters<typeof sampleMessage>[0]][] = [
    ['subject', { subject: 'Hello\r\nBcc: attacker@evil.example' }],
    ['subject (bare LF)', { subject: 'Hello\nX-Evil: 1' }],
    ['display name', { to: [{ name: 'Dana\rBcc: attacker@evil.example', email: 'dana@example.com' }] }],
    ['From name', { from: { name: 'Sam\n', email: 'sam@example.com' } }],
    ['address', { cc: [{ name: '', email: 'ops@example.com\r\nBcc: attacker@evil.example' }] }],
    ['In-Reply-To', { inReplyTo: '<a@b>\r\nBcc: attacker@evil.example' }],
    ['References', { references: ['<a@b>', '<c@d>\nBcc: attacker@evil.example'] }],
  ];
  it.each(injections)('a line break in the %s is refused', (_field, over) => {
    expect(() => buildMime(sampleMessage(over), opts)).toThrow(/line break|not a plain email address/);
  });

  it('a line break in the Message-ID is refused', () => {
    expect(() => buildMime(sampleMessage(), { ...opts, messageId: '<x@y>\r\nBcc: a@b.c' })).toThrow(/line break/);
  });

  it('an address or message id that would need quoting is refused', () => {
    expect(() => buildMime(sampleMessage({ to: [{ name: '', email: 'a@b.com>, evil@x.com' }] }), opts)).toThrow(/not a plain email address/);
    expect(() => buildMime(sampleMessage({ inReplyTo: 'no-brackets@x' }), opts)).toThrow(/not a <message-id>/);
  });
});

describe('RFC 2047 encoded-words', () => {
  const texts = ['Prix 🚀 — 40 postes', '日本語の件名はとても長いのでエンコードされた単語を複数に分割する必要があります', '👩‍👩‍👧‍👦'.repeat(12), 'a'.repeat(38) + '€'];

  it.each(texts)('each word of %j is at most 75 characters and holds whole characters', (text) => {
    const words = encodeWords(text);
    expect(words.every((w) => w.length <= 75)).toBe(true);
    expect(words.map(decodeWordStrict).join('')).toBe(text);
  });

  it.each(texts)('subject and display name %j survive a build and parse', async (text) => {
    const raw = buildMime(sampleMessage({ subject: text, from: { name: text, email: 'sam@example.com' } }), opts);
    expect(headerLines(raw).every((line) => line.length <= 76)).toBe(true);
    const back = await outgoingFromMime(raw);
    expect(back.subject).toBe(text);
    expect(back.from.name).toBe(text);
  });

  it('encodes ASCII that a parser would alter: encoded-word lookalikes and edge whitespace', async () => {
    for (const subject of ['=?UTF-8?B?aGk=?= literal', ' leading and trailing ', 'tab\there', 'double  space']) {
      const raw = buildMime(sampleMessage({ subject }), opts);
      expect(headerBlock(raw)).toMatch(/^Subject: =\?UTF-8\?B\?/m);
      expect((await outgoingFromMime(raw)).subject).toBe(subject);
    }
  });
});

describe('base64url helpers', () => {
  it('toBase64Url uses the URL alphabet without padding', () => {
    expect(toBase64Url('')).toBe('');
    expect(toBase64Url('f')).toBe('Zg');
    expect(toBase64Url('<<???>>')).toBe('PDw_Pz8-Pg');
  });

  it('decodeBase64Url reverses toBase64Url for any UTF-8 text', () => {
    for (const text of ['', 'a', 'ab', 'abc', 'Zoë 🚀 日本語\r\n', 'x'.repeat(100_001)]) {
      expect(decodeBase64Url(toBase64Url(text))).toBe(text);
    }
  });

  it('decodeBase64Url accepts padding and rejects characters outside the alphabet', () => {
    expect(decodeBase64Url('Zg==')).toBe('f');
    expect(() => decodeBase64Url('Zg*')).toThrow(/base64url/);
    expect(() => decodeBase64Url('Z')).toThrow(/base64url/);
  });
});

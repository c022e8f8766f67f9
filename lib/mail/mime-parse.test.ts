import { describe, expect, it } from 'vitest';
import { canonicalMessage, contentHash } from '../gates/content-hash';
import { sampleMessage } from '../../test/fixtures';
import { buildMime, toBase64Url } from './mime-build';
import { decodeBase64Url, outgoingFromMime } from './mime-parse';
import type { OutgoingMessage } from './outgoing';

const opts = { messageId: '<cs-42@countersign.local>', date: new Date(Date.UTC(2026, 2, 14, 15, 9, 26)) };

const longBody = Array.from(
  { length: 400 },
  (_, i) => `Line ${i}: Grüße aus Köln — 価格は ${i * 40} 円です 🚀 ${'lorem ipsum '.repeat(i % 9)}`,
).join('\n');

const cases: [string, OutgoingMessage][] = [
  ['a plain reply', sampleMessage()],
  [
    'unicode names, subject and body',
    sampleMessage({
      from: { name: 'Zoë Ångström-Łukasiewicz', email: 'zoe@example.com' },
      to: [
        { name: '山田 太郎', email: 'taro.yamada@example.jp' },
        { name: 'Müller, Jörg', email: 'joerg@example.de' },
      ],
      subject: 'Re: Prix — 40 postes 🚀 日本語の件名はとても長いのでエンコードされた単語を複数に分割する必要があります',
      body: 'Bonjour Jörg,\n\nVoici le devis: 40 × 12 € = 480 €.\n日本語も大丈夫です。👋🏽\n\n— Zoë  \n',
    }),
  ],
  ['a long body with long lines', sampleMessage({ body: `${longBody}\n${'x'.repeat(5_000)}` })],
  [
    'many recipients, cc and bcc',
    sampleMessage({
      to: Array.from({ length: 25 }, (_, i) => ({ name: i % 3 ? `Buyer ${i}` : '', email: `buyer${i}@Example.COM` })),
      cc: [
        { name: 'Ops, Northwind', email: 'ops@northwind-logistics.com' },
        { name: 'Renée "RJ" O\'Neil', email: 'renee@example.com' },
        { name: '', email: 'finance@example.com' },
      ],
      bcc: [{ name: 'CRM logger', email: 'log@crm.example' }],
    }),
  ],
  [
    'reply headers with a long references chain',
    sampleMessage({
      inReplyTo: '<CAF=ab+cd-9@mail.gmail.com>',
      references: Array.from({ length: 12 }, (_, i) => `<msg-${i}.${'z'.repeat(30)}@mail.example.com>`).concat('<CAF=ab+cd-9@mail.gmail.com>'),
    }),
  ],
  ['a new thread', sampleMessage({ threadId: null, inReplyTo: null, references: [] })],
  ['CRLF line endings and an empty subject', sampleMessage({ subject: '', body: 'one\r\ntwo\r\n\r\nthree' })],
  ['an empty body', sampleMessage({ body: '' })],
];

describe('what is sent is what was approved', () => {
  it.each(cases)('%s: the parsed MIME has the content hash of the approved message', async (_name, msg) => {
    const back = await outgoingFromMime(buildMime(msg, opts));
    const sent = { ...back, threadId: msg.threadId };
    expect(canonicalMessage(sent)).toBe(canonicalMessage(msg));
    expect(contentHash(sent)).toBe(contentHash(msg));
  });

  it('an edit to any field changes the hash of the parsed MIME', async () => {
    const msg = cases[1]![1];
    const edited = { ...msg, body: `${msg.body}.` };
    const back = await outgoingFromMime(buildMime(edited, opts));
    expect(contentHash({ ...back, threadId: msg.threadId })).not.toBe(contentHash(msg));
  });

  it('the raw field Gmail receives decodes back to the same message', async () => {
    const msg = cases[3]![1];
    const raw = buildMime(msg, opts);
    const fromWire = decodeBase64Url(toBase64Url(raw));
    expect(fromWire).toBe(raw);
    expect(contentHash({ ...(await outgoingFromMime(fromWire)), threadId: msg.threadId })).toBe(contentHash(msg));
  });
});

describe('outgoingFromMime', () => {
  it('reads a message written by another mailer: groups flattened, references split on whitespace', async () => {
    const raw = [
      'From: "Dana Whitfield" <dana@example.com>',
      'To: Buyers: a@example.com, "B, Person" <b@example.com>;',
      'Subject: =?ISO-8859-1?Q?Andr=E9?= says hi',
      'In-Reply-To: <x@y>',
      'References: <w@y>\r\n\t<x@y>',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Hello',
    ].join('\r\n');
    const msg = await outgoingFromMime(raw);
    expect(msg.to).toEqual([
      { name: '', email: 'a@example.com' },
      { name: 'B, Person', email: 'b@example.com' },
    ]);
    expect(msg.subject).toBe('André says hi');
    expect(msg.references).toEqual(['<w@y>', '<x@y>']);
    expect(msg.inReplyTo).toBe('<x@y>');
    expect(msg.threadId).toBeNull();
    expect(msg.body.trim()).toBe('Hello');
  });

  it('rejects a message without recipients, as OutgoingMessage does', async () => {
    await expect(outgoingFromMime('From: a@example.com\r\nSubject: x\r\n\r\nbody')).rejects.toThrow(/recipient/);
  });
});

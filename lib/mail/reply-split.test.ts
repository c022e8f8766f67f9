import { describe, expect, it } from 'vitest';
import { splitReply } from './reply-split';

const OTHER_ID = '<b7c1@northwind-logistics.com>';
const GMAIL_ID = '<CAF=x9+dana@mail.gmail.com>';
const lines = (...l: string[]) => l.join('\n');

describe('splitReply on plain text', () => {
  it('English: "On … wrote:" starts the quoted history; "-- " starts the signature', () => {
    const text = lines(
      'Hi Sam,',
      '',
      'Thursday works.',
      '',
      'Thanks,',
      'Dana',
      '',
      '-- ',
      'Dana Whitfield',
      'Operations Director, Northwind Logistics',
      '',
      'On Mon, Jun 2, 2025 at 10:00 AM Sam Rep <sam.rep@example.com> wrote:',
      '> Would Thursday work for a walkthrough?',
      '>',
      '> Sam',
    );
    expect(splitReply(text, null, OTHER_ID)).toEqual({
      body: 'Hi Sam,\n\nThursday works.\n\nThanks,\nDana',
      signature: '-- \nDana Whitfield\nOperations Director, Northwind Logistics',
      quoted: 'On Mon, Jun 2, 2025 at 10:00 AM Sam Rep <sam.rep@example.com> wrote:\n> Would Thursday work for a walkthrough?\n>\n> Sam',
    });
  });

  it('an attribution line Gmail wrapped over two lines is still found', () => {
    const text = lines('Sure.', '', 'On Mon, Jun 2, 2025 at 10:00 AM Sam Rep <sam.rep@example.com>', 'wrote:', '> Pilot?');
    const parts = splitReply(text, null, OTHER_ID);
    expect(parts.body).toBe('Sure.');
    expect(parts.quoted).toMatch(/^On Mon, Jun 2, 2025 .* wrote:\n> Pilot\?$/);
  });

  it('German: "Am … schrieb …:" starts the quoted history', () => {
    const text = lines('Hallo Sam,', '', 'passt, danke.', '', 'Gruß', 'Jörg', '', 'Am 02.06.2025 um 10:00 schrieb Sam Rep <sam.rep@example.com>:', '> Passt Donnerstag?');
    expect(splitReply(text, null, OTHER_ID)).toEqual({
      body: 'Hallo Sam,\n\npasst, danke.\n\nGruß\nJörg',
      signature: '',
      quoted: 'Am 02.06.2025 um 10:00 schrieb Sam Rep <sam.rep@example.com>:\n> Passt Donnerstag?',
    });
  });

  it('Outlook: everything from "-----Original Message-----" on is history, its old signature included', () => {
    const text = lines(
      'Hi Sam,',
      '',
      'Yes, please send it.',
      '',
      'Best regards,',
      'Lee',
      '',
      '-----Original Message-----',
      'From: Sam Rep <sam.rep@example.com>',
      'Sent: Monday, June 2, 2025 10:00 AM',
      'To: Lee <lee@example.com>',
      'Subject: Quote',
      '',
      'Shall I send the quote?',
      '',
      'Best regards,',
      'Sam',
    );
    const parts = splitReply(text, null, OTHER_ID);
    expect(parts.body).toBe('Hi Sam,\n\nYes, please send it.');
    expect(parts.signature).toBe('Best regards,\nLee');
    expect(parts.quoted).toMatch(/^-----Original Message-----\nFrom: Sam Rep/);
    expect(parts.quoted).toMatch(/Shall I send the quote\?\n+Best regards,\nSam$/);
  });

  it('inline answers between quoted lines stay in the body; the trailing history does not', () => {
    const text = lines('> Can you do 40 seats?', 'Yes.', '> And a pilot?', 'Also yes.', '', 'On Mon, Jun 2, 2025 at 10:00 AM Sam <sam@example.com> wrote:', '> Can you do 40 seats?', '> And a pilot?');
    const parts = splitReply(text, null, OTHER_ID);
    expect(parts.body).toBe('> Can you do 40 seats?\nYes.\n> And a pilot?\nAlso yes.');
    expect(parts.quoted).toBe('On Mon, Jun 2, 2025 at 10:00 AM Sam <sam@example.com> wrote:\n> Can you do 40 seats?\n> And a pilot?');
  });

  it('a message with nothing to split is all body', () => {
    expect(splitReply('Just a note.\n', null, OTHER_ID)).toEqual({ body: 'Just a note.', quoted: '', signature: '' });
    expect(splitReply('', null, OTHER_ID)).toEqual({ body: '', quoted: '', signature: '' });
  });
});

describe("splitReply on Gmail's HTML", () => {
  const html =
    '<div dir="ltr">Hi Sam,<div>Thursday works.</div><br clear="all"><div><br></div>' +
    '<span class="gmail_signature_prefix">-- </span><br><div dir="ltr" class="gmail_signature"><div>Dana Whitfield</div><div>Northwind</div></div></div><br>' +
    '<div class="gmail_quote gmail_quote_container"><div dir="ltr" class="gmail_attr">On Mon, Jun 2, 2025 at 10:00 AM Sam Rep &lt;sam.rep@example.com&gt; wrote:<br></div>' +
    '<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex">Would Thursday work?<div class="gmail_signature">Sam</div></blockquote></div>';

  it('mail written by Gmail is cut at its own gmail_signature and gmail_quote containers', () => {
    expect(splitReply('(plain part)', html, GMAIL_ID)).toEqual({
      body: 'Hi Sam,\nThursday works.',
      signature: '--\nDana Whitfield\nNorthwind',
      quoted: 'On Mon, Jun 2, 2025 at 10:00 AM Sam Rep <sam.rep@example.com> wrote:\nWould Thursday work?\nSam',
    });
  });

  it('the same markup in mail from another client is not trusted: the plain text is split instead', () => {
    expect(splitReply('Plain body only.', html, OTHER_ID)).toEqual({ body: 'Plain body only.', quoted: '', signature: '' });
  });

  it('Gmail HTML without either container falls back to the plain text', () => {
    expect(splitReply('Hi.\n\nOn Mon, Jun 2, 2025 at 10:00 AM Sam <s@example.com> wrote:\n> x', '<div dir="ltr">Hi.</div>', GMAIL_ID)).toMatchObject({ body: 'Hi.' });
  });

  it('a message of 20,000 blank lines is split without the parser\'s quadratic blow-up (finishes well within the test timeout)', () => {
    const text = `Hello Sam,${'\n \n'.repeat(10_000)}Still interested.\n\nOn Mon, Jun 2, 2025 at 10:00 AM Sam <s@example.com> wrote:\n> x`;
    expect(splitReply(text, null, '<a@example.com>')).toMatchObject({ body: 'Hello Sam,\n\nStill interested.', quoted: expect.stringContaining('> x') });
  }, 2_000);
});

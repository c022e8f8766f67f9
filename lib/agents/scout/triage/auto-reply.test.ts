import { describe, expect, it } from 'vitest';
import { constructed, constructedAutoReply } from './constructed.test-helper';
import { readEml } from './corpus.test-helper';
import { triageRaw } from './triage';

/**
 * The real RFC 3834 auto-replies in ../shared/fixtures/emails, each read by hand, with the day
 * the writer is back where the message states one.
 */
const REAL_AUTO_REPLIES: Record<string, { returnDate: string | null; says: string }> = {
  'rfc3834-02.eml': { returnDate: '2013-07-20', says: '"I\'m out of the office Friday." sent Wed 17 Jul 2013: away Fri 19 Jul, back the day after' },
  'rfc3834-03.eml': { returnDate: '2020-01-10', says: 'X-Apple-Criteria: {kind=VACATION,…,endDate=2020-01-10T14:59:59Z}; the body ("I\'m only sleeping.") names no date' },
  'rfc3834-04.eml': { returnDate: '2013-08-01', says: '"I will be traveling for work on July 10-31." sent 16 Mar 2013: back 1 Aug 2013' },
  'rfc3834-05.eml': { returnDate: null, says: 'Auto-Submitted: auto-replied, body "zukünftig karl@hanz.de" (a new address, no date)' },
};

describe('real RFC 3834 auto-replies', () => {
  it.each(Object.entries(REAL_AUTO_REPLIES))('%s is an auto-reply with the return date it states', async (file, expected) => {
    const r = await triageRaw(readEml(file));
    expect(r.class).toBe('auto_reply');
    expect(r.autoReply).toEqual({ returnDate: expected.returnDate });
  });
});

// Everything below is CONSTRUCTED: minimal hand-written messages, not real mail.
describe('auto-reply recognition on constructed messages', () => {
  it.each([
    ['Auto-Submitted: auto-replied', ['Auto-Submitted: auto-replied'], 'Re: Pricing'],
    ['X-Autoreply: yes', ['X-Autoreply: yes'], 'Re: Pricing'],
    ['X-Autorespond', ['X-Autorespond: Out of office'], 'Re: Pricing'],
    ['Precedence: auto_reply', ['Precedence: auto_reply'], 'Re: Pricing'],
    ['X-Auto-Response-Suppress with an OOF subject', ['X-Auto-Response-Suppress: OOF, AutoReply'], 'Out of Office: Pricing'],
  ])('%s makes an auto-reply', async (_name, headers, subject) => {
    const r = await triageRaw(constructed({ subject, headers, body: 'Thanks for your message.' }));
    expect(r.class).toBe('auto_reply');
  });

  it('Auto-Submitted: no is not an auto-reply', async () => {
    const r = await triageRaw(constructed({ headers: ['Auto-Submitted: no'], body: 'Sounds great, tell me more.' }));
    expect(r.class).toBe('interested');
  });

  it.each([
    ['English', 'Automatic reply: Pricing', 'I am out of the office and will be back on 3 December.', '2025-12-03'],
    ['German', 'Abwesenheitsnotiz: Pricing', 'Vielen Dank für Ihre Nachricht. Ich bin bis zum 15.01.2026 nicht im Büro.', '2026-01-15'],
    ['German (ab … wieder)', 'Automatische Antwort: Pricing', 'Ich bin ab dem 5. Januar wieder im Büro.', '2026-01-05'],
    ['French', 'Réponse automatique : Pricing', 'Je suis absente du bureau, de retour le 5 janvier.', '2026-01-05'],
    ['Spanish', 'Respuesta automática: Pricing', 'Estoy fuera de la oficina hasta el 7 de enero.', '2026-01-07'],
    ['Dutch', 'Automatisch antwoord: Pricing', 'Ik ben afwezig tot en met 6 januari.', '2026-01-06'],
    ['Italian', 'Risposta automatica: Pricing', 'Sono fuori ufficio fino al 7 gennaio.', '2026-01-07'],
    ['Portuguese', 'Resposta automática: Pricing', 'Estou fora do escritório até 8 de janeiro.', '2026-01-08'],
    ['Japanese', '自動返信: Pricing', '1月6日まで不在にしております。', '2026-01-06'],
    ['English, numeric US date with weekday', 'Out of Office: Pricing', 'I am travelling, returning Monday 12/01.', '2025-12-01'],
    ['English, a range', 'Out of Office', 'I am on annual leave from 24 December to 2 January.', '2026-01-03'],
  ])('%s: recognised with its return date (year from the Date header)', async (_language, subject, body, returnDate) => {
    // Without an RFC 3834 header: subject and wording alone.
    const r = await triageRaw(constructed({ subject, body, date: 'Wed, 19 Nov 2025 10:00:00 +0100' }));
    expect(r.class).toBe('auto_reply');
    expect(r.autoReply?.returnDate).toBe(returnDate);
  });

  it('reads a date without a year as the next one after the message date, across the new year', async () => {
    const r = await triageRaw(constructedAutoReply('I will be back on 3 January.', { date: 'Mon, 22 Dec 2025 09:00:00 +0000' }));
    expect(r.autoReply?.returnDate).toBe('2026-01-03');
  });

  it('gives no return date when the reply states none, or only when the absence starts', async () => {
    expect((await triageRaw(constructedAutoReply('I am out of the office with limited access to email.'))).autoReply).toEqual({ returnDate: null });
    expect((await triageRaw(constructedAutoReply('I will be out of the office from Monday, November 24.'))).autoReply).toEqual({ returnDate: null });
  });

  it('does not take a person writing "I\'ll be out of office next week" for an auto-reply', async () => {
    const r = await triageRaw(constructed({ body: "Thanks Sam. I'll be out of office next week, so let's talk after that." }));
    expect(r.class).not.toBe('auto_reply');
  });

  it('an auto-reply saying the person has left is wrong_person, with whom to write to instead', async () => {
    const r = await triageRaw(constructedAutoReply('Dana is no longer with Northwind. Please contact Lee Park <lee.park@northwind-logistics.example>.'));
    expect(r).toMatchObject({ class: 'wrong_person', referral: { name: 'Lee Park', email: 'lee.park@northwind-logistics.example' } });
  });

  it('reads the return date only from the new text, not from quoted history', async () => {
    const body = 'I am out of the office with limited access to email.\n\nOn Tue, 18 Nov 2025 at 09:00, Sam Rep <sam.rep@countersign.example> wrote:\n> Could we talk on 3 December?\n';
    const r = await triageRaw(constructedAutoReply(body));
    expect(r.autoReply).toEqual({ returnDate: null });
  });
});

import { describe, expect, it } from 'vitest';
import type { TriageClass } from '../model';
import { classifyReply, type ReplyContext } from './reply-rules';

// Every reply below is CONSTRUCTED: short hand-written texts, not real mail.
const ctx: ReplyContext = {
  subject: 'Re: Pricing for 40 seats',
  ref: { instant: new Date('2025-11-19T09:00:00Z'), timezone: 60 },
  own: ['dana@northwind-logistics.example'],
  cc: [],
  calendarInvite: false,
};
const classify = (text: string, over: Partial<ReplyContext> = {}) => classifyReply(text, { ...ctx, ...over });

const CASES: Record<Exclude<TriageClass, 'bounce' | 'complaint' | 'auto_reply' | 'other'>, readonly string[]> = {
  unsubscribe: [
    'Please unsubscribe me.',
    'Remove me from your list.',
    'Stop emailing me.',
    'Please take me off your mailing list.',
    'Bitte abmelden.',
    'Bitte tragen Sie mich aus Ihrem Verteiler aus.',
    'Je souhaite me désinscrire.',
    'Por favor, no me envíes más correos.',
    'Graag uitschrijven.',
    'Cancellami dalla lista.',
    'Por favor, descadastre meu email.',
    '配信停止をお願いします。',
  ],
  wrong_person: [
    "I'm not the right person for this.",
    "I'm no longer with the company.",
    'Ich bin nicht der richtige Ansprechpartner.',
    'Je ne suis pas la bonne personne.',
    'No soy la persona adecuada.',
    'Ik ben niet de juiste persoon.',
    'Non sono la persona giusta.',
    'Não sou a pessoa certa.',
  ],
  referral: ['Jane Doe handles this, please reach out to her at jane@northwind-logistics.example.', 'Please talk to Lee Park <lee@northwind-logistics.example>, he runs procurement.'],
  not_now: ['Not right now, reach out in Q2.', "Let's circle back in March.", 'Maybe next quarter.', 'Derzeit kein Bedarf.', 'Pas pour le moment.', 'Ahora no, quizás más adelante.'],
  meeting_request: [
    "Sure, let's set up a call next week.",
    'Can we schedule a 30 minute call?',
    'Here is my calendar: https://calendly.com/dana/30min',
    'Gerne, lassen Sie uns einen Termin vereinbaren.',
    'Êtes-vous disponible jeudi ?',
    '¿Podemos agendar una llamada?',
  ],
  objection: ['Not interested, thanks.', 'We already use Salesforce for this.', 'Kein Interesse.', 'Pas intéressé.', 'No nos interesa.', 'Too expensive for us.'],
  interested: ['Sounds interesting, tell me more.', "I'm interested, please send more info.", 'Klingt interessant!', "Ça m'intéresse.", 'Me interesa.', 'Sono interessato.'],
  question: ['Does it integrate with HubSpot?', 'How much does it cost per seat?', '¿Funciona con Outlook?'],
};

describe('reply rules over a reply\'s own words (constructed replies)', () => {
  for (const [expected, texts] of Object.entries(CASES)) {
    it.each(texts)(`"%s" is ${expected}`, (text) => {
      const verdict = classify(text);
      expect(verdict.class).toBe(expected);
      expect(verdict.reason).toMatch(/rule/);
    });
  }

  it.each(['Thanks!', 'Got it.', 'Ok, noted.', ''])('"%s" is left as other for the model', (text) => {
    expect(classify(text).class).toBe('other');
  });

  it('an opt-out wins over everything else in the same reply', () => {
    expect(classify("Not interested, and I'm not the right person anyway. Please remove me from your list.").class).toBe('unsubscribe');
  });

  it('"not interested" is an objection, not interest', () => {
    expect(classify("We're not interested.").class).toBe('objection');
    expect(classify('No me interesa.').class).toBe('objection');
  });

  it('a subject the writer typed as "Unsubscribe" is an opt-out even with an empty body; "Re: …" subjects are not read', () => {
    expect(classify('', { subject: 'Unsubscribe' }).class).toBe('unsubscribe');
    expect(classify('Thanks!', { subject: 'Re: How to unsubscribe users in bulk' }).class).toBe('other');
  });

  it('a reply that is only "STOP" is an opt-out; "stop" inside a sentence is not', () => {
    expect(classify('STOP').class).toBe('unsubscribe');
    expect(classify('Stop.').class).toBe('unsubscribe');
    expect(classify('We should stop by your booth at the fair.').class).toBe('other');
  });

  it('a calendar invitation is a meeting request', () => {
    expect(classify('See you then.', { calendarInvite: true }).class).toBe('meeting_request');
  });
});

describe('not now: when to come back', () => {
  it.each([
    ['Not right now, reach out in Q2.', '2026-04-01'],
    ["Let's circle back in March.", '2026-03-01'],
    ['Maybe next quarter.', '2026-01-01'],
    ['Try me again next year.', '2026-01-01'],
    ['Not now, ping me in two weeks.', '2025-12-03'],
    ['Not now, maybe after 15 January.', '2026-01-15'],
    ['Pas pour le moment, recontactez-moi en janvier.', '2026-01-01'],
    ['Derzeit kein Bedarf, melden Sie sich gerne nächstes Jahr.', '2026-01-01'],
    ['Not right now.', null],
  ])('"%s" → %s', (text, until) => {
    const verdict = classify(text);
    expect(verdict.class).toBe('not_now');
    expect(verdict.notNowUntil).toBe(until);
  });
});

describe('wrong person and referral: whom to talk to instead', () => {
  it.each([
    ["I'm not the right person, talk to Jane Doe <jane@northwind-logistics.example>", { name: 'Jane Doe', email: 'jane@northwind-logistics.example' }],
    ['Ich bin nicht der richtige Ansprechpartner. Wenden Sie sich bitte an Frau Müller (mueller@northwind-logistics.example).', { name: 'Müller', email: 'mueller@northwind-logistics.example' }],
    ['Je ne suis pas la bonne personne, contactez Marie Curie.', { name: 'Marie Curie', email: null }],
    ["I'm no longer with Northwind. For anything logistics, write to ops@northwind-logistics.example.", { name: null, email: 'ops@northwind-logistics.example' }],
  ])('%s', (text, referral) => {
    const verdict = classify(text);
    expect(verdict.class).toBe('wrong_person');
    expect(verdict.referral).toEqual(referral);
  });

  it('"no longer with the company" names nobody', () => {
    expect(classify("I'm no longer with the company.").referral).toBeUndefined();
  });

  it('a name copied in takes its address from the Cc', () => {
    const verdict = classify("I've cc'd Jane who owns procurement.", { cc: [{ name: 'Jane Doe', email: 'jane@northwind-logistics.example' }] });
    expect(verdict).toMatchObject({ class: 'referral', referral: { name: 'Jane Doe', email: 'jane@northwind-logistics.example' } });
  });

  it('the writer\'s own address is never the referral', () => {
    const verdict = classify("I'm not the right person. You can reach me at dana@northwind-logistics.example, but try sales-ops@northwind-logistics.example.");
    expect(verdict.referral?.email).toBe('sales-ops@northwind-logistics.example');
  });

  it('"please email the text … to x@y" is not a referral: no person follows the phrase', () => {
    expect(classify("Please email the text 'Hey' to 'mark.black-2134@gmail.com' using 'Important message!' as subject.").class).not.toBe('referral');
  });
});

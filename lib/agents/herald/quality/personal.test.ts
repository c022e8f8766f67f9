import { describe, expect, it } from 'vitest';
import type { ProspectFacts } from './model';
import { claimsAboutProspect, supportOf, supportsFor } from './personal';
import { companyPattern, recipientOf } from './recipient';

const prospect: ProspectFacts = {
  email: 'dana.reyes@acme.com',
  name: 'Dana Reyes',
  company: 'Acme Corp',
  facts: [
    { text: 'Acme is opening a second warehouse in Rotterdam in Q3', source: 'thread' },
    { text: 'Reconciles carrier invoices by hand in spreadsheets', source: 'crm' },
  ],
};
const r = recipientOf(prospect);
const supports = supportsFor(prospect, [{ text: 'You asked about SSO', source: 'Do you support SAML single sign-on for 120 seats?' }], r);
const companyRe = companyPattern(r);

describe('a sentence rests on evidence when it shares its specific details', () => {
  it('shares a fact’s details (a name or number and more)', () => {
    expect(supportOf('Good luck with the new Rotterdam warehouse.', supports)).toBe('Acme is opening a second warehouse in Rotterdam in Q3 (thread)');
    expect(supportOf('Matching carrier invoices by hand is slow.', supports)).toMatch(/carrier invoices/);
  });

  it('shares the source the model cited (not the claim it cited it for)', () => {
    expect(supportOf('Yes, SAML single sign-on is included for all 120 seats.', supports)).toMatch(/cited for "You asked about SSO"/);
    expect(supportOf('You asked about SSO.', supports)).toBeNull();
  });

  it('naming the prospect or their company, or one shared common word, is not evidence', () => {
    expect(supportOf('Acme Corp and Dana would love this.', supports)).toBeNull();
    expect(supportOf('Our warehouse tools are popular.', supports)).toBeNull();
    expect(supportOf('Happy to help.', supports)).toBeNull();
  });
});

describe('claims about the prospect', () => {
  it.each([
    "I saw that Acme is expanding into Brazil.",
    "You're expanding into Brazil this year.",
    'Your team recently hired a new CFO.',
    'Congrats on the Series B!',
    'Your recent launch looked great.',
    'You mentioned that budget is tight.',
    'Acme just opened an office in Austin.',
    'I noticed you are hiring three SDRs.',
  ])('%s is a claim about them', (sentence) => {
    expect(claimsAboutProspect(sentence, companyRe)).toBe(true);
  });

  it.each([
    'Are you expanding into Brazil?',
    "If you're expanding into new markets, this helps.",
    'We help teams like yours cut invoice work in half.',
    'It can help you reach inbox zero.',
    'Our customers usually start with one site.',
    'Would Tuesday work for a call?',
  ])('%s is not', (sentence) => {
    expect(claimsAboutProspect(sentence, companyRe)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import type { ProspectFacts } from './model';
import { greetingMismatch, recipientOf, wrongCompanies } from './recipient';

const dana: ProspectFacts = { email: 'dana.reyes@acme.com', name: 'Dana Reyes', company: 'Acme Corp', facts: [] };
const r = recipientOf(dana, { company: 'Countersign' });

describe('the greeting addresses the recipient', () => {
  it.each(['Hi Dana,', 'Hello Dana!', 'Dear Ms. Reyes,', 'Hi there,', 'Hi team,', 'Hey,', 'Dana,', 'Hi Dan,'])('%s is fine', (greeting) => {
    expect(greetingMismatch(greeting, r)).toBeNull();
  });

  it('a different first name is a wrong name', () => {
    expect(greetingMismatch('Hi Priya,', r)).toEqual({ said: 'Priya', expected: 'dana' });
  });

  it('a different last name after a title is a wrong name', () => {
    expect(greetingMismatch('Dear Mr. Smith,', r)).toEqual({ said: 'Mr Smith', expected: 'reyes' });
  });

  it('with no known name there is nothing to compare', () => {
    expect(greetingMismatch('Hi Priya,', recipientOf({ email: 'sales@acme.com', facts: [] }))).toBeNull();
  });

  it('the first name is read from a first.last address when no name is given', () => {
    const fromEmail = recipientOf({ email: 'dana.reyes@acme.com', facts: [] });
    expect(greetingMismatch('Hi Dana,', fromEmail)).toBeNull();
    expect(greetingMismatch('Hi Omar,', fromEmail)).not.toBeNull();
  });
});

describe('the company named as theirs is theirs', () => {
  const names = (text: string, subject = false) => wrongCompanies(text, r, { subject, sender: 'Countersign', people: ['Dana', 'Reyes'] }).map((c) => c.name);

  it.each([
    ['Hope things are going well at Initech.', 'Initech'],
    ['I know your team at Initech runs lean.', 'Initech'],
    ["Initech's expansion caught my eye.", 'Initech'],
    ['I saw that Initech just raised a round.', 'Initech'],
    ['Congrats to everyone at Globex Freight!', 'Globex Freight'],
  ])('%s names another company', (text, company) => {
    expect(names(text)).toEqual([company]);
  });

  it('a subject "… for Initech" names another company', () => {
    expect(names('A quick idea for Initech', true)).toEqual(['Initech']);
    expect(names('A quick idea for Acme', true)).toEqual([]);
    expect(names('Plan for Tuesday', true)).toEqual([]);
  });

  it.each([
    'Hope things are going well at Acme.',
    'Your team at Acme Corp runs lean.',
    "Acme's expansion caught my eye.",
    'Here at Countersign we built this for ops teams.',
    'Teams like Initech and Globex use it daily.',
    'Happy to meet you at Dreamforce.',
    'I saw that Dana is leading the rollout.',
  ])('%s is fine', (text) => {
    expect(names(text)).toEqual([]);
  });

  it('the company is read from a corporate domain when none is given; free mail says nothing', () => {
    const byDomain = recipientOf({ email: 'dana@northwind-logistics.com', facts: [] });
    expect(wrongCompanies('Hope things are going well at Northwind.', byDomain)).toEqual([]);
    expect(wrongCompanies('Hope things are going well at Initech.', byDomain).map((c) => c.name)).toEqual(['Initech']);
    expect(wrongCompanies('Hope things are going well at Initech.', recipientOf({ email: 'dana@gmail.com', facts: [] }))).toEqual([]);
  });
});

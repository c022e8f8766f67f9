import { describe, expect, it } from 'vitest';
import { spamTriggersIn, stockPhrasesIn } from './phrases';

describe('stock phrases', () => {
  it.each([
    ['I hope this finds you well.', 'hope this finds you well'],
    ['HOPE THIS FINDS YOU WELL!!', 'hope this finds you well'],
    ['Just checking in on this.', 'just checking in'],
    ['Happy to touch-base next week.', 'touch base'],
    ['Let me circle back on Friday.', 'circle back'],
    ['I wanted to reach out about your ops stack.', 'i wanted to reach out'],
    ['Quick question: who owns invoicing?', 'quick question'],
    ['Hope you’re doing well.', "hope you're doing well"],
  ])('%s has %s', (text, phrase) => {
    expect(stockPhrasesIn(text)).toEqual([phrase]);
  });

  it.each(['The Rotterdam site opens in Q3.', 'Checking the invoices by hand takes six hours.', 'Circle the date: Tuesday.'])('%s has none', (text) => {
    expect(stockPhrasesIn(text)).toEqual([]);
  });
});

describe('spam triggers', () => {
  it.each([
    ['Start your free trial today.', 'free trial'],
    ['Results are guaranteed.', 'guaranteed'],
    ['Act now, seats are limited.', 'act now'],
    ['It is 100% safe.', '100%'],
    ['Totally risk-free.', 'risk free'],
    ['This is big!!!', '!!!'],
    ['This is a LIMITED offer.', 'LIMITED'],
  ])('%s has %s', (text, trigger) => {
    expect(spamTriggersIn(text)).toContain(trigger);
  });

  it.each(['Are you free on Tuesday?', 'Feel free to forward this to the AWS owner.', 'We are SOC2 and GDPR compliant; EMEA data stays in the EU.', 'It cut costs by 15%.'])('%s has none', (text) => {
    expect(spamTriggersIn(text)).toEqual([]);
  });
});

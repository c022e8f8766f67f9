import { describe, expect, it } from 'vitest';
import { decodedMessage } from '../../../../test/fixtures';
import { newText, questionsIn } from './text';

const DANA = { name: 'Dana Whitfield', email: 'dana@northwind-logistics.com' };

describe('newText', () => {
  it('leaves out inline quotes and a sign-off block the splitter missed', () => {
    const body = 'Hi Sam,\n> Would Thursday work?\nYes, Thursday works.\n\nThanks,\nDana\n\nDana Whitfield\nVP Operations | Northwind Logistics\n+1 312 555 0142';
    expect(newText(decodedMessage({ id: 'm1', from: DANA, body }))).toBe('Hi Sam, Yes, Thursday works.');
  });

  it('keeps a closing that is only a greeting and a name', () => {
    expect(newText(decodedMessage({ id: 'm1', from: DANA, body: 'Sounds good.\n\nThanks,\nDana' }))).toBe('Sounds good. Thanks, Dana');
  });
});

describe('questionsIn', () => {
  it('lists the sentences that ask, not those quoted from the rep', () => {
    const body = 'Thanks. Could you send pricing? And does it work with Salesforce?\n> Can we meet Thursday?\nWe go live in Q2.';
    expect(questionsIn(decodedMessage({ id: 'm1', from: DANA, body }))).toEqual(['Could you send pricing?', 'And does it work with Salesforce?']);
  });
});

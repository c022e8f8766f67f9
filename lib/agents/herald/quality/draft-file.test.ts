import { describe, expect, it } from 'vitest';
import { parseDraftFile } from './draft-file';

describe('parseDraftFile', () => {
  it('reads subject, blank line, body; and an optional To: line first', () => {
    expect(parseDraftFile('Pricing\n\nHi Dana,\nBody')).toEqual({ to: null, subject: 'Pricing', body: 'Hi Dana,\nBody' });
    expect(parseDraftFile('To: Dana <Dana@Acme.com>\r\nPricing\r\n\r\nHi')).toEqual({ to: 'dana@acme.com', subject: 'Pricing', body: 'Hi' });
  });

  it.each([
    ['', /line 1: expected the subject/],
    ['Pricing\nHi Dana', /line 2: expected a blank line/],
    ['To: nobody\nPricing\n\nHi', /"To:" needs one email address/],
    ['To: a@b.com\n\n\nHi', /line 2: expected the subject/],
  ])('rejects %j', (text, message) => {
    expect(() => parseDraftFile(text)).toThrow(message);
  });
});

import { describe, expect, it } from 'vitest';
import { canonicalEmail, companyDomain, companyKey, jaroWinkler, nameTokens, phoneKey } from './normalise';

describe('dedupe keys', () => {
  it('canonicalEmail ignores case, whitespace and plus-tags; drops dots only for Gmail', () => {
    expect(canonicalEmail('  Dana.Reyes+crm@Northwind.COM ')).toBe('dana.reyes@northwind.com');
    expect(canonicalEmail('d.a.n.a+x@gmail.com')).toBe('dana@gmail.com');
    expect(canonicalEmail('Dana@GoogleMail.com')).toBe('dana@gmail.com');
    expect(canonicalEmail('dana.reyes@northwind.com')).not.toBe(canonicalEmail('danareyes@northwind.com'));
    expect(canonicalEmail('not an email')).toBeNull();
    expect(canonicalEmail('')).toBeNull();
    expect(canonicalEmail(null)).toBeNull();
  });

  it('phoneKey keeps the last ten digits, drops extensions, ignores fewer than seven digits', () => {
    expect(phoneKey('+1 (555) 123-4567')).toBe('5551234567');
    expect(phoneKey('555.123.4567 ext. 12')).toBe('5551234567');
    expect(phoneKey('0015551234567')).toBe('5551234567');
    expect(phoneKey('123-4567')).toBe('1234567');
    expect(phoneKey('ext. 204')).toBeNull();
    expect(phoneKey('12345')).toBeNull();
  });

  it('nameTokens folds accents and punctuation', () => {
    expect(nameTokens('José', "O'Neil-Smith")).toEqual(['jose', 'oneil', 'smith']);
  });

  it('companyKey drops legal forms and punctuation; companyDomain ignores free-mail', () => {
    expect(companyKey('The ACME Co., Inc.')).toBe('acme');
    expect(companyKey('Acme')).toBe('acme');
    expect(companyKey('Müller GmbH')).toBe('muller');
    expect(companyDomain('dana@northwind.com')).toBe('northwind.com');
    expect(companyDomain('dana@gmail.com')).toBeNull();
    expect(companyDomain('dana@yahoo.co.uk')).toBeNull();
  });

  it('jaroWinkler matches the textbook values', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 2);
    expect(jaroWinkler('abc', 'abc')).toBe(1);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { decodedMessage } from '../../../../test/fixtures';
import { bodyEnd, leadSignature, parseSignature } from './signature';

// Every signature below is constructed for these tests (names, numbers and addresses invented),
// in the layouts real signatures use.

const values = (sig: ReturnType<typeof parseSignature>) =>
  sig && {
    name: sig.name?.value ?? null,
    title: sig.title?.value ?? null,
    company: sig.company?.value ?? null,
    phones: sig.phones.map((p) => p.value),
    website: sig.website?.value ?? null,
    linkedin: sig.linkedin?.value ?? null,
    address: sig.address.map((a) => a.value),
  };

describe('parseSignature reads the fields of a signature block', () => {
  it('a US signature with title | company, a two-line address, labelled phones, website and LinkedIn', () => {
    const sig = parseSignature(
      [
        'Dana Whitfield',
        'VP Operations | Northwind Logistics',
        '200 W Adams St, Suite 1200',
        'Chicago, IL 60606',
        'T: +1 (312) 555-0142 | M: +1 312 555 0199',
        'www.northwind-logistics.com',
        'linkedin.com/in/danawhitfield',
      ].join('\n'),
      { name: 'Dana Whitfield' },
    );
    expect(values(sig)).toEqual({
      name: 'Dana Whitfield',
      title: 'VP Operations',
      company: 'Northwind Logistics',
      phones: ['+1 (312) 555-0142', '+1 312 555 0199'],
      website: 'www.northwind-logistics.com',
      linkedin: 'linkedin.com/in/danawhitfield',
      address: ['200 W Adams St, Suite 1200', 'Chicago, IL 60606'],
    });
    expect(sig!.title!.line).toBe('VP Operations | Northwind Logistics');
  });

  it('a German signature: greeting skipped, GmbH company, compound street name, postcode and city, "Tel.:" phone', () => {
    const sig = parseSignature(
      ['Mit freundlichen Grüßen', '', 'Jonas Becker', 'Leiter Einkauf', 'Brandt Maschinenbau GmbH', 'Industriestraße 12', '70565 Stuttgart', 'Tel.: +49 711 123456-0', 'https://www.brandt-maschinenbau.de'].join('\n'),
      { name: 'Jonas Becker' },
    );
    expect(values(sig)).toEqual({
      name: 'Jonas Becker',
      title: 'Leiter Einkauf',
      company: 'Brandt Maschinenbau GmbH',
      phones: ['+49 711 123456-0'],
      website: 'https://www.brandt-maschinenbau.de',
      linkedin: null,
      address: ['Industriestraße 12', '70565 Stuttgart'],
    });
  });

  it('a "-- " signature with "Title at Company" and phone · website on one line', () => {
    const sig = parseSignature(['--', 'Priya Natarajan', 'Head of Procurement at Helios Health', '+44 20 7946 0958 · helioshealth.co.uk', 'https://www.linkedin.com/in/priya-natarajan-12345/'].join('\n'));
    expect(values(sig)).toEqual({
      name: 'Priya Natarajan',
      title: 'Head of Procurement',
      company: 'Helios Health',
      phones: ['+44 20 7946 0958'],
      website: 'helioshealth.co.uk',
      linkedin: 'https://www.linkedin.com/in/priya-natarajan-12345/',
      address: [],
    });
  });

  it('a French signature with "Title, Company SAS" and a street address', () => {
    const sig = parseSignature(['Claire Dubois', 'Directrice Achats, Lumière Textiles SAS', '12 rue de la Paix', '75002 Paris', '+33 1 23 45 67 89'].join('\n'), { name: 'Claire Dubois' });
    expect(values(sig)).toMatchObject({ name: 'Claire Dubois', title: 'Directrice Achats', company: 'Lumière Textiles SAS', phones: ['+33 1 23 45 67 89'], address: ['12 rue de la Paix', '75002 Paris'] });
  });

  it('stops at a confidentiality disclaimer and ignores a fax number', () => {
    const sig = parseSignature(
      ['Tom Okafor', 'Chief Financial Officer', 'Fax: +1 415 555 0100', 'CONFIDENTIALITY NOTICE: This e-mail and any attachments are confidential. Call +1 800 555 0000 if received in error.'].join('\n'),
    );
    expect(values(sig)).toMatchObject({ name: 'Tom Okafor', title: 'Chief Financial Officer', phones: [] });
  });

  it('"Sent from my iPhone" under a first name gives the name and nothing else', () => {
    expect(values(parseSignature('Marco\nSent from my iPhone'))).toMatchObject({ name: 'Marco', title: null, company: null, phones: [], website: null });
  });

  it('a dotted name is not a website, and prose is not a title', () => {
    const sig = parseSignature('Dana.Whitfield\nThanks for the lead on this, really appreciated.');
    expect(sig?.website ?? null).toBeNull();
    expect(sig?.title ?? null).toBeNull();
  });
});

describe('leadSignature', () => {
  const DANA = { name: 'Dana Whitfield', email: 'dana@northwind-logistics.com' };

  it("falls back to the body's last lines when the splitter found no signature, and reads the full name over the sign-off", () => {
    const body = [
      'Hi Sam,',
      '',
      "Could you send pricing for 40 seats? We'd like to start in Q2 if the numbers work for our team.",
      '',
      'Thanks,',
      'Dana',
      '',
      'Dana Whitfield',
      'Director of Operations',
      'Northwind Logistics',
      'dana@northwind-logistics.com | +1 312 555 0142',
    ].join('\n');
    const sig = leadSignature([decodedMessage({ id: 'm1', from: DANA, body })], DANA.email, DANA.name);
    expect(sig).toMatchObject({ messageId: 'm1', foundIn: 'body_end' });
    expect(values(sig)).toMatchObject({ name: 'Dana Whitfield', title: 'Director of Operations', company: 'Northwind Logistics', phones: ['+1 312 555 0142'] });
  });

  it('uses the newest of the lead’s messages that has a signature, and never someone else’s', () => {
    const messages = [
      decodedMessage({ id: 'old', from: DANA, date: '2024-03-01T10:00:00Z', body: 'Hello', signature: 'Dana Whitfield\nOperations Manager\nNorthwind Logistics' }),
      decodedMessage({ id: 'new', from: DANA, date: '2024-03-04T10:00:00Z', body: 'Update', signature: 'Dana Whitfield\nVP Operations\nNorthwind Logistics' }),
      decodedMessage({ id: 'rep', from: { name: 'Sam Rep', email: 'sam.rep@example.com' }, date: '2024-03-05T10:00:00Z', body: 'Hi', signature: 'Sam Rep\nAccount Executive\nCountersign Inc' }),
    ];
    const sig = leadSignature(messages, 'Dana@Northwind-Logistics.com');
    expect(sig?.messageId).toBe('new');
    expect(sig?.title?.value).toBe('VP Operations');
  });

  it('finds nothing in a body that ends in prose', () => {
    expect(leadSignature([decodedMessage({ id: 'm1', from: DANA, body: 'Sounds good, let us talk on Thursday at the usual time then.' })], DANA.email)).toBeNull();
    expect(bodyEnd('Could we meet on Thursday?')).toBe('');
  });
});

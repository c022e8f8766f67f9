import { describe, expect, it } from 'vitest';
import { DedupeInputError, findDuplicates, type DedupeContact } from './find-duplicates';

const reasonsOf = (contacts: DedupeContact[]) => findDuplicates(contacts).map((c) => c.pairs.map((p) => p.reasons));

describe('findDuplicates: each reason', () => {
  it('exact_email: the same address', () => {
    expect(reasonsOf([{ id: 'a', email: 'dana@northwind.com' }, { id: 'b', email: 'dana@northwind.com', firstName: 'D' }])).toEqual([[['exact_email']]]);
    expect(findDuplicates([{ id: 'a', email: 'dana@northwind.com' }, { id: 'b', email: 'dana@northwind.co' }])).toEqual([]);
  });

  it('normalised_email: case, whitespace, plus-tags; Gmail dots and googlemail only for Gmail', () => {
    expect(reasonsOf([{ id: 'a', email: 'Dana@Northwind.com' }, { id: 'b', email: ' dana+crm@northwind.com' }])).toEqual([[['normalised_email']]]);
    expect(reasonsOf([{ id: 'a', email: 'dana.reyes@gmail.com' }, { id: 'b', email: 'danareyes@googlemail.com' }])).toEqual([[['normalised_email']]]);
    expect(findDuplicates([{ id: 'a', email: 'dana.reyes@northwind.com' }, { id: 'b', email: 'danareyes@northwind.com' }])).toEqual([]);
  });

  it('phone: the same last ten digits, not fewer than seven, not for people with different names', () => {
    expect(reasonsOf([{ id: 'a', phone: '+1 (555) 123-4567', firstName: 'Dana', lastName: 'Reyes' }, { id: 'b', phone: '555.123.4567', lastName: 'Reyes' }])).toEqual([[['phone']]]);
    expect(findDuplicates([{ id: 'a', phone: '204' }, { id: 'b', phone: 'ext. 204' }])).toEqual([]);
    expect(findDuplicates([{ id: 'a', phone: '555-123-4567' }, { id: 'b', phone: '555-123-4568' }])).toEqual([]);
    // Colleagues on the switchboard, and relatives on it.
    expect(findDuplicates([{ id: 'a', phone: '555-123-4567', firstName: 'Dana', lastName: 'Reyes' }, { id: 'b', phone: '555-123-4567', firstName: 'Priya', lastName: 'Shah' }])).toEqual([]);
    expect(findDuplicates([{ id: 'a', phone: '555-123-4567', firstName: 'Stefan', lastName: 'Vasquez' }, { id: 'b', phone: '555-123-4567', firstName: 'Mateo', lastName: 'Vasquez' }])).toEqual([]);
  });

  it('phone: a number on more records than maxPhoneShare links no one', () => {
    const line = Array.from({ length: 4 }, (_, i) => ({ id: `c${i}`, phone: '555-000-1111' }));
    expect(findDuplicates(line, { maxPhoneShare: 3 })).toEqual([]);
    expect(findDuplicates(line, { maxPhoneShare: 4 })).toHaveLength(1);
  });

  it('name_company: a close full name at the same company by name, id or work domain', () => {
    const dana = { id: 'a', firstName: 'Dana', lastName: 'Reyes', company: 'Northwind Logistics Inc.', companyId: 'co-1', email: 'dana@northwind.com' };
    expect(reasonsOf([dana, { id: 'b', firstName: 'DANA', lastName: 'Reyes', company: 'The Northwind Logistics' }])).toEqual([[['name_company']]]);
    expect(reasonsOf([dana, { id: 'b', firstName: 'Dnaa', lastName: 'Reyes', companyId: 'co-1' }])).toEqual([[['name_company']]]);
    expect(reasonsOf([dana, { id: 'b', firstName: 'Reyes', lastName: 'Dana', email: 'd.reyes@northwind.com' }])).toEqual([[['name_company']]]);
    expect(reasonsOf([dana, { id: 'b', firstName: 'Dana María', lastName: 'Reyes', company: 'Northwind Logistics' }])).toEqual([[['name_company']]]);
    // Another company, or a close name that is another person (Marcus and Magnus).
    expect(findDuplicates([dana, { id: 'b', firstName: 'Dana', lastName: 'Reyes', company: 'Globex' }])).toEqual([]);
    expect(findDuplicates([
      { id: 'a', firstName: 'Marcus', lastName: 'Lindqvist', company: 'Acme' },
      { id: 'b', firstName: 'Magnus', lastName: 'Lindqvist', company: 'Acme' },
    ])).toEqual([]);
  });

  it('free-mail domains do not make a company', () => {
    expect(findDuplicates([
      { id: 'a', firstName: 'Dana', lastName: 'Reyes', email: 'dana.r1@gmail.com' },
      { id: 'b', firstName: 'Dana', lastName: 'Reyes', email: 'dreyes77@gmail.com' },
      { id: 'c', firstName: 'Dana', lastName: 'Reyes', email: 'dana@yahoo.co.uk' },
    ])).toEqual([]);
  });

  it('no cluster for the same first name only, even at one company', () => {
    expect(findDuplicates([
      { id: 'a', firstName: 'Dana', company: 'Acme' },
      { id: 'b', firstName: 'Dana', company: 'Acme' },
      { id: 'c', firstName: 'Dana', lastName: 'Reyes', company: 'Acme' },
      { id: 'd', firstName: 'Dana', lastName: 'Shah', company: 'Acme' },
    ])).toEqual([]);
  });
});

describe('findDuplicates: clusters', () => {
  const contacts: DedupeContact[] = [
    { id: 'z9', email: 'dana@northwind.com', firstName: 'Dana', updatedAt: '2024-05-01T00:00:00Z' },
    { id: 'x1', email: 'other@acme.io', firstName: 'Priya', lastName: 'Shah' },
    { id: 'b2', email: 'DANA@northwind.com', firstName: 'Dana', lastName: 'Reyes', company: 'Northwind', phone: '555 123 4567', updatedAt: '2024-01-01T00:00:00Z' },
    { id: 'a3', phone: '+1 555-123-4567', lastName: 'Reyes', title: 'x', updatedAt: '2024-09-01T00:00:00Z' } as DedupeContact,
  ];

  it('joins transitively, lists each matching pair, picks the most complete record and the newest value per field', () => {
    expect(findDuplicates(contacts)).toEqual([{
      ids: ['a3', 'b2', 'z9'],
      pairs: [
        { a: 'a3', b: 'b2', reasons: ['phone'], score: 0.7 },
        { a: 'b2', b: 'z9', reasons: ['normalised_email'], score: 0.95 },
      ],
      suggestedWinner: 'b2',
      fieldChoices: { email: 'z9', firstName: 'z9', lastName: 'a3', company: 'b2', phone: 'a3' },
    }]);
  });

  it('output does not depend on input order', () => {
    const a = findDuplicates(contacts);
    expect(findDuplicates([...contacts].reverse())).toEqual(a);
  });

  it('ties on completeness go to the most recent, then the smallest id', () => {
    const [c] = findDuplicates([
      { id: 'b', email: 'x@acme.io', updatedAt: '2024-01-01' },
      { id: 'c', email: 'x@acme.io', updatedAt: '2024-03-01' },
      { id: 'a', email: 'x@acme.io' },
    ]);
    expect(c?.suggestedWinner).toBe('c');
    expect(findDuplicates([{ id: 'b', email: 'x@acme.io' }, { id: 'a', email: 'x@acme.io' }])[0]?.suggestedWinner).toBe('a');
  });

  it('refuses missing or repeated ids', () => {
    expect(() => findDuplicates([{ id: 'a' }, { id: 'a' }])).toThrow(DedupeInputError);
    expect(() => findDuplicates([{ id: '' }])).toThrow(/non-empty id/);
  });
});

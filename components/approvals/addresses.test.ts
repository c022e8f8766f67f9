import { describe, expect, it } from 'vitest';
import { formatAddresses, parseAddresses } from './addresses';

describe('parseAddresses', () => {
  it('reads bare addresses and "Name <address>" forms, comma-separated', () => {
    expect(parseAddresses('ana@example.com, Bob Smith <bob@example.org>')).toEqual({
      ok: true,
      addresses: [
        { name: '', email: 'ana@example.com' },
        { name: 'Bob Smith', email: 'bob@example.org' },
      ],
    });
  });

  it('keeps commas inside quoted names', () => {
    expect(parseAddresses('"Doe, Jane" <jane@example.com>')).toEqual({ ok: true, addresses: [{ name: 'Doe, Jane', email: 'jane@example.com' }] });
  });

  it('ignores empty entries and an empty field', () => {
    expect(parseAddresses(' , ')).toEqual({ ok: true, addresses: [] });
    expect(parseAddresses('a@b.co,')).toEqual({ ok: true, addresses: [{ name: '', email: 'a@b.co' }] });
  });

  it('says which entry is not an address', () => {
    const r = parseAddresses('a@b.co, not-an-address');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain('not-an-address');
    expect(parseAddresses('Bob <bob@>').ok).toBe(false);
  });

  it('formats addresses so they parse back to the same list', () => {
    const list = [
      { name: 'Doe, Jane', email: 'jane@example.com' },
      { name: '', email: 'ana@example.com' },
      { name: 'Bob "B" Smith', email: 'bob@example.org' },
    ];
    expect(parseAddresses(formatAddresses(list))).toEqual({ ok: true, addresses: list });
  });
});

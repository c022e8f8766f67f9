import { describe, expect, it } from 'vitest';
import { dealBody, domainOf, organizationBody, PatchError, personBody, toCompany, toContact } from './mapping';
import { RateLimitTracker } from './rate-limit';

const res = (headers: Record<string, string>, status = 200) => new Response('{}', { status, headers });

describe('Pipedrive field mapping', () => {
  it('reads the primary email and phone, and names from first/last or the full name', () => {
    const contact = toContact(
      { id: 5, name: 'Dana Whitfield', emails: [{ value: 'old@x.com', primary: false }, { value: 'dana@x.com', primary: true }], phones: [{ value: '+1 555', primary: true }], org_id: 9, custom_fields: { abc: 42, def: null } },
      {},
    );
    expect(contact).toMatchObject({ id: '5', email: 'dana@x.com', firstName: 'Dana', lastName: 'Whitfield', phone: '+1 555', companyId: '9', properties: { abc: '42', def: null } });
  });

  it('a partial name change keeps the other half; a new email becomes primary and the old one stays', () => {
    const current = { id: 1, name: 'Kim Lee', first_name: 'Kim', last_name: 'Lee', emails: [{ value: 'kim@old.com', primary: true, label: 'home' }] };
    expect(personBody({ lastName: 'Park', email: 'kim@new.com' }, current, {})).toEqual({
      name: 'Kim Park',
      emails: [{ value: 'kim@new.com', primary: true, label: 'work' }, { value: 'kim@old.com', primary: false, label: 'home' }],
    });
    expect(personBody({ email: 'KIM@old.com' }, current, {})).toEqual({});
    expect(personBody({ email: 'new@x.com' }, null, {})).toMatchObject({ name: 'new@x.com' });
    expect(() => personBody({ title: 'CTO' }, null, {})).toThrow(PatchError);
  });

  it('derives the company domain from the website, or from the mapped custom field', () => {
    expect(domainOf('https://www.Acme.com/about')).toBe('acme.com');
    expect(domainOf('acme.co.uk')).toBe('acme.co.uk');
    expect(domainOf('not a url')).toBeNull();
    expect(toCompany({ id: 2, name: 'Acme', website: 'http://www.acme.com', industry: 14 }, {})).toMatchObject({ domain: 'acme.com', industry: '14' });
    expect(toCompany({ id: 2, name: 'Acme', website: 'http://acme.com', custom_fields: { hash: 'acme.io' } }, { company: { domain: 'hash' } })).toMatchObject({ domain: 'acme.io', properties: {} });
  });

  it('leaves a website alone when it already points at the domain, and refuses a non-option industry', () => {
    expect(organizationBody({ domain: 'acme.com' }, { id: 2, website: 'https://www.acme.com/en' }, {})).toEqual({});
    expect(organizationBody({ domain: 'acme.com' }, null, {})).toEqual({ name: 'acme.com', website: 'https://acme.com' });
    expect(organizationBody({ domain: 'acme.com' }, null, { company: { domain: 'hash' } })).toEqual({ name: 'acme.com', custom_fields: { hash: 'acme.com' } });
    expect(() => organizationBody({ name: 'Acme', industry: 'Software' }, null, {})).toThrow(/Industry option/);
  });

  it('maps deal money, dates and links, and checks ids and dates before sending', () => {
    expect(dealBody({ name: 'Pilot', amount: 5000, currency: 'EUR', closeDate: '2026-10-01T00:00:00Z', contactIds: ['3', '4'], pipelineId: '1', stageId: '2' }, null, {})).toEqual({
      title: 'Pilot',
      value: 5000,
      currency: 'EUR',
      expected_close_date: '2026-10-01',
      person_id: 3,
      pipeline_id: 1,
      stage_id: 2,
    });
    expect(() => dealBody({ name: 'Pilot', closeDate: 'next week' }, null, {})).toThrow(/closeDate/);
    expect(() => dealBody({ name: 'Pilot', contactIds: ['3', 'x'] }, null, {})).toThrow(/contactIds must be a Pipedrive id/);
    expect(() => dealBody({ amount: 1 }, null, {})).toThrow(/needs a name/);
  });
});

describe('Pipedrive rate limits', () => {
  it('waits as Retry-After says, else until x-ratelimit-reset, within bounds', () => {
    const t = new RateLimitTracker(() => 1_000_000);
    expect(t.waitMs(res({ 'retry-after': '3', 'x-ratelimit-reset': '1' }, 429))).toBe(3000);
    expect(t.waitMs(res({ 'x-ratelimit-reset': '2' }, 429))).toBe(2000);
    expect(t.waitMs(res({ 'x-ratelimit-reset': '0' }, 429))).toBe(250);
    expect(t.waitMs(res({ 'retry-after': '86400' }, 429))).toBe(60_000);
    expect(t.waitMs(res({}, 429))).toBeNull();
  });

  it('tracks headroom from every answer and says when the day is spent', () => {
    const t = new RateLimitTracker(() => 5_000);
    expect(t.describe()).toEqual({ ok: true, detail: expect.stringMatching(/no rate-limit headers/) });
    t.onResponse(res({ 'x-ratelimit-limit': '40', 'x-ratelimit-remaining': '39', 'x-ratelimit-reset': '2', 'x-daily-requests-left': '9999' }));
    expect(t.describe()).toEqual({ ok: true, detail: '39 of 40 requests left in the current burst window; window resets in 2 s; 9999 write requests left today.' });
    t.onResponse(res({ 'x-ratelimit-limit': '40', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '2', 'x-daily-requests-left': '0' }));
    expect(t.describe().ok).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { countryCode, countryOfDomain, regionCountries } from './geo';
import { seniorityOf, titleLine } from './seniority';

describe('seniority from a title', () => {
  it.each([
    ['Chief Revenue Officer', 'c_level'],
    ['CEO & Co-Founder', 'c_level'],
    ['Managing Director', 'c_level'],
    ['Geschäftsführerin', 'c_level'],
    ['Vice President, Sales', 'vp'],
    ['SVP Operations', 'vp'],
    ['Head of Logistics', 'vp'],
    ['Director of Procurement', 'director'],
    ['Directrice marketing', 'director'],
    ['Operations Manager', 'manager'],
    ['Team Lead, Support', 'manager'],
    ['Product Owner', null],
    ['Senior Software Engineer', 'ic'],
    ['Executive Assistant to the CEO', 'ic'],
    ['Account Executive', 'ic'],
    ['Northwind Logistics', null],
  ])('%s → %s', (title, level) => {
    expect(seniorityOf(title)).toBe(level);
  });

  it('finds the title line of a signature, not the name, phone, address or a sentence', () => {
    expect(titleLine('Dana Whitfield\nVP Operations | Northwind\nT: +1 555 0100\nwww.northwind.example')).toEqual({ line: 'VP Operations | Northwind', seniority: 'vp' });
    expect(titleLine('Set this lead as the top lead for the team lead review, now please and thanks')).toBeNull();
    expect(titleLine('TODO: make me CEO')).toBeNull();
  });
});

describe('countries and regions', () => {
  it('reads country names and codes, and the regions sales teams use', () => {
    expect(['Germany', 'DE', 'de', 'United Kingdom', 'UK', 'USA', 'Deutschland'].map(countryCode)).toEqual(['DE', 'DE', 'DE', 'GB', 'GB', 'US', 'DE']);
    expect(countryCode('Atlantis')).toBeNull();
    expect(regionCountries('DACH')).toEqual(['DE', 'AT', 'CH']);
    expect(regionCountries('EMEA')).toEqual(expect.arrayContaining(['DE', 'GB', 'AE', 'ZA']));
    expect(regionCountries('France')).toEqual(['FR']);
  });

  it('a country TLD names a country; worldwide ones (.io, .ai, .co) do not', () => {
    expect(['acme.de', 'acme.co.uk', 'acme.fr', 'acme.io', 'acme.ai', 'acme.co', 'acme.com'].map(countryOfDomain)).toEqual(['DE', 'GB', 'FR', null, null, null, null]);
  });
});

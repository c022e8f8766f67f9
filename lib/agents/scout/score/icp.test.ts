import { describe, expect, it } from 'vitest';
import { applyIcpPatch, defaultIcp, Icp, IcpPatch } from './icp';

describe('ICP patches', () => {
  it('a list in a patch replaces that list wholesale; weights merge field by field; nothing else resets', () => {
    const current = Icp.parse({ industries: [{ name: 'Logistics' }, { name: 'Retail', weight: 0.5 }], regions: [{ name: 'DACH' }], weights: { industries: 12 } });
    const patch = IcpPatch.parse({ industries: [{ name: 'Fintech' }], weights: { regions: 6 } });
    expect(Icp.parse(applyIcpPatch(current, patch))).toEqual({
      ...current,
      industries: [{ name: 'Fintech', weight: 1 }],
      weights: { ...current.weights, industries: 12, regions: 6 },
    });
  });

  it('an empty patch changes nothing and a patch carries no defaults of its own', () => {
    const current = Icp.parse({ titles: [{ keyword: 'operations' }], weights: { titles: 9 } });
    expect(Icp.parse(applyIcpPatch(current, IcpPatch.parse({})))).toEqual(current);
    expect(IcpPatch.parse({ weights: {} })).toEqual({ weights: {} });
    expect(applyIcpPatch(current, undefined)).toEqual(current);
  });

  it('defaults: no entries, fit worth at most 40 points', () => {
    const icp = defaultIcp();
    expect(Object.values(icp.weights).reduce((a, b) => a + b, 0)).toBe(40);
    expect([icp.industries, icp.companySizes, icp.seniorities, icp.titles, icp.regions, icp.technologies, icp.competitors].every((l) => l.length === 0)).toBe(true);
  });
});

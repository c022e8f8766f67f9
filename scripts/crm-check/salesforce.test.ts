import { describe, expect, it } from 'vitest';
import { ADAPTERS } from './adapters';
import { runCrmCheck } from './operations';
import { salesforceSuite } from '../../test/salesforce-suite';

const sf = salesforceSuite();

const salesforce = (token = sf().accessToken) => ADAPTERS.salesforce.create({ baseUrl: sf().url, token, sleep: async () => {} });

describe('crm:check against the Salesforce stand-in', () => {
  it('every operation, writes included, works with an instance URL and access token', async () => {
    const acme = sf().seed('Account', { Name: 'Acme', Website: 'https://acme.test' });
    sf().seed('Contact', { FirstName: 'Ann', LastName: 'Lee', Email: 'ann@acme.test', AccountId: acme.Id });
    const results = await runCrmCheck(salesforce(), { write: true });
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(results.map((r) => r.operation)).toEqual(expect.arrayContaining(['pipelines', 'get contact', 'associations', 'create contact', 'update contact', 'delete contact']));
    expect(results.find((r) => r.operation === 'associations')?.detail).toBe('1 associated company');
    expect([...sf().records.get('Contact')!.values()].map((c) => c.Email)).toEqual(['ann@acme.test']);
  });

  it('an access token Salesforce refuses fails auth, and the check does not try to renew it', async () => {
    const results = await runCrmCheck(salesforce('00Dwrong!token'), { write: false });
    expect(results.find((r) => r.operation.startsWith('checkConnection'))?.ok).toBe(false);
    expect(results.find((r) => r.operation === 'list contact')?.detail).toContain('Salesforce did not accept the access token');
    expect(sf().tokenRequests).toEqual([]);
  });
});

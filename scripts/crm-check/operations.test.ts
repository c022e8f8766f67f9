import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fault, startHubspotStandin, type HubspotStandin } from '../../test/standins/hubspot';
import { ADAPTERS } from './adapters';
import { runCrmCheck } from './operations';
import { formatTable } from './report';

let hs: HubspotStandin;
beforeEach(async () => {
  hs = await startHubspotStandin();
});
afterEach(async () => {
  expect(hs.takeViolations()).toEqual([]);
  await hs.close();
});

const hubspot = (token = hs.token) => ADAPTERS.hubspot.create({ baseUrl: hs.url, token });

describe('crm:check against the HubSpot stand-in', () => {
  it('runs each read operation once and reports every one as working', async () => {
    const co = hs.seed('companies', { name: 'Northwind', domain: 'northwind.test' });
    const c = hs.seed('contacts', { email: 'dana@northwind.test', firstname: 'Dana', lastname: 'Reyes' });
    hs.link({ type: 'contacts', id: c.id }, { type: 'companies', id: co.id });
    const results = await runCrmCheck(hubspot(), { write: false });
    expect(results.map((r) => r.operation)).toEqual([
      'checkConnection: auth',
      'checkConnection: read',
      'checkConnection: write',
      'checkConnection: rate limit',
      'pipelines',
      'list contact',
      'list company',
      'list deal',
      'search contact',
      'get contact',
      'notes',
      'associations',
    ]);
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(results.find((r) => r.operation === 'associations')?.detail).toBe('1 associated company');
    expect(hs.all('contacts')).toHaveLength(1);
  });

  it('with write, creates, updates and deletes one clearly named test contact and leaves nothing behind', async () => {
    const results = await runCrmCheck(hubspot(), { write: true, now: () => 1700000000000 });
    const writes = results.filter((r) => ['create contact', 'update contact', 'delete contact'].includes(r.operation));
    expect(writes.map((r) => [r.operation, r.ok])).toEqual([
      ['create contact', true],
      ['update contact', true],
      ['delete contact', true],
    ]);
    expect(writes[0]?.detail).toContain('countersign-crm-check-1700000000000@example.com');
    const created = hs.requests.find((r) => r.method === 'POST' && /contacts\/batch\/(upsert|create)/.test(r.path));
    expect(JSON.stringify(created?.body)).toContain('CRM check (safe to delete)');
    expect(hs.all('contacts')).toEqual([]);
  });

  it('a rejected token fails the auth check and the reads, and the table says how many failed', async () => {
    const results = await runCrmCheck(hubspot('pat-na1-wrong'), { write: false });
    expect(results.find((r) => r.operation === 'checkConnection: auth')?.ok).toBe(false);
    expect(results.find((r) => r.operation === 'list contact')).toMatchObject({ ok: false, detail: expect.stringContaining('auth') });
    expect(results.find((r) => r.operation === 'get contact')?.detail).toMatch(/^not run/);
    const table = formatTable(results);
    expect(table.split('\n')[0]).toMatch(/^operation\s+ok\s+ms\s+detail$/);
    expect(table).toMatch(/\d+ of 12 failed$/);
    expect(table).not.toContain('pat-na1-wrong');
  });

  it('a server error on one operation fails only that row', async () => {
    hs.inject({ method: 'GET', path: /\/crm\/v3\/pipelines\/deals/ }, fault.serverError(500), fault.serverError(500), fault.serverError(500), fault.serverError(500), fault.serverError(500), fault.serverError(500));
    const adapter = ADAPTERS.hubspot.create({ baseUrl: hs.url, token: hs.token, sleep: async () => {} });
    const results = await runCrmCheck(adapter, { write: false });
    expect(results.filter((r) => !r.ok).map((r) => r.operation)).toEqual(['pipelines']);
    expect(results.find((r) => r.operation === 'get contact')?.detail).toBe('skipped: the CRM has no contacts to read');
  });
});

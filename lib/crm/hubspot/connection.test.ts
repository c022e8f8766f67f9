import { describe, expect, it } from 'vitest';
import { hubspotSuite } from '../../../test/hubspot-suite';
import { fault } from '../../../test/standins/hubspot';
import { CrmApiError } from '../http';

const { hs, adapter: hubspot } = hubspotSuite();

const adapter = (token = hs().token) => hubspot({ auth: async () => ({ Authorization: `Bearer ${token}` }) });
const byOperation = (checks: { operation: string; ok: boolean; detail: string }[]) => Object.fromEntries(checks.map((c) => [c.operation, c]));

describe('HubSpot errors', () => {
  it('an expired or revoked token gives an auth error asking to reconnect, without leaking the token', async () => {
    const error = await adapter('pat-na1-revoked-token-123').get('contact', '1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmApiError);
    expect(error).toMatchObject({ kind: 'auth', status: 401, retryable: false, userMessage: 'HubSpot sign-in expired or was revoked: reconnect HubSpot in Countersign settings.' });
    expect(String((error as Error).message)).not.toContain('pat-na1-revoked-token-123');
    expect(hs().requests).toHaveLength(1);
  });

  it('an answer missing a field fails with the field named', async () => {
    const c = hs().seed('contacts', { email: 'a@x.test' });
    hs().inject({ method: 'GET' }, fault.respond(200, { properties: { email: 'a@x.test' }, createdAt: '2026-01-01T00:00:00Z' }));
    await expect(adapter().get('contact', c.id)).rejects.toMatchObject({ kind: 'invalid_response', userMessage: expect.stringMatching(/\(id: .*expected/i) });
    hs().inject({ method: 'POST' }, fault.respond(200, { status: 'COMPLETE', results: [{ properties: {} }] }));
    const res = await adapter().batchUpsert('contact', [{ patch: { email: 'b@x.test' } }]);
    expect(res.results[0]).toMatchObject({ ok: false, retryable: false, error: expect.stringMatching(/results\[0\]\.id/) });
  });
});

describe('HubSpot test connection', () => {
  it('a private-app token with CRM scopes: auth, read, write and rate-limit headroom all reported', async () => {
    const checks = byOperation(await adapter().checkConnection());
    expect(checks.auth).toMatchObject({ ok: true });
    expect(checks.read).toMatchObject({ ok: true, detail: 'Contacts, companies and deals can be read.' });
    expect(checks.write).toMatchObject({ ok: true, detail: 'The token may write contacts, companies and deals.' });
    expect(checks['rate limit']).toMatchObject({ ok: true, detail: expect.stringMatching(/^\d+ of 190 requests left in the 10 s window; \d+ of 500000 left today \(resets 2030-01-02T05:00:00Z\)\.$/) });
    expect(hs().requests.find((r) => r.path === '/oauth/v2/private-apps/get/access-token-info')?.body).toEqual({ tokenKey: hs().token });
    expect(hs().requests.every((r) => r.method === 'GET' || r.path.includes('/oauth/'))).toBe(true); // nothing written
  });

  it('names missing write scopes', async () => {
    hs().scopes = ['crm.objects.contacts.read', 'crm.objects.contacts.write', 'crm.objects.companies.read', 'crm.objects.deals.read'];
    expect(byOperation(await adapter().checkConnection()).write).toEqual({
      operation: 'write',
      ok: false,
      detail: 'The token lacks crm.objects.companies.write, crm.objects.deals.write: add the scope in HubSpot and reconnect.',
    });
  });

  it('says write permission is unknown until the first write when HubSpot will not list the scopes', async () => {
    hs().scopes = null;
    expect(byOperation(await adapter().checkConnection()).write).toMatchObject({ ok: false, detail: expect.stringMatching(/^Unknown until the first write/) });
  });

  it('an OAuth token is looked up with the OAuth token-info endpoint', async () => {
    hs().token = 'CKDZpunPLhICAQEYs-gDIIGOBii1hQIyGQAf3xBKEgsYjYMJVvlHEz9tFHAwSq1TQAM40s0D';
    const checks = byOperation(await adapter().checkConnection());
    expect(checks.write).toMatchObject({ ok: true });
    expect(hs().requests.some((r) => r.path === `/oauth/v1/access-tokens/${hs().token}`)).toBe(true);
    expect(hs().requests.some((r) => r.path.startsWith('/account-info/'))).toBe(false);
  });

  it('a missing read scope (403) is reported per object type', async () => {
    hs().inject({ method: 'GET', path: /\/crm\/v3\/objects\/deals$/ }, fault.respond(403, { status: 'error', category: 'MISSING_SCOPES', message: 'This app hasn\'t been granted all required scopes to make this call.' }));
    const checks = byOperation(await adapter().checkConnection());
    expect(checks.auth).toMatchObject({ ok: true });
    expect(checks.read).toMatchObject({ ok: false, detail: expect.stringMatching(/^Can read: contacts, companies\. deals: HubSpot refused this \(HTTP 403\)/) });
  });

  it('a rejected token fails auth and skips the rest', async () => {
    const checks = await adapter('pat-na1-wrong').checkConnection();
    expect(checks.map((c) => [c.operation, c.ok])).toEqual([['auth', false], ['read', false], ['write', false], ['rate limit', true]]);
    expect(checks[0]?.detail).toMatch(/reconnect HubSpot/);
  });
});

describe('HubSpot stand-in', () => {
  it('is not fail-open: a request that does not match the documented shape is refused and recorded', async () => {
    const res = await fetch(`${hs().url}/crm/v3/objects/contacts/batch/upsert`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${hs().token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ inputs: [{ email: 'a@x.test', properties: {} }] }),
    });
    expect(res.status).toBe(400);
    expect(hs().takeViolations()).toEqual([expect.stringMatching(/^batch upsert contacts: inputs\.0\.id: .*; inputs\.0\.idProperty: .*; inputs\.0: Unrecognized key: "email"/)]);
  });
});

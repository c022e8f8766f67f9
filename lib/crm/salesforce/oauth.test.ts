import { describe, expect, it } from 'vitest';
import { fault, standinSession } from '../../../test/standins/salesforce';
import { UserFacingError } from '../../protocol/errors';
import { SalesforceAdapter } from './adapter';
import { authorizeSalesforce, codeChallenge, codeVerifier, type IdentityApi } from './oauth';
import { salesforceSuite } from '../../../test/salesforce-suite';

const sf = salesforceSuite();

const identity = (answer: (url: string) => string | undefined = (url) => sf().authorize(url)): IdentityApi & { urls: string[] } => {
  const urls: string[] = [];
  return { urls, getRedirectURL: () => sf().redirectUri, launchWebAuthFlow: async ({ url }) => (urls.push(url), answer(url)) };
};
const config = () => ({ clientId: sf().clientId, loginUrl: sf().url, now: () => 1_700_000_000_000 });

describe('Salesforce sign-in (web server flow with PKCE)', () => {
  it('exchanges the code with its verifier and keeps the instance URL and refresh token', async () => {
    const flow = identity();
    const token = await authorizeSalesforce(flow, config());
    expect(token).toEqual({ accessToken: sf().accessToken, refreshToken: sf().refreshToken, instanceUrl: sf().url, issuedAt: 1_700_000_000_000 });
    const asked = new URL(flow.urls[0]!).searchParams;
    expect(Object.fromEntries(asked)).toMatchObject({ response_type: 'code', client_id: sf().clientId, redirect_uri: sf().redirectUri, scope: 'api refresh_token id' });
    expect(sf().tokenRequests).toEqual([{ grant_type: 'authorization_code', code: expect.stringMatching(/^aPrx/), client_id: sf().clientId, redirect_uri: sf().redirectUri, code_verifier: expect.stringMatching(/^[A-Za-z0-9\-._~]{64}$/) }]);
  });

  it('the challenge is the base64url SHA-256 of the verifier (RFC 7636 S256)', async () => {
    expect(await codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
    expect(codeVerifier()).not.toBe(codeVerifier());
  });

  it('refuses to start without a consumer key, and reports a closed window, a wrong state and a denial', async () => {
    await expect(authorizeSalesforce(identity(), { ...config(), clientId: '' })).rejects.toMatchObject({ code: 'not_configured' });
    await expect(authorizeSalesforce(identity(() => undefined), config())).rejects.toThrow(/closed before it finished/);
    await expect(authorizeSalesforce(identity(() => `${sf().redirectUri}?code=abc&state=forged`), config())).rejects.toThrow(/wrong state/);
    const denied = `${sf().redirectUri}?error=access_denied&error_description=end-user+denied+authorization`;
    await expect(authorizeSalesforce(identity(() => denied), config())).rejects.toThrow(/end-user denied authorization/);
    expect(sf().tokenRequests).toEqual([]);
  });

  it('a code presented with the wrong verifier is refused by the token endpoint', async () => {
    const stolen = identity((url) => {
      const u = new URL(url);
      u.searchParams.set('code_challenge', 'A'.repeat(43));
      return sf().authorize(u.toString()).replace(/state=[^&]*/, `state=${u.searchParams.get('state')}`);
    });
    await expect(authorizeSalesforce(stolen, config())).rejects.toSatisfy((e: unknown) => e instanceof UserFacingError && /invalid code verifier/.test(e.message));
  });
});

describe('Salesforce token renewal', () => {
  const setup = () => {
    const { store, session } = standinSession(sf());
    const contact = sf().seed('Contact', { LastName: 'Lee' });
    return { store, contact, crm: new SalesforceAdapter({ auth: session, sleep: async () => {} }) };
  };
  const refreshes = () => sf().tokenRequests.filter((r) => r.grant_type === 'refresh_token');

  it('INVALID_SESSION_ID renews the token once with the refresh token and repeats the call', async () => {
    const { store, contact, crm } = setup();
    sf().expireAccessToken();
    expect(await crm.get('contact', contact.Id)).toMatchObject({ lastName: 'Lee' });
    expect(refreshes()).toEqual([{ grant_type: 'refresh_token', refresh_token: sf().refreshToken, client_id: sf().clientId }]);
    expect(store.saved).toBe(1);
    expect(store.token).toMatchObject({ accessToken: sf().accessToken, refreshToken: sf().refreshToken, instanceUrl: sf().url });
    expect(sf().requests.map((r) => `${r.method} ${r.path.replace(/\/\w{18}$/, '/:id')} ${r.status}`)).toEqual(['GET /services/data/v62.0/sobjects/Contact/:id 401', 'POST /services/oauth2/token 200', 'GET /services/data/v62.0/sobjects/Contact/:id 200']);
  });

  it('many calls noticing the expiry at once share one renewal', async () => {
    const { contact, crm } = setup();
    sf().expireAccessToken();
    await Promise.all(Array.from({ length: 5 }, () => crm.get('contact', contact.Id)));
    expect(refreshes()).toHaveLength(1);
  });

  it('a second 401 after renewing asks the rep to reconnect, without renewing again', async () => {
    const { contact, crm } = setup();
    sf().inject({ method: 'GET' }, fault.invalidSession(), fault.invalidSession());
    await expect(crm.get('contact', contact.Id)).rejects.toMatchObject({ kind: 'auth', retryable: false, userMessage: expect.stringMatching(/reconnect Salesforce/) });
    expect(refreshes()).toHaveLength(1);
  });

  it('a revoked refresh token asks the rep to reconnect', async () => {
    const { contact, crm } = setup();
    sf().expireAccessToken();
    sf().refreshToken = '5Aepstandin.rotated-elsewhere';
    await expect(crm.get('contact', contact.Id)).rejects.toMatchObject({ kind: 'auth', userMessage: 'Salesforce sign-in expired and could not be renewed: reconnect Salesforce in Countersign settings.' });
  });

  it('a create refused with INVALID_SESSION_ID is sent again once (Salesforce did not act on it)', async () => {
    const { crm } = setup();
    sf().expireAccessToken();
    const res = await crm.batchUpsert('deal', [{ patch: { name: 'D', stageId: 'Prospecting', closeDate: '2030-01-01' } }]);
    expect(res.results).toMatchObject([{ ok: true, created: true }]);
    expect(sf().all('Opportunity')).toHaveLength(1);
  });

  it('without a stored token nothing is sent and the rep is asked to connect', async () => {
    const { store, session } = standinSession(sf());
    store.token = null;
    await expect(new SalesforceAdapter({ auth: session }).get('contact', '003000000000000AAA')).rejects.toMatchObject({ kind: 'auth', userMessage: expect.stringMatching(/not connected/) });
    expect(sf().requests).toEqual([]);
  });
});

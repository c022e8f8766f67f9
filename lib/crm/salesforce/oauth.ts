import { z } from 'zod';
import type { IdentityApi } from '../../mail/oauth';
import { UserFacingError } from '../../protocol/errors';
import { CrmApiError } from '../http';
import { AuthorizationCodeRequest, RefreshTokenRequest, TokenError, TokenResponse } from './schemas';

export type { IdentityApi };

/** `api` for REST, `refresh_token` to renew without the rep, `id` for /services/oauth2/userinfo. */
export const SALESFORCE_SCOPES = ['api', 'refresh_token', 'id'];

export const SalesforceToken = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1).nullable(),
  /** The org's own host (https://MyDomain.my.salesforce.com); every API call goes there. */
  instanceUrl: z.url(),
  issuedAt: z.number(),
});
export type SalesforceToken = z.infer<typeof SalesforceToken>;

export interface SalesforceOAuthConfig {
  /** Consumer key of the rep's own connected app (PKCE on; "Require Secret for Web Server Flow" off). */
  clientId: string;
  /** https://login.salesforce.com, https://test.salesforce.com (sandboxes) or the org's My Domain. */
  loginUrl: string;
  /** Reaches the token endpoint (tests pass a stand-in). */
  fetch?: typeof fetch;
  now?: () => number;
}

/** 64 of the 66 unreserved characters, so a random byte maps onto them without bias. */
const VERIFIER_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-.';
const base64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** RFC 7636: a random 64-character verifier, and its S256 challenge (base64url of SHA-256). */
export function codeVerifier(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(64));
  return Array.from(bytes, (b) => VERIFIER_CHARS[b & 63]).join('');
}
export async function codeChallenge(verifier: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

/**
 * OAuth 2.0 web server flow with PKCE through identity.launchWebAuthFlow (Chrome and Firefox
 * alike), mirroring authorizeGmail. The rep brings a connected app whose callback URL is
 * identity.getRedirectURL(); no client secret is involved (an extension cannot keep one).
 */
export async function authorizeSalesforce(identity: IdentityApi, config: SalesforceOAuthConfig): Promise<SalesforceToken> {
  if (!config.clientId) throw new UserFacingError('not_configured', 'Set the consumer key of your Salesforce connected app in Countersign settings first.');
  const verifier = codeVerifier();
  const state = crypto.randomUUID();
  const redirectUri = identity.getRedirectURL();
  const url = new URL('/services/oauth2/authorize', config.loginUrl);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri,
    code_challenge: await codeChallenge(verifier),
    scope: SALESFORCE_SCOPES.join(' '),
    state,
  }).toString();
  let result: string | undefined;
  try {
    result = await identity.launchWebAuthFlow({ url: url.toString(), interactive: true });
  } catch (e) {
    throw new UserFacingError('upstream', `Salesforce sign-in did not complete: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  if (!result) throw new UserFacingError('upstream', 'Salesforce sign-in was closed before it finished.');
  const params = new URL(result).searchParams;
  if (params.get('error')) throw new UserFacingError('upstream', `Salesforce sign-in failed: ${params.get('error_description') ?? params.get('error')}`);
  if (params.get('state') !== state) throw new UserFacingError('upstream', 'Salesforce sign-in answered with the wrong state; try again.');
  const code = params.get('code');
  if (!code) throw new UserFacingError('upstream', 'Salesforce sign-in returned no authorization code.');
  const form = AuthorizationCodeRequest.parse({ grant_type: 'authorization_code', code, client_id: config.clientId, redirect_uri: redirectUri, code_verifier: verifier });
  const answer = await tokenRequest(config, form);
  if (!answer.ok) throw new UserFacingError('upstream', `Salesforce refused the sign-in: ${answer.detail}`);
  if (!answer.token.refresh_token) throw new UserFacingError('upstream', 'Salesforce issued no refresh token: add the "refresh_token, offline_access" scope to the connected app.');
  return { accessToken: answer.token.access_token, refreshToken: answer.token.refresh_token, instanceUrl: answer.token.instance_url, issuedAt: (config.now ?? Date.now)() };
}

type TokenAnswer = { ok: true; token: z.infer<typeof TokenResponse> } | { ok: false; status: number; error: string; detail: string };

async function tokenRequest(config: SalesforceOAuthConfig, form: Record<string, string>): Promise<TokenAnswer> {
  const doFetch = config.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const res = await doFetch(new URL('/services/oauth2/token', config.loginUrl).toString(), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: new URLSearchParams(form).toString(),
  });
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    json = undefined;
  }
  if (res.ok) {
    const token = TokenResponse.safeParse(json);
    if (token.success) return { ok: true, token: token.data };
    return { ok: false, status: res.status, error: 'invalid_response', detail: `unexpected token answer (${token.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')})` };
  }
  const error = TokenError.safeParse(json).data;
  return { ok: false, status: res.status, error: error?.error ?? `http_${res.status}`, detail: error?.error_description ?? error?.error ?? `HTTP ${res.status}` };
}

const reconnect = (message: string, cause?: unknown) =>
  new CrmApiError('salesforce', 'auth', message, 'Salesforce sign-in expired and could not be renewed: reconnect Salesforce in Countersign settings.', false, 401, { cause });

/** Renews the access token with the refresh token (the refresh token flow). */
export async function refreshSalesforceToken(config: SalesforceOAuthConfig, refreshToken: string): Promise<{ accessToken: string; instanceUrl: string; refreshToken: string | null }> {
  let answer: TokenAnswer;
  try {
    answer = await tokenRequest(config, RefreshTokenRequest.parse({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: config.clientId }));
  } catch (cause) {
    throw new CrmApiError('salesforce', 'network', `token refresh: ${cause instanceof Error ? cause.message : String(cause)}`, 'Could not reach Salesforce to renew the sign-in; Countersign will retry.', true, undefined, { cause });
  }
  if (answer.ok) return { accessToken: answer.token.access_token, instanceUrl: answer.token.instance_url, refreshToken: answer.token.refresh_token ?? null };
  if (answer.status >= 500) throw new CrmApiError('salesforce', 'server', `token refresh: HTTP ${answer.status}`, `Salesforce is having trouble (HTTP ${answer.status}); Countersign will retry.`, true, answer.status);
  throw reconnect(`token refresh refused: ${answer.error}`);
}

export interface SalesforceTokenStore {
  load(): Promise<SalesforceToken | null>;
  save(token: SalesforceToken): Promise<void>;
}

/** What the adapter needs from a sign-in: headers, the instance, and one way to renew. */
export interface SalesforceAuth {
  /** Authorization header for the current access token; CrmApiError('auth') when not connected. */
  headers(): Promise<Record<string, string>>;
  instanceUrl(): Promise<string>;
  /** Renews the access token, unless it already changed since `seen` (the Authorization value that failed). */
  refresh(seen: string): Promise<void>;
}

/** The stored token, renewed once per expiry however many calls notice it at the same time. */
export class SalesforceSession implements SalesforceAuth {
  private cached: SalesforceToken | null | undefined;
  private refreshing: Promise<void> | null = null;

  constructor(
    private readonly store: SalesforceTokenStore,
    private readonly config: SalesforceOAuthConfig,
  ) {}

  private async token(): Promise<SalesforceToken> {
    if (this.cached === undefined) this.cached = await this.store.load();
    if (!this.cached) throw new CrmApiError('salesforce', 'auth', 'Salesforce is not connected', 'Salesforce is not connected: connect it in Countersign settings.', false);
    return this.cached;
  }

  async headers(): Promise<Record<string, string>> {
    return { Authorization: `Bearer ${(await this.token()).accessToken}` };
  }

  async instanceUrl(): Promise<string> {
    return (await this.token()).instanceUrl;
  }

  async refresh(seen: string): Promise<void> {
    const current = await this.token();
    if (`Bearer ${current.accessToken}` !== seen) return;
    this.refreshing ??= this.renew(current).finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async renew(current: SalesforceToken): Promise<void> {
    if (!current.refreshToken) throw reconnect('no refresh token stored');
    const fresh = await refreshSalesforceToken(this.config, current.refreshToken);
    const next: SalesforceToken = { ...current, ...fresh, refreshToken: fresh.refreshToken ?? current.refreshToken, issuedAt: (this.config.now ?? Date.now)() };
    await this.store.save(next);
    this.cached = next;
  }
}

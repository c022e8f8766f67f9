import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { ContractLog } from '../contract';

/**
 * Google's OAuth 2.0 authorization endpoint for the implicit flow the extension runs through
 * `browser.identity.launchWebAuthFlow`, and Salesforce's for its web server flow. Playwright's
 * context.route does NOT see the auth-flow's navigation (Chromium loads it in a WebContents that
 * CDP never attaches to; measured: the flow fails with "Authorization page could not be loaded."
 * and no route fires). So accounts.google.com and login.salesforce.com are resolved to a local
 * HTTPS server instead (--host-resolver-rules), whose self-signed certificate Chromium trusts by
 * its key only (--ignore-certificate-errors-spki-list). Page navigations to those hosts reach the
 * same server; fetches the extension makes to them (Salesforce's token endpoint) are still seen by
 * context.route, which answers before any DNS.
 */
export interface OAuthRequest { url: URL; params: Record<string, string> }

const AUTH_PATH = '/o/oauth2/v2/auth';

export interface AuthorizeAnswer { status: number; location?: string; body?: string }
/** Answers a GET of an authorization endpoint (the auth-flow window's first navigation). */
export type Authorizer = (url: URL) => AuthorizeAnswer;

/** The hosts the server answers, each with its authorization endpoint. */
const ENDPOINTS = { 'accounts.google.com': AUTH_PATH, 'login.salesforce.com': '/services/oauth2/authorize' } as const;
type Host = keyof typeof ENDPOINTS;
const HOSTS = Object.keys(ENDPOINTS) as Host[];

export class GoogleOAuthStandin {
  readonly requests: OAuthRequest[] = [];
  /** The access token granted next. */
  token = 'ya29.standin-access-token';
  expiresIn = 3599;
  private readonly denials: string[] = [];

  constructor(private readonly log: ContractLog) {}

  /** The next authorization answers `#error=...` (e.g. the user pressed Cancel: access_denied). */
  denyNext(error = 'access_denied'): void {
    this.denials.push(error);
  }

  /** Returns the redirect Location for an authorization request. */
  authorize(url: URL): AuthorizeAnswer {
    const params = Object.fromEntries(url.searchParams);
    this.requests.push({ url, params });
    const label = `GET ${url.href}`;
    const problem = (message: string): void => this.log.record({ vendor: 'google-oauth', request: label, source: 'standin', location: ['request', 'query'], severity: 'Error', message });
    const redirect = params.redirect_uri;
    if (!redirect || !/^https:\/\/[a-p]{32}\.chromiumapp\.org\//.test(redirect)) {
      problem(`redirect_uri must be the extension's https://<id>.chromiumapp.org/ URL (identity.getRedirectURL()), got ${String(redirect)}`);
      return { status: 400, body: 'Error 400: redirect_uri_mismatch' };
    }
    if (!params.client_id) problem('client_id is missing');
    if (params.response_type !== 'token') problem(`response_type must be "token" for the implicit flow, got ${String(params.response_type)}`);
    if (!params.scope) problem('scope is missing');
    const state = params.state === undefined ? '' : `&state=${encodeURIComponent(params.state)}`;
    const denial = this.denials.shift();
    const fragment = denial
      ? `error=${encodeURIComponent(denial)}${state}`
      : `access_token=${encodeURIComponent(this.token)}&token_type=Bearer&expires_in=${this.expiresIn}&scope=${encodeURIComponent(params.scope ?? '')}${state}`;
    return { status: 302, location: `${redirect}#${fragment}` };
  }
}

/** Worker-scoped HTTPS server standing in for accounts.google.com and login.salesforce.com. */
export class OAuthServer {
  /** Answers accounts.google.com's authorization endpoint. */
  standin: GoogleOAuthStandin | null = null;
  /** Answers login.salesforce.com's authorization endpoint (e.g. with SalesforceStandin.authorize). */
  salesforce: Authorizer | null = null;

  private constructor(private readonly server: https.Server, readonly port: number, private readonly spki: string) {}

  private authorizer(host: Host): Authorizer | null {
    if (host === 'login.salesforce.com') return this.salesforce;
    const google = this.standin;
    return google && ((url) => google.authorize(url));
  }

  static async start(): Promise<OAuthServer> {
    const { key, cert } = selfSignedCertificate();
    const spki = crypto.createHash('sha256').update(new crypto.X509Certificate(cert).publicKey.export({ type: 'spki', format: 'der' })).digest('base64');
    let self: OAuthServer | null = null;
    const server = https.createServer({ key, cert }, (req, res) => {
      const host = HOSTS.find((h) => h === req.headers.host?.replace(/:\d+$/, ''));
      const url = new URL(req.url ?? '/', `https://${host ?? 'unknown.invalid'}`);
      // Chromium's own sign-in chatter (ListAccounts, ...) is not the extension's business.
      const authorize = host && url.pathname === ENDPOINTS[host] ? self?.authorizer(host) : null;
      if (!authorize) { res.writeHead(404).end(); return; }
      const answer = authorize(url);
      res.writeHead(answer.status, answer.location ? { location: answer.location, 'cache-control': 'no-store' } : { 'content-type': 'text/plain' }).end(answer.body ?? '');
    });
    await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(0, '127.0.0.1', () => resolve()); });
    self = new OAuthServer(server, (server.address() as { port: number }).port, spki);
    return self;
  }

  /** Chromium flags that send the OAuth hosts here and trust this server's key only. */
  chromiumArgs(): string[] {
    return [`--host-resolver-rules=${HOSTS.map((h) => `MAP ${h} 127.0.0.1:${this.port}`).join(',')}`, `--ignore-certificate-errors-spki-list=${this.spki}`];
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function selfSignedCertificate(): { key: string; cert: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'countersign-oauth-cert-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
      '-subj', `/CN=${HOSTS[0]}`, '-addext', `subjectAltName=${HOSTS.map((h) => `DNS:${h}`).join(',')}`,
      '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'pipe' });
    return { key: fs.readFileSync(path.join(dir, 'key.pem'), 'utf8'), cert: fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

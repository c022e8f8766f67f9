import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { ContractLog } from '../contract';

/**
 * Google's OAuth 2.0 authorization endpoint for the implicit flow the extension runs through
 * `browser.identity.launchWebAuthFlow`. Playwright's context.route does NOT see the auth-flow's
 * navigation (Chromium loads it in a WebContents that CDP never attaches to; measured: the flow
 * fails with "Authorization page could not be loaded." and no route fires). So accounts.google.com
 * is resolved to a local HTTPS server instead (--host-resolver-rules), whose self-signed certificate
 * Chromium trusts by its key only (--ignore-certificate-errors-spki-list). Page navigations to
 * accounts.google.com reach the same server.
 */
export interface OAuthRequest { url: URL; params: Record<string, string> }

const AUTH_PATH = '/o/oauth2/v2/auth';

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
  authorize(url: URL): { status: number; location?: string; body?: string } {
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

/** Worker-scoped HTTPS server standing in for accounts.google.com. */
export class OAuthServer {
  standin: GoogleOAuthStandin | null = null;

  private constructor(private readonly server: https.Server, readonly port: number, private readonly spki: string) {}

  static async start(): Promise<OAuthServer> {
    const { key, cert } = selfSignedCertificate();
    const spki = crypto.createHash('sha256').update(new crypto.X509Certificate(cert).publicKey.export({ type: 'spki', format: 'der' })).digest('base64');
    let self: OAuthServer | null = null;
    const server = https.createServer({ key, cert }, (req, res) => {
      const url = new URL(req.url ?? '/', 'https://accounts.google.com');
      // Chromium's own sign-in chatter (ListAccounts, ...) is not the extension's business.
      if (url.pathname !== AUTH_PATH || !self?.standin) { res.writeHead(404).end(); return; }
      const answer = self.standin.authorize(url);
      res.writeHead(answer.status, answer.location ? { location: answer.location, 'cache-control': 'no-store' } : { 'content-type': 'text/plain' }).end(answer.body ?? '');
    });
    await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(0, '127.0.0.1', () => resolve()); });
    self = new OAuthServer(server, (server.address() as { port: number }).port, spki);
    return self;
  }

  /** Chromium flags that send accounts.google.com here and trust this server's key only. */
  chromiumArgs(): string[] {
    return [`--host-resolver-rules=MAP accounts.google.com 127.0.0.1:${this.port}`, `--ignore-certificate-errors-spki-list=${this.spki}`];
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
      '-subj', '/CN=accounts.google.com', '-addext', 'subjectAltName=DNS:accounts.google.com',
      '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'pipe' });
    return { key: fs.readFileSync(path.join(dir, 'key.pem'), 'utf8'), cert: fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

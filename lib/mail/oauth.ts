import { GmailToken } from '../settings/store';
import { UserFacingError } from '../protocol/errors';

export const GMAIL_SCOPES = ['https://www.googleapis.com/auth/gmail.readonly', 'https://www.googleapis.com/auth/gmail.send'];
export const GOOGLE_AUTH_URL = 'https://accounts.google.com/o/oauth2/v2/auth';

export interface IdentityApi {
  getRedirectURL(path?: string): string;
  launchWebAuthFlow(details: { url: string; interactive?: boolean }): Promise<string | undefined>;
}

/**
 * Google OAuth (token flow) through identity.launchWebAuthFlow, which works in Chrome and
 * Firefox alike. The user brings their own OAuth client id (a "Web application" client whose
 * redirect URI is identity.getRedirectURL()).
 */
export async function authorizeGmail(identity: IdentityApi, clientId: string, now = Date.now()): Promise<Omit<GmailToken, 'account'>> {
  if (!clientId) throw new UserFacingError('not_configured', 'Set your Google OAuth client ID in Countersign settings first.');
  const state = crypto.randomUUID();
  const url = new URL(GOOGLE_AUTH_URL);
  url.search = new URLSearchParams({
    client_id: clientId,
    response_type: 'token',
    redirect_uri: identity.getRedirectURL(),
    scope: GMAIL_SCOPES.join(' '),
    state,
    include_granted_scopes: 'true',
  }).toString();
  let result: string | undefined;
  try {
    result = await identity.launchWebAuthFlow({ url: url.toString(), interactive: true });
  } catch (e) {
    throw new UserFacingError('upstream', `Google sign-in did not complete: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  if (!result) throw new UserFacingError('upstream', 'Google sign-in was closed before it finished.');
  const params = new URLSearchParams(new URL(result).hash.slice(1));
  if (params.get('error')) throw new UserFacingError('upstream', `Google sign-in failed: ${params.get('error')}`);
  if (params.get('state') !== state) throw new UserFacingError('upstream', 'Google sign-in answered with the wrong state; try again.');
  const accessToken = params.get('access_token');
  const expiresIn = Number(params.get('expires_in') ?? '0');
  if (!accessToken || !Number.isFinite(expiresIn) || expiresIn <= 0) throw new UserFacingError('upstream', 'Google sign-in returned no usable token.');
  return { accessToken, expiresAt: now + expiresIn * 1000 };
}

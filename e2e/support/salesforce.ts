import type { BrowserContext } from '@playwright/test';
import type { SalesforceStandin } from '../../test/standins/salesforce';
import { answerApi } from './forward';
import type { OAuthServer } from './standins/google-oauth';

/** The org's My Domain host the stand-in's token answers name as `instance_url`. */
export const SALESFORCE_INSTANCE = 'https://countersign-test.my.salesforce.com';

/**
 * Puts `sf` (test/standins/salesforce.ts) behind Salesforce's real URLs for the extension loaded
 * with extension id `extensionId`: the sign-in window's GET of login.salesforce.com's authorize
 * endpoint reaches the local OAuth server (see google-oauth.ts), the service worker's token POST
 * and every REST call to the instance are routed to the stand-in, which checks the PKCE verifier
 * against the challenge and every request against the adapter's schemas.
 */
export async function serveSalesforce(context: BrowserContext, oauth: OAuthServer, sf: SalesforceStandin, extensionId: string): Promise<void> {
  sf.redirectUri = `https://${extensionId}.chromiumapp.org/`; // the connected app's callback URL
  sf.instanceUrl = SALESFORCE_INSTANCE;
  // The stand-in's login page is its own origin; the host was already login.salesforce.com.
  oauth.salesforce = (url) => ({ status: 302, location: sf.authorize(sf.url + url.pathname + url.search) });
  const toStandin = (url: URL, init: RequestInit) => fetch(sf.url + url.pathname + url.search, init);
  await answerApi(context, 'https://login.salesforce.com/services/oauth2/token', toStandin);
  await answerApi(context, `${SALESFORCE_INSTANCE}/**`, toStandin);
}

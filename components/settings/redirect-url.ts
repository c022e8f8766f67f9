import { browser } from 'wxt/browser';

/** The OAuth redirect URI to register with Google or Salesforce (identity.getRedirectURL()). */
export function redirectUrl(): string {
  try {
    return browser.identity.getRedirectURL();
  } catch {
    return '(unavailable in this browser)';
  }
}

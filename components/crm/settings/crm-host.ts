/** CRM API hosts the manifest grants up front (wxt.config.ts host_permissions). */
const GRANTED = [/^api\.hubapi\.com$/, /^[a-z0-9-]+\.pipedrive\.com$/, /^[a-z0-9-]+(\.[a-z0-9-]+)*\.my\.salesforce\.com$/, /^(login|test)\.salesforce\.com$/];

/**
 * Origins to ask permission for before saving these CRM API URLs: any https host the manifest
 * does not grant (a HubSpot EU proxy, a self-hosted stand-in). Values that are not https URLs are
 * left to the background, which rejects them with its own message.
 */
export function crmOriginsNeedingPermission(urls: string[]): string[] {
  const origins = new Set<string>();
  for (const value of urls) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      continue;
    }
    if (url.protocol === 'https:' && !GRANTED.some((h) => h.test(url.hostname))) origins.add(url.origin);
  }
  return [...origins];
}

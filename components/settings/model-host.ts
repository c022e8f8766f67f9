/** Scheme and host pairs the manifest grants up front (wxt.config.ts host_permissions; any port). */
const GRANTED = new Set(['http://localhost', 'http://127.0.0.1', 'https://api.openai.com']);

/**
 * The origin to ask permission for before saving this model base URL, or null when none is
 * needed (a granted host, or a value that is not a URL: the background rejects that with its own message).
 */
export function hostNeedingPermission(baseUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (GRANTED.has(`${url.protocol}//${url.hostname}`)) return null;
  return url.origin;
}

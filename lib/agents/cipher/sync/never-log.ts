/**
 * The rep's "never log" list: addresses and domains whose people stay out of the CRM (family,
 * friends, a doctor). Entries are lower-case addresses or domains (settings validate them); a
 * domain entry covers its subdomains too.
 */
export type NeverLog = (email: string | null | undefined) => boolean;

export function neverLogMatcher(entries: readonly string[]): NeverLog {
  const addresses = new Set<string>();
  const domains = new Set<string>();
  for (const e of entries) (e.includes('@') ? addresses : domains).add(e.trim().toLowerCase().replace(/^@/, ''));
  return (email) => {
    const address = (email ?? '').trim().toLowerCase();
    if (!address) return false;
    if (addresses.has(address)) return true;
    let domain = address.slice(address.lastIndexOf('@') + 1);
    while (domain) {
      if (domains.has(domain)) return true;
      const dot = domain.indexOf('.');
      domain = dot < 0 ? '' : domain.slice(dot + 1);
    }
    return false;
  };
}

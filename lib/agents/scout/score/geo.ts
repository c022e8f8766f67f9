/**
 * Countries and regions, so that "Germany", "DE" or "Deutschland" in a CRM and an ICP entry
 * such as "DACH" meet on ISO 3166-1 alpha-2 codes. Names come from the platform's Intl data (no
 * table to maintain); regions are the few groupings sales teams use.
 */

const REGIONS: Record<string, readonly string[]> = {
  dach: ['DE', 'AT', 'CH'],
  benelux: ['BE', 'NL', 'LU'],
  nordics: ['DK', 'FI', 'IS', 'NO', 'SE'],
  'uk&i': ['GB', 'IE'],
  ukandi: ['GB', 'IE'],
  'north america': ['US', 'CA'],
  na: ['US', 'CA'],
  anz: ['AU', 'NZ'],
  latam: ['AR', 'BO', 'BR', 'CL', 'CO', 'CR', 'CU', 'DO', 'EC', 'GT', 'HN', 'MX', 'NI', 'PA', 'PE', 'PR', 'PY', 'SV', 'UY', 'VE'],
  eu: ['AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK'],
  apac: ['AU', 'BD', 'CN', 'HK', 'ID', 'IN', 'JP', 'KH', 'KR', 'LK', 'MM', 'MY', 'NP', 'NZ', 'PH', 'PK', 'SG', 'TH', 'TW', 'VN'],
};
/** EMEA and Europe are the EU plus these (the sales sense of the words, not a complete atlas). */
const EUROPE_EXTRA = ['GB', 'IE', 'NO', 'CH', 'IS', 'LI', 'UA', 'RS', 'BA', 'ME', 'MK', 'AL', 'MD', 'BY', 'TR'];
const MIDDLE_EAST = ['AE', 'SA', 'QA', 'KW', 'BH', 'OM', 'IL', 'JO', 'LB', 'EG', 'IQ', 'IR'];
const AFRICA = ['ZA', 'NG', 'KE', 'GH', 'MA', 'TN', 'DZ', 'ET', 'UG', 'TZ', 'RW', 'SN', 'CI'];

/** Aliases a CRM or signature may use for a country. */
const ALIASES: Record<string, string> = { usa: 'US', 'u.s.': 'US', 'u.s.a.': 'US', america: 'US', uk: 'GB', 'great britain': 'GB', england: 'GB', scotland: 'GB', wales: 'GB', holland: 'NL', deutschland: 'DE', österreich: 'AT', schweiz: 'CH', suisse: 'CH', españa: 'ES', 'the netherlands': 'NL' };

let byName: Map<string, string> | null = null;
const codes = new Set<string>();
/** Lower-case English country name → code, built once from Intl.DisplayNames. */
function countryNames(): Map<string, string> {
  if (byName) return byName;
  byName = new Map();
  const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      const label = names.of(code);
      // Deprecated codes (DD, UK, SU…) canonicalise to their successor and are skipped.
      if (!label || label === 'Unknown Region' || label === code || new Intl.Locale(`und-${code}`).region !== code) continue;
      byName.set(label.toLowerCase(), code);
      codes.add(code);
    }
  }
  for (const [alias, code] of Object.entries(ALIASES)) byName.set(alias, code);
  return byName;
}

const normalise = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

/** The ISO code of a country written as a code or a name, or null. */
export function countryCode(value: string): string | null {
  const v = normalise(value);
  if (/^[a-z]{2}$/.test(v)) {
    const code = v === 'uk' ? 'GB' : v.toUpperCase();
    countryNames();
    return codes.has(code) ? code : null;
  }
  return countryNames().get(v) ?? null;
}

const regionCache = new Map<string, readonly string[]>();

/** The countries an ICP region entry stands for: a region's members, or the one country. */
export function regionCountries(entry: string): readonly string[] {
  const cached = regionCache.get(entry);
  if (cached) return cached;
  const countries = membersOf(entry);
  regionCache.set(entry, countries);
  return countries;
}

function membersOf(entry: string): readonly string[] {
  const v = normalise(entry);
  if (v === 'emea') return [...REGIONS.eu!, ...EUROPE_EXTRA, ...MIDDLE_EAST, ...AFRICA];
  if (v === 'europe') return [...REGIONS.eu!, ...EUROPE_EXTRA];
  const region = REGIONS[v];
  if (region) return region;
  const code = countryCode(entry);
  return code ? [code] : [];
}

/** Two-letter top-level domains used worldwide, which say nothing about where a company is. */
const GENERIC_CC_TLDS = new Set(['io', 'co', 'ai', 'me', 'tv', 'ly', 'gg', 'to', 'fm', 'am', 'so', 'sh', 'cc', 'ws', 'la', 'nu', 'vc', 'eu', 'su', 'ac', 'im']);

/** The country an email domain's top-level domain names (".de" → DE, ".co.uk" → GB), or null. */
export function countryOfDomain(domain: string): string | null {
  const tld = domain.toLowerCase().split('.').at(-1) ?? '';
  if (tld.length !== 2 || GENERIC_CC_TLDS.has(tld)) return null;
  return countryCode(tld);
}

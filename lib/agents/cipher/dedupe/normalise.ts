/**
 * The keys duplicate detection compares: an email as the mailbox it reaches, a phone as its last
 * ten digits, a name as lower-case ASCII tokens, a company as its name without legal suffixes.
 * Pure functions; the same code runs in the extension and in `npm run dedupe`.
 */
import { domainOf, isFreeMailDomain } from '../../scout/research/domain';

const GMAIL = new Set(['gmail.com', 'googlemail.com']);

/** Trimmed and lower-cased, or null when it is not shaped like an address. */
export function plainEmail(email: string | null | undefined): string | null {
  const e = (email ?? '').trim().toLowerCase();
  const at = e.lastIndexOf('@');
  return at > 0 && at < e.length - 1 && !/\s/.test(e) ? e : null;
}

/**
 * The mailbox an address reaches: case and surrounding whitespace ignored, a plus-tag dropped
 * (dana+crm@acme.com is dana@acme.com), and for Gmail only, dots in the local part dropped and
 * googlemail.com read as gmail.com (other providers treat dots as part of the name).
 */
export function canonicalEmail(email: string | null | undefined): string | null {
  const e = plainEmail(email);
  if (!e) return null;
  const at = e.lastIndexOf('@');
  let local = e.slice(0, at);
  let domain = e.slice(at + 1);
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  if (GMAIL.has(domain)) {
    local = local.replace(/\./g, '');
    domain = 'gmail.com';
  }
  return local ? `${local}@${domain}` : null;
}

/**
 * The last ten digits of a phone number, ignoring formatting, a leading country code beyond ten
 * digits, and an extension ("x12", "ext. 12", "#12"). Null for fewer than seven digits: an
 * extension or a short code on its own identifies no one.
 */
export function phoneKey(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const main = phone.split(/(?:ext\.?|extension|x|#)/i)[0] ?? '';
  const digits = main.replace(/\D/g, '');
  if (digits.length < 7) return null;
  return digits.slice(-10);
}

/** Lower-case ASCII letters per word, accents folded: "José  O'Neil" → ["jose", "oneil"]. */
export function nameTokens(...parts: (string | null | undefined)[]): string[] {
  const text = parts.filter(Boolean).join(' ').normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  return text
    .split(/[\s,.\-_/]+/)
    .map((t) => t.replace(/[^a-z]/g, ''))
    .filter(Boolean);
}

const LEGAL = new Set([
  'inc', 'incorporated', 'llc', 'llp', 'lp', 'ltd', 'limited', 'plc', 'corp', 'corporation', 'co', 'company',
  'gmbh', 'ag', 'kg', 'mbh', 'sa', 'sas', 'sarl', 'srl', 'spa', 'bv', 'nv', 'ab', 'as', 'oy', 'pty', 'pte', 'kk', 'the',
]);

/** A company name without case, punctuation, accents or legal form: "The ACME Co., Inc." → "acme". */
export function companyKey(name: string | null | undefined): string | null {
  if (!name) return null;
  const tokens = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const kept = tokens.filter((t) => !LEGAL.has(t));
  const key = (kept.length ? kept : tokens).join(' ');
  return key || null;
}

/** The domain of an address when it says who employs the person (not a free-mail provider). */
export function companyDomain(email: string | null | undefined): string | null {
  const e = plainEmail(email);
  if (!e) return null;
  const d = domainOf(e);
  return d && !isFreeMailDomain(d) ? d : null;
}

/** Jaro-Winkler similarity (0–1) with the usual prefix scale 0.1 over at most four characters. */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (!la || !lb) return 0;
  const window = Math.max(0, (Math.max(la, lb) >> 1) - 1);
  const matchedB = new Uint8Array(lb);
  const matchedA = new Uint8Array(la);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const from = Math.max(0, i - window);
    const to = Math.min(lb - 1, i + window);
    for (let j = from; j <= to; j++) {
      if (!matchedB[j] && a.charCodeAt(i) === b.charCodeAt(j)) {
        matchedA[i] = 1;
        matchedB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (!matches) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (!matchedA[i]) continue;
    while (!matchedB[k]) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++;
    k++;
  }
  const jaro = (matches / la + matches / lb + (matches - transpositions / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < la && prefix < lb && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

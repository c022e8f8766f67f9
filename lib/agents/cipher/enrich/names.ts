import { cleanValue } from './values';

export interface PersonName {
  firstName: string;
  /** null for a single name ("Marco"). */
  lastName: string | null;
}

const NAME_TOKEN = /^[\p{L}][\p{L}\p{M}'’.-]*$/u;
/** Degrees and certifications after a name: dropped, they are not part of it. */
const CREDENTIAL = /^(?:phd|ph\.d\.?|md|m\.d\.?|mba|cpa|cfa|pe|esq\.?|dr\.?|prof\.?|msc|bsc|ma|ba)$/i;
/** Generational suffixes: kept, as part of the family name. */
const GENERATION = /^(?:jr\.?|sr\.?|ii|iii|iv)$/i;
/** Lower-case particles that begin a family name ("Ludwig van Beethoven"). */
const PARTICLE = /^(?:van|von|de|der|den|del|della|da|di|du|dos|das|la|le|ten|ter|bin|al|zu)$/;
/** Display names of mailboxes that are not a person. */
const NOT_A_PERSON =
  /\b(?:team|support|sales|info|admin|billing|notifications?|no-?reply|do-?not-?reply|mailer|daemon|postmaster|system|service|delivery|helpdesk|help|desk|office|newsletter|news|marketing|accounts?|customer|hr)\b/i;

/** Local parts of mailboxes run by software or shared by a team: whatever name they show is not a person's. */
const ROLE_MAILBOX = /^(?:mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounces?|abuse|hostmaster|webmaster|root|daemon)(?:[+.-]|$)/i;

/** A mailbox no person writes from: a role local part, or the parser's stand-in domain for a broken From. */
export function isSoftwareMailbox(email: string): boolean {
  const at = email.lastIndexOf('@');
  return ROLE_MAILBOX.test(email.slice(0, Math.max(at, 0))) || /\.invalid$/i.test(email);
}

const QUOTES = /^["'“”‘’`]+|["'“”‘’`]+$/g;

/**
 * Splits a display name or a signature's name line into first and last name, or null when it is
 * not plainly a person's name: an email address, the address's own local part, a role mailbox
 * ("Sales Team", postmaster@…), digits or symbols, more than four words. Handles "Last, First", quotes,
 * a trailing "(Company)" or "| Company", credentials ("PhD") and generational suffixes ("Jr.").
 * The first given name (with any middle initials) is the first name; the rest is the last name.
 */
export function splitPersonName(raw: string | null | undefined, email?: string): PersonName | null {
  let s = cleanValue(raw);
  if (!s || s.includes('@')) return null;
  s = s.replace(QUOTES, '').replace(/\\"/g, '').trim();
  // "Dana Whitfield (Northwind)", "Dana Whitfield | Northwind", "Dana Whitfield - Northwind"
  s = s.replace(/\s*\([^)]*\)\s*/g, ' ').split(/\s+[|·•–—-]\s+|\s*\|\s*/)[0]!.trim();
  if (!s) return null;
  // "dana.whitfield" or "jsmith" as a display name is the address, not a name ("Dana" for dana@ is a name).
  const local = email?.split('@')[0]?.toLowerCase() ?? '';
  if (ROLE_MAILBOX.test(local) || s === local || NOT_A_PERSON.test(s)) return null;

  const parts = s.split(/\s*,\s*/).filter(Boolean);
  let tokens: string[];
  let generation: string[] = [];
  const isSuffix = (p: string) => p.split(/\s+/).every((t) => CREDENTIAL.test(t) || GENERATION.test(t));
  const suffixes = parts.slice(1).filter(isSuffix);
  const rest = parts.slice(1).filter((p) => !isSuffix(p));
  generation = suffixes.flatMap((p) => p.split(/\s+/)).filter((t) => GENERATION.test(t));
  if (rest.length === 1) {
    // "Whitfield, Dana" or "van Dijk, Anna"; "Dana Whitfield, Northwind" cannot be told from
    // "Garcia Lopez, Maria", so a longer part before the comma gives no name at all.
    const family = parts[0]!.split(/\s+/);
    const familyWords = family.filter((t) => !PARTICLE.test(t));
    if (familyWords.length !== 1) return null;
    tokens = [...rest[0]!.split(/\s+/), ...family];
    return assemble(tokens, tokens.length - family.length, generation);
  }
  if (rest.length > 1) return null;
  tokens = parts[0]!.split(/\s+/);
  // Trailing suffixes without a comma: "Dana Whitfield Jr.", "Dana Whitfield PhD".
  while (tokens.length > 1 && (CREDENTIAL.test(tokens[tokens.length - 1]!) || GENERATION.test(tokens[tokens.length - 1]!))) {
    const t = tokens.pop()!;
    if (GENERATION.test(t)) generation = [t, ...generation];
  }
  // Leading honorifics and "Dr." are not a first name.
  while (tokens.length > 1 && /^(?:mr|mrs|ms|mx|dr|prof|herr|frau|mme|m)\.?$/i.test(tokens[0]!)) tokens.shift();
  let firstCount = 1;
  while (firstCount < tokens.length - 1 && /^\p{L}\.?$/u.test(tokens[firstCount]!)) firstCount += 1;
  const particle = tokens.findIndex((t, i) => i > 0 && PARTICLE.test(t));
  if (particle > 0) firstCount = Math.min(firstCount, particle);
  return assemble(tokens, firstCount, generation);
}

function assemble(tokens: string[], firstCount: number, generation: string[]): PersonName | null {
  if (tokens.length === 0 || tokens.length > 4 || !tokens.every((t) => NAME_TOKEN.test(t))) return null;
  // A lone initial is not a first name, and names start with a capital in every script that has case.
  if (!/^\p{Lu}|^\p{Lo}/u.test(tokens[0]!) || /^\p{L}\.?$/u.test(tokens[0]!)) return null;
  const firstName = tokens.slice(0, firstCount).join(' ');
  const last = [...tokens.slice(firstCount), ...generation].join(' ');
  return { firstName, lastName: tokens.length > firstCount ? last : null };
}

import type { Address } from '../../lib/mail/outgoing';

export type ParsedAddresses = { ok: true; addresses: Address[] } | { ok: false; error: string };

const EMAIL = /^[^\s@<>",;()[\]\\]+@[^\s@<>",;()[\]\\]+\.[^\s@<>",;()[\]\\]+$/;

/** Splits on commas that are not inside quotes or angle brackets. */
function splitList(input: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  let angle = false;
  for (const ch of input) {
    if (ch === '"' && !angle) quoted = !quoted;
    else if (ch === '<' && !quoted) angle = true;
    else if (ch === '>' && !quoted) angle = false;
    if ((ch === ',' || ch === ';') && !quoted && !angle) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter(Boolean);
}

function parseOne(part: string): Address | string {
  const angled = /^(.*?)<([^<>]*)>$/.exec(part);
  const rawName = angled ? (angled[1] ?? '').trim() : '';
  const email = (angled ? (angled[2] ?? '') : part).trim();
  if (!EMAIL.test(email)) return `"${part}" is not an email address. Use name@example.com or Name <name@example.com>.`;
  const name = rawName.replace(/^"(.*)"$/, '$1').replace(/\\(.)/g, '$1').trim();
  return { name, email };
}

/** Parses "Name <a@b.c>, c@d.e" as typed by a person into addresses, or says what is wrong. */
export function parseAddresses(input: string): ParsedAddresses {
  const addresses: Address[] = [];
  for (const part of splitList(input)) {
    const parsed = parseOne(part);
    if (typeof parsed === 'string') return { ok: false, error: parsed };
    addresses.push(parsed);
  }
  return { ok: true, addresses };
}

/** One address as a person would type it; names with separators are quoted so they parse back. */
export function formatAddress(a: Address): string {
  if (!a.name) return a.email;
  const name = /[",;<>]/.test(a.name) ? `"${a.name.replace(/(["\\])/g, '\\$1')}"` : a.name;
  return `${name} <${a.email}>`;
}

export const formatAddresses = (list: readonly Address[]): string => list.map(formatAddress).join(', ');

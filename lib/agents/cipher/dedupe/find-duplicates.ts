/**
 * Cipher's duplicate detection: which contacts are the same person, why (a reason per pairing),
 * which record should survive a merge and which record each field's value should come from.
 * Proposes only; merging is a cleanup approval a human signs.
 *
 * Not quadratic: records are grouped by blocking keys (canonical email, phone key, name-token
 * prefix × company key) and only records sharing a block are compared; matches are joined with
 * union-find. Time grows with the number of records and the size of the blocks, not with n².
 */
import { canonicalEmail, companyDomain, companyKey, jaroWinkler, nameTokens, phoneKey, plainEmail } from './normalise';

export interface DedupeContact {
  id: string;
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  /** Company name as the record holds it. */
  company?: string | null;
  companyId?: string | null;
  phone?: string | null;
  /** ISO date (or anything Date.parse reads); missing sorts as oldest. */
  updatedAt?: string | null;
}

export const DEDUPE_FIELDS = ['email', 'firstName', 'lastName', 'company', 'companyId', 'phone'] as const;
export type DedupeField = (typeof DEDUPE_FIELDS)[number];

/**
 * Why two records are taken for one person:
 * - exact_email: the same address, character for character;
 * - normalised_email: the same mailbox once case, whitespace, plus-tags (and, for Gmail, dots) are ignored;
 * - phone: the same last ten digits (seven at least), with names that do not contradict each other;
 * - name_company: nearly the same full name (Jaro-Winkler ≥ threshold, or the same words in any order)
 *   at the same company (company name, company id, or a shared email domain that is not free-mail).
 */
export type DuplicateReason = 'exact_email' | 'normalised_email' | 'phone' | 'name_company';

export interface DuplicatePair {
  a: string;
  b: string;
  reasons: DuplicateReason[];
  /** 0–1: how sure the reasons together make it. */
  score: number;
}

export interface DuplicateCluster {
  /** Sorted. */
  ids: string[];
  /** Every pairing that matched, sorted by a then b (a < b); together they connect all ids. */
  pairs: DuplicatePair[];
  /** The most complete record, then the most recently updated, then the smallest id. */
  suggestedWinner: string;
  /** Per field, the record whose non-empty value is the most recent (absent when no record has one). */
  fieldChoices: Partial<Record<DedupeField, string>>;
}

export interface DedupeOptions {
  /** Full-name similarity for name_company (Jaro-Winkler). Default 0.92. */
  nameThreshold?: number;
  /**
   * A phone key shared by more records than this is a switchboard or a placeholder, not a person:
   * it links no one. Default 25.
   */
  maxPhoneShare?: number;
}

export class DedupeInputError extends Error {}

const WEIGHT: Record<Exclude<DuplicateReason, 'name_company'>, number> = { exact_email: 1, normalised_email: 0.95, phone: 0.7 };
/** Blocks larger than this are compared within a sliding window over sorted names instead of pairwise. */
const MAX_BLOCK = 200;
const WINDOW = 25;

interface Features {
  email: string | null;
  canonical: string | null;
  phone: string | null;
  /** Name words of two letters or more (initials dropped). */
  tokens: string[];
  fullName: string;
  sortedName: string;
  companyKeys: string[];
  updated: number;
  filled: number;
}

function features(c: DedupeContact): Features {
  const tokens = nameTokens(c.firstName, c.lastName).filter((t) => t.length >= 2);
  const keys: string[] = [];
  const name = companyKey(c.company);
  if (name) keys.push(`n:${name}`);
  if (c.companyId?.trim()) keys.push(`i:${c.companyId.trim()}`);
  const domain = companyDomain(c.email);
  if (domain) keys.push(`d:${domain}`);
  const updated = c.updatedAt ? Date.parse(c.updatedAt) : Number.NaN;
  return {
    email: plainEmail(c.email) === null ? null : (c.email ?? '').trim(),
    canonical: canonicalEmail(c.email),
    phone: phoneKey(c.phone),
    tokens,
    fullName: tokens.join(' '),
    sortedName: [...tokens].sort().join(' '),
    companyKeys: keys,
    updated: Number.isFinite(updated) ? updated : Number.NEGATIVE_INFINITY,
    filled: DEDUPE_FIELDS.reduce((n, f) => n + (filled(c[f]) ? 1 : 0), 0),
  };
}

const filled = (v: string | null | undefined): v is string => typeof v === 'string' && v.trim() !== '';

/**
 * Full-name similarity when both records carry a first and a last name, else null. The whole name
 * must be close (Jaro-Winkler) and so must each of first and last name, in either order, so that a
 * long shared surname cannot carry two different first names (Marcus and Magnus Lindqvist). The
 * same words in any order, or the same first and last name around a middle name, count as 1.
 */
function nameSimilarity(a: Features, b: Features): number | null {
  if (a.tokens.length < 2 || b.tokens.length < 2) return null;
  if (a.sortedName === b.sortedName) return 1;
  const [fa, la] = [a.tokens[0]!, a.tokens.at(-1)!];
  const [fb, lb] = [b.tokens[0]!, b.tokens.at(-1)!];
  if ((fa === fb && la === lb) || (fa === lb && la === fb)) return 1;
  let best = 0;
  if (jaroWinkler(fa, fb) >= PART && jaroWinkler(la, lb) >= PART) best = jaroWinkler(a.fullName, b.fullName);
  if (jaroWinkler(fa, lb) >= PART && jaroWinkler(la, fb) >= PART) best = Math.max(best, jaroWinkler(`${fa} ${la}`, `${lb} ${fb}`));
  return best;
}
/** How close each of first and last name must be on its own. */
const PART = 0.88;

/**
 * A shared phone joins records unless their names say they are different people: colleagues or
 * relatives on one line (Stefan and Mateo Vasquez on the switchboard). With a first and a last name
 * on both sides both must agree; a lone name (or initial and surname) must agree with one of the other's.
 */
function namesCompatible(a: Features, b: Features): boolean {
  if (a.tokens.length === 0 || b.tokens.length === 0) return true;
  const close = (x: string, y: string) => jaroWinkler(x, y) >= PART;
  if (a.tokens.length === 1 || b.tokens.length === 1) {
    const [lone, other] = a.tokens.length === 1 ? [a.tokens[0]!, b.tokens] : [b.tokens[0]!, a.tokens];
    return other.some((t) => close(lone, t));
  }
  const [fa, la] = [a.tokens[0]!, a.tokens.at(-1)!];
  const [fb, lb] = [b.tokens[0]!, b.tokens.at(-1)!];
  return (close(fa, fb) && (close(la, lb) || a.tokens.includes(lb) || b.tokens.includes(la))) || (close(fa, lb) && close(la, fb));
}

function sameCompany(a: Features, b: Features): boolean {
  for (const k of a.companyKeys) if (b.companyKeys.includes(k)) return true;
  return false;
}

function judge(a: Features, b: Features, threshold: number): { reasons: DuplicateReason[]; score: number } | null {
  const reasons: DuplicateReason[] = [];
  let miss = 1;
  if (a.email !== null && a.email === b.email) {
    reasons.push('exact_email');
    miss *= 1 - WEIGHT.exact_email;
  } else if (a.canonical !== null && a.canonical === b.canonical) {
    reasons.push('normalised_email');
    miss *= 1 - WEIGHT.normalised_email;
  }
  if (a.phone !== null && a.phone === b.phone && namesCompatible(a, b)) {
    reasons.push('phone');
    miss *= 1 - WEIGHT.phone;
  }
  const similarity = nameSimilarity(a, b);
  if (similarity !== null && similarity >= threshold && sameCompany(a, b)) {
    reasons.push('name_company');
    miss *= 1 - (0.6 + 0.25 * Math.min(1, (similarity - threshold) / Math.max(1e-9, 1 - threshold)));
  }
  return reasons.length ? { reasons, score: Math.round((1 - miss) * 1000) / 1000 } : null;
}

class UnionFind {
  private readonly parent: Int32Array;
  constructor(n: number) {
    this.parent = new Int32Array(n);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }
  find(i: number): number {
    let r = i;
    while (this.parent[r] !== r) r = this.parent[r]!;
    while (this.parent[i] !== r) {
      const next = this.parent[i]!;
      this.parent[i] = r;
      i = next;
    }
    return r;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function findDuplicates(contacts: readonly DedupeContact[], options: DedupeOptions = {}): DuplicateCluster[] {
  const threshold = options.nameThreshold ?? 0.92;
  const maxPhoneShare = options.maxPhoneShare ?? 25;
  const n = contacts.length;
  const seen = new Set<string>();
  for (const c of contacts) {
    if (typeof c.id !== 'string' || c.id === '') throw new DedupeInputError('every contact needs a non-empty id');
    if (seen.has(c.id)) throw new DedupeInputError(`contact id "${c.id}" appears more than once`);
    seen.add(c.id);
  }
  const f = contacts.map(features);

  const blocks = new Map<string, number[]>();
  const add = (key: string, i: number) => {
    const members = blocks.get(key);
    if (members) {
      if (members.at(-1) !== i) members.push(i);
    } else blocks.set(key, [i]);
  };
  for (let i = 0; i < n; i++) {
    const x = f[i]!;
    if (x.canonical) add(`e|${x.canonical}`, i);
    if (x.phone) add(`p|${x.phone}`, i);
    if (x.tokens.length >= 2 && x.companyKeys.length) {
      for (const t of x.tokens.slice(0, 3)) for (const k of x.companyKeys) add(`n|${t.slice(0, 3)}|${k}`, i);
    }
  }

  const tried = new Set<number>();
  const matched: { i: number; j: number; reasons: DuplicateReason[]; score: number }[] = [];
  const uf = new UnionFind(n);
  const compare = (p: number, q: number) => {
    const i = Math.min(p, q);
    const j = Math.max(p, q);
    const key = i * n + j;
    if (tried.has(key)) return;
    tried.add(key);
    const verdict = judge(f[i]!, f[j]!, threshold);
    if (!verdict) return;
    matched.push({ i, j, ...verdict });
    uf.union(i, j);
  };
  for (const [key, members] of blocks) {
    if (members.length < 2) continue;
    const kind = key[0];
    if (kind === 'p' && members.length > maxPhoneShare) continue;
    if (kind === 'e' && members.length > MAX_BLOCK) {
      // One mailbox on many records: each is joined to the first, not every pair listed.
      for (const m of members.slice(1)) compare(members[0]!, m);
    } else if (members.length > MAX_BLOCK) {
      const sorted = [...members].sort((a, b) => byString(f[a]!.sortedName, f[b]!.sortedName) || a - b);
      for (let x = 0; x < sorted.length; x++) for (let y = x + 1; y < Math.min(sorted.length, x + WINDOW); y++) compare(sorted[x]!, sorted[y]!);
    } else {
      for (let x = 0; x < members.length; x++) for (let y = x + 1; y < members.length; y++) compare(members[x]!, members[y]!);
    }
  }

  const groups = new Map<number, number[]>();
  for (const m of matched) {
    const root = uf.find(m.i);
    if (!groups.has(root)) groups.set(root, []);
  }
  for (let i = 0; i < n; i++) groups.get(uf.find(i))?.push(i);
  const pairsByRoot = new Map<number, DuplicatePair[]>();
  for (const m of matched) {
    const root = uf.find(m.i);
    const [a, b] = [contacts[m.i]!.id, contacts[m.j]!.id].sort(byString) as [string, string];
    let list = pairsByRoot.get(root);
    if (!list) pairsByRoot.set(root, (list = []));
    list.push({ a, b, reasons: m.reasons, score: m.score });
  }

  const clusters: DuplicateCluster[] = [];
  for (const [root, members] of groups) {
    const winner = [...members].sort((x, y) => f[y]!.filled - f[x]!.filled || f[y]!.updated - f[x]!.updated || byString(contacts[x]!.id, contacts[y]!.id))[0]!;
    // Most recent first; the winner first among equals, then by id.
    const recency = [...members].sort((x, y) => f[y]!.updated - f[x]!.updated || (x === winner ? -1 : y === winner ? 1 : 0) || byString(contacts[x]!.id, contacts[y]!.id));
    const fieldChoices: Partial<Record<DedupeField, string>> = {};
    for (const field of DEDUPE_FIELDS) {
      const from = recency.find((i) => filled(contacts[i]![field]));
      if (from !== undefined) fieldChoices[field] = contacts[from]!.id;
    }
    clusters.push({
      ids: members.map((i) => contacts[i]!.id).sort(byString),
      pairs: pairsByRoot.get(root)!.sort((x, y) => byString(x.a, y.a) || byString(x.b, y.b)),
      suggestedWinner: contacts[winner]!.id,
      fieldChoices,
    });
  }
  return clusters.sort((x, y) => byString(x.ids[0]!, y.ids[0]!));
}

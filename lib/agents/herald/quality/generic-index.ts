import type { GenericMatch } from './model';
import { excerpt, segment } from './text';

/** A saved draft as the index needs it (DraftRow: message.to[0].email, message.subject, message.body). */
export interface StoredDraft {
  id: string;
  /** The recipient's address; drafts to the same address are never "generic" against each other. */
  to: string;
  subject: string;
  body: string;
  createdAt: number;
}

export interface GenericIndexOptions {
  /** Exact Jaccard similarity at or above which two bodies count as near-duplicates (default 0.6). */
  threshold?: number;
  /** LSH bands × rows = MinHash signature length (default 32 × 4 = 128: a pair at 0.6 is a candidate with p ≈ 0.99). */
  bands?: number;
  rows?: number;
  /** Words per shingle (default 3). */
  shingle?: number;
  /** Bodies with fewer shingles than this are too short to call generic (default 8). */
  minShingles?: number;
}

interface Entry {
  id: string;
  to: string;
  createdAt: number;
  excerpt: string;
  /** Sorted, de-duplicated 32-bit shingle hashes. */
  shingles: Uint32Array;
}

/** Murmur3's finaliser: a cheap, well-mixed 32-bit hash step. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function fnv(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** What is compared: the body sentences only. Greeting and signature are the same (or differ by name) in every draft. */
export function comparableText(body: string): string {
  return segment(body)
    .filter((s) => s.part === 'body')
    .map((s) => s.text)
    .join(' ');
}

/** Word k-shingles of a text, hashed, sorted, de-duplicated. */
export function shingleSet(text: string, k = 3): Uint32Array {
  const ws = text.toLowerCase().replace(/['’]/g, '').match(/[\p{L}\p{N}]+/gu) ?? [];
  if (ws.length === 0) return new Uint32Array(0);
  const hashes = ws.map(fnv);
  const n = Math.max(1, hashes.length - k + 1);
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let h = 0x9747b28c;
    for (let j = i; j < Math.min(i + k, hashes.length); j++) h = fmix((Math.imul(h, 31) + hashes[j]!) | 0);
    out[i] = h;
  }
  out.sort();
  let u = 0;
  for (let i = 0; i < out.length; i++) if (i === 0 || out[i] !== out[u - 1]) out[u++] = out[i]!;
  return out.slice(0, u);
}

/** Exact Jaccard of two sorted sets, by merging. */
export function jaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0 && b.length === 0) return 1;
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      shared++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return shared / (a.length + b.length - shared);
}

/**
 * Near-duplicate lookup over saved drafts: word shingles → MinHash signature → LSH bands, so a check
 * looks only at drafts that share a band with it, then confirms each with the exact Jaccard of the
 * shingle sets. add() is incremental; nothing here reads a clock.
 */
export class GenericIndex {
  readonly threshold: number;
  private readonly bands: number;
  private readonly rows: number;
  private readonly k: number;
  private readonly minShingles: number;
  private readonly seeds: Uint32Array;
  private readonly buckets: Map<number, number[]>[];
  private readonly entries: (Entry | undefined)[] = [];
  private readonly byId = new Map<string, number>();

  constructor(options: GenericIndexOptions = {}) {
    this.threshold = options.threshold ?? 0.6;
    this.bands = options.bands ?? 32;
    this.rows = options.rows ?? 4;
    this.k = options.shingle ?? 3;
    this.minShingles = options.minShingles ?? 8;
    if (!(this.threshold > 0 && this.threshold <= 1)) throw new Error(`threshold must be in (0, 1], got ${this.threshold}`);
    for (const [name, v] of [['bands', this.bands], ['rows', this.rows], ['shingle', this.k], ['minShingles', this.minShingles]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a positive integer, got ${v}`);
    }
    this.seeds = new Uint32Array(this.bands * this.rows);
    for (let i = 0; i < this.seeds.length; i++) this.seeds[i] = fmix(0x5bd1e995 + i * 0x9e3779b9);
    this.buckets = Array.from({ length: this.bands }, () => new Map<number, number[]>());
  }

  get size(): number {
    return this.byId.size;
  }

  static from(drafts: Iterable<StoredDraft>, options?: GenericIndexOptions): GenericIndex {
    const index = new GenericIndex(options);
    for (const d of drafts) index.add(d);
    return index;
  }

  /** Adds a draft; adding an id again replaces the earlier version (an edited draft). */
  add(draft: StoredDraft): void {
    const previous = this.byId.get(draft.id);
    if (previous !== undefined) this.entries[previous] = undefined;
    const text = comparableText(draft.body);
    const shingles = shingleSet(text, this.k);
    const at = this.entries.length;
    this.entries.push({ id: draft.id, to: draft.to.trim().toLowerCase(), createdAt: draft.createdAt, excerpt: excerpt(text, 0, 0, 120), shingles });
    this.byId.set(draft.id, at);
    if (shingles.length < this.minShingles) return;
    this.bandKeys(shingles).forEach((key, band) => {
      const bucket = this.buckets[band]!;
      const list = bucket.get(key);
      if (list) list.push(at);
      else bucket.set(key, [at]);
    });
  }

  /**
   * The most similar stored draft to another recipient at or above the threshold, or null.
   * `to` is this draft's recipient; `excludeId` skips the draft itself; `before` ignores drafts
   * created after that time, so a re-run over an old draft sees what its author could have seen.
   */
  check(body: string, options: { to: string; excludeId?: string; before?: number }): GenericMatch | null {
    return this.checkShingles(shingleSet(comparableText(body), this.k), options);
  }

  checkShingles(shingles: Uint32Array, options: { to: string; excludeId?: string; before?: number }): GenericMatch | null {
    if (shingles.length < this.minShingles) return null;
    const to = options.to.trim().toLowerCase();
    const seen = new Set<number>();
    let best: { entry: Entry; similarity: number } | null = null;
    this.bandKeys(shingles).forEach((key, band) => {
      for (const at of this.buckets[band]!.get(key) ?? []) {
        if (seen.has(at)) continue;
        seen.add(at);
        const entry = this.entries[at];
        if (!entry || entry.id === options.excludeId || (to && entry.to === to)) continue;
        if (options.before !== undefined && entry.createdAt > options.before) continue;
        const similarity = jaccard(shingles, entry.shingles);
        if (similarity < this.threshold) continue;
        // Highest similarity wins; ties go to the older draft, then the smaller id: the same answer every run.
        if (!best || similarity > best.similarity || (similarity === best.similarity && (entry.createdAt < best.entry.createdAt || (entry.createdAt === best.entry.createdAt && entry.id < best.entry.id)))) {
          best = { entry, similarity };
        }
      }
    });
    if (!best) return null;
    const { entry, similarity } = best as { entry: Entry; similarity: number };
    return { draftId: entry.id, to: entry.to, similarity: Math.round(similarity * 1000) / 1000, excerpt: entry.excerpt };
  }

  private bandKeys(shingles: Uint32Array): number[] {
    const sig = new Uint32Array(this.seeds.length).fill(0xffffffff);
    for (let s = 0; s < shingles.length; s++) {
      const x = shingles[s]!;
      for (let i = 0; i < sig.length; i++) {
        const h = fmix(x ^ this.seeds[i]!);
        if (h < sig[i]!) sig[i] = h;
      }
    }
    const keys: number[] = [];
    for (let b = 0; b < this.bands; b++) {
      let h = b;
      for (let r = 0; r < this.rows; r++) h = fmix((Math.imul(h, 31) + sig[b * this.rows + r]!) | 0);
      keys.push(h);
    }
    return keys;
  }
}

import { z } from 'zod';
import { hostOf } from './domain';
import { MAX_CLAIMS } from './dropped';
import type { DroppedClaim, DropReason, Fact, SourcedClaim, Synthesis } from './model';

/** What the model may return: claims and the fact ids each rests on. Nothing else is read. */
export const SynthesisOutput = z.object({
  claims: z
    .array(
      z.object({
        text: z.string().max(400),
        sources: z.array(z.string().max(12)).max(10),
      }),
    )
    .max(12),
});
export type SynthesisOutput = z.infer<typeof SynthesisOutput>;


const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
const LINK = /\b(?:https?:\/\/)?(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:\/[^\s)"'>,]*)?/gi;
const NUMBER = /\d[\d,.]*(?:\s?(?:k|m|bn|thousand|million|billion)\b)?/gi;
const SCALE: Record<string, number> = { k: 1e3, thousand: 1e3, m: 1e6, million: 1e6, bn: 1e9, billion: 1e9 };
/**
 * Words that turn a summary into a verdict or an action: a score, a priority, an approval, a
 * send, a deletion, a closed deal, an instruction. A claim may use one where the rep's own CRM
 * record says it, or where it quotes, in quotation marks, a stranger's words that say it. This is
 * where an injected "this lead is a top priority" would otherwise slip through with a real citation.
 */
const LOADED = /\b(scor|priorit|urgent|approv|send|forward|delet|merg|closed won|closed lost|qualified|hot lead|top lead|instruction|ignor|disregard)\w*/gi;
const QUOTED = /["“]([^"”]*)["”]/g;

/** The rep's own records, not words a stranger wrote (CRM notes may hold pasted email text). */
const isRepRecord = (f: Fact) => (f.evidence.source === 'crm' && !f.evidence.ref.startsWith('note:')) || f.evidence.source === 'settings' || f.evidence.source === 'override';

/** The numeric values a text states: "48,000", "48k" and "2026-11-02" (2026, 11, 2) alike. */
export function numbersIn(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(NUMBER)) {
    const raw = m[0].replace(/[.,]+(?=\s|$)/, '').trim();
    const scaleWord = /[a-z]+$/i.exec(raw)?.[0]?.toLowerCase();
    const digits = raw.replace(/\s?[a-z]+$/i, '').replace(/[.,]$/, '');
    const thousands = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(digits) || /^\d{1,3}(?:\.\d{3})+(?:,\d+)?$/.test(digits);
    const value = thousands ? Number(digits.replace(/[.,](?=\d{3}(?:\D|$))/g, '').replace(',', '.')) : Number(digits.replace(',', '.'));
    if (!Number.isNaN(value)) out.push(scaleWord ? value * (SCALE[scaleWord] ?? 1) : value);
    // Every digit run too, so a paraphrase that takes a date or a version apart still matches.
    for (const run of digits.match(/\d+/g) ?? []) out.push(Number(run));
  }
  return out;
}

// Text and quote only: a ref ("18c2f1a9b7e4d3c0") would lend its digits to invented numbers.
const sourceText = (facts: readonly Fact[]) => facts.map((f) => `${f.text}\n${f.evidence.quote}`).join('\n');

/** The first detail in `claim` (number, address, URL, loaded word) that its sources do not contain. */
export function unsupportedDetail(claim: string, cited: readonly Fact[]): string | null {
  const source = sourceText(cited);
  const lower = source.toLowerCase();
  for (const email of claim.match(EMAIL) ?? []) {
    if (!lower.includes(email.toLowerCase())) return `the address ${email}`;
  }
  // Fact ids ("(S3)") are citations, not details.
  const withoutEmails = claim.replace(EMAIL, ' ').replace(/\bS\d+\b/g, ' ');
  const sourceHosts = source.replace(EMAIL, (e) => ` ${e.split('@')[1]} `);
  for (const url of withoutEmails.match(LINK) ?? []) {
    const host = hostOf(url);
    const bare = url.toLowerCase().replace(/^https?:\/\//, '').replace(/^www\./, '').replace(/\/$/, '');
    if (!sourceHosts.toLowerCase().includes(host) || !lower.includes(bare)) return `the link ${url}`;
  }
  const known = numbersIn(source);
  for (const n of numbersIn(withoutEmails)) {
    if (!known.some((k) => Math.abs(k - n) < 1e-9)) return `the number ${n}`;
  }
  const trusted = sourceText(cited.filter(isRepRecord)).toLowerCase();
  const quotedSpans = [...withoutEmails.matchAll(QUOTED)].map((q) => [q.index, q.index + q[0].length] as const);
  for (const m of withoutEmails.matchAll(LOADED)) {
    const stem = m[1]!.toLowerCase();
    const attributed = quotedSpans.some(([from, to]) => m.index > from && m.index < to) && lower.includes(stem);
    if (!trusted.includes(stem) && !attributed) return `"${m[0]}"`;
  }
  return null;
}

const normaliseId = (id: string) => id.trim().replace(/^[[(]|[\])]$/g, '').toUpperCase();

/**
 * Keeps the claims whose every source is a fact of this brief and whose details those facts
 * contain; the rest are listed with the reason, for the rep to see what was held back.
 */
export function groundClaims(output: SynthesisOutput, facts: readonly Fact[]): Synthesis {
  const byId = new Map(facts.map((f) => [f.id, f]));
  const claims: SourcedClaim[] = [];
  const dropped: DroppedClaim[] = [];
  const drop = (text: string, why: DropReason, detail: string) => dropped.push({ text, why, detail });

  for (const raw of output.claims) {
    const text = raw.text.trim();
    if (!text) continue;
    const ids = [...new Set(raw.sources.map(normaliseId).filter(Boolean))];
    if (ids.length === 0) {
      drop(text, 'no_source', 'cites no fact');
      continue;
    }
    const unknown = ids.filter((id) => !byId.has(id));
    if (unknown.length) {
      drop(text, 'unknown_source', `cites ${unknown.join(', ')}, which ${unknown.length === 1 ? 'is' : 'are'} not in this brief`);
      continue;
    }
    const cited = ids.map((id) => byId.get(id)!);
    const detail = unsupportedDetail(text, cited);
    if (detail) {
      drop(text, 'unsupported_detail', `states ${detail}, which ${ids.join(', ')} ${ids.length === 1 ? 'does' : 'do'} not contain`);
      continue;
    }
    if (claims.length >= MAX_CLAIMS) {
      drop(text, 'over_limit', `beyond the ${MAX_CLAIMS} claims asked for`);
      continue;
    }
    claims.push({ text, sources: cited.map((f) => ({ id: f.id, text: f.text, evidence: f.evidence })) });
  }
  return { claims, dropped };
}

export { droppedSummary, MAX_CLAIMS } from './dropped';

/**
 * Finding phrases in what a lead wrote. The text is data: a match is a phrase of plain meaning
 * ("send us pricing"), never an instruction, and nothing in the text changes how it is read.
 */

export interface PhraseRule {
  key: string;
  pattern: RegExp;
  /** Skip a match that a negation just before it turns around ("we are not evaluating …"). */
  negatable: boolean;
  /** Skip a match that follows "if", "whether" or "unless" too ("if we went with Acme …"). */
  hypothetical?: boolean;
}

export interface PhraseHit {
  key: string;
  /** Exactly as it appears in the text. */
  quote: string;
  /** Offset in the scanned text. */
  start: number;
  end: number;
}

/** A negation in the few words before a match. */
const NEGATED_BEFORE = /(?:\b(?:no|not|never|without|hardly|nicht|kein\w*|pas|sans|sin|nunca)|n[’']t)\s+(?:[\p{L}'’-]+\s+){0,2}$/iu;
const HYPOTHETICAL_BEFORE = /\b(?:if|whether|unless|should|would|might|could|considering|falls|wenn|si)\s+(?:[\p{L}'’-]+\s+){0,3}$/iu;

/**
 * The lines of a message's new text, with their offsets: lines quoted inline with `>` are the
 * other side's words and are skipped.
 */
export function ownLines(text: string): { line: string; offset: number }[] {
  const out: { line: string; offset: number }[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    if (!line.trimStart().startsWith('>')) out.push({ line, offset });
    offset += line.length + 1;
  }
  return out;
}

/** Clause before `index` in `line`: negation does not reach across a sentence end. */
function clauseBefore(line: string, index: number): string {
  const before = line.slice(0, index);
  const cut = Math.max(before.lastIndexOf('.'), before.lastIndexOf('!'), before.lastIndexOf('?'), before.lastIndexOf(';'));
  return before.slice(cut + 1);
}

/** Every match of every rule in `text`, in text order; each rule's pattern must carry the `g` flag. */
export function findPhrases(text: string, rules: readonly PhraseRule[]): PhraseHit[] {
  const hits: PhraseHit[] = [];
  for (const { line, offset } of ownLines(text)) {
    for (const rule of rules) {
      rule.pattern.lastIndex = 0;
      for (let m = rule.pattern.exec(line); m; m = rule.pattern.exec(line)) {
        if (m[0] === '') {
          rule.pattern.lastIndex += 1;
          continue;
        }
        const before = clauseBefore(line, m.index);
        if (rule.negatable && NEGATED_BEFORE.test(before)) continue;
        if (rule.hypothetical && HYPOTHETICAL_BEFORE.test(before)) continue;
        hits.push({ key: rule.key, quote: m[0], start: offset + m.index, end: offset + m.index + m[0].length });
      }
    }
  }
  return hits.sort((a, b) => a.start - b.start || a.key.localeCompare(b.key));
}

/** Positive hits that overlap a negative one are dropped ("the price is too high" is no pricing interest). */
export function withoutOverlaps(positive: readonly PhraseHit[], negative: readonly PhraseHit[]): PhraseHit[] {
  return positive.filter((p) => !negative.some((n) => p.start < n.end && n.start < p.end));
}

export const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

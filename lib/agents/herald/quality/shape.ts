import { URL, words } from './text';

/** Syllables by vowel groups, with the usual silent-e corrections: close enough for a grade. */
export function syllables(word: string): number {
  const w = word.toLowerCase().replace(/[^a-z]/g, '');
  if (w.length <= 3) return 1;
  const trimmed = w.replace(/(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$/, (m) => m[0]!).replace(/^y/, '');
  return Math.max(1, trimmed.match(/[aeiouy]+/g)?.length ?? 0);
}

/** Flesch–Kincaid grade level of a list of sentences; 0 for no words. */
export function readingGrade(sentences: readonly string[]): number {
  let wordCount = 0;
  let syllableCount = 0;
  let sentenceCount = 0;
  for (const s of sentences) {
    const ws = words(s);
    if (ws.length === 0) continue;
    sentenceCount++;
    wordCount += ws.length;
    for (const w of ws) syllableCount += /\p{N}/u.test(w) ? 1 : syllables(w);
  }
  if (wordCount === 0) return 0;
  const grade = 0.39 * (wordCount / sentenceCount) + 11.8 * (syllableCount / wordCount) - 15.59;
  return Math.round(Math.max(0, grade) * 10) / 10;
}

const ASK = /\b(?:let\s+me\s+know|let['’]?s\s+(?:talk|chat|meet|find|set|schedule|book|grab|connect)|are\s+you\s+(?:free|open|available)|would\s+you\s+be\s+(?:open|up\s+for|interested|free|available)|worth\s+a\s+(?:call|chat|conversation|look)|can\s+we|could\s+we|shall\s+we|book\s+(?:a|some)\s+time|grab\s+(?:\d+|a\s+few|some|ten|fifteen|twenty|thirty)\s+min|schedule\s+a|set\s+up\s+a\s+(?:call|time|meeting|demo)|reply\s+with|send\s+(?:me|over)|here['’]?s\s+my\s+calendar|calendly|pick\s+a\s+time|find\s+a\s+time|(?:does|would)\s+\w+\s+work|if\s+you['’]re\s+open|interested\s+in\s+(?:a|learning)|open\s+to\s+(?:a|an)\b)/i;
const SAME_ASK = /^(?:or|otherwise|alternatively|if\s+not|if\s+that|failing\s+that|either\s+way|and\s+if)\b/i;

/** Whether a body sentence asks the reader for something: a question, or a request. */
export const isAsk = (sentence: string) => /\?\s*["')]?$/.test(sentence) || ASK.test(sentence);

/** Indices of body sentences that each start a distinct ask; "Or would Thursday suit?" continues the one before. */
export function distinctAsks(sentences: readonly string[]): number[] {
  const out: number[] = [];
  let previousWasAsk = false;
  sentences.forEach((s, i) => {
    const ask = isAsk(s);
    if (ask && !(previousWasAsk && SAME_ASK.test(s))) out.push(i);
    previousWasAsk = ask;
  });
  return out;
}

export const linksIn = (text: string): string[] => text.match(URL) ?? [];

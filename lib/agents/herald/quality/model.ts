/**
 * Herald's draft quality gate: the shapes it reads and the report it returns. Plain TypeScript, no
 * zod: the gate runs on data that has already been parsed at a boundary (a saved draft, the CLI).
 */

/** One thing known about the recipient, and where it was learned (thread, CRM, signature…). */
export interface SourcedText {
  text: string;
  source: string;
}

/** What is known about the person a draft goes to. Only `facts` can back a claim about them. */
export interface ProspectFacts {
  email: string;
  name?: string;
  firstName?: string;
  company?: string;
  title?: string;
  facts: SourcedText[];
}

/**
 * The draft under review. `evidence` is what the model says each personal line rests on, as in
 * DraftReplyOutput: `text` is the line's claim, `source` the text it rests on. Only `source` can
 * back a line: a claim cannot vouch for itself.
 */
export interface DraftUnderReview {
  subject: string;
  body: string;
  evidence?: SourcedText[];
}

export type FindingCode =
  // blocking
  | 'placeholder'
  | 'wrong_name'
  | 'wrong_company'
  | 'unsupported_claim'
  // warnings
  | 'stock_phrase'
  | 'generic'
  | 'low_personalisation'
  | 'too_short'
  | 'too_long'
  | 'reading_grade'
  | 'no_call_to_action'
  | 'several_calls_to_action'
  | 'too_many_links'
  | 'spam_trigger';

export const BLOCKING_CODES: ReadonlySet<FindingCode> = new Set(['placeholder', 'wrong_name', 'wrong_company', 'unsupported_claim']);

/** One problem, in words for the rep. `line` is the 1-based line of the body; absent for the subject or the whole draft. */
export interface Finding {
  code: FindingCode;
  message: string;
  line?: number;
  excerpt?: string;
}

/** greeting ("Hi Dana,"), body, or sign-off (the closing line and the signature under it). */
export type SentencePart = 'greeting' | 'body' | 'sign-off';

export interface SentenceReport {
  text: string;
  line: number;
  part: SentencePart;
  /** Rests on something specific to this prospect (a fact, cited evidence, their company or title). */
  personal: boolean;
  /** What it rests on, when a fact or evidence backs it. */
  evidence?: string;
  /** Codes of the findings raised on this sentence. */
  findings: FindingCode[];
}

export interface GenericMatch {
  draftId: string;
  to: string;
  /** Exact Jaccard similarity of the two bodies' word shingles, 0..1. */
  similarity: number;
  excerpt: string;
}

export interface QualityMetrics {
  /** Words in greeting and body (the sign-off and signature are not counted). */
  words: number;
  /** Flesch–Kincaid grade of the body sentences. */
  readingGrade: number;
  /** Share of body sentences that are personal, 0..1. */
  personalisationShare: number;
  /** Distinct asks (questions or requests) in the body. */
  callsToAction: number;
  links: number;
}

export interface QualityReport {
  verdict: 'blocked' | 'warnings' | 'ok';
  blocking: Finding[];
  warnings: Finding[];
  sentences: SentenceReport[];
  metrics: QualityMetrics;
  generic: GenericMatch | null;
}

/** Guidance the warnings are measured against. */
export interface QualityThresholds {
  minWords: number;
  maxWords: number;
  maxReadingGrade: number;
  maxLinks: number;
  /** Below this share of personal body sentences the draft "could be sent to anyone". */
  minPersonalisationShare: number;
}

export const DEFAULT_THRESHOLDS: QualityThresholds = {
  minWords: 25,
  maxWords: 125,
  maxReadingGrade: 10,
  maxLinks: 2,
  minPersonalisationShare: 0.2,
};

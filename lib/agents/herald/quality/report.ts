import type { GenericIndex } from './generic-index';
import { BLOCKING_CODES, DEFAULT_THRESHOLDS, type DraftUnderReview, type Finding, type FindingCode, type ProspectFacts, type QualityReport, type QualityThresholds, type SentenceReport } from './model';
import { claimsAboutProspect, supportOf, supportsFor, titlePattern } from './personal';
import { spamTriggersIn, stockPhrasesIn } from './phrases';
import { findPlaceholders, withoutPlaceholders } from './placeholders';
import { companyPattern, greetingMismatch, recipientOf, wrongCompanies } from './recipient';
import { distinctAsks, linksIn, readingGrade } from './shape';
import { excerpt, segment, words } from './text';

export interface QualityContext {
  prospect: ProspectFacts;
  /** Saved drafts to other prospects, for the near-duplicate check. */
  history?: GenericIndex;
  /** Epoch ms of the check: stored drafts created after it are ignored. No clock is read here. */
  now?: number;
  /** The rep's own side: their company is never a "wrong company". */
  sender?: { company?: string };
  /** The id of the draft under review, when it is itself in `history`. */
  draftId?: string;
  thresholds?: Partial<QualityThresholds>;
}

const quote = (s: string) => `“${s}”`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * Herald's deterministic quality gate: what would make a rep wince before sending, line by line.
 * Leftovers (placeholders, a wrong name or company) and claims about the prospect with nothing
 * behind them block; generic, spammy or badly shaped drafts warn. Draft text is only ever data.
 */
export function qualityReport(draft: DraftUnderReview, ctx: QualityContext): QualityReport {
  const t: QualityThresholds = { ...DEFAULT_THRESHOLDS, ...ctx.thresholds };
  const recipient = recipientOf(ctx.prospect, ctx.sender);
  const supports = supportsFor(ctx.prospect, draft.evidence, recipient);
  const companyRe = companyPattern(recipient);
  const titleRe = titlePattern(ctx.prospect.title);
  const people = ctx.prospect.name ? ctx.prospect.name.split(/\s+/) : [];
  const blocking: Finding[] = [];
  const warnings: Finding[] = [];
  const raise = (finding: Finding, sentence?: SentenceReport) => {
    (BLOCKING_CODES.has(finding.code) ? blocking : warnings).push(finding);
    if (sentence && !sentence.findings.includes(finding.code)) sentence.findings.push(finding.code);
  };
  const where = (line?: number) => (line === undefined ? 'in the subject' : `in line ${line}`);

  /** The checks every piece of text gets, subject included. */
  const checkText = (text: string, line: number | undefined, sentence?: SentenceReport) => {
    const placeholders = findPlaceholders(text);
    for (const p of placeholders) raise({ code: 'placeholder', message: `Unresolved placeholder ${p.text} ${where(line)}: fill it in or cut it.`, line, excerpt: excerpt(text, p.index, p.text.length) }, sentence);
    const clean = withoutPlaceholders(text, placeholders);
    for (const c of wrongCompanies(clean, recipient, { subject: line === undefined, sender: ctx.sender?.company, people })) {
      raise({ code: 'wrong_company', message: `${quote(c.name)} ${where(line)} reads as the recipient's company, but ${ctx.prospect.email || 'the recipient'} is at ${ctx.prospect.company || recipient.companyAliases[0]}.`, line, excerpt: excerpt(text, c.index, c.name.length) }, sentence);
    }
    const stock = stockPhrasesIn(clean);
    if (stock.length) raise({ code: 'stock_phrase', message: `Stock phrase ${stock.map(quote).join(', ')} ${where(line)}: it could be sent to anyone.`, line, excerpt: excerpt(text) }, sentence);
    const spam = spamTriggersIn(clean);
    if (spam.length) raise({ code: 'spam_trigger', message: `Spam-trigger ${spam.length === 1 ? 'word' : 'words'} ${spam.map(quote).join(', ')} ${where(line)}.`, line, excerpt: excerpt(text) }, sentence);
  };

  checkText(draft.subject, undefined);

  const sentences: SentenceReport[] = segment(draft.body).map((s) => ({ text: s.text, line: s.line, part: s.part, personal: false, findings: [] }));
  for (const s of sentences) {
    if (s.part === 'greeting') {
      const mismatch = greetingMismatch(s.text, recipient);
      if (mismatch) raise({ code: 'wrong_name', message: `The greeting in line ${s.line} says ${quote(mismatch.said)}, but the recipient is ${capitalise(mismatch.expected)}.`, line: s.line, excerpt: excerpt(s.text) }, s);
    }
    if (s.part === 'body') {
      const support = supportOf(s.text, supports);
      if (support) s.evidence = support;
      const unsupported = !support && claimsAboutProspect(s.text, companyRe);
      // An invented claim that names their company is not personalisation.
      s.personal = !unsupported && (!!support || !!companyRe?.test(s.text) || !!titleRe?.test(s.text));
      if (unsupported) {
        raise({ code: 'unsupported_claim', message: `Line ${s.line} states something about the prospect that no known fact backs: ${quote(excerpt(s.text, 0, 0, 120))} Cite the source or cut the line.`, line: s.line, excerpt: excerpt(s.text) }, s);
      }
    }
    // A signature's "[Your Name]" is a leftover too; its stock lines and capitals are not the draft's voice.
    if (s.part === 'sign-off') {
      for (const p of findPlaceholders(s.text)) raise({ code: 'placeholder', message: `Unresolved placeholder ${p.text} in line ${s.line}: fill it in or cut it.`, line: s.line, excerpt: excerpt(s.text, p.index, p.text.length) }, s);
    } else checkText(s.text, s.line, s);
  }

  const body = sentences.filter((s) => s.part === 'body');
  const bodyTexts = body.map((s) => s.text);
  const wordCount = sentences.filter((s) => s.part !== 'sign-off').reduce((n, s) => n + words(s.text).length, 0);
  const grade = readingGrade(bodyTexts);
  const asks = distinctAsks(bodyTexts);
  const links = linksIn(draft.body);
  const personal = body.filter((s) => s.personal).length;
  const share = body.length ? Math.round((personal / body.length) * 1000) / 1000 : 0;

  const whole = (code: FindingCode, message: string) => raise({ code, message });
  if (wordCount < t.minWords) whole('too_short', `${plural(wordCount, 'word')}: aim for ${t.minWords}–${t.maxWords}.`);
  if (wordCount > t.maxWords) whole('too_long', `${plural(wordCount, 'word')}: aim for ${t.minWords}–${t.maxWords}; busy readers skim past long cold emails.`);
  if (grade > t.maxReadingGrade) whole('reading_grade', `Reads at grade ${grade} (Flesch–Kincaid); keep it at ${t.maxReadingGrade} or below with shorter sentences and plainer words.`);
  if (asks.length === 0 && body.length) whole('no_call_to_action', 'No question or ask: end with one clear next step.');
  if (asks.length > 1) {
    const lines = asks.map((i) => body[i]!.line);
    for (const i of asks) if (!body[i]!.findings.includes('several_calls_to_action')) body[i]!.findings.push('several_calls_to_action');
    const distinctLines = [...new Set(lines)];
    raise({ code: 'several_calls_to_action', message: `${asks.length} separate asks (${distinctLines.length === 1 ? 'line' : 'lines'} ${distinctLines.join(', ')}): keep one clear next step.`, line: lines[0] });
  }
  if (links.length > t.maxLinks) whole('too_many_links', `${plural(links.length, 'link')}: more than ${t.maxLinks} looks like a newsletter and trips spam filters.`);
  if (body.length && share < t.minPersonalisationShare) {
    whole('low_personalisation', `${personal} of ${plural(body.length, 'sentence')} ${personal === 1 ? 'rests' : 'rest'} on anything specific to ${ctx.prospect.name || ctx.prospect.email || 'this prospect'}: this could be sent to anyone.`);
  }

  const generic = ctx.history?.check(draft.body, { to: ctx.prospect.email, excludeId: ctx.draftId, before: ctx.now }) ?? null;
  if (generic) {
    whole('generic', `Nearly the same as draft ${generic.draftId} to ${generic.to} (${Math.round(generic.similarity * 100)}% of phrases shared): it reads as a template.`);
    warnings.at(-1)!.excerpt = generic.excerpt;
  }

  return {
    verdict: blocking.length ? 'blocked' : warnings.length ? 'warnings' : 'ok',
    blocking,
    warnings,
    sentences,
    metrics: { words: wordCount, readingGrade: grade, personalisationShare: share, callsToAction: asks.length, links: links.length },
    generic,
  };
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

import EmailReplyParser from 'email-reply-parser';
import { htmlToText } from './html-text';

export interface ReplyParts {
  /** What this message adds: text without quoted history and signature. */
  body: string;
  quoted: string;
  signature: string;
}

/** Past this, splitting is skipped: the parser's patterns scan the whole text (no RE2 in a browser). */
const MAX_SPLIT_CHARS = 200_000;

/** Gmail (web and apps, Workspace too) writes Message-IDs on this host. */
const GMAIL_MESSAGE_ID = /@mail\.gmail\.com>$/i;
const GMAIL_QUOTE = /<(?:div|blockquote)\b[^>]*\bclass\s*=\s*["'][^"']*\bgmail_quote\b/i;
const GMAIL_SIGNATURE = /<(?:div|span)\b[^>]*\bclass\s*=\s*["'][^"']*\bgmail_signature(?:_prefix)?\b/i;

const isQuoteLine = (line: string) => line.trim() === '' || line.trimStart().startsWith('>');

/**
 * Separates the new content of a message from its quoted history and signature.
 * Mail written by Gmail marks both in its HTML (`gmail_quote`, `gmail_signature`): that is used
 * when present. Otherwise the plain text goes through email-reply-parser, which knows the
 * attribution lines of many languages ("On … wrote:", "Am … schrieb", "Le … a écrit", Outlook's
 * "-----Original Message-----") and common signature openers ("-- ", "Sent from my iPhone").
 */
export function splitReply(text: string, html: string | null, messageId: string): ReplyParts {
  if (html !== null && GMAIL_MESSAGE_ID.test(messageId)) {
    const fromGmail = splitGmailHtml(html);
    if (fromGmail) return fromGmail;
  }
  return splitPlainText(text);
}

/** Cuts Gmail's HTML at its own containers; null when it has neither. */
function splitGmailHtml(html: string): ReplyParts | null {
  const quoteAt = GMAIL_QUOTE.exec(html)?.index ?? -1;
  const signatureAt = GMAIL_SIGNATURE.exec(html)?.index ?? -1;
  if (quoteAt < 0 && signatureAt < 0) return null;
  const historyAt = quoteAt < 0 ? html.length : quoteAt;
  // A signature inside the quoted history belongs to an earlier message.
  const ownSignatureAt = signatureAt >= 0 && signatureAt < historyAt ? signatureAt : historyAt;
  return {
    body: htmlToText(html.slice(0, ownSignatureAt)),
    signature: htmlToText(html.slice(ownSignatureAt, historyAt)),
    quoted: htmlToText(html.slice(historyAt)),
  };
}

/**
 * Whitespace-only lines emptied and runs of blank lines folded to one: the parser's patterns take
 * quadratic time on long blank runs (20,000 blank lines: ~6 s), and the runs carry no meaning.
 */
const foldBlankLines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line) => (line.trim() === '' ? '' : line))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');

export function splitPlainText(text: string): ReplyParts {
  if (text.trim() === '' || text.length > MAX_SPLIT_CHARS) return { body: text.trim(), quoted: '', signature: '' };
  const fragments = new EmailReplyParser().read(foldBlankLines(text)).getFragments();
  // History starts at the first quoted fragment that opens with an attribution or header block
  // (it has lines that are not `>`), or after which nothing new follows. Quoted fragments before
  // it are inline replies and stay in the body, as the reader needs them for context.
  const historyAt = fragments.findIndex(
    (f, i) =>
      f.isQuoted() &&
      (!f.getContent().split('\n').every(isQuoteLine) || fragments.slice(i + 1).every((later) => later.isQuoted() || later.isSignature() || later.isEmpty())),
  );
  const own = historyAt < 0 ? fragments : fragments.slice(0, historyAt);
  const join = (list: typeof fragments) =>
    list
      .map((f) => f.getContent())
      .join('\n')
      .trim();
  return {
    body: join(own.filter((f) => !f.isSignature())),
    signature: join(own.filter((f) => f.isSignature())),
    quoted: historyAt < 0 ? '' : join(fragments.slice(historyAt)),
  };
}

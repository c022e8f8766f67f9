/**
 * The DOM-read fallback before Gmail is connected: what the open thread's rendered messages show
 * (sender, date, text). PARTIAL by nature: Gmail collapses older messages and trims quoted
 * history, and the page is untrusted, so this is for display as plain text only, never for
 * drafting or any decision. Pure, like adapter.ts.
 */
import { locateOpenThread, readSender, type AdapterResult, type GmailSender } from './adapter';
import { matchesHook, queryHook } from './hooks';
import { headingText, plainText, squash } from './text';

export interface VisibleMessage {
  sender: GmailSender;
  /** The full date from the date cell's title, else its visible (often shortened) text; null if none. */
  date: string | null;
  /** Plain text of the rendered body without quoted history; null when Gmail shows the message collapsed. */
  text: string | null;
  /** Quoted history was left out of `text`. */
  quoteLeftOut: boolean;
}

export interface VisibleThread {
  /** Always true: a page read is never the full thread. */
  partial: true;
  threadId: string;
  subject: string;
  messages: VisibleMessage[];
}

const MAX_TEXT = 20_000;

function readDate(message: Element): string | null {
  const cell = queryHook(message, 'messageDate')[0];
  if (!cell) return null;
  const date = squash(cell.getAttribute('title') ?? '') || squash(cell.textContent ?? '');
  return date ? date.slice(0, 200) : null;
}

function readBody(message: Element): { text: string | null; quoteLeftOut: boolean } {
  const body = queryHook(message, 'messageBody')[0];
  if (!body) return { text: null, quoteLeftOut: false };
  let quoteLeftOut = false;
  const text = plainText(
    body,
    (el) => {
      const quote = matchesHook(el, 'messageQuote');
      quoteLeftOut ||= quote;
      return quote;
    },
    MAX_TEXT,
  );
  return { text, quoteLeftOut };
}

/**
 * The visible messages of the open thread, in page order; null where no thread is open. Degraded
 * when the thread cannot be read (see readOpenThread) or when no message has a readable body.
 */
export function readVisibleMessages(doc: ParentNode): AdapterResult<VisibleThread | null> {
  const located = locateOpenThread(doc);
  if (!located.ok) return located;
  if (!located.value) return { ok: true, value: null };
  const { heading, threadId, messages: elements } = located.value;

  const messages: VisibleMessage[] = [];
  for (const element of elements) {
    const sender = readSender(element);
    if (!sender) return { ok: false, degraded: ['messageSender'] };
    messages.push({ sender, date: readDate(element), ...readBody(element) });
  }
  if (messages.every((m) => m.text === null)) return { ok: false, degraded: ['messageBody'] };
  return { ok: true, value: { partial: true, threadId, subject: headingText(heading), messages } };
}

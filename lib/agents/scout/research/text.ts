import type { DecodedMessage } from '../../../mail/thread';
import { bodyEnd, hasContactDetail, parseSignature } from './signature';

const ownLines = (m: DecodedMessage) => m.body.split(/\r?\n/).filter((l) => !l.trimStart().startsWith('>'));

/** The lines without a trailing sign-off block that reads as a signature with contact details. */
function withoutSignOff(lines: string[], authorName: string | undefined): string[] {
  const tail = bodyEnd(lines.join('\n'));
  const sig = tail ? parseSignature(tail, { name: authorName }) : null;
  if (!sig || !hasContactDetail(sig)) return lines;
  let toDrop = tail.split('\n').filter((l) => l.trim()).length;
  let end = lines.length;
  while (end > 0 && toDrop > 0) {
    end -= 1;
    if (lines[end]!.trim()) toDrop -= 1;
  }
  // A body that is nothing but a signature keeps it: it is all the message says.
  return lines.slice(0, end).some((l) => l.trim()) ? lines.slice(0, end) : lines;
}

/**
 * What a message says in its author's own new words: the body without inline `>` quotes and
 * without a sign-off block the splitter left in it (a signature is read separately), on one line.
 */
export function newText(m: DecodedMessage, authorName?: string): string {
  return withoutSignOff(ownLines(m), authorName || m.from.name || undefined)
    .join('\n')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Sentences of the new text that ask something. */
export function questionsIn(m: DecodedMessage): string[] {
  const sentences = ownLines(m)
    .join('\n')
    .split(/(?<=[.?!])\s+|\n+/)
    .map((s) => s.replace(/\s+/g, ' ').trim());
  return sentences.filter((s) => s.endsWith('?') && s.length >= 8 && s.length <= 300);
}

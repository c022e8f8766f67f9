/**
 * The plain-text draft format of `npm run quality`: an optional `To: address` line, then the
 * subject on its own line, a blank line, and the body. Parsing only; reading files is the CLI's job.
 */
export interface DraftFile {
  to: string | null;
  subject: string;
  body: string;
}

export class DraftFileError extends Error {}

export function parseDraftFile(text: string): DraftFile {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let to: string | null = null;
  const toLine = /^To:\s*(.*)$/i.exec(lines[0] ?? '');
  if (toLine) {
    const address = /<([^<>\s]+@[^<>\s]+)>/.exec(toLine[1]!)?.[1] ?? toLine[1]!.trim();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) throw new DraftFileError(`line 1: "To:" needs one email address, got "${toLine[1]!.trim()}"`);
    to = address.toLowerCase();
    lines.shift();
  }
  const at = to ? 2 : 1;
  const subject = lines[0]?.trim() ?? '';
  if (!subject) throw new DraftFileError(`line ${at}: expected the subject, found ${lines.length ? 'an empty line' : 'nothing'}`);
  if (lines.length < 2 || lines[1]!.trim() !== '') throw new DraftFileError(`line ${at + 1}: expected a blank line between the subject and the body`);
  return { to, subject, body: lines.slice(2).join('\n') };
}

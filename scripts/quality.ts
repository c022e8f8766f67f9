/**
 * npm run -s quality -- FILE.txt [--prospect FILE.json] [--history DIR]
 *
 * Prints, as JSON, Herald's deterministic quality report for one draft: verdict, blocking findings
 * and warnings in plain words, each sentence with what it rests on, metrics, and the nearest
 * draft to another prospect when the text is nearly the same. The same code the extension runs
 * (lib/agents/herald/quality).
 *
 *   FILE.txt       subject on the first line, a blank line, then the body. An optional first line
 *                  `To: address` names the recipient (used when --prospect is not given).
 *   --prospect     JSON: {"email", "name"?, "firstName"?, "company"?, "title"?, "facts"?: [{"text", "source"}]}.
 *                  Without it the recipient is only the To: address (or unknown), with no facts.
 *   --history DIR  every *.txt in DIR is another saved draft, in the same format. A draft with a
 *                  `To:` line to the same address as the prospect is the same prospect and never
 *                  counts as a copy; a draft without one is treated as going to another prospect.
 *                  Drafts are ordered by file name (that order stands in for creation time).
 *
 * Exit code 0 whatever the verdict; 1 on a usage error or input that cannot be read or parsed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DraftFileError, parseDraftFile, type DraftFile } from '../lib/agents/herald/quality/draft-file';
import { GenericIndex } from '../lib/agents/herald/quality/generic-index';
import type { ProspectFacts } from '../lib/agents/herald/quality/model';
import { ProspectFile } from '../lib/agents/herald/quality/prospect-file';
import { qualityReport } from '../lib/agents/herald/quality/report';
import { oneFileArgs } from './cli-args';

const USAGE = 'usage: npm run -s quality -- FILE.txt [--prospect FILE.json] [--history DIR]';
const HELP = `${USAGE}

  FILE.txt         the draft: subject on the first line, a blank line, then the body. An optional
                   first line "To: address" names the recipient (used when --prospect is absent).
  --prospect FILE  JSON: {"email", "name"?, "firstName"?, "company"?, "title"?, "facts"?: [{"text", "source"}]}.
  --history DIR    other saved drafts, one *.txt each in the same format. One with a "To:" line to
                   the prospect's address is the same prospect and never counts as a copy; one
                   without a "To:" line is treated as a draft to another prospect. File-name order
                   stands in for creation order.

Prints the report as JSON. Exit 0 whatever the verdict; 1 on bad usage or input.`;

class InputError extends Error {}

function read(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = e instanceof Error && 'code' in e ? e.code : undefined;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : e instanceof Error ? e.message : String(e);
    throw new InputError(`cannot read ${what} ${file}: ${why}`);
  }
}

function draftFile(file: string, what: string): DraftFile {
  try {
    return parseDraftFile(read(file, what));
  } catch (e) {
    if (e instanceof DraftFileError) throw new InputError(`${file} is not a draft: ${e.message} (expected: subject, blank line, body)`);
    throw e;
  }
}

function prospectFile(file: string): ProspectFacts {
  let json: unknown;
  try {
    json = JSON.parse(read(file, 'prospect'));
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${file} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const parsed = ProspectFile.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new InputError(`${file} is not a prospect: ${issues}`);
  }
  return parsed.data;
}

function historyIndex(dir: string): GenericIndex {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.txt')).sort();
  } catch (e) {
    const code = e instanceof Error && 'code' in e ? e.code : undefined;
    throw new InputError(`cannot read history ${dir}: ${code === 'ENOENT' ? 'no such directory' : code === 'ENOTDIR' ? 'not a directory' : e instanceof Error ? e.message : String(e)}`);
  }
  const index = new GenericIndex();
  names.forEach((name, i) => {
    const d = draftFile(path.join(dir, name), 'history draft');
    index.add({ id: name, to: d.to ?? `unknown:${name}`, subject: d.subject, body: d.body, createdAt: i });
  });
  return index;
}

function main(argv: string[]): number {
  const args = oneFileArgs('quality', argv, { prospect: { type: 'string' }, history: { type: 'string' } }, USAGE, HELP);
  if ('exit' in args) return args.exit;
  const { file } = args;
  try {
    const draft = draftFile(file, 'draft');
    const prospect = args.values.prospect ? prospectFile(args.values.prospect) : { email: draft.to ?? '', facts: [] };
    const history = args.values.history ? historyIndex(args.values.history) : undefined;
    const report = qualityReport({ subject: draft.subject, body: draft.body }, { prospect, history });
    process.stdout.write(`${JSON.stringify({ file, ...report }, null, 2)}\n`);
    return 0;
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    process.stderr.write(`quality: ${e.message}\n`);
    return 1;
  }
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`quality: failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
}

/**
 * npm run -s dedupe -- FILE.csv
 *
 * Prints, as JSON, the duplicate clusters Cipher finds in a contacts CSV: for each cluster its
 * records, every matching pairing with its reasons and score, the suggested surviving record and,
 * per field, the record whose value to keep. The same code the extension runs
 * (lib/agents/cipher/dedupe).
 *
 *   FILE.csv   header row first. Columns are recognised by name, case and punctuation ignored:
 *              id, email, first name / last name (or one name column), company, company id, phone,
 *              updated at. Other columns are ignored. Without an id column a row is "line-N".
 *
 * Exit code 0 whether or not duplicates are found; 1 on a usage error or a file that cannot be read.
 */
import { readFileSync } from 'node:fs';
import { ContactsCsvError, parseContactsCsv } from '../lib/agents/cipher/dedupe/contacts-csv';
import { DedupeInputError, findDuplicates } from '../lib/agents/cipher/dedupe/find-duplicates';
import { oneFileArgs } from './cli-args';

const USAGE = 'usage: npm run -s dedupe -- FILE.csv';
const HELP = `${USAGE}

  FILE.csv   contacts, header row first. Recognised columns (case and punctuation ignored):
             id, email, first name, last name (or a single name column), company, company id,
             phone, updated at. Other columns are ignored. Rows without an id are named line-N.

Prints {file, contacts, clusters} as JSON; each cluster lists its ids, every matching pair with
its reasons (exact_email, normalised_email, phone, name_company) and score, the suggested winner
and the record to take each field from. Exit 0 whatever is found; 1 on bad usage or input.`;

function main(argv: string[]): number {
  const args = oneFileArgs('dedupe', argv, {}, USAGE, HELP);
  if ('exit' in args) return args.exit;
  const { file } = args;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = e instanceof Error && 'code' in e ? e.code : undefined;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : e instanceof Error ? e.message : String(e);
    process.stderr.write(`dedupe: cannot read ${file}: ${why}\n`);
    return 1;
  }
  try {
    const contacts = parseContactsCsv(text);
    const clusters = findDuplicates(contacts);
    process.stdout.write(`${JSON.stringify({ file, contacts: contacts.length, clusters }, null, 2)}\n`);
    return 0;
  } catch (e) {
    if (!(e instanceof ContactsCsvError || e instanceof DedupeInputError)) throw e;
    process.stderr.write(`dedupe: ${file} is not a contacts CSV: ${e.message}\n`);
    return 1;
  }
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`dedupe: failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
}

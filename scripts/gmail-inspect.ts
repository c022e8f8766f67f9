/**
 * npm run -s gmail:inspect -- FILE.html
 *
 * Prints, as JSON, what Countersign's Gmail DOM layer reads from a saved Gmail page (view, thread
 * id and the hook that gave it, subject, senders, mount point, compose boxes, visible messages)
 * and which hooks failed (`degraded`). The page is parsed with linkedom and never run. Exit code
 * 0 whatever the page holds (a degraded page is an answer, not an error); 1 only when the file
 * cannot be read.
 */
import { readFileSync } from 'node:fs';
import { parseHTML } from 'linkedom';
import { inspectGmailPage } from '../lib/sites/gmail/inspect';

function main(argv: readonly string[]): number {
  const file = argv[0];
  if (!file || argv.length > 1) {
    process.stderr.write('usage: npm run -s gmail:inspect -- FILE.html\n');
    return 1;
  }
  let html: string;
  try {
    html = readFileSync(file, 'utf8');
  } catch (e) {
    process.stderr.write(`gmail:inspect: cannot read ${file}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  const { document } = parseHTML(html);
  process.stdout.write(`${JSON.stringify({ file, ...inspectGmailPage(document as unknown as Document) }, null, 2)}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));

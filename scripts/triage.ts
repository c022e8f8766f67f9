/**
 * npm run -s triage -- FILE.eml
 *
 * Prints, as JSON, how Scout's deterministic triage classifies one raw RFC 5322 message (an .eml,
 * or Gmail's raw decoded): class, the rule that fired, and for a bounce its type, status,
 * recipient and reason; for an auto-reply its return date. The same code the extension runs
 * (lib/agents/scout/triage). Exit code 0 whatever the message is; 1 when the file cannot be read.
 */
import { readFileSync } from 'node:fs';
import { triageRaw } from '../lib/agents/scout/triage/triage';

async function main(argv: readonly string[]): Promise<number> {
  const file = argv[0];
  if (!file || argv.length > 1) {
    process.stderr.write('usage: npm run -s triage -- FILE.eml\n');
    return 1;
  }
  let raw: Uint8Array;
  try {
    raw = new Uint8Array(readFileSync(file));
  } catch (e) {
    const why = e instanceof Error && 'code' in e && e.code === 'ENOENT' ? 'no such file' : e instanceof Error ? e.message : String(e);
    process.stderr.write(`triage: cannot read ${file}: ${why}\n`);
    return 1;
  }
  const result = await triageRaw(raw);
  process.stdout.write(`${JSON.stringify({ file, ...result }, null, 2)}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`triage: failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);

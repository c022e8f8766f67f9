import { parseArgs, type ParseArgsConfig } from 'node:util';

/**
 * The shared front of the one-file support commands (`npm run -s NAME -- FILE [--opts]`):
 * parses the arguments (string options only, plus -h/--help), answers --help, and insists on
 * exactly one FILE. Returns the file and option values, or the exit code to stop with.
 */
export function oneFileArgs(
  name: string,
  argv: string[],
  options: Record<string, { type: 'string' }>,
  usage: string,
  help: string,
): { exit: number } | { file: string; values: Record<string, string | undefined> } {
  let args: { values: Record<string, unknown>; positionals: string[] };
  try {
    const config: ParseArgsConfig = { args: argv, allowPositionals: true, options: { ...options, help: { type: 'boolean', short: 'h' } } };
    args = parseArgs(config) as typeof args;
  } catch (e) {
    process.stderr.write(`${name}: ${e instanceof Error ? e.message : String(e)}\n${usage}\n`);
    return { exit: 1 };
  }
  if (args.values.help) {
    process.stdout.write(`${help}\n`);
    return { exit: 0 };
  }
  const [file, ...extra] = args.positionals;
  if (!file || extra.length) {
    process.stderr.write(`${usage}\n`);
    return { exit: 1 };
  }
  return { file, values: args.values as Record<string, string | undefined> };
}

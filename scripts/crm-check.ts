/**
 * npm run -s crm:check -- --crm hubspot|salesforce|pipedrive --base-url URL --token T [--write] [--json]
 *
 * Exercises each CrmAdapter operation once against the given endpoint with the real adapter and
 * prints one row per operation (operation, ok, ms, detail): checkConnection (the code behind
 * "Test connection" in settings), pipelines, list, search, get, notes, associations; with --write
 * also creates, updates and deletes one test contact named "Countersign CRM check (safe to
 * delete)". For Salesforce, --base-url is the instance URL and --token an access token. The
 * token may come from COUNTERSIGN_CRM_TOKEN instead of --token (keeps it out of
 * shell history); it is never printed. Exit 0 when every operation worked, 1 when one failed,
 * 2 on a usage error.
 */
import { parseArgs } from 'node:util';
import { ADAPTERS, type RemoteCrm } from './crm-check/adapters';
import { runCrmCheck } from './crm-check/operations';
import { formatTable } from './crm-check/report';

const USAGE = 'usage: npm run -s crm:check -- --crm hubspot|salesforce|pipedrive [--base-url URL] --token T [--write] [--json]';
const CRMS: readonly RemoteCrm[] = ['hubspot', 'salesforce', 'pipedrive'];

function usage(problem: string): number {
  process.stderr.write(`crm:check: ${problem}\n${USAGE}\n`);
  return 2;
}

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { crm: { type: 'string' }, 'base-url': { type: 'string' }, token: { type: 'string' }, write: { type: 'boolean', default: false }, json: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } }, strict: true }));
  } catch (e) {
    return usage(e instanceof Error ? e.message : String(e));
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const crm = CRMS.find((c) => c === values.crm);
  if (!crm) return usage(`--crm must be one of ${CRMS.join(', ')}`);
  const factory = ADAPTERS[crm];
  const token = values.token ?? process.env.COUNTERSIGN_CRM_TOKEN;
  if (!token) return usage('--token (or COUNTERSIGN_CRM_TOKEN) is required');
  const baseUrl = values['base-url'] ?? factory.defaultBaseUrl;
  if (!baseUrl) return usage(`--base-url is required for ${crm} (the instance URL, e.g. https://yourorg.my.salesforce.com)`);
  try {
    if (!/^https?:$/.test(new URL(baseUrl).protocol)) return usage('--base-url must be an http(s) URL');
  } catch {
    return usage(`--base-url is not a URL: ${baseUrl}`);
  }

  const results = await runCrmCheck(factory.create({ baseUrl, token }), { write: values.write });
  const ok = results.every((r) => r.ok);
  if (values.json) process.stdout.write(`${JSON.stringify({ crm, baseUrl, write: values.write, ok, operations: results }, null, 2)}\n`);
  else process.stdout.write(`${crm} at ${baseUrl}${values.write ? ' (with writes)' : ' (read-only)'}\n\n${formatTable(results)}\n`);
  return ok ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    process.stderr.write(`crm:check: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { formatViolation } from '../../test/prism';
import { startPipedriveBehindPrism, type PipedriveContract } from '../../test/standins/pipedrive';
import { ADAPTERS } from './adapters';
import { runCrmCheck } from './operations';

// Every call goes through Prism serving Pipedrive's own specs; any violation fails the test.
let pd: PipedriveContract;
beforeAll(async () => {
  pd = await startPipedriveBehindPrism();
}, 60_000);
afterAll(() => pd?.stop());
afterEach(() => {
  expect(pd.violations.splice(0).map(formatViolation), 'Pipedrive contract violations').toEqual([]);
});

describe('crm:check against Pipedrive behind Prism', () => {
  it('every operation, writes included, works against the spec and leaves no test contact behind', async () => {
    const standin = pd.fresh();
    const org = standin.seed('organizations', { name: 'Northwind' });
    standin.seed('persons', { name: 'Dana Whitfield', emails: [{ value: 'dana@northwind.example', primary: true, label: 'work' }], org_id: org.id });
    const adapter = ADAPTERS.pipedrive.create({ baseUrl: 'https://api.pipedrive.com', token: standin.token, fetch: pd.fetch, sleep: async () => {} });
    const results = await runCrmCheck(adapter, { write: true });
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(results.map((r) => r.operation)).toEqual(expect.arrayContaining(['pipelines', 'list contact', 'search contact', 'get contact', 'notes', 'associations', 'create contact', 'update contact', 'delete contact']));
    expect(results.find((r) => r.operation === 'associations')?.detail).toBe('1 associated company');
    expect([...standin.tables.persons.values()].filter((p) => !p.is_deleted).map((p) => p.name)).toEqual(['Dana Whitfield']);
  });
});

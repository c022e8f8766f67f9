import { afterEach, beforeEach, expect } from 'vitest';
import { startSalesforceStandin, type SalesforceStandin } from './standins/salesforce';

/**
 * Vitest hooks for a Salesforce test file: a fresh stand-in per test whose request checks must
 * record no violation. Returns a getter for the running stand-in.
 */
export function salesforceSuite(): () => SalesforceStandin {
  let standin: SalesforceStandin | undefined;
  beforeEach(async () => {
    standin = await startSalesforceStandin();
  });
  afterEach(async () => {
    expect(standin?.takeViolations()).toEqual([]);
    await standin?.close();
  });
  return () => {
    if (!standin) throw new Error('the Salesforce stand-in runs only inside a test');
    return standin;
  };
}

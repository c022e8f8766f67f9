import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { formatViolation } from './prism';
import { startPipedriveBehindPrism, type PipedriveContract } from './standins/pipedrive';

/**
 * Vitest hooks for a Pipedrive contract-test file: Prism (serving Pipedrive's own specs) in front
 * of the stand-in for the whole file, a fresh stand-in per test, and no violation allowed.
 */
export function pipedriveContract(): { readonly current: PipedriveContract } {
  const holder = {} as { current: PipedriveContract };
  beforeAll(async () => {
    holder.current = await startPipedriveBehindPrism();
  }, 60_000);
  afterAll(() => holder.current?.stop());
  beforeEach(() => holder.current.fresh());
  afterEach(() => {
    expect(holder.current.violations.splice(0).map(formatViolation), 'Pipedrive contract violations').toEqual([]);
  });
  return holder;
}

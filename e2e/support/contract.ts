import { expect } from '@playwright/test';

/** One contract problem: from Prism's `sl-violations` header, or asserted by a stand-in itself. */
export interface Violation {
  vendor: string;
  /** "POST https://gmail.googleapis.com/gmail/v1/users/me/messages/send" */
  request: string;
  source: 'prism' | 'standin' | 'harness';
  location: string[];
  severity: string;
  code?: string | number;
  message: string;
}

/** Every violation seen during one test. Teardown fails the test when any is left untaken. */
export class ContractLog {
  private readonly items: Violation[] = [];

  record(violation: Violation): void {
    this.items.push(violation);
  }

  get violations(): readonly Violation[] {
    return this.items;
  }

  /** Returns and clears what was recorded: for tests that provoke violations on purpose. */
  take(): Violation[] {
    return this.items.splice(0);
  }

  expectNone(): void {
    expect(this.items.map(format), 'vendor contract violations').toEqual([]);
  }
}

export const format = (v: Violation): string =>
  `${v.request} [${v.source}] ${v.severity} ${v.location.join('.')}${v.code === undefined ? '' : ` (${v.code})`}: ${v.message}`;

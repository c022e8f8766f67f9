// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { ApprovalContract } from '../../lib/contract/contract';
import type { ContractView } from '../../lib/protocol/responses';
import { APPROVAL_PANEL, click, realBackground, renderWithQueries, type } from '../../test/panel-harness';
import { shadowPanel } from '../../test/shadow-panel';
import { CleanupView } from './CleanupView';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const { root, inPanel } = shadowPanel('countersign-approver');
const bg = realBackground({ now: () => Date.UTC(2026, 0, 12, 9) });
const ask = <T,>(type: string, extra: Record<string, unknown> = {}) => (bg.handlers() as unknown as Record<string, (r: unknown, s: unknown) => Promise<T>>)[type]!({ type, ...extra }, APPROVAL_PANEL);
const CSV = ['email,firstName,lastName,phone', 'dana@northwind-logistics.com,Dana,Whitfield,+1 312 555 0100', 'Dana.Whitfield+crm@northwind-logistics.com,Dana,Whitfield,(312) 555-0100'].join('\n');

describe('a bulk cleanup under a contract that asks for a second approver', () => {
  it('the first approval only records the approver; a different name approves and the merge runs', async () => {
    const { contract } = await ask<ContractView>('contract.get');
    const next: ApprovalContract = { ...contract, approvers: { ...contract.approvers, secondApprover: { enabled: true, overRecords: 1 } } };
    await ask('contract.update', { contract: next });
    await ask('crm.import', { objectType: 'contact', csv: CSV });

    await renderWithQueries(root(), <CleanupView />);
    await click(inPanel('cs-cleanup-scan'));
    await type(inPanel('cs-cleanup-approver')?.querySelector('input') ?? inPanel('cs-cleanup-approver'), 'Sam');
    await click(inPanel('cs-cleanup-approve'));
    expect(inPanel('cs-cleanup-second')?.textContent).toContain('Sam approved. This change set touches 2 records (more than 1)');
    expect(inPanel('cs-cleanup-item')?.getAttribute('data-state')).toBe('proposed');

    await type(inPanel('cs-cleanup-approver')?.querySelector('input') ?? inPanel('cs-cleanup-approver'), 'Alex');
    await click(inPanel('cs-cleanup-approve'));
    expect(inPanel('cs-cleanup-item')?.getAttribute('data-state')).toBe('applied');
    const approvals = (await bg.db().audit.toArray()).filter((e) => e.action.startsWith('crm.cleanup.') && e.action.includes('approv')).map((e) => [e.action, e.actor.id]);
    expect(approvals).toEqual([
      ['crm.cleanup.first_approval', 'Sam'],
      ['crm.cleanup.approved', 'Alex'],
    ]);
  });
});

// @vitest-environment happy-dom
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTRACT } from '../../lib/contract/contract';
import { click, realBackground, renderWithQueries, settle, type } from '../../test/panel-harness';
import { shadowPanel } from '../../test/shadow-panel';
import { ContractView } from './ContractView';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const { root, inPanel, allInPanel } = shadowPanel('countersign-contract');
const bg = realBackground({ now: () => Date.UTC(2026, 0, 12, 9) });
const field = (k: string) => inPanel(`cs-contract-${k}`)?.querySelector('input') ?? inPanel(`cs-contract-${k}`);

async function pickFile(content: string) {
  const input = inPanel('cs-contract-import') as HTMLInputElement;
  const file = new File([content], 'contract.json', { type: 'application/json' });
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  await act(async () => {
    const event = new Event('change', { bubbles: true, composed: true });
    Object.defineProperty(event, 'isTrusted', { value: true });
    input.dispatchEvent(event);
  });
  await settle();
}

describe('ContractView', () => {
  it('shows the contract in plain words, with the fixed approvals not editable', async () => {
    await renderWithQueries(root(), <ContractView />);
    const lines = allInPanel('cs-contract-line').map((l) => l.textContent);
    expect(lines).toContain("Sending an email needs a person's approval in the approval panel (always: no contract can remove this).");
    expect(lines).toContain('Sequences queue at most 20 emails an hour and 100 a day per mailbox.');
    expect(lines).toContain('Never: no agent ever sends.');
    expect((inPanel('cs-contract-approval-send') as HTMLInputElement).disabled).toBe(true);
    expect((inPanel('cs-contract-approval-pipeline.change') as HTMLInputElement).disabled).toBe(true);
  });

  it('shows the refusal reason when a change loosens past a hard limit, and saves a tightening (audited)', async () => {
    await renderWithQueries(root(), <ContractView />);
    await type(field('complaintRate'), '0.5');
    await click(inPanel('cs-contract-save'));
    expect(inPanel('cs-contract-error')?.textContent).toContain("complaintRate 0.5% is above the hard limit of 0.3%: Google's bulk-sender limit");
    expect(await bg.db().audit.count()).toBe(0);

    await type(field('complaintRate'), '0.05');
    await type(field('daily'), '60');
    await click(inPanel('cs-contract-save'));
    expect(inPanel('cs-contract-error')).toBeNull();
    expect(inPanel('cs-contract-saved')?.textContent).toBe('Contract saved: revision 1.');
    expect(inPanel('cs-contract-revision')?.textContent).toBe('Revision 1');
    expect(allInPanel('cs-contract-line').map((l) => l.textContent)).toContain('Sequences queue at most 20 emails an hour and 60 a day per mailbox.');
    const [entry] = await bg.db().audit.toArray();
    expect(entry).toMatchObject({ action: 'contract.changed', detail: { before: DEFAULT_CONTRACT } });
  });

  it('an imported file that fails validation is refused with the reason shown; a valid one is applied', async () => {
    await renderWithQueries(root(), <ContractView />);
    await pickFile(JSON.stringify({ ...DEFAULT_CONTRACT, requiresApproval: { ...DEFAULT_CONTRACT.requiresApproval, send: false } }));
    expect(inPanel('cs-contract-error')?.textContent).toContain('Sending always needs an explicit click in the approval panel; a contract cannot remove it');

    await pickFile(JSON.stringify({ ...DEFAULT_CONTRACT, approvers: { profile: 'this-browser', secondApprover: { enabled: true, overRecords: 40 } } }));
    expect(inPanel('cs-contract-error')).toBeNull();
    expect(inPanel('cs-contract-saved')?.textContent).toBe('Contract imported: revision 1.');
    expect(allInPanel('cs-contract-line').map((l) => l.textContent).join('\n')).toContain('touching more than 40 records needs a second approval by a different named approver');
  });
});

import { describe, expect, it } from 'vitest';
import { contractDiff, DEFAULT_CONTRACT, describeContract, needsSecondApprover, NEVER, parseContract, type ApprovalContract } from './contract';

const base = (): ApprovalContract => structuredClone(DEFAULT_CONTRACT);
const refused = (c: unknown) => {
  const r = parseContract(c);
  if (r.ok) throw new Error('expected the contract to be refused');
  return r.reason;
};

describe('approval contract: invariants no contract can weaken', () => {
  it('the default contract is valid', () => {
    expect(parseContract(base())).toEqual({ ok: true, contract: base() });
  });

  it('removing the send approval is rejected with a clear reason naming the invariant', () => {
    const c = base();
    c.requiresApproval.send = false;
    expect(refused(c)).toContain('Sending always needs an explicit click in the approval panel; a contract cannot remove it');
    expect(refused(c)).toContain('requiresApproval.send');
  });

  it.each(['crm.sync', 'crm.cleanup', 'sequence.resume'] as const)('removing the %s approval is rejected', (action) => {
    const c = base();
    c.requiresApproval[action] = false;
    expect(refused(c)).toMatch(new RegExp(`requiresApproval\\.${action.replace('.', '\\.')} cannot be false: .*a contract cannot remove it`));
  });

  it('loosening beyond the hard limits is rejected with the reason', () => {
    const complaint = base();
    complaint.thresholds.autoPause.complaintRate = 0.004;
    expect(refused(complaint)).toContain("complaintRate 0.4% is above the hard limit of 0.3%: Google's bulk-sender limit");
    const bounce = base();
    bounce.thresholds.autoPause.hardBounceRate = 0.06;
    expect(refused(bounce)).toContain('hardBounceRate 6% is above the hard limit of 5%');
    const daily = base();
    daily.thresholds.caps.daily = 5000;
    expect(refused(daily)).toContain('daily 5,000 is above the hard limit of 2,000');
  });

  it('tightening is always allowed', () => {
    const c = base();
    c.thresholds.autoPause.complaintRate = 0.0005;
    c.thresholds.autoPause.hardBounceRate = 0.01;
    c.thresholds.autoPause.minSample = 20;
    c.thresholds.caps = { hourly: 5, daily: 30 };
    c.approvers.secondApprover = { enabled: true, overRecords: 10 };
    expect(parseContract(c).ok).toBe(true);
  });

  it('the "never" list cannot be removed, shortened or altered', () => {
    const { never: _never, ...without } = base();
    expect(refused(without)).toContain('never');
    expect(refused({ ...base(), never: NEVER.slice(1) })).toContain('missing: "No agent ever sends"');
    expect(refused({ ...base(), never: [...NEVER.slice(0, 3), 'Alerts may be dismissed by Sentinel'] })).toContain('not allowed: "Alerts may be dismissed by Sentinel"');
  });

  it('refuses other versions, unknown fields and bad JSON with the reason', () => {
    expect(refused({ ...base(), version: 2 })).toContain('version');
    expect(refused({ ...base(), autoSend: true })).toContain('autoSend');
    expect(refused('{ not json')).toContain('not valid JSON');
  });
});

describe('describeContract, contractDiff, needsSecondApprover', () => {
  it('says the contract in plain words', () => {
    const lines = describeContract(base());
    expect(lines).toContain("Sending an email needs a person's approval in the approval panel (always: no contract can remove this).");
    expect(lines).toContain('Sequences queue at most 20 emails an hour and 100 a day per mailbox.');
    expect(lines.join('\n')).toContain('0.1% spam complaints over its last 200 sends (judged from 50 sends)');
    expect(lines).toContain('Never: no agent ever sends.');
  });

  it('lists what changed, leaf by leaf, ignoring the revision and save time', () => {
    const after = base();
    after.revision = 7;
    after.updatedAt = 123;
    after.thresholds.caps.daily = 50;
    after.approvers.secondApprover.enabled = true;
    expect(contractDiff(base(), after)).toEqual([
      { path: 'thresholds.caps.daily', before: 100, after: 50 },
      { path: 'approvers.secondApprover.enabled', before: false, after: true },
    ]);
  });

  it('a second approver is needed only when enabled and over N records', () => {
    const c = base();
    expect(needsSecondApprover(c, 1000)).toBe(false);
    c.approvers.secondApprover = { enabled: true, overRecords: 3 };
    expect(needsSecondApprover(c, 3)).toBe(false);
    expect(needsSecondApprover(c, 4)).toBe(true);
  });
});

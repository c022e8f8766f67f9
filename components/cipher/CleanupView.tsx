import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { request } from '../../lib/protocol/client';
import type { CleanupView as Cleanup } from '../../lib/protocol/responses';
import { keys } from '../query-client';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { ErrorNote, errorMessage } from '../ui/ErrorNote';
import { TextInput } from '../ui/Field';
import { Notice } from '../ui/Notice';
import { Approver } from './Approver';
import { Section } from '../ui/Section';

const STATE_LABEL: Record<Cleanup['state'], string> = {
  proposed: 'Awaiting your approval',
  approved: 'Approved',
  applying: 'Running',
  applied: 'Done: rollback available',
  partial: 'Partly done: rollback available',
  denied: 'Denied',
  rolled_back: 'Rolled back',
  superseded: 'Superseded',
};

/**
 * CRM cleanup: Cipher finds duplicate contacts in the system of record and proposes merges.
 * Nothing changes until you approve the exact preview; every touched record is snapshotted first,
 * and one click rolls the whole cleanup back.
 */
export function CleanupView() {
  const qc = useQueryClient();
  const list = useQuery({ queryKey: keys.cleanups, queryFn: () => request({ type: 'cleanup.list' }) });
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: keys.cleanups });
    void qc.invalidateQueries({ queryKey: keys.audit });
  };
  const scan = useMutation({ mutationFn: () => request({ type: 'cleanup.scan' }), onSuccess: refresh });
  return (
    <div className="space-y-4" data-testid="cs-cleanup">
      <Section title="Duplicate contacts">
        <p className="text-xs text-slate-500">Cipher reads the contacts of your system of record and proposes merges. Nothing in the CRM changes until you approve the preview.</p>
        <Button variant="secondary" onClick={() => scan.mutate()} busy={scan.isPending} data-testid="cs-cleanup-scan">
          Find duplicates
        </Button>
        {scan.isSuccess && scan.data === null && <Notice tone="success" testId="cs-cleanup-none">No duplicates found.</Notice>}
        <ErrorNote>{scan.isError ? errorMessage(scan.error) : list.isError ? errorMessage(list.error) : null}</ErrorNote>
      </Section>
      {(list.data ?? []).map((c) => (
        <CleanupItem key={c.id} cleanup={c} onChanged={refresh} />
      ))}
    </div>
  );
}

function CleanupItem({ cleanup, onChanged }: { cleanup: Cleanup; onChanged: () => void }) {
  const [reason, setReason] = useState('');
  const [approver, setApprover] = useState('');
  const approve = useMutation({
    mutationFn: () => request({ type: 'cleanup.approve', changeId: cleanup.id, proposalHash: cleanup.proposalHash, ...(approver.trim() ? { approver: approver.trim() } : {}) }),
    onSettled: onChanged,
  });
  const deny = useMutation({ mutationFn: () => request({ type: 'cleanup.deny', changeId: cleanup.id, reason }), onSettled: onChanged });
  const rollback = useMutation({ mutationFn: () => request({ type: 'cleanup.rollback', changeId: cleanup.id }), onSettled: onChanged });
  const busy = approve.isPending || deny.isPending || rollback.isPending;
  const error = [approve, deny, rollback].find((m) => m.isError)?.error;
  const { counts, results } = cleanup;
  return (
    <article data-testid="cs-cleanup-item" data-state={cleanup.state} className="space-y-2 rounded-lg border border-slate-200 p-3 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={cleanup.state === 'proposed' ? 'warning' : cleanup.state === 'applied' ? 'success' : 'neutral'}>{STATE_LABEL[cleanup.state]}</Badge>
        <span className="text-xs text-slate-500">
          {counts.merges} merge{counts.merges === 1 ? '' : 's'} removing {counts.mergedAway} record{counts.mergedAway === 1 ? '' : 's'}
          {counts.blocked ? `, ${counts.blocked} blocked` : ''} · {cleanup.crm}
        </span>
        <span className="ml-auto font-mono text-[11px] text-slate-500" title={cleanup.proposalHash} data-testid="cs-cleanup-hash">
          {cleanup.proposalHash.slice(0, 12)}…
        </span>
      </div>
      {cleanup.state !== 'proposed' && (
        <p className="text-xs text-slate-600" data-testid="cs-cleanup-results">
          {results.applied} applied, {results.failed} failed, {results.conflict} changed in the CRM since the preview (left alone), {results.skipped} skipped
        </p>
      )}
      <ul className="max-h-80 space-y-1 overflow-y-auto text-xs" data-testid="cs-cleanup-preview">
        {cleanup.items.map((i) => (
          <li key={i.key} className="rounded border border-slate-100 px-2 py-1">
            <span className="font-medium">Keep</span> {i.keep}
            {i.remove.length > 0 && (
              <>
                {' '}
                <span className="font-medium">merge away</span> {i.remove.join('; ')}
              </>
            )}
            {i.changes.length > 0 && <span className="block text-slate-500">{i.changes.join(' · ')}</span>}
            {i.problems.length > 0 && <span className="block text-rose-700">Blocked: {i.problems.join('; ')}</span>}
          </li>
        ))}
      </ul>
      {cleanup.state === 'proposed' && <Approver name={approver} onName={setApprover} second={approve.data?.secondApproval} testId="cs-cleanup" />}
      {cleanup.state === 'proposed' && (
        <div className="flex flex-wrap items-end gap-2">
          <Button variant="approve" onClick={() => approve.mutate()} busy={approve.isPending} disabled={busy} data-testid="cs-cleanup-approve">
            Approve and run
          </Button>
          <TextInput label="Or deny, saying why" value={reason} onValue={setReason} maxLength={500} data-testid="cs-cleanup-deny-reason" />
          <Button variant="danger" onClick={() => deny.mutate()} disabled={busy || !reason.trim()} data-testid="cs-cleanup-deny">
            Deny
          </Button>
        </div>
      )}
      {(cleanup.state === 'applied' || cleanup.state === 'partial') && (
        <Button variant="secondary" onClick={() => rollback.mutate()} busy={rollback.isPending} disabled={busy} data-testid="cs-cleanup-rollback">
          Roll back this cleanup
        </Button>
      )}
      <ErrorNote>{error ? errorMessage(error) : null}</ErrorNote>
    </article>
  );
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { request } from '../../../lib/protocol/client';
import type { SyncView as Sync } from '../../../lib/protocol/responses';
import { keys } from '../../query-client';
import { Badge, type BadgeTone } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { ErrorNote, errorMessage } from '../../ui/ErrorNote';
import { TextInput } from '../../ui/Field';
import { Notice } from '../../ui/Notice';
import { Approver } from '../Approver';
import { Section } from '../../ui/Section';
import { fieldLabel, formatValue, SOURCE_LABEL } from './format';

const STATE: Record<Sync['state'], { label: string; tone: BadgeTone }> = {
  proposed: { label: 'Awaiting your approval', tone: 'warning' },
  approved: { label: 'Approved', tone: 'info' },
  applying: { label: 'Syncing', tone: 'info' },
  applied: { label: 'Synced', tone: 'success' },
  partial: { label: 'Partly synced', tone: 'danger' },
  denied: { label: 'Denied', tone: 'neutral' },
  rolled_back: { label: 'Rolled back', tone: 'neutral' },
  superseded: { label: 'Superseded', tone: 'neutral' },
};
const ACTION: Record<Sync['records'][number]['action'], string> = { create: 'Create', update: 'Update', unchanged: 'No change', missing: 'Not found', add_note: 'Add note' };
const RESULT_TONE: Record<NonNullable<Sync['records'][number]['result']>['status'], BadgeTone> = {
  applied: 'success',
  failed: 'danger',
  conflict: 'warning',
  skipped: 'neutral',
  sending: 'info',
};
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * CRM sync: Cipher gathers what your own data says (people in your Gmail threads, what their
 * signatures and domains say, Scout's score and flags, notes of emails you approved) and shows it
 * as a field-level diff against a fresh read of the CRM. Nothing is written until you approve
 * that exact diff; then each record's result is shown, and a record someone changed in the CRM
 * since the preview is re-proposed instead of overwritten.
 */
export function SyncView() {
  const qc = useQueryClient();
  const list = useQuery({ queryKey: keys.syncs, queryFn: () => request({ type: 'sync.list' }) });
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: keys.syncs });
    void qc.invalidateQueries({ queryKey: keys.audit });
  };
  const propose = useMutation({ mutationFn: () => request({ type: 'sync.propose' }), onSuccess: refresh });
  return (
    <div className="space-y-4" data-testid="cs-sync">
      <Section title="Sync to the CRM">
        <p className="text-xs text-slate-500">
          Cipher compares what your Gmail threads, Scout's scores and your sent emails say with your system of record, field by field. Enrichment only fills empty fields; nothing in the CRM
          changes until you approve.
        </p>
        <Button variant="secondary" onClick={() => propose.mutate()} busy={propose.isPending} data-testid="cs-sync-propose">
          Prepare a sync
        </Button>
        {propose.isSuccess && propose.data === null && (
          <Notice tone="success" testId="cs-sync-none">
            The CRM already holds everything Countersign knows. Nothing to sync.
          </Notice>
        )}
        <ErrorNote>{propose.isError ? errorMessage(propose.error) : list.isError ? errorMessage(list.error) : null}</ErrorNote>
      </Section>
      {(list.data ?? []).map((s) => (
        <SyncItem key={s.id} sync={s} onChanged={refresh} />
      ))}
    </div>
  );
}

function SyncItem({ sync, onChanged }: { sync: Sync; onChanged: () => void }) {
  const [reason, setReason] = useState('');
  const [approver, setApprover] = useState('');
  const approve = useMutation({
    mutationFn: () => request({ type: 'sync.approve', changeId: sync.id, proposalHash: sync.proposalHash, ...(approver.trim() ? { approver: approver.trim() } : {}) }),
    onSettled: onChanged,
  });
  const deny = useMutation({ mutationFn: () => request({ type: 'sync.deny', changeId: sync.id, reason }), onSettled: onChanged });
  const resume = useMutation({ mutationFn: () => request({ type: 'sync.resume', changeId: sync.id }), onSettled: onChanged });
  const busy = approve.isPending || deny.isPending || resume.isPending;
  const error = [approve, deny, resume].find((m) => m.isError)?.error;
  const { counts, results } = sync;
  const canResume = (sync.state === 'partial' || sync.state === 'applying') && (results.failed > 0 || results.pending > 0);
  return (
    <article data-testid="cs-sync-item" data-state={sync.state} className="space-y-2 rounded-lg border border-slate-200 p-3 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={STATE[sync.state].tone}>{STATE[sync.state].label}</Badge>
        <span className="text-xs text-slate-500" data-testid="cs-sync-counts">
          {[counts.creates && `${counts.creates} to create`, counts.updates && `${counts.updates} to update`, counts.notes && plural(counts.notes, 'note')].filter(Boolean).join(' · ') || 'No changes'} ·{' '}
          {sync.crm}
        </span>
        <span className="ml-auto font-mono text-[11px] text-slate-500" title={`SHA-256 of this change set: ${sync.proposalHash}`}>
          {sync.proposalHash.slice(0, 12)}…
        </span>
      </div>
      {sync.reproposalOf && <p className="text-xs text-amber-800">These records changed in the CRM after an earlier preview, so they were not overwritten: review them again.</p>}
      {sync.state !== 'proposed' && sync.state !== 'denied' && (
        <p className="text-xs text-slate-600" data-testid="cs-sync-results">
          {results.applied} applied, {results.failed} failed, {results.conflict} changed in the CRM since the preview (re-proposed), {results.skipped} skipped
          {results.pending ? `, ${results.pending} not yet done` : ''}
        </p>
      )}
      <ul className="max-h-[28rem] space-y-1.5 overflow-y-auto text-xs" data-testid="cs-sync-records">
        {sync.records.map((r) => (
          <li key={r.key} className="rounded border border-slate-100 px-2 py-1.5" data-testid="cs-sync-record" data-kind={r.kind} data-action={r.action}>
            <div className="flex flex-wrap items-center gap-1.5">
              <span className="font-medium text-slate-800">{r.label}</span>
              <Badge tone={r.action === 'create' || r.action === 'add_note' ? 'accent' : 'neutral'}>{ACTION[r.action]}</Badge>
              {r.result && (
                <Badge tone={RESULT_TONE[r.result.status]} className="ml-auto">
                  <span data-testid="cs-sync-result">{r.result.detail}</span>
                </Badge>
              )}
            </div>
            {r.diff.length > 0 && (
              <table className="mt-1 w-full table-fixed text-left">
                <thead className="sr-only">
                  <tr>
                    <th>Field</th>
                    <th>Now in the CRM</th>
                    <th>After the sync</th>
                  </tr>
                </thead>
                <tbody>
                  {r.diff.map((d) => (
                    <tr key={d.field} className="align-top" data-testid="cs-sync-diff">
                      <td className="w-1/4 pr-1 text-slate-500">{fieldLabel(d.field)}</td>
                      <td className="w-1/3 pr-1 break-words text-slate-500 line-through decoration-slate-300">{formatValue(d.before)}</td>
                      <td className="break-words whitespace-pre-wrap text-slate-900">{formatValue(d.after, d.field === 'note' ? 400 : 200)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {r.sources.length > 0 && (
              <ul className="mt-1 space-y-0.5 text-[11px] text-slate-500">
                {r.sources.map((s, i) => (
                  <li key={`${s.field}-${i}`}>
                    {fieldLabel(s.field)}: {SOURCE_LABEL[s.source]} <q className="text-slate-600">{s.evidence}</q>
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
      {sync.state === 'proposed' && <Approver name={approver} onName={setApprover} second={approve.data?.secondApproval} testId="cs-sync" />}
      {sync.state === 'proposed' && (
        <div className="flex flex-wrap items-end gap-2">
          <Button variant="approve" onClick={() => approve.mutate()} busy={approve.isPending} disabled={busy} data-testid="cs-sync-approve">
            Approve and sync
          </Button>
          <TextInput label="Or deny, saying why" value={reason} onValue={setReason} maxLength={500} data-testid="cs-sync-deny-reason" />
          <Button variant="danger" onClick={() => deny.mutate()} disabled={busy || !reason.trim()} data-testid="cs-sync-deny">
            Deny
          </Button>
        </div>
      )}
      {canResume && (
        <Button variant="secondary" onClick={() => resume.mutate()} busy={resume.isPending} disabled={busy} data-testid="cs-sync-resume">
          Retry what did not finish
        </Button>
      )}
      <ErrorNote>{error ? errorMessage(error) : null}</ErrorNote>
    </article>
  );
}

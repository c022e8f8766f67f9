import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ChangeEvent } from 'react';
import { APPROVAL_ACTIONS, REQUIRED_APPROVALS, type ApprovalAction, type ApprovalContract } from '../../lib/contract/contract';
import { request } from '../../lib/protocol/client';
import type { ContractView as ContractAnswer } from '../../lib/protocol/responses';
import { downloadFile } from '../audit/download';
import { keys } from '../query-client';
import { Button } from '../ui/Button';
import { ErrorNote, errorMessage } from '../ui/ErrorNote';
import { TextInput } from '../ui/Field';
import { Notice } from '../ui/Notice';
import { Section } from '../ui/Section';
import { Spinner } from '../ui/Spinner';
import { trusted } from '../ui/trusted';

/** Under `settings`, so whatever refreshes settings refreshes the contract too. */
export const contractKey = [...keys.settings, 'contract'] as const;

const ACTION_LABEL: Record<ApprovalAction, string> = {
  send: 'Sending an email',
  'crm.sync': 'CRM sync',
  'crm.cleanup': 'CRM cleanup',
  'pipeline.change': 'Agent-proposed pipeline move',
  'sequence.resume': 'Resuming a sequence',
};

/** The editable numbers, as typed (rates in percent). */
interface Form {
  hourly: string;
  daily: string;
  hardBounceRate: string;
  optOutRate: string;
  complaintRate: string;
  minSample: string;
  windowSends: string;
  secondEnabled: boolean;
  overRecords: string;
}

const toPct = (rate: number) => String(+(rate * 100).toFixed(4));
const formOf = (c: ApprovalContract): Form => ({
  hourly: String(c.thresholds.caps.hourly),
  daily: String(c.thresholds.caps.daily),
  hardBounceRate: toPct(c.thresholds.autoPause.hardBounceRate),
  optOutRate: toPct(c.thresholds.autoPause.optOutRate),
  complaintRate: toPct(c.thresholds.autoPause.complaintRate),
  minSample: String(c.thresholds.autoPause.minSample),
  windowSends: String(c.thresholds.autoPause.windowSends),
  secondEnabled: c.approvers.secondApprover.enabled,
  overRecords: String(c.approvers.secondApprover.overRecords),
});
/** The edited contract; the background validates it and refuses with the reason. */
const contractOf = (base: ApprovalContract, f: Form): ApprovalContract => ({
  ...base,
  thresholds: {
    caps: { hourly: Number(f.hourly), daily: Number(f.daily) },
    autoPause: {
      ...base.thresholds.autoPause,
      hardBounceRate: Number(f.hardBounceRate) / 100,
      optOutRate: Number(f.optOutRate) / 100,
      complaintRate: Number(f.complaintRate) / 100,
      minSample: Number(f.minSample),
      windowSends: Number(f.windowSends),
    },
  },
  approvers: { ...base.approvers, secondApprover: { enabled: f.secondEnabled, overRecords: Number(f.overRecords) } },
});

/** The approval contract in the approval panel's settings: plain words, the editable values, export and import. */
export function ContractView() {
  const client = useQueryClient();
  const { data, error } = useQuery({ queryKey: contractKey, queryFn: () => request({ type: 'contract.get' }) });
  const [saved, setSaved] = useState<string | null>(null);
  const onSaved = (answer: ContractAnswer, what: string) => {
    client.setQueryData(contractKey, answer);
    void client.invalidateQueries({ queryKey: keys.audit });
    setSaved(`${what}: revision ${answer.contract.revision}.`);
  };
  const update = useMutation({ mutationFn: (contract: ApprovalContract) => request({ type: 'contract.update', contract }), onSuccess: (a) => onSaved(a, 'Contract saved') });
  const importer = useMutation({ mutationFn: (json: string) => request({ type: 'contract.import', json }), onSuccess: (a) => onSaved(a, 'Contract imported') });
  const exporter = useMutation({ mutationFn: () => request({ type: 'contract.export' }), onSuccess: downloadFile });

  if (!data) {
    return (
      <Section title="Approval contract">
        {error ? (
          <ErrorNote>{errorMessage(error)}</ErrorNote>
        ) : (
          <p className="flex items-center gap-2 text-sm text-slate-500">
            <Spinner /> Loading the approval contract…
          </p>
        )}
      </Section>
    );
  }
  const refusal = update.error ?? importer.error ?? exporter.error;
  return (
    <Section
      title="Approval contract"
      aside={
        <span className="text-xs text-slate-500" data-testid="cs-contract-revision">
          Revision {data.contract.revision}
        </span>
      }
    >
      <ul className="list-disc space-y-1 pl-5 text-sm text-slate-800" data-testid="cs-contract-lines">
        {data.lines.map((line) => (
          <li key={line} data-testid="cs-contract-line">
            {line}
          </li>
        ))}
      </ul>
      <ErrorNote testId="cs-contract-error">{refusal ? errorMessage(refusal) : null}</ErrorNote>
      {saved && !refusal && <Notice testId="cs-contract-saved">{saved}</Notice>}
      <ContractEditor
        key={`${data.contract.revision}`}
        contract={data.contract}
        busy={update.isPending}
        onSave={(c) => {
          setSaved(null);
          importer.reset();
          update.mutate(c);
        }}
      />
      <div className="flex flex-wrap items-center gap-2">
        <Button size="sm" onClick={() => exporter.mutate()} busy={exporter.isPending} data-testid="cs-contract-export">
          Export JSON
        </Button>
        <label className="inline-flex cursor-pointer items-center gap-1.5 text-xs font-medium text-indigo-700">
          Import JSON…
          <input
            type="file"
            accept="application/json,.json"
            className="sr-only"
            data-testid="cs-contract-import"
            onChange={trusted((e: ChangeEvent<HTMLInputElement>) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (!file) return;
              setSaved(null);
              update.reset();
              void file.text().then((json) => importer.mutate(json));
            })}
          />
        </label>
        {importer.isPending && <Spinner />}
      </div>
    </Section>
  );
}

function ContractEditor({ contract, busy, onSave }: { contract: ApprovalContract; busy: boolean; onSave: (c: ApprovalContract) => void }) {
  const [form, setForm] = useState<Form>(() => formOf(contract));
  const set = (k: keyof Form) => (v: string) => setForm((f) => ({ ...f, [k]: v }));
  const num = (k: keyof Form, label: string, hint?: string) => <TextInput label={label} hint={hint} inputMode="decimal" value={String(form[k])} onValue={set(k)} data-testid={`cs-contract-${k}`} />;
  return (
    <div className="space-y-3 rounded-md border border-slate-200 p-3">
      <fieldset className="space-y-1">
        <legend className="text-xs font-medium text-slate-700">Needs a person's approval</legend>
        {APPROVAL_ACTIONS.map((a) => (
          <label key={a} className="flex items-center gap-2 text-sm text-slate-800" title={REQUIRED_APPROVALS[a]}>
            <input type="checkbox" checked readOnly disabled data-testid={`cs-contract-approval-${a}`} />
            {ACTION_LABEL[a]}
            <span className="text-xs text-slate-500">(always: a contract cannot remove it)</span>
          </label>
        ))}
      </fieldset>
      <div className="grid grid-cols-2 gap-3">
        {num('hourly', 'Emails per hour, per mailbox')}
        {num('daily', 'Emails per day, per mailbox', 'At most 2,000 (Google Workspace)')}
        {num('hardBounceRate', 'Pause at hard bounces (%)', 'At most 5%')}
        {num('optOutRate', 'Pause at opt-outs (%)', 'At most 5%')}
        {num('complaintRate', 'Pause at spam complaints (%)', "At most 0.3% (Google's limit)")}
        {num('minSample', 'Judge rates from (sends)')}
        {num('windowSends', 'Over the last (sends)')}
      </div>
      <fieldset className="space-y-2">
        <label className="flex items-center gap-2 text-sm text-slate-800">
          <input type="checkbox" checked={form.secondEnabled} data-testid="cs-contract-second" onChange={trusted((e: ChangeEvent<HTMLInputElement>) => setForm((f) => ({ ...f, secondEnabled: e.target.checked })))} />
          Bulk CRM changes need a second, different approver
        </label>
        {form.secondEnabled && num('overRecords', 'When a cleanup or sync touches more than (records)', 'Both approvals are given in this browser profile, each under its approver name, and both are in the audit log.')}
      </fieldset>
      <Button variant="primary" size="sm" busy={busy} onClick={() => onSave(contractOf(contract, form))} data-testid="cs-contract-save">
        Save contract
      </Button>
    </div>
  );
}

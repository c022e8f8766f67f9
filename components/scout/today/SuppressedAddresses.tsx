import { useState } from 'react';
import type { SuppressionView } from '../../../lib/protocol/responses';
import { Button } from '../../ui/Button';
import { ErrorNote, errorMessage } from '../../ui/ErrorNote';
import { TextInput } from '../../ui/Field';
import { formatTime } from '../../ui/format';
import { Notice } from '../../ui/Notice';
import { Section } from '../../ui/Section';
import { useSuppressionActions, useSuppressions } from './use-today';

/** One suppressed address, with a Remove that asks why. */
function Row({ row, busy, onRemove }: { row: SuppressionView; busy: boolean; onRemove: (reason: string) => void }) {
  const [removing, setRemoving] = useState(false);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  return (
    <li className="space-y-1.5 px-3 py-2 text-xs" data-testid="cs-suppression" data-email={row.email}>
      <div className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <p className="truncate font-medium text-slate-900">{row.email}</p>
          <p className="text-slate-500">
            {row.description} · {formatTime(row.at)}
          </p>
        </div>
        {!removing && (
          <Button size="sm" variant="ghost" onClick={() => setRemoving(true)} data-testid="cs-suppression-remove">
            Remove
          </Button>
        )}
      </div>
      {removing && (
        <div className="flex items-end gap-2">
          <div className="grow">
            <TextInput
              label="Why may we write to them again? (required)"
              value={reason}
              onValue={(v) => (setReason(v), setMissing(false))}
              maxLength={500}
              error={missing ? 'A reason is required.' : null}
              data-testid="cs-suppression-remove-reason"
            />
          </div>
          <Button size="sm" variant="danger" busy={busy} onClick={() => (reason.trim() ? onRemove(reason.trim()) : setMissing(true))} data-testid="cs-suppression-remove-confirm">
            Remove
          </Button>
          <Button size="sm" variant="ghost" onClick={() => setRemoving(false)}>
            Cancel
          </Button>
        </div>
      )}
    </li>
  );
}

/** Addresses Countersign will not write to: opt-outs, hard bounces, complaints and manual entries. */
export function SuppressedAddresses() {
  const list = useSuppressions();
  const actions = useSuppressionActions();
  const [email, setEmail] = useState('');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const add = () => {
    if (!email.trim() || !note.trim()) return setProblem('An address and a note (it goes in the audit log) are required.');
    setProblem(null);
    actions.add.mutate({ email: email.trim(), note: note.trim() }, { onSuccess: () => (setEmail(''), setNote('')) });
  };
  const failure = actions.add.error ?? actions.remove.error ?? (list.isError ? list.error : null);
  const added = actions.add.data;

  return (
    <Section title="Suppressed addresses">
      <div className="grid grid-cols-[1fr_1fr_auto] items-end gap-2">
        <TextInput label="Address" type="email" value={email} onValue={setEmail} data-testid="cs-suppression-email" />
        <TextInput label="Note (required)" value={note} onValue={setNote} maxLength={500} data-testid="cs-suppression-note" />
        <Button size="md" variant="secondary" busy={actions.add.isPending} onClick={add} data-testid="cs-suppression-add">
          Suppress
        </Button>
      </div>
      <ErrorNote testId="cs-suppression-error">{problem ?? (failure ? errorMessage(failure) : null)}</ErrorNote>
      {added && (
        <Notice tone={added.added ? 'success' : 'info'} testId="cs-suppression-added">
          {added.added ? `${added.suppression.email} is suppressed.` : `${added.suppression.email} was already suppressed.`}
          {added.held.length > 0 && ` ${added.held.length} waiting email${added.held.length === 1 ? ' was' : 's were'} held.`}
        </Notice>
      )}
      {list.data && list.data.length === 0 ? (
        <p className="text-xs text-slate-500">No address is suppressed.</p>
      ) : (
        <ul className="divide-y divide-slate-100 overflow-hidden rounded-lg border border-slate-200 bg-white">
          {list.data?.map((row) => (
            <Row key={row.email} row={row} busy={actions.remove.isPending && actions.remove.variables?.email === row.email} onRemove={(reason) => actions.remove.mutate({ email: row.email, reason })} />
          ))}
        </ul>
      )}
    </Section>
  );
}

import { useState, type KeyboardEvent } from 'react';
import type { ApprovalView } from '../../lib/protocol/responses';
import { Button } from '../ui/Button';
import { TextArea, TextInput } from '../ui/Field';
import { Notice } from '../ui/Notice';
import { trusted } from '../ui/trusted';
import { formatAddresses, parseAddresses } from './addresses';
import type { ApprovalEdit } from './use-approvals';

/** Edits recipients, subject and body; saving returns the item to review with a new hash. Escape cancels. */
export function EditForm({ item, busy, onSave, onCancel }: { item: ApprovalView; busy: boolean; onSave: (edit: ApprovalEdit) => void; onCancel: () => void }) {
  const m = item.message;
  const [baseHash] = useState(item.contentHash);
  const [to, setTo] = useState(() => formatAddresses(m.to));
  const [cc, setCc] = useState(() => formatAddresses(m.cc));
  const [subject, setSubject] = useState(m.subject);
  const [body, setBody] = useState(m.body);
  const [errors, setErrors] = useState<{ to?: string; cc?: string }>({});

  const save = () => {
    const toParsed = parseAddresses(to);
    const ccParsed = parseAddresses(cc);
    const next: { to?: string; cc?: string } = {};
    if (!toParsed.ok) next.to = toParsed.error;
    else if (toParsed.addresses.length === 0) next.to = 'At least one recipient is needed.';
    if (!ccParsed.ok) next.cc = ccParsed.error;
    setErrors(next);
    if (!toParsed.ok || !ccParsed.ok || next.to) return;
    onSave({ to: toParsed.addresses, cc: ccParsed.addresses, subject, body });
  };

  const onKeyDown = trusted((e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'Escape' || e.altKey || e.ctrlKey || e.metaKey || e.nativeEvent.isComposing) return;
    e.preventDefault();
    onCancel();
  });

  const voids = item.state === 'approved' || item.state === 'failed';
  return (
    <div className="space-y-3 rounded-md border border-indigo-200 bg-indigo-50/40 p-3" data-testid="cs-edit-form" onKeyDown={onKeyDown}>
      {voids && (
        <Notice tone="warning" testId="cs-edit-voids">
          Editing voids the approval: the edited message goes back to review and must be approved again.
        </Notice>
      )}
      {item.contentHash !== baseHash && <Notice tone="warning">This item changed since you started editing. Saving replaces it with what is in this form.</Notice>}
      <TextInput label="To" value={to} onValue={setTo} error={errors.to} hint='Comma-separated: name@example.com or Name <name@example.com>' spellCheck={false} data-testid="cs-edit-to" />
      <TextInput label="Cc" value={cc} onValue={setCc} error={errors.cc} spellCheck={false} data-testid="cs-edit-cc" />
      <TextInput label="Subject" value={subject} onValue={setSubject} data-testid="cs-edit-subject" />
      <TextArea label="Body" value={body} onValue={setBody} rows={10} autoFocus data-testid="cs-edit-body" />
      <div className="flex gap-2">
        <Button variant="primary" size="sm" busy={busy} onClick={save} data-testid="cs-edit-save">
          Save changes
        </Button>
        <Button variant="ghost" size="sm" onClick={onCancel} data-testid="cs-edit-cancel">
          Cancel
        </Button>
      </div>
    </div>
  );
}

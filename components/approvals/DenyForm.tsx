import { useState } from 'react';
import { Button } from '../ui/Button';
import { TextArea } from '../ui/Field';

/** Deny needs a reason: it goes into the audit log with the decision. */
export function DenyForm({ busy, onConfirm, onCancel }: { busy: boolean; onConfirm: (reason: string) => void; onCancel: () => void }) {
  const [reason, setReason] = useState('');
  return (
    <div className="space-y-2 rounded-md border border-rose-200 bg-rose-50/50 p-3">
      <TextArea
        label="Why are you denying this? (required, goes in the audit log)"
        value={reason}
        onValue={setReason}
        rows={2}
        autoFocus
        data-testid="cs-deny-reason"
      />
      <div className="flex gap-2">
        <Button variant="danger" size="sm" busy={busy} disabled={!reason.trim()} onClick={() => onConfirm(reason.trim())} data-testid="cs-deny-confirm">
          Deny
        </Button>
        <Button variant="ghost" size="sm" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </div>
  );
}

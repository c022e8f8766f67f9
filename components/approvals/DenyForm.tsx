import { useState, type KeyboardEvent } from 'react';
import { Button } from '../ui/Button';
import { TextArea } from '../ui/Field';
import { trusted } from '../ui/trusted';

/**
 * Deny needs a reason: it goes into the audit log with the decision. In the reason field Enter
 * confirms (Shift+Enter is a new line) and Escape cancels.
 */
export function DenyForm({ busy, onConfirm, onCancel }: { busy: boolean; onConfirm: (reason: string) => void; onCancel: () => void }) {
  const [reason, setReason] = useState('');
  const onKeyDown = trusted((e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey || e.nativeEvent.isComposing) return;
    if (e.key === 'Escape') {
      e.preventDefault();
      onCancel();
    } else if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      if (reason.trim() && !busy) onConfirm(reason.trim());
    }
  });
  return (
    <div className="space-y-2 rounded-md border border-rose-200 bg-rose-50/50 p-3">
      <TextArea
        label="Why are you denying this? (required, goes in the audit log)"
        value={reason}
        onValue={setReason}
        rows={2}
        autoFocus
        onKeyDown={onKeyDown}
        aria-keyshortcuts="Enter Escape"
        data-testid="cs-deny-reason"
      />
      <div className="flex gap-2">
        <Button variant="danger" size="sm" busy={busy} disabled={!reason.trim()} onClick={() => onConfirm(reason.trim())} data-testid="cs-deny-confirm">
          Deny
        </Button>
        <Button variant="ghost" size="sm" onClick={onCancel} data-testid="cs-deny-cancel">
          Cancel
        </Button>
      </div>
    </div>
  );
}

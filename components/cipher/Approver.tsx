import type { SecondApprovalNeeded } from '../../lib/protocol/responses';
import { TextInput } from '../ui/Field';
import { Notice } from '../ui/Notice';

/**
 * Who approves a CRM change set: the name goes in the audit log. When the approval contract asks
 * for a second approver on a bulk change set, the first approval is only recorded, and this says
 * a different person must approve too.
 */
export function Approver({ name, onName, second, testId }: { name: string; onName: (n: string) => void; second: SecondApprovalNeeded | undefined; testId: string }) {
  return (
    <div className="space-y-2">
      {second && (
        <Notice tone="warning" testId={`${testId}-second`}>
          {second.firstApprover} approved. This change set touches {second.records} records (more than {second.overRecords}), so your approval contract asks a second, different person to
          approve it too: enter their name and approve again.
        </Notice>
      )}
      <TextInput label="Approver (recorded in the audit log)" value={name} onValue={onName} maxLength={100} placeholder="rep" data-testid={`${testId}-approver`} />
    </div>
  );
}

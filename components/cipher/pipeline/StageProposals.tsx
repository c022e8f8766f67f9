import { useState } from 'react';
import type { StageChangeView } from '../../../lib/protocol/responses';
import { DenyForm } from '../../approvals/DenyForm';
import { Button } from '../../ui/Button';
import { formatTime } from '../../ui/format';
import { actorLabel, dealLabel, stageLabel } from './labels';

/**
 * Stage changes proposed by an agent (or from a CRM page) that wait for the rep: Approve binds the
 * proposal's hash; Deny needs a reason.
 */
export function StageProposals({ proposals, onApprove, onDeny, busy }: { proposals: readonly StageChangeView[]; onApprove(change: StageChangeView): void; onDeny(change: StageChangeView, reason: string): void; busy: boolean }) {
  if (proposals.length === 0)
    return (
      <p className="text-xs text-slate-500" data-testid="cs-stage-proposals-none">
        No stage change is waiting for your approval.
      </p>
    );
  return (
    <ul className="space-y-2" data-testid="cs-stage-proposals">
      {proposals.map((c) => (
        <Proposal key={c.id} change={c} onApprove={onApprove} onDeny={onDeny} busy={busy} />
      ))}
    </ul>
  );
}

function Proposal({ change, onApprove, onDeny, busy }: { change: StageChangeView; onApprove(change: StageChangeView): void; onDeny(change: StageChangeView, reason: string): void; busy: boolean }) {
  const [denying, setDenying] = useState(false);
  const deal = dealLabel(change.dealName, change.dealId);
  return (
    <li data-testid="cs-stage-proposal" data-change={change.id} data-deal={change.dealId} className="space-y-2 rounded-lg border border-amber-200 bg-amber-50/40 p-2 text-sm">
      <div className="min-w-0">
        <div className="truncate font-medium text-slate-900">{deal}</div>
        <div className="text-xs text-slate-700" data-testid="cs-stage-proposal-move">
          {stageLabel(change.from)} → <span className="font-medium">{stageLabel(change.to)}</span>
        </div>
        <div className="flex items-baseline gap-2 text-[11px] text-slate-500">
          <span data-testid="cs-stage-proposal-by">Proposed by {actorLabel(change.proposedBy)}</span>
          <span>{formatTime(change.createdAt)}</span>
          <span className="ml-auto font-mono text-slate-500" title={change.proposalHash}>
            {change.proposalHash.slice(0, 10)}…
          </span>
        </div>
      </div>
      {denying ? (
        <DenyForm
          busy={busy}
          onCancel={() => setDenying(false)}
          onConfirm={(reason) => {
            setDenying(false);
            onDeny(change, reason);
          }}
        />
      ) : (
        <div className="flex gap-2">
          <Button variant="approve" size="sm" disabled={busy} onClick={() => onApprove(change)} aria-label={`Approve moving ${deal} to ${stageLabel(change.to)}`} data-testid="cs-stage-approve">
            Approve
          </Button>
          <Button variant="danger" size="sm" disabled={busy} onClick={() => setDenying(true)} data-testid="cs-stage-deny">
            Deny…
          </Button>
        </div>
      )}
    </li>
  );
}

import type { StageChangeView } from '../../../lib/protocol/responses';
import { Badge, type BadgeTone } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { formatTime } from '../../ui/format';
import { actorLabel, dealLabel, STATE_LABEL, stageLabel } from './labels';

const TONE: Partial<Record<StageChangeView['state'], BadgeTone>> = { applied: 'success', partial: 'warning', applying: 'info', approved: 'info', denied: 'neutral' };

/** Stage changes made or decided, newest first: before → after, who, when, and Undo while it can be undone. */
export function StageChanges({ changes, onUndo, busy }: { changes: readonly StageChangeView[]; onUndo(change: StageChangeView): void; busy: boolean }) {
  if (changes.length === 0)
    return (
      <p className="text-xs text-slate-500" data-testid="cs-stage-changes-none">
        No stage changes yet.
      </p>
    );
  return (
    <ul className="divide-y divide-slate-100 rounded-md border border-slate-200 text-xs" data-testid="cs-stage-changes">
      {changes.map((c) => {
        const undone = c.undoneAt !== null || c.state === 'rolled_back';
        const deal = dealLabel(c.dealName, c.dealId);
        return (
          <li key={c.id} data-testid="cs-stage-change" data-change={c.id} data-state={c.state} className="flex items-start gap-2 px-2 py-1.5">
            <div className="min-w-0 flex-1 space-y-0.5">
              <div className="truncate font-medium text-slate-800">{deal}</div>
              <div className={undone ? 'text-slate-500 line-through' : 'text-slate-700'} data-testid="cs-stage-change-move">
                {stageLabel(c.from)} → {stageLabel(c.to)}
              </div>
              <div className="text-[11px] text-slate-500">
                {actorLabel(c.proposedBy)} · {formatTime(c.appliedAt ?? c.createdAt)}
                {undone && c.undoneAt !== null && <> · undone {formatTime(c.undoneAt)}</>}
              </div>
            </div>
            <div className="flex shrink-0 flex-col items-end gap-1">
              {undone ? (
                <span data-testid="cs-stage-undone">
                  <Badge>Undone</Badge>
                </span>
              ) : (
                <Badge tone={TONE[c.state] ?? 'neutral'}>{STATE_LABEL[c.state]}</Badge>
              )}
              {c.undoable && !undone && (
                <Button variant="secondary" size="sm" disabled={busy} onClick={() => onUndo(c)} aria-label={`Undo moving ${deal} to ${stageLabel(c.to)}`} data-testid="cs-stage-undo">
                  Undo
                </Button>
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}

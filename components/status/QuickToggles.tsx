import { useState } from 'react';
import type { OperatorView } from '../../lib/protocol/responses';
import { useOperatorActions } from '../operator/use-operator';
import { Button } from '../ui/Button';
import { ErrorNote, errorMessage } from '../ui/ErrorNote';
import { trusted } from '../ui/trusted';
import { useStatus } from './StatusSummary';

export interface QuickTogglesProps {
  /** Whether sending is held now (null: not known yet). */
  held: boolean | null;
  onHold: (held: boolean) => void;
  onCheck: () => void;
  holding?: boolean;
  checking?: boolean;
  /** What the last action did. */
  result?: string | null;
  error?: string | null;
}

/** Hold all sending (a switch that shows its state in words) and run Sentinel's checks now. */
export function QuickToggles({ held, onHold, onCheck, holding = false, checking = false, result = null, error = null }: QuickTogglesProps) {
  return (
    <div className="space-y-2" data-testid="cs-quick-toggles">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <button
          type="button"
          role="switch"
          aria-checked={held ?? false}
          disabled={held === null || holding}
          aria-busy={holding || undefined}
          onClick={trusted(() => held !== null && onHold(!held))}
          data-testid="cs-hold-toggle"
          className="inline-flex items-center gap-2 rounded-md px-1 py-1 text-sm font-medium text-slate-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:opacity-50"
        >
          <span aria-hidden="true" className={`relative inline-flex h-5 w-9 shrink-0 rounded-full transition-colors ${held ? 'bg-rose-600' : 'bg-slate-300'}`}>
            <span className={`absolute top-0.5 size-4 rounded-full bg-white shadow transition-transform ${held ? 'translate-x-4' : 'translate-x-0.5'}`} />
          </span>
          Hold all sending
          <span className={`text-xs font-semibold ${held ? 'text-rose-800' : 'text-slate-600'}`} data-testid="cs-hold-state">
            {held === null ? '' : held ? 'On' : 'Off'}
          </span>
        </button>
        <Button variant="secondary" size="sm" busy={checking} onClick={onCheck} data-testid="cs-sentinel-check">
          Run checks now
        </Button>
      </div>
      {result && (
        <p role="status" className="text-xs text-slate-700" data-testid="cs-quick-result">
          {result}
        </p>
      )}
      <ErrorNote testId="cs-quick-error">{error}</ErrorNote>
    </div>
  );
}

const openCount = (v: OperatorView) => v.alerts.filter((a) => a.state === 'open').length;

/** What a hold or a check did, in a line. */
export function describeHold(asked: boolean, view: OperatorView): string {
  if (asked) return 'Sending is held. Approved emails wait until you release the hold.';
  if (!view.hold.held) return 'Sending resumed.';
  const n = view.hold.alertIds.length;
  return `Sending stays held: ${n === 1 ? 'an alert waits' : `${n} alerts wait`} for acknowledgement in the operator view.`;
}
export const describeCheck = (view: OperatorView): string => {
  const n = openCount(view);
  return `Checks done: ${n === 0 ? 'no open alerts' : `${n} open ${n === 1 ? 'alert' : 'alerts'}`}${view.hold.held ? '; sending is held' : ''}.`;
};

/** The popup's toggles, against the background. */
export function PopupToggles() {
  const status = useStatus();
  const { hold, check } = useOperatorActions();
  const [result, setResult] = useState<string | null>(null);
  const alerts = status.data?.alerts as { held: boolean } | undefined;
  const failure = hold.error ?? check.error;
  return (
    <QuickToggles
      held={alerts ? alerts.held : null}
      holding={hold.isPending}
      checking={check.isPending}
      result={result}
      error={failure ? errorMessage(failure) : null}
      onHold={(held) => {
        setResult(null);
        check.reset();
        hold.mutate({ held, note: '' }, { onSuccess: (view) => setResult(describeHold(held, view)) });
      }}
      onCheck={() => {
        setResult(null);
        hold.reset();
        check.mutate(undefined, { onSuccess: (view) => setResult(describeCheck(view)) });
      }}
    />
  );
}

import { useState } from 'react';
import { FLAG_LABELS, NOT_ACTIONABLE, type LaneEntry } from '../../../lib/agents/scout/score/prioritise';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { formatTime } from '../../ui/format';
import { ActiveOverrides, activeOverrides } from './ActiveOverrides';
import { evidenceSource, Factors } from './Factors';
import { OverrideForm } from './OverrideForm';
import { useOverrideActions } from './use-today';

/** The flags in force, most severe first, each with its detail: what a rep reads before any number. */
function FlagList({ entry }: { entry: LaneEntry }) {
  return (
    <ul className="space-y-1" data-testid="cs-today-flags">
      {entry.flags.map((f) => (
        <li key={f.kind} className="text-sm" data-testid="cs-today-flag" data-kind={f.kind}>
          <Badge tone={NOT_ACTIONABLE.has(f.kind) ? 'danger' : 'warning'}>{FLAG_LABELS[f.kind]}</Badge> <span className="text-slate-800">{f.detail}</span>
          {f.until && <span className="text-xs text-slate-500"> (until {f.until.slice(0, 10)})</span>}
        </li>
      ))}
    </ul>
  );
}

/** One lead on the today list: flags (if any) above the score, the why, factors and overrides on demand. */
export function LeadEntry({ entry, lane }: { entry: LaneEntry; lane: 'judgement' | 'ranked' }) {
  const [open, setOpen] = useState(false);
  const [overriding, setOverriding] = useState(false);
  const actions = useOverrideActions(entry.contactKey);
  const overrides = activeOverrides(entry);
  const revoking = actions.revoke.isPending ? (actions.revoke.variables?.overrideId ?? null) : null;
  const judgement = lane === 'judgement';

  return (
    <li
      data-testid="cs-today-entry"
      data-contact={entry.contactKey}
      className={`space-y-2 rounded-lg border p-3 shadow-xs ${judgement ? 'border-amber-300 border-l-4 border-l-amber-500 bg-amber-50/60' : 'border-slate-200 bg-white'}`}
    >
      <div className="min-w-0">
        <p className="truncate text-sm font-semibold text-slate-900" data-testid="cs-today-name">
          {entry.name || entry.email}
          {entry.company && <span className="font-normal text-slate-500"> · {entry.company}</span>}
        </p>
        {entry.name && <p className="truncate text-xs text-slate-500">{entry.email}</p>}
      </div>
      {judgement && <FlagList entry={entry} />}
      {!entry.actionable && (
        <p className="text-xs font-semibold tracking-wide text-rose-700 uppercase" data-testid="cs-today-not-actionable">
          Not actionable: no outreach to this address
        </p>
      )}
      <div className="flex items-baseline gap-2">
        <span className={`text-lg font-semibold tabular-nums ${judgement ? 'text-slate-500' : 'text-slate-900'}`} data-testid="cs-today-score">
          {entry.score}
        </span>
        <span className="text-xs text-slate-500">/ 100{entry.result.overridden && <> · set by hand (signals give {entry.result.computed})</>}</span>
        <span className="ml-auto text-[11px] text-slate-500">last activity {formatTime(entry.lastActivityAt)}</span>
      </div>
      {!judgement && (
        <p className="text-xs text-slate-700" data-testid="cs-today-why">
          {entry.why}
        </p>
      )}
      <ActiveOverrides
        overrides={overrides}
        busyId={revoking}
        error={actions.revoke.error}
        errorId={actions.revoke.variables?.overrideId ?? null}
        onRevoke={(overrideId, reason) => actions.revoke.mutate({ overrideId, reason })}
      />
      <div className="flex gap-1">
        <Button size="sm" variant="ghost" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="cs-today-expand">
          {open ? 'Hide factors' : 'Why this score'}
        </Button>
        {!overriding && (
          <Button size="sm" variant="ghost" onClick={() => (actions.add.reset(), setOverriding(true))} data-testid="cs-today-override">
            Override…
          </Button>
        )}
      </div>
      {open && (
        <div className="space-y-2 border-t border-slate-200 pt-2">
          {judgement && (
            <ul className="space-y-0.5 text-[11px] text-slate-500">
              {entry.flags.map((f) => (
                <li key={f.kind}>
                  {FLAG_LABELS[f.kind]}: {f.evidence.quote && <q className="italic">{f.evidence.quote}</q>} ({evidenceSource(f.evidence)})
                </li>
              ))}
            </ul>
          )}
          <Factors result={entry.result} />
        </div>
      )}
      {overriding && (
        <OverrideForm
          flags={entry.flags}
          busy={actions.add.isPending}
          error={actions.add.error}
          onSubmit={(d) => actions.add.mutate(d, { onSuccess: () => setOverriding(false) })}
          onCancel={() => setOverriding(false)}
        />
      )}
    </li>
  );
}

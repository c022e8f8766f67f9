import { useId, useState } from 'react';
import { levelRank } from '../../lib/agents/sentinel/model';
import type { AlertView, OperatorView } from '../../lib/protocol/responses';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { ErrorNote } from '../ui/ErrorNote';
import { TextArea } from '../ui/Field';
import { formatTime } from '../ui/format';
import { actorLabel, LEVEL, MANUAL_HOLD_KEY, plural, STATE } from './format';

const STATE_ORDER = { open: 0, acknowledged: 1, closed: 2 } as const;

/** Holds first, then what still needs a person (open), then by level and how recently seen. */
export function orderAlerts(alerts: readonly AlertView[], holding: readonly string[]): AlertView[] {
  const held = new Set(holding);
  return [...alerts].sort(
    (a, b) =>
      Number(held.has(b.id)) - Number(held.has(a.id)) ||
      STATE_ORDER[a.state] - STATE_ORDER[b.state] ||
      levelRank(b.level) - levelRank(a.level) ||
      b.lastSeenAt - a.lastSeenAt,
  );
}

export interface AlertsProps {
  alerts: readonly AlertView[];
  hold: OperatorView['hold'];
  /** A person has seen the alert; the note goes in the audit log with who and when. */
  onAcknowledge: (alertId: string, note: string) => void;
  /** The alert whose acknowledgement is being sent. */
  acknowledging?: string | null;
  /** Holding or releasing all sending by hand (left out: no control is shown). */
  onHold?: (held: boolean, note: string) => void;
  holdBusy?: boolean;
  error?: string | null;
}

/**
 * Sentinel's alerts. Alerts are never dismissed or deleted here: a person acknowledges one (with
 * an optional note) and it closes only once its condition is gone too.
 */
export function Alerts({ alerts, hold, onAcknowledge, acknowledging = null, onHold, holdBusy = false, error = null }: AlertsProps) {
  const ordered = orderAlerts(alerts, hold.alertIds);
  const byId = new Map(alerts.map((a) => [a.id, a]));
  const holding = hold.alertIds.map((id) => byId.get(id)).filter((a): a is AlertView => a !== undefined);
  const byPerson = holding.some((a) => a.key === MANUAL_HOLD_KEY);
  const byAlerts = holding.filter((a) => a.key !== MANUAL_HOLD_KEY).length;
  const open = alerts.filter((a) => a.state === 'open').length;
  return (
    <div className="space-y-3">
      {hold.held && (
        <div role="alert" data-testid="cs-hold-banner" className="space-y-1.5 rounded-md border-2 border-rose-600 bg-rose-50 px-3 py-2 text-sm text-rose-900">
          <p className="font-semibold">Sending is held</p>
          <p>
            Nothing goes out while sending is held. Approved emails wait in the queue (none is lost) and go out once when the hold lifts.
            {byAlerts > 0 && ` It lifts when a person acknowledges ${byAlerts === 1 ? 'the alert' : `the ${byAlerts} alerts`} holding it.`}
            {(byPerson || holding.length === 0) && ' A person set a hold: release it when you are ready.'}
          </p>
          {holding.length > 0 && (
            <ul className="list-disc pl-5" data-testid="cs-hold-reasons">
              {holding.map((a) => (
                <li key={a.id}>{a.title}</li>
              ))}
            </ul>
          )}
          {onHold && (byPerson || holding.length === 0) && (
            <Button variant="danger" size="sm" busy={holdBusy} onClick={() => onHold(false, '')} data-testid="cs-hold-release">
              Release the hand hold
            </Button>
          )}
        </div>
      )}
      {onHold && !byPerson && !(hold.held && holding.length === 0) && <HoldForm busy={holdBusy} onHold={(note) => onHold(true, note)} />}
      <ErrorNote testId="cs-alert-error">{error}</ErrorNote>
      <p className="text-xs text-slate-600" data-testid="cs-alerts-summary">
        {alerts.length === 0 ? 'No alerts. Sentinel raises one when a check finds a problem.' : `${plural(open, 'open alert')}, ${plural(alerts.length, 'alert')} in all.`}
      </p>
      {ordered.length > 0 && (
        <ul className="space-y-2" aria-label="Alerts">
          {ordered.map((a) => (
            <AlertItem key={a.id} alert={a} holding={hold.alertIds.includes(a.id)} busy={acknowledging === a.id} onAcknowledge={(note) => onAcknowledge(a.id, note)} />
          ))}
        </ul>
      )}
    </div>
  );
}

function HoldForm({ busy, onHold }: { busy: boolean; onHold: (note: string) => void }) {
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  if (!open)
    return (
      <Button variant="danger" size="sm" onClick={() => setOpen(true)} data-testid="cs-hold-set">
        Hold all sending…
      </Button>
    );
  return (
    <div className="space-y-2 rounded-md border border-rose-200 bg-rose-50/50 p-3">
      <TextArea label="Why hold? (optional, goes in the audit log)" value={note} onValue={setNote} rows={2} autoFocus data-testid="cs-hold-note" />
      <div className="flex gap-2">
        <Button
          variant="danger"
          size="sm"
          busy={busy}
          onClick={() => {
            onHold(note.trim());
            setOpen(false);
            setNote('');
          }}
          data-testid="cs-hold-confirm"
        >
          Hold all sending
        </Button>
        <Button variant="ghost" size="sm" onClick={() => setOpen(false)} data-testid="cs-hold-cancel">
          Cancel
        </Button>
      </div>
    </div>
  );
}

function AlertItem({ alert: a, holding, busy, onAcknowledge }: { alert: AlertView; holding: boolean; busy: boolean; onAcknowledge: (note: string) => void }) {
  const [acking, setAcking] = useState(false);
  const [note, setNote] = useState('');
  const titleId = useId();
  const level = LEVEL[a.level];
  const state = STATE[a.state];
  const escalated = a.escalations.length > 1 ? a.escalations.map((e) => LEVEL[e.level].label.split(':')[0]).join(' → ') : null;
  return (
    <li
      data-testid="cs-alert"
      data-level={a.level}
      data-state={a.state}
      data-alert-id={a.id}
      aria-labelledby={titleId}
      className={`space-y-1.5 rounded-md border bg-white px-3 py-2 text-sm ${holding ? 'border-2 border-rose-600' : a.state === 'open' ? 'border-amber-300' : 'border-slate-200'}`}
    >
      <div className="flex flex-wrap items-center gap-1.5">
        <Badge tone={level.tone}>
          <span data-testid="cs-alert-level">{level.label}</span>
        </Badge>
        <Badge tone={state.tone}>{state.label}</Badge>
        {holding && <Badge tone="danger">Holding sending</Badge>}
      </div>
      <h3 id={titleId} className="font-semibold text-slate-900" data-testid="cs-alert-title">
        {a.title}
      </h3>
      <p className="text-slate-700" data-testid="cs-alert-detail">
        {a.detail}
      </p>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs text-slate-600">
        <dt>Raised</dt>
        <dd>{formatTime(a.raisedAt)}</dd>
        <dt>Last seen</dt>
        <dd>{formatTime(a.lastSeenAt)}</dd>
        <dt>Condition</dt>
        <dd data-testid="cs-alert-condition" data-present={a.conditionPresent}>
          {a.conditionPresent ? 'Condition still present' : `Condition gone${a.clearedAt !== null ? ` since ${formatTime(a.clearedAt)}` : ''}`}
        </dd>
        {escalated && (
          <>
            <dt>Escalated</dt>
            <dd>{escalated}</dd>
          </>
        )}
        <dt>Source</dt>
        <dd>{a.source}</dd>
        {a.acknowledgedAt !== null && (
          <>
            <dt>Acknowledged</dt>
            <dd data-testid="cs-alert-acknowledged">
              by {a.acknowledgedBy ? actorLabel(a.acknowledgedBy) : 'someone'} at {formatTime(a.acknowledgedAt)}
              {a.ackNote ? `: “${a.ackNote}”` : ''}
            </dd>
          </>
        )}
      </dl>
      {a.state === 'acknowledged' && <p className="text-xs text-slate-600">Closes by itself once the condition is gone.</p>}
      {a.state === 'open' &&
        (acking ? (
          <div className="space-y-2 rounded-md border border-slate-200 bg-slate-50 p-2">
            <TextArea label="Note (optional, goes in the audit log)" value={note} onValue={setNote} rows={2} autoFocus data-testid="cs-alert-ack-note" />
            <div className="flex gap-2">
              <Button variant="primary" size="sm" busy={busy} onClick={() => onAcknowledge(note.trim())} data-testid="cs-alert-ack-confirm">
                Acknowledge
              </Button>
              <Button variant="ghost" size="sm" onClick={() => setAcking(false)} data-testid="cs-alert-ack-cancel">
                Cancel
              </Button>
            </div>
          </div>
        ) : (
          <Button variant="secondary" size="sm" busy={busy} onClick={() => setAcking(true)} data-testid="cs-alert-ack" aria-describedby={titleId}>
            Acknowledge…
          </Button>
        ))}
    </li>
  );
}

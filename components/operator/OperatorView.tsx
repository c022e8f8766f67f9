import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { OperatorView as View } from '../../lib/protocol/responses';
import { request } from '../../lib/protocol/client';
import { AuditLog } from '../audit/AuditLog';
import { keys } from '../query-client';
import { ErrorNote, errorMessage } from '../ui/ErrorNote';
import { Section } from '../ui/Section';
import { Spinner } from '../ui/Spinner';
import { Alerts } from './Alerts';
import { Deliverability } from './Deliverability';
import { Health } from './Health';
import { Queue } from './Queue';
import { TimeSaved } from './TimeSaved';
import { useOperatorActions, useOperatorView } from './use-operator';

/**
 * The operator view: what Sentinel sees (alerts first, holds on top), the health checks,
 * deliverability, the queue, time saved and the audit log. Sentinel only tells; a person
 * acknowledges alerts and may hold or release sending.
 */
export function OperatorView() {
  const view = useOperatorView();
  const { check, hold, acknowledge } = useOperatorActions();
  // Names for the per-sequence figures; the figures stand without them.
  const sequences = useQuery({ queryKey: keys.sequences, queryFn: () => request({ type: 'sequence.list' }) });
  const sequenceNames = new Map((sequences.data ?? []).map((s) => [s.id, s.name]));

  if (!view.data) {
    if (view.isError) return <ErrorNote>{errorMessage(view.error)}</ErrorNote>;
    return (
      <p className="flex items-center gap-2 text-sm text-slate-600">
        <Spinner /> Loading the operator view…
      </p>
    );
  }
  return (
    <OperatorSections
      view={view.data}
      now={view.dataUpdatedAt || Date.now()}
      sequenceNames={sequenceNames}
      refreshError={view.isError ? errorMessage(view.error) : null}
      onAcknowledge={(alertId, note) => acknowledge.mutate({ alertId, note })}
      acknowledging={acknowledge.isPending ? (acknowledge.variables?.alertId ?? null) : null}
      alertError={acknowledge.error ? errorMessage(acknowledge.error) : hold.error ? errorMessage(hold.error) : null}
      onHold={(held, note) => hold.mutate({ held, note })}
      holdBusy={hold.isPending}
      onRunChecks={() => check.mutate()}
      checking={check.isPending}
      checkError={check.error ? errorMessage(check.error) : null}
      audit={<AuditLog limit={50} />}
    />
  );
}

export interface OperatorSectionsProps {
  view: View;
  now: number;
  sequenceNames?: ReadonlyMap<string, string>;
  refreshError?: string | null;
  onAcknowledge: (alertId: string, note: string) => void;
  acknowledging?: string | null;
  alertError?: string | null;
  onHold?: (held: boolean, note: string) => void;
  holdBusy?: boolean;
  onRunChecks: () => void;
  checking?: boolean;
  checkError?: string | null;
  /** The audit log section's content (the live log in the panel). */
  audit?: ReactNode;
}

/** The operator view's sections, from data and callbacks. */
export function OperatorSections(p: OperatorSectionsProps) {
  const { view } = p;
  const open = view.alerts.filter((a) => a.state === 'open').length;
  return (
    <div className="space-y-8" data-testid="cs-operator">
      <ErrorNote testId="cs-operator-refresh-error">{p.refreshError ? `Could not refresh: ${p.refreshError}` : null}</ErrorNote>
      <Section title={`Alerts${open ? ` (${open} open)` : ''}`}>
        <Alerts
          alerts={view.alerts}
          hold={view.hold}
          onAcknowledge={p.onAcknowledge}
          acknowledging={p.acknowledging}
          onHold={p.onHold}
          holdBusy={p.holdBusy}
          error={p.alertError}
        />
      </Section>
      <Section title="Health">
        <Health health={view.health} lastCheckAt={view.lastCheckAt} onRunChecks={p.onRunChecks} running={p.checking} error={p.checkError} />
      </Section>
      <Section title="Deliverability">
        <Deliverability stats={view.deliverability} sequenceNames={p.sequenceNames} />
      </Section>
      <Section title="Queue">
        <Queue queue={view.queue} held={view.hold.held} now={p.now} />
      </Section>
      <Section title="Time saved">
        <TimeSaved timeSaved={view.timeSaved} />
      </Section>
      {p.audit && <Section title="Audit log">{p.audit}</Section>}
    </div>
  );
}

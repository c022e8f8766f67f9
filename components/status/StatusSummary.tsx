import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { request } from '../../lib/protocol/client';
import type { Status } from '../../lib/protocol/responses';
import { CRM_LABEL } from '../crm/labels';
import { keys } from '../query-client';
import { Badge } from '../ui/Badge';
import { ErrorNote, errorMessage } from '../ui/ErrorNote';
import { Notice } from '../ui/Notice';
import { Spinner } from '../ui/Spinner';

export function useStatus() {
  return useQuery({ queryKey: keys.status, queryFn: () => request({ type: 'status.get' }), refetchInterval: 3000 });
}

/** Gmail, model, CRM, alerts and queue at a glance, with a hold and degraded Gmail hooks as visible warnings. */
export function StatusSummary() {
  const { data: s, error } = useStatus();
  if (!s) {
    if (error) return <ErrorNote>{errorMessage(error)}</ErrorNote>;
    return (
      <p className="flex items-center gap-2 text-sm text-slate-600">
        <Spinner /> Checking status…
      </p>
    );
  }
  return <StatusList status={s} error={error ? errorMessage(error) : null} />;
}

/** The status lines, from a `status.get` answer. */
export function StatusList({ status: s, error = null }: { status: Status; error?: string | null }) {
  // `crm` and `alerts` may be missing from an older background mid-update; show what is known.
  const crm = s.crm as Status['crm'] | undefined;
  const alerts = s.alerts as Status['alerts'] | undefined;
  return (
    <div className="space-y-2" data-testid="cs-status-summary">
      <ErrorNote>{error}</ErrorNote>
      {alerts?.held && (
        <div role="alert" data-testid="cs-status-held" className="rounded-md border-2 border-rose-600 bg-rose-50 px-3 py-2 text-sm text-rose-900">
          <p className="font-semibold">Sending held</p>
          <p className="text-xs">Nothing goes out until the hold lifts. Approved emails wait; none is lost.</p>
        </div>
      )}
      <dl className="divide-y divide-slate-100 rounded-md border border-slate-200 bg-white text-sm">
        <Row label="Gmail" testId="cs-status-gmail">
          {s.gmailConnected ? <Badge tone="success">Connected</Badge> : <Badge tone="warning">Not connected</Badge>}
        </Row>
        <Row label="Model" testId="cs-status-model">
          {s.modelConfigured ? <Badge tone="success">Configured</Badge> : <Badge tone="warning">Not configured</Badge>}
        </Row>
        {crm && (
          <Row label={`CRM: ${CRM_LABEL[crm.kind]}`} testId="cs-status-crm">
            {crm.ok === null ? <Badge tone="neutral">Not checked yet</Badge> : crm.ok ? <Badge tone="success">Reachable</Badge> : <Badge tone="danger">Unreachable</Badge>}
          </Row>
        )}
        {alerts && (
          <Row label="Open alerts">
            <span data-testid="cs-status-alerts" className={`font-semibold tabular-nums ${alerts.open > 0 ? 'text-rose-800' : 'text-slate-700'}`}>
              {alerts.open}
            </span>
          </Row>
        )}
        <Row label="Awaiting approval">
          <span data-testid="cs-status-pending" className={`font-semibold tabular-nums ${s.pending > 0 ? 'text-amber-800' : 'text-slate-700'}`}>
            {s.pending}
          </span>
        </Row>
      </dl>
      {s.degradedHooks.length > 0 && (
        <Notice tone="warning" testId="cs-status-degraded">
          Gmail adapter degraded: {s.degradedHooks.join(', ')}. Gmail may have changed; the in-page panel can miss threads until Countersign is updated.
        </Notice>
      )}
    </div>
  );
}

function Row({ label, testId, children }: { label: string; testId?: string; children: ReactNode }) {
  return (
    <div className="flex items-center justify-between gap-3 px-3 py-1.5" data-testid={testId}>
      <dt className="text-slate-600">{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { request } from '../../lib/protocol/client';
import { keys } from '../query-client';
import { Badge } from '../ui/Badge';
import { ErrorNote, errorMessage } from '../ui/ErrorNote';
import { Notice } from '../ui/Notice';
import { Spinner } from '../ui/Spinner';

/** Gmail, model and queue at a glance, with any degraded Gmail hooks as a visible warning. */
export function StatusSummary() {
  const { data: s, error } = useQuery({ queryKey: keys.status, queryFn: () => request({ type: 'status.get' }), refetchInterval: 3000 });
  if (!s) {
    if (error) return <ErrorNote>{errorMessage(error)}</ErrorNote>;
    return (
      <p className="flex items-center gap-2 text-sm text-slate-500">
        <Spinner /> Checking status…
      </p>
    );
  }
  return (
    <div className="space-y-2" data-testid="cs-status-summary">
      <ErrorNote>{error ? errorMessage(error) : null}</ErrorNote>
      <dl className="divide-y divide-slate-100 rounded-md border border-slate-200 bg-white text-sm">
        <Row label="Gmail">{s.gmailConnected ? <Badge tone="success">Connected</Badge> : <Badge tone="warning">Not connected</Badge>}</Row>
        <Row label="Model">{s.modelConfigured ? <Badge tone="success">Configured</Badge> : <Badge tone="warning">Not configured</Badge>}</Row>
        <Row label="Awaiting approval">
          <span data-testid="cs-status-pending" className={`font-semibold tabular-nums ${s.pending > 0 ? 'text-amber-700' : 'text-slate-700'}`}>
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

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex items-center justify-between gap-3 px-3 py-1.5">
      <dt className="text-slate-600">{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

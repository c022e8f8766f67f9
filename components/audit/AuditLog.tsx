import { useMutation, useQuery } from '@tanstack/react-query';
import type { AuditRow } from '../../lib/db/schema';
import { request } from '../../lib/protocol/client';
import { keys } from '../query-client';
import { Button } from '../ui/Button';
import { ErrorNote, errorMessage } from '../ui/ErrorNote';
import { formatTimePrecise } from '../ui/format';
import { Notice } from '../ui/Notice';
import { Spinner } from '../ui/Spinner';
import { downloadText } from './download';

/** The append-only, hash-chained log: newest first, with chain verification and export. */
export function AuditLog() {
  const audit = useQuery({ queryKey: keys.audit, queryFn: () => request({ type: 'audit.list', limit: 500 }), refetchInterval: 3000 });
  const verify = useMutation({ mutationFn: () => request({ type: 'audit.verify' }) });
  const exportLog = useMutation({
    mutationFn: () => request({ type: 'audit.export' }),
    onSuccess: ({ filename, json }) => downloadText(filename, json, 'application/json'),
  });
  const failure = verify.error ?? exportLog.error;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-2">
        <Button variant="secondary" size="sm" busy={verify.isPending} onClick={() => verify.mutate()} data-testid="cs-audit-verify">
          Verify chain
        </Button>
        <Button variant="secondary" size="sm" busy={exportLog.isPending} onClick={() => exportLog.mutate()} data-testid="cs-audit-export">
          Export JSON
        </Button>
      </div>
      {verify.data && (
        <Notice tone={verify.data.ok ? 'success' : 'warning'} testId="cs-audit-verify-result">
          {verify.data.ok ? `Chain intact: ${verify.data.entries} entries` : `Chain BROKEN at entry ${verify.data.brokenAt}: ${verify.data.reason}`}
        </Notice>
      )}
      <ErrorNote>{failure ? errorMessage(failure) : audit.isError ? errorMessage(audit.error) : null}</ErrorNote>

      {audit.isPending ? (
        <p className="flex items-center gap-2 text-sm text-slate-500">
          <Spinner /> Loading the log…
        </p>
      ) : audit.data && audit.data.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-500">No entries yet.</p>
      ) : (
        <ol className="divide-y divide-slate-100 overflow-hidden rounded-lg border border-slate-200 bg-white">
          {audit.data?.map((row) => <Entry key={row.seq ?? row.hash} row={row} />)}
        </ol>
      )}
      {audit.data && audit.data.length >= 500 && <p className="text-xs text-slate-500">Showing the newest 500 entries. Export for the full log.</p>}
    </div>
  );
}

function Entry({ row }: { row: AuditRow }) {
  const detail = Object.keys(row.detail).length > 0 ? JSON.stringify(row.detail) : null;
  return (
    <li data-testid="cs-audit-entry" data-action={row.action} data-seq={row.seq} className="space-y-0.5 px-3 py-2 text-xs">
      <div className="flex items-baseline justify-between gap-2">
        <span className="min-w-0 truncate">
          <span className="mr-1.5 font-mono text-slate-400 tabular-nums">#{row.seq}</span>
          <span className="font-semibold text-slate-900">{row.action}</span>
        </span>
        <time className="shrink-0 text-slate-500 tabular-nums" dateTime={new Date(row.at).toISOString()}>
          {formatTimePrecise(row.at)}
        </time>
      </div>
      <div className="flex flex-wrap gap-x-3 gap-y-0.5 text-slate-600">
        <span>
          <span className="text-slate-400">by </span>
          {row.actor.type}:{row.actor.id}
        </span>
        <span className="min-w-0 truncate" title={row.subjectId}>
          <span className="text-slate-400">on </span>
          <span className="font-mono text-[11px]">{row.subjectId}</span>
        </span>
        {row.contentHash && (
          <span title={row.contentHash}>
            <span className="text-slate-400">hash </span>
            <span className="font-mono text-[11px]">{row.contentHash.slice(0, 12)}</span>
          </span>
        )}
      </div>
      {detail && <div className="font-mono text-[11px] break-all text-slate-500">{detail}</div>}
    </li>
  );
}

import type { AuditRow } from '../../lib/db/schema';
import { formatTimePrecise } from '../ui/format';

/** Audit entries as given (newest first). */
export function AuditEntries({ rows }: { rows: readonly AuditRow[] }) {
  return (
    <ol aria-label="Audit log entries" className="divide-y divide-slate-100 overflow-hidden rounded-lg border border-slate-200 bg-white">
      {rows.map((row) => (
        <Entry key={row.seq ?? row.hash} row={row} />
      ))}
    </ol>
  );
}

function Entry({ row }: { row: AuditRow }) {
  const detail = Object.keys(row.detail).length > 0 ? JSON.stringify(row.detail) : null;
  return (
    <li data-testid="cs-audit-entry" data-action={row.action} data-seq={row.seq} className="space-y-0.5 px-3 py-2 text-xs">
      <div className="flex items-baseline justify-between gap-2">
        <span className="min-w-0 truncate">
          <span className="mr-1.5 font-mono text-slate-500 tabular-nums">#{row.seq}</span>
          <span className="font-semibold text-slate-900">{row.action}</span>
        </span>
        <time className="shrink-0 text-slate-600 tabular-nums" dateTime={new Date(row.at).toISOString()}>
          {formatTimePrecise(row.at)}
        </time>
      </div>
      <div className="flex flex-wrap gap-x-3 gap-y-0.5 text-slate-700">
        <span>
          <span className="text-slate-500">by </span>
          {row.actor.type}:{row.actor.id}
        </span>
        <span className="min-w-0 truncate" title={row.subjectId}>
          <span className="text-slate-500">on </span>
          <span className="font-mono text-[11px]">{row.subjectId}</span>
        </span>
        {row.contentHash && (
          <span title={row.contentHash}>
            <span className="text-slate-500">hash </span>
            <span className="font-mono text-[11px]">{row.contentHash.slice(0, 12)}</span>
          </span>
        )}
      </div>
      {detail && <div className="font-mono text-[11px] break-all text-slate-600">{detail}</div>}
    </li>
  );
}

import type { HealthView } from '../../lib/protocol/responses';
import { levelRank } from '../../lib/agents/sentinel/model';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { ErrorNote } from '../ui/ErrorNote';
import { formatTime } from '../ui/format';
import { LEVEL } from './format';

export interface HealthProps {
  health: readonly HealthView[];
  lastCheckAt: number | null;
  onRunChecks: () => void;
  running?: boolean;
  error?: string | null;
}

/** Each check's latest result: problems first, then the healthy ones. */
export function Health({ health, lastCheckAt, onRunChecks, running = false, error = null }: HealthProps) {
  const rows = [...health].sort((a, b) => (b.level ? levelRank(b.level) + 1 : 0) - (a.level ? levelRank(a.level) + 1 : 0) || a.title.localeCompare(b.title));
  const problems = health.filter((h) => h.level !== null).length;
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-xs text-slate-600" data-testid="cs-health-last">
          {lastCheckAt === null ? 'Not checked yet.' : `Last checked ${formatTime(lastCheckAt)}. ${problems === 0 ? 'All checks fine.' : `${problems} of ${health.length} checks found a problem.`}`}
        </p>
        <Button variant="secondary" size="sm" busy={running} onClick={onRunChecks} data-testid="cs-sentinel-check">
          Run checks now
        </Button>
      </div>
      <ErrorNote testId="cs-health-error">{error}</ErrorNote>
      {rows.length === 0 ? (
        <p className="text-xs text-slate-600">No check has run yet.</p>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-md border border-slate-200 bg-white" aria-label="Health checks">
          {rows.map((h) => (
            <li key={h.key} data-testid="cs-health" data-key={h.key} data-level={h.level ?? 'ok'} className="space-y-0.5 px-3 py-2 text-xs">
              <div className="flex items-baseline justify-between gap-2">
                <span className="font-semibold text-slate-900">{h.title}</span>
                {h.level === null ? <Badge tone="success">OK</Badge> : <Badge tone={LEVEL[h.level].tone}>{LEVEL[h.level].label}</Badge>}
              </div>
              <p className="text-slate-700">{h.detail}</p>
              <p className="text-slate-600">
                {h.source} · checked <time dateTime={new Date(h.checkedAt).toISOString()}>{formatTime(h.checkedAt)}</time>
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

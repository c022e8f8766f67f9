import { useState } from 'react';
import type { Finding, QualityReport as Report } from '../../lib/agents/herald/quality/model';
import { Badge } from '../ui/Badge';

const VERDICT = {
  blocked: { tone: 'danger', label: 'Fix before queueing' },
  warnings: { tone: 'warning', label: 'Check the warnings' },
  ok: { tone: 'success', label: 'Personal and clean' },
} as const;

const pct = (x: number) => `${Math.round(x * 100)}%`;

/**
 * Herald's quality report of a draft, line by line: what blocks queueing (placeholders, wrong
 * name or company, claims with nothing behind them), then the warnings the approver also sees.
 */
export function QualityReport({ report, compact = false }: { report: Report; compact?: boolean }) {
  const [open, setOpen] = useState(!compact || report.verdict === 'blocked');
  const { metrics } = report;
  const verdict = VERDICT[report.verdict];
  return (
    <section data-testid="cs-quality" data-verdict={report.verdict} aria-label="Draft quality" className="space-y-1.5 rounded-md border border-slate-200 p-2 text-xs">
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={verdict.tone}>{verdict.label}</Badge>
        <span data-testid="cs-quality-metrics" className="text-slate-500">
          {metrics.words} words · grade {metrics.readingGrade.toFixed(0)} · {pct(metrics.personalisationShare)} personal · {metrics.callsToAction} ask{metrics.callsToAction === 1 ? '' : 's'}
        </span>
        {(report.blocking.length > 0 || report.warnings.length > 0) && (
          <button type="button" className="ml-auto text-[11px] text-indigo-700 underline" onClick={() => setOpen(!open)} aria-expanded={open} data-testid="cs-quality-toggle">
            {open ? 'Hide' : `${report.blocking.length + report.warnings.length} finding${report.blocking.length + report.warnings.length === 1 ? '' : 's'}`}
          </button>
        )}
      </div>
      {open && (
        <>
          <Findings items={report.blocking} testId="cs-quality-blocking" className="border-rose-200 bg-rose-50 text-rose-900" />
          <Findings items={report.warnings} testId="cs-quality-warning" className="border-amber-200 bg-amber-50 text-amber-900" />
        </>
      )}
      {report.generic && (
        <p data-testid="cs-quality-generic" className="rounded border border-amber-200 bg-amber-50 px-2 py-1 text-amber-900">
          Generic: {pct(report.generic.similarity)} the same as the draft to {report.generic.to || 'another prospect'} — “{report.generic.excerpt}”
        </p>
      )}
    </section>
  );
}

function Findings({ items, testId, className }: { items: Finding[]; testId: string; className: string }) {
  if (items.length === 0) return null;
  return (
    <ul className="space-y-1">
      {items.map((f, i) => (
        <li key={`${f.code}:${i}`} data-testid={testId} data-code={f.code} className={`rounded border px-2 py-1 ${className}`}>
          {f.message}
        </li>
      ))}
    </ul>
  );
}

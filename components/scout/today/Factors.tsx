import type { Evidence } from '../../../lib/agents/scout/model';
import type { LeadScore } from '../../../lib/agents/scout/score/score';

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/** Where a piece of evidence lives, in words a rep can follow. */
export function evidenceSource(e: Evidence): string {
  return `${e.source} ${e.ref}`;
}

/** Every factor behind a score: points, what it is, and the words it rests on. */
export function Factors({ result }: { result: LeadScore }) {
  if (result.factors.length === 0) return <p className="text-xs text-slate-500">No signals have earned points yet.</p>;
  return (
    <div className="space-y-1">
      <ul className="space-y-1" data-testid="cs-today-factors">
        {result.factors.map((f) => (
          <li key={`${f.group}:${f.key}`} className="flex gap-2 text-xs" data-testid="cs-today-factor">
            <span className={`w-9 shrink-0 text-right font-semibold tabular-nums ${f.points < 0 ? 'text-rose-700' : 'text-emerald-700'}`}>{signed(f.points)}</span>
            <span className="min-w-0">
              <span className="font-medium text-slate-800">{f.label}</span> <span className="text-slate-500">· {f.group}</span>
              {f.evidence.quote && <q className="block text-slate-600 italic">{f.evidence.quote}</q>}
              <span className="block text-[11px] text-slate-500">{evidenceSource(f.evidence)}</span>
            </span>
          </li>
        ))}
      </ul>
      <p className="text-[11px] text-slate-500 tabular-nums">
        Signals total {signed(result.total)} → {result.computed}
        {result.overridden ? `; set by hand to ${result.overridden.value}` : ''}
      </p>
    </div>
  );
}

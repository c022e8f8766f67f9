import type { PipelineStats, StageStats } from '../../../lib/agents/cipher/pipeline/stats';
import { BarChart, type BarTone } from '../../ui/charts/BarChart';
import { compactCurrency, compactNumber, days, percent } from '../../ui/charts/format';
import { dealLabel } from './labels';

const tone = (s: StageStats): BarTone => (s.closed === 'won' ? 'success' : s.closed === 'lost' ? 'danger' : 'default');
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Count, value, conversion and time in stage per stage of one pipeline, and its ageing deals. */
export function PipelineCharts({ stats, currency, mixedCurrencies }: { stats: PipelineStats; currency: string | null; mixedCurrencies: boolean }) {
  const unvalued = stats.stages.reduce((n, s) => n + s.unvalued, 0);
  const unvaluedStages = stats.stages.filter((s) => s.unvalued > 0);
  const valueNotes = [
    unvalued > 0 ? `${plural(unvalued, 'deal')} without an amount, counted as 0 (${unvaluedStages.map((s) => `${s.label}: ${s.unvalued}`).join(', ')}).` : null,
    mixedCurrencies ? 'Amounts in different currencies are added as they are.' : null,
  ].filter(Boolean);
  const byStage = new Map(stats.stages.map((s) => [s.stageId, s.label]));
  return (
    <div className="space-y-4" data-testid="cs-pipeline-charts">
      <BarChart
        label="Deals per stage"
        testId="cs-chart-count"
        keyHeading="Stage"
        valueHeading="Deals"
        data={stats.stages.map((s) => ({ key: s.stageId, label: s.label, value: s.count, tone: tone(s) }))}
        format={(n) => String(n)}
      />
      <BarChart
        label={`Value per stage${currency ? ` (${currency})` : ''}`}
        testId="cs-chart-value"
        keyHeading="Stage"
        valueHeading="Value"
        data={stats.stages.map((s) => ({ key: s.stageId, label: s.label, value: s.value, tone: tone(s) }))}
        format={(n) => compactCurrency(n, currency)}
        note={valueNotes.length ? valueNotes.join(' ') : undefined}
      />
      <BarChart
        label="Conversion to the next stage"
        testId="cs-chart-conversion"
        keyHeading="Stage"
        valueHeading="Went on to the next stage"
        max={1}
        data={stats.stages.map((s) => ({ key: s.stageId, label: s.label, value: s.conversionToNext, display: s.conversionToNext === null ? '—' : `${percent(s.conversionToNext)} of ${s.reached}`, tone: tone(s) }))}
        note={stats.fromHistory ? 'From recorded stage history.' : 'Partly estimated from where deals are now: not every deal has a recorded stage history.'}
      />
      <BarChart
        label="Time in stage (median days)"
        testId="cs-chart-days"
        keyHeading="Stage"
        valueHeading="Median days in stage"
        data={stats.stages.map((s) => ({ key: s.stageId, label: s.label, value: s.daysInStage?.median ?? null, tone: tone(s) }))}
        format={days}
      />
      <section className="space-y-1" data-testid="cs-ageing" aria-labelledby="cs-ageing-title">
        <h3 id="cs-ageing-title" className="text-xs font-medium text-slate-700">
          Ageing deals {stats.ageing.length > 0 && <span className="text-slate-500">({stats.ageing.length})</span>}
        </h3>
        {stats.ageing.length === 0 ? (
          <p className="text-xs text-slate-500" data-testid="cs-ageing-none">
            No open deal has gone stale.
          </p>
        ) : (
          <ul className="max-h-48 divide-y divide-slate-100 overflow-y-auto rounded-md border border-slate-200 text-xs">
            {stats.ageing.map((d) => (
              <li key={d.dealId} data-testid="cs-ageing-deal" data-deal={d.dealId} className="flex items-baseline gap-2 px-2 py-1">
                <span className="min-w-0 flex-1 truncate font-medium text-slate-800">{dealLabel(d.name, d.dealId)}</span>
                <span className="truncate text-slate-500">{byStage.get(d.stageId) ?? d.stageId}</span>
                <span className="shrink-0 text-amber-700 tabular-nums" data-testid="cs-ageing-days">
                  {compactNumber(d.daysSinceUpdate)} d since update
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

import { useState, type ChangeEvent } from 'react';
import { Button } from '../../ui/Button';
import { compactCurrency } from '../../ui/charts/format';
import { trusted } from '../../ui/trusted';
import { dealLabel, type PipelineDeal, type PipelineInfo } from './labels';

const SELECT = 'w-full max-w-[9.5rem] truncate rounded-md border-0 bg-white py-1 pr-7 pl-2 text-xs text-slate-900 shadow-xs ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600 focus:outline-none disabled:bg-slate-50 disabled:text-slate-500';
const UNKNOWN = '';

/**
 * The pipeline's deals with a stage picker each. Picking a stage and pressing Move moves the deal
 * (logged, undoable); the picker alone moves nothing, so arrowing through the options is safe.
 */
export function DealsTable({ pipeline, deals, onChangeStage, busy }: { pipeline: PipelineInfo; deals: readonly PipelineDeal[]; onChangeStage(dealId: string, toStageId: string, pipelineId: string): void; busy: boolean }) {
  if (deals.length === 0)
    return (
      <p className="text-xs text-slate-500" data-testid="cs-deals-none">
        No deals in {pipeline.label} yet.
      </p>
    );
  const stages = new Set(pipeline.stages.map((s) => s.id));
  return (
    <div className="max-h-96 overflow-y-auto rounded-md border border-slate-200">
      <table className="w-full table-fixed text-xs" data-testid="cs-deals">
        <thead className="sticky top-0 bg-slate-50 text-left text-[11px] text-slate-500">
          <tr>
            <th scope="col" className="px-2 py-1 font-medium">
              Deal
            </th>
            <th scope="col" className="w-16 px-2 py-1 text-right font-medium">
              Amount
            </th>
            <th scope="col" className="w-[10rem] px-2 py-1 font-medium">
              Stage
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {deals.map((d) => (
            <DealRow key={d.id} deal={d} pipeline={pipeline} stages={stages} onChangeStage={onChangeStage} busy={busy} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DealRow({ deal: d, pipeline, stages, onChangeStage, busy }: { deal: PipelineDeal; pipeline: PipelineInfo; stages: Set<string>; onChangeStage(dealId: string, toStageId: string, pipelineId: string): void; busy: boolean }) {
  const name = dealLabel(d.name, d.id);
  const known = d.stageId !== null && stages.has(d.stageId);
  const current = known ? d.stageId! : UNKNOWN;
  const [choice, setChoice] = useState(current);
  const chosen = choice !== UNKNOWN && choice !== d.stageId && stages.has(choice) ? choice : null;
  const onChange = trusted((e: ChangeEvent<HTMLSelectElement>) => setChoice(e.target.value));
  return (
    <tr data-testid="cs-deal-row" data-deal={d.id}>
      <th scope="row" className="truncate px-2 py-1 text-left font-medium text-slate-800" title={name}>
        {name}
      </th>
      <td className="px-2 py-1 text-right text-slate-700 tabular-nums" data-testid="cs-deal-amount">
        {d.amount === null ? '—' : compactCurrency(d.amount, d.currency)}
      </td>
      <td className="px-2 py-1">
        <div className="flex items-center gap-1">
          <select aria-label={`Stage for ${name}`} value={chosen ?? current} onChange={onChange} disabled={busy} className={SELECT} data-testid="cs-deal-stage">
            {!known && (
              <option value={UNKNOWN} disabled>
                {d.stageId ? `Unknown (${d.stageId})` : 'No stage'}
              </option>
            )}
            {pipeline.stages.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
          {chosen && (
            <Button
              variant="primary"
              size="sm"
              disabled={busy}
              onClick={() => {
                setChoice(current);
                onChangeStage(d.id, chosen, pipeline.id);
              }}
              aria-label={`Move ${name}`}
              data-testid="cs-deal-move"
            >
              Move
            </Button>
          )}
        </div>
      </td>
    </tr>
  );
}

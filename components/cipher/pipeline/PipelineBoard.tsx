import { useState } from 'react';
import type { PipelineView, StageChangeView } from '../../../lib/protocol/responses';
import { SelectField } from '../../crm/settings/SelectField';
import { Badge } from '../../ui/Badge';
import { formatTime } from '../../ui/format';
import { Notice } from '../../ui/Notice';
import { Section } from '../../ui/Section';
import { DealsTable } from './DealsTable';
import { commonCurrency, dealsOf } from './labels';
import { PipelineCharts } from './PipelineCharts';
import { StageChanges } from './StageChanges';
import { StageProposals } from './StageProposals';

export interface PipelineBoardProps {
  view: PipelineView;
  /** The rep moves a deal (applied at once, logged, undoable). */
  onChangeStage(dealId: string, toStageId: string, pipelineId: string): void;
  /** Approve a proposed change (the caller binds `change.proposalHash`). */
  onApprove(change: StageChangeView): void;
  /** Deny a proposed change; `reason` is never empty. */
  onDeny(change: StageChangeView, reason: string): void;
  onUndo(change: StageChangeView): void;
  /** An action is running: every control is disabled. */
  busy?: boolean;
}

const CRM_LABEL: Record<PipelineView['crm'], string> = { hubspot: 'HubSpot', salesforce: 'Salesforce', pipedrive: 'Pipedrive', local: 'the local CRM' };

const when = (c: StageChangeView) => c.undoneAt ?? c.appliedAt ?? c.createdAt;

/**
 * The side panel's pipeline view (presentational): stage changes waiting for approval, charts of
 * the selected pipeline, its deals with a stage picker each, and recent stage changes with Undo.
 */
export function PipelineBoard({ view, onChangeStage, onApprove, onDeny, onUndo, busy = false }: PipelineBoardProps) {
  const [picked, setPicked] = useState<string | null>(null);
  const pipeline = view.pipelines.find((p) => p.id === picked) ?? view.pipelines[0] ?? null;
  const proposals = view.changes.filter((c) => c.state === 'proposed').sort((a, b) => a.createdAt - b.createdAt);
  const recent = view.changes.filter((c) => c.state !== 'proposed').sort((a, b) => when(b) - when(a));
  const crm = CRM_LABEL[view.crm];

  return (
    <div className="space-y-5" data-testid="cs-pipeline" aria-busy={busy || undefined}>
      <p className="text-[11px] text-slate-500">
        Read from {crm} {formatTime(view.readAt)}.
      </p>
      {view.truncated && (
        <Notice tone="warning" testId="cs-pipeline-truncated">
          Not every deal was read: the figures cover the deals shown.
        </Notice>
      )}

      <Section title="Waiting for approval" aside={proposals.length > 0 ? <Badge tone="warning">{proposals.length}</Badge> : undefined}>
        <StageProposals proposals={proposals} onApprove={onApprove} onDeny={onDeny} busy={busy} />
      </Section>

      {pipeline === null ? (
        <p className="text-sm text-slate-600" data-testid="cs-pipeline-none">
          {crm[0]!.toUpperCase() + crm.slice(1)} has no deal pipelines, so there is nothing to chart yet.
        </p>
      ) : (
        <PipelineSection view={view} pipeline={pipeline} onPick={setPicked} onChangeStage={onChangeStage} busy={busy} />
      )}

      <Section title="Recent stage changes">
        <StageChanges changes={recent} onUndo={onUndo} busy={busy} />
      </Section>
    </div>
  );
}

function PipelineSection({ view, pipeline, onPick, onChangeStage, busy }: { view: PipelineView; pipeline: PipelineView['pipelines'][number]; onPick(id: string): void; onChangeStage: PipelineBoardProps['onChangeStage']; busy: boolean }) {
  const stats = view.stats.find((s) => s.pipelineId === pipeline.id) ?? null;
  const deals = dealsOf(view, pipeline);
  const { currency, mixed } = commonCurrency(deals);
  const hasDeals = deals.length > 0 || (stats !== null && stats.stages.some((s) => s.count > 0));
  return (
    <>
      {view.pipelines.length > 1 && (
        <SelectField label="Pipeline" value={pipeline.id} options={view.pipelines.map((p) => ({ value: p.id, label: p.label }))} onValue={onPick} disabled={busy} data-testid="cs-pipeline-select" />
      )}
      <Section title={`${pipeline.label}: figures`}>
        {!hasDeals ? (
          <p className="text-sm text-slate-600" data-testid="cs-pipeline-empty">
            No deals in {pipeline.label} yet, so there is nothing to chart.
          </p>
        ) : stats === null ? (
          <p className="text-sm text-slate-600">No figures for {pipeline.label}.</p>
        ) : (
          <>
            {stats.unknownStage > 0 && (
              <Notice tone="warning" testId="cs-pipeline-unknown-stage">
                {stats.unknownStage === 1 ? '1 deal is' : `${stats.unknownStage} deals are`} at a stage this pipeline does not list; the charts leave {stats.unknownStage === 1 ? 'it' : 'them'} out.
              </Notice>
            )}
            <PipelineCharts stats={stats} currency={currency} mixedCurrencies={mixed} />
          </>
        )}
      </Section>
      {hasDeals && (
        <Section title="Deals">
          <DealsTable pipeline={pipeline} deals={deals} onChangeStage={onChangeStage} busy={busy} />
        </Section>
      )}
    </>
  );
}

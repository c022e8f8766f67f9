import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '../../lib/protocol/client';
import type { StageChangeView } from '../../lib/protocol/responses';
import { keys } from '../query-client';
import { ErrorNote, errorMessage } from '../ui/ErrorNote';
import { Spinner } from '../ui/Spinner';
import { PipelineBoard } from './pipeline/PipelineBoard';

/**
 * The pipeline from the system of record: stats as charts, the rep's own stage moves (applied at
 * once, logged, undoable) and moves proposed by agents or from a CRM page, which wait for approval.
 */
export function PipelineView() {
  const qc = useQueryClient();
  const view = useQuery({ queryKey: keys.pipeline, queryFn: () => request({ type: 'pipeline.view' }) });
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: keys.pipeline });
    void qc.invalidateQueries({ queryKey: keys.audit });
  };
  const change = useMutation({
    mutationFn: (v: { dealId: string; toStageId: string; pipelineId: string }) => request({ type: 'pipeline.change', ...v }),
    onSettled: refresh,
  });
  const approve = useMutation({ mutationFn: (c: StageChangeView) => request({ type: 'pipeline.approve', changeId: c.id, proposalHash: c.proposalHash }), onSettled: refresh });
  const deny = useMutation({ mutationFn: (v: { change: StageChangeView; reason: string }) => request({ type: 'pipeline.deny', changeId: v.change.id, reason: v.reason }), onSettled: refresh });
  const undo = useMutation({ mutationFn: (c: StageChangeView) => request({ type: 'pipeline.undo', changeId: c.id }), onSettled: refresh });
  const mutations = [change, approve, deny, undo];
  const failed = mutations.find((m) => m.isError)?.error ?? (view.isError ? view.error : null);
  return (
    <div className="space-y-3" data-testid="cs-pipeline">
      <ErrorNote>{failed ? errorMessage(failed) : null}</ErrorNote>
      {view.isPending && (
        <p className="flex items-center gap-2 text-xs text-slate-500">
          <Spinner /> Reading the pipeline…
        </p>
      )}
      {view.data && (
        <PipelineBoard
          view={view.data}
          busy={mutations.some((m) => m.isPending)}
          onChangeStage={(dealId, toStageId, pipelineId) => change.mutate({ dealId, toStageId, pipelineId })}
          onApprove={(c) => approve.mutate(c)}
          onDeny={(c, reason) => deny.mutate({ change: c, reason })}
          onUndo={(c) => undo.mutate(c)}
        />
      )}
    </div>
  );
}

import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { request } from '../../lib/protocol/client';
import type { CrmRecordView } from '../../lib/protocol/responses';
import { Button } from '../ui/Button';
import { ErrorNote, errorMessage } from '../ui/ErrorNote';
import { Notice } from '../ui/Notice';
import { trusted } from '../ui/trusted';

type OkView = Extract<CrmRecordView, { status: 'ok' }>;

/**
 * Asks to move this deal to another stage. A CRM page cannot prove a person clicked, so the move
 * is only proposed here; it happens when the rep approves it in Countersign's side panel
 * (Pipeline), where it is logged and can be undone.
 */
export function StageMove({ view }: { view: OkView }) {
  const stage = view.stage!;
  const [to, setTo] = useState('');
  const propose = useMutation({
    mutationFn: () => request({ type: 'pipeline.propose', crm: view.ref.crm, dealId: view.ref.id, toStageId: to, ...(stage.pipelineId ? { pipelineId: stage.pipelineId } : {}) }),
  });
  const others = stage.stages.filter((s) => s.id !== stage.stageId);
  if (others.length === 0) return null;
  return (
    <div className="space-y-2" data-testid="cs-stage-move">
      <div className="flex items-end gap-2">
        <label className="flex-1 text-xs text-slate-600">
          Move to
          <select
            className="mt-0.5 block w-full rounded border border-slate-300 bg-white px-2 py-1 text-xs"
            value={to}
            onChange={trusted((e: React.ChangeEvent<HTMLSelectElement>) => setTo(e.target.value))}
            data-testid="cs-stage-move-select"
          >
            <option value="">Choose a stage…</option>
            {others.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <Button variant="secondary" disabled={!to} busy={propose.isPending} onClick={() => propose.mutate()} data-testid="cs-stage-move-propose">
          Propose move
        </Button>
      </div>
      {propose.isSuccess && (
        <Notice tone="success" testId="cs-stage-move-proposed">
          Proposed: {propose.data.from.label ?? 'no stage'} → {propose.data.to.label}. Approve it in Countersign's side panel (Pipeline); nothing changes until you do.
        </Notice>
      )}
      <ErrorNote>{propose.isError ? errorMessage(propose.error) : null}</ErrorNote>
    </div>
  );
}

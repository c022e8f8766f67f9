import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { OperatorView } from '../../lib/protocol/responses';
import { request } from '../../lib/protocol/client';
import { keys } from '../query-client';

/** Sentinel checks on an alarm; the view follows it without the operator reloading. */
export const OPERATOR_REFRESH_MS = 15_000;

export function useOperatorView() {
  return useQuery({ queryKey: keys.operator, queryFn: () => request({ type: 'operator.view' }), refetchInterval: OPERATOR_REFRESH_MS });
}

/**
 * What a person may do from the operator view or the popup: run the checks, hold or release
 * sending, acknowledge an alert. Each changes the status line, the view and the audit log.
 */
export function useOperatorActions() {
  const qc = useQueryClient();
  const refresh = () => Promise.all([qc.invalidateQueries({ queryKey: keys.operator }), qc.invalidateQueries({ queryKey: keys.status }), qc.invalidateQueries({ queryKey: keys.audit })]);
  const fresh = (view: OperatorView) => qc.setQueryData(keys.operator, view);
  return {
    check: useMutation({ mutationFn: () => request({ type: 'sentinel.check' }), onSuccess: fresh, onSettled: refresh }),
    hold: useMutation({ mutationFn: ({ held, note }: { held: boolean; note: string }) => request({ type: 'hold.set', held, note }), onSuccess: fresh, onSettled: refresh }),
    acknowledge: useMutation({ mutationFn: ({ alertId, note }: { alertId: string; note: string }) => request({ type: 'alert.acknowledge', alertId, note }), onSettled: refresh }),
  };
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FlagKind } from '../../../lib/agents/scout/model';
import { request } from '../../../lib/protocol/client';
import { keys } from '../../query-client';

export function useToday() {
  return useQuery({ queryKey: keys.scoutToday, queryFn: () => request({ type: 'scout.today' }) });
}

/** What a rep may change about one lead: its score, or one of its flags. */
export type OverrideTarget = { type: 'score'; value: number } | { type: 'flag'; kind: FlagKind; action: 'add' | 'dismiss'; detail?: string };

export interface OverrideDraft {
  target: OverrideTarget;
  reason: string;
  /** Epoch ms; null: until revoked. */
  expiresAt: number | null;
}

/** Overrides change the list and write the audit log: both views are refreshed after each. */
export function useOverrideActions(contactKey: string) {
  const qc = useQueryClient();
  const onSettled = () => Promise.all([qc.invalidateQueries({ queryKey: keys.scoutToday }), qc.invalidateQueries({ queryKey: keys.audit })]);
  return {
    add: useMutation({ mutationFn: (d: OverrideDraft) => request({ type: 'scout.override', contactKey, ...d }), onSettled }),
    revoke: useMutation({ mutationFn: ({ overrideId, reason }: { overrideId: string; reason: string }) => request({ type: 'scout.override.revoke', overrideId, reason }), onSettled }),
  };
}

export function useSuppressions() {
  return useQuery({ queryKey: keys.suppressions, queryFn: () => request({ type: 'suppression.list' }) });
}

/** Suppression decides who may be contacted: the list, the today view and the audit log all change. */
export function useSuppressionActions() {
  const qc = useQueryClient();
  const onSettled = () =>
    Promise.all([qc.invalidateQueries({ queryKey: keys.suppressions }), qc.invalidateQueries({ queryKey: keys.scoutToday }), qc.invalidateQueries({ queryKey: keys.audit })]);
  return {
    add: useMutation({ mutationFn: ({ email, note }: { email: string; note: string }) => request({ type: 'suppression.add', email, note }), onSettled }),
    remove: useMutation({ mutationFn: ({ email, reason }: { email: string; reason: string }) => request({ type: 'suppression.remove', email, reason }), onSettled }),
  };
}

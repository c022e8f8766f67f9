import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '../../lib/protocol/client';
import type { Address } from '../../lib/mail/outgoing';
import { keys } from '../query-client';

export function useApprovals() {
  return useQuery({ queryKey: keys.approvals, queryFn: () => request({ type: 'approvals.list' }), refetchInterval: 1500 });
}

export interface ApprovalEdit {
  to: Address[];
  cc: Address[];
  subject: string;
  body: string;
}

/** Every action on one approval item; each invalidates the queue, status and audit log. */
export function useApprovalActions(approvalId: string) {
  const qc = useQueryClient();
  const onSettled = () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: keys.approvals }),
      qc.invalidateQueries({ queryKey: keys.status }),
      qc.invalidateQueries({ queryKey: keys.audit }),
    ]);
  return {
    approve: useMutation({ mutationFn: (contentHash: string) => request({ type: 'approval.approve', approvalId, contentHash }), onSettled }),
    deny: useMutation({ mutationFn: (reason: string) => request({ type: 'approval.deny', approvalId, reason }), onSettled }),
    edit: useMutation({ mutationFn: (e: ApprovalEdit) => request({ type: 'approval.edit', approvalId, ...e }), onSettled }),
    retry: useMutation({ mutationFn: () => request({ type: 'approval.retry', approvalId }), onSettled }),
  };
}

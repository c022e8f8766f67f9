import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '../../../lib/protocol/client';
import type { RequestOf } from '../../../lib/protocol/messages';
import { keys } from '../../query-client';
import type { Contact } from './form';

export function useSequences() {
  return useQuery({ queryKey: keys.sequences, queryFn: () => request({ type: 'sequence.list' }) });
}

/**
 * A person's acts on sequences. Each writes the audit log; running due steps also fills the
 * approval queue (and the tab's pending count), so those views are refreshed too.
 */
export function useSequenceActions() {
  const qc = useQueryClient();
  const onSettled = () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: keys.sequences }),
      qc.invalidateQueries({ queryKey: keys.audit }),
      qc.invalidateQueries({ queryKey: keys.approvals }),
      qc.invalidateQueries({ queryKey: keys.status }),
    ]);
  return {
    create: useMutation({ mutationFn: (req: RequestOf<'sequence.create'>) => request(req), onSettled }),
    enrol: useMutation({ mutationFn: ({ sequenceId, contacts }: { sequenceId: string; contacts: Contact[] }) => request({ type: 'sequence.enrol', sequenceId, contacts }), onSettled }),
    pause: useMutation({ mutationFn: ({ sequenceId, note }: { sequenceId: string; note: string }) => request({ type: 'sequence.pause', sequenceId, note }), onSettled }),
    resume: useMutation({ mutationFn: ({ sequenceId, note }: { sequenceId: string; note: string }) => request({ type: 'sequence.resume', sequenceId, note }), onSettled }),
    run: useMutation({ mutationFn: () => request({ type: 'sequence.run' }), onSettled }),
  };
}

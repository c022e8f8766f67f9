import { useQuery } from '@tanstack/react-query';
import { request } from '../../lib/protocol/client';
import type { RecordPage } from '../../lib/sites/crm/record-url';

/** The record's context from the background ('crm.record'), cached per record for back/forward. */
export function useRecord(page: RecordPage) {
  return useQuery({
    queryKey: ['crm.record', page.crm, page.type, page.id],
    queryFn: () => request({ type: 'crm.record', crm: page.crm, objectType: page.type, id: page.id }),
  });
}

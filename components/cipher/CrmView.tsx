import { TabPanel, Tabs } from '../ui/Tabs';
import { CleanupView } from './CleanupView';
import { PipelineView } from './PipelineView';
import { SyncView } from './sync/SyncView';

export type CrmSub = 'sync' | 'pipeline' | 'cleanup';
export const CRM_SUBS: readonly CrmSub[] = ['sync', 'pipeline', 'cleanup'];

/** Cipher's work on the system of record: sync, pipeline and cleanup, each behind an approval. */
export function CrmView({ sub, onSub }: { sub: CrmSub; onSub: (s: CrmSub) => void }) {
  return (
    <div className="space-y-3">
      <Tabs
        idPrefix="cs-crm-view"
        items={[
          { key: 'sync', label: 'Sync' },
          { key: 'pipeline', label: 'Pipeline' },
          { key: 'cleanup', label: 'Cleanup' },
        ]}
        value={sub}
        onChange={onSub}
      />
      <TabPanel idPrefix="cs-crm-view" id={sub}>
        {sub === 'sync' && <SyncView />}
        {sub === 'pipeline' && <PipelineView />}
        {sub === 'cleanup' && <CleanupView />}
      </TabPanel>
    </div>
  );
}

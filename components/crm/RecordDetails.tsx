import type { CrmRecordView } from '../../lib/protocol/responses';
import type { RecordPage } from '../../lib/sites/crm/record-url';
import { GmailThreads } from './GmailThreads';
import { PanelSection } from './PanelSection';
import { RecentNotes } from './RecentNotes';
import { RelatedRecords } from './RelatedRecords';
import { StageMove } from './StageMove';

type OkView = Extract<CrmRecordView, { status: 'ok' }>;

/** A connected record: stage (deals), related records, recent notes, recent Gmail threads. */
export function RecordDetails({ view, page }: { view: OkView; page: RecordPage }) {
  return (
    <div className="space-y-4">
      {view.stage && (
        <p data-testid="cs-crm-stage" className="flex flex-wrap items-center gap-1.5 text-xs text-slate-600">
          <span className="text-slate-500">Stage</span>
          <span className="rounded-full bg-indigo-50 px-2 py-0.5 font-medium text-indigo-800 ring-1 ring-indigo-200 ring-inset">{view.stage.stage || 'unknown'}</span>
          {view.stage.pipeline && <span className="text-slate-500">in {view.stage.pipeline}</span>}
        </p>
      )}
      {view.stage && <StageMove view={view} />}
      {view.related.length > 0 && (
        <PanelSection title="Related">
          <RelatedRecords related={view.related} page={page} />
        </PanelSection>
      )}
      <PanelSection title="Recent notes" testId="cs-crm-notes">
        <RecentNotes notes={view.notes} />
      </PanelSection>
      <PanelSection title="Recent Gmail threads" testId="cs-crm-gmail">
        <GmailThreads threads={view.gmail} />
      </PanelSection>
    </div>
  );
}

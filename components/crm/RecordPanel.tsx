import type { RecordPage } from '../../lib/sites/crm/record-url';
import { Badge } from '../ui/Badge';
import { ErrorNote, errorMessage } from '../ui/ErrorNote';
import { Logo } from '../ui/Logo';
import { Spinner } from '../ui/Spinner';
import { CollapsedTab, CollapseButton } from './CollapseControls';
import { CRM_LABEL, fallbackTitle } from './labels';
import { NotConnected } from './NotConnected';
import { RecordDetails } from './RecordDetails';
import { useRecord } from './use-record';
import { LeadCard } from '../scout/lead/LeadCard';
import type { CrmRecordView } from '../../lib/protocol/responses';

export interface RecordPanelProps {
  /** The record page, recognised from the URL (lib/sites/crm/record-url.ts). */
  page: RecordPage;
  collapsed: boolean;
  onCollapsedChange: (collapsed: boolean) => void;
}

/** The panel docked to the right edge of a CRM record page: the record's context, read-only. */
export function RecordPanel({ page, collapsed, onCollapsedChange }: RecordPanelProps) {
  const record = useRecord(page);
  if (collapsed) {
    return (
      <aside data-testid="cs-crm-panel" data-state="collapsed" data-record={`${page.crm}:${page.type}:${page.id}`} aria-label="Countersign" className="pointer-events-auto">
        <CollapsedTab onExpand={() => onCollapsedChange(false)} />
      </aside>
    );
  }

  const view = record.data;
  const ok = view?.status === 'ok' ? view : null;
  const subtitle = ok ? ok.subtitle : view?.status === 'not_connected' ? 'Not connected' : '';
  return (
    <aside
      data-testid="cs-crm-panel"
      data-state="open"
      data-record={`${page.crm}:${page.type}:${page.id}`}
      aria-label="Countersign"
      className="pointer-events-auto flex h-full w-[360px] max-w-[calc(100vw-16px)] flex-col border-l border-slate-200 bg-white font-sans text-sm text-slate-900 shadow-xl"
    >
      <div className="flex items-center gap-2 border-b border-slate-100 bg-slate-50 px-3 py-1.5">
        <Logo />
        <span className="text-xs font-semibold tracking-tight text-slate-700">Countersign</span>
        <Badge className="ml-auto">{CRM_LABEL[page.crm]}</Badge>
        <CollapseButton onCollapse={() => onCollapsedChange(true)} />
      </div>
      <div className="min-h-0 flex-1 space-y-4 overflow-y-auto p-3">
        <header className="space-y-0.5">
          <h2 data-testid="cs-crm-title" className="text-base leading-snug font-semibold break-words text-slate-900">
            {ok?.title ?? fallbackTitle(page)}
          </h2>
          {subtitle && (
            <p data-testid="cs-crm-subtitle" className="text-xs break-words text-slate-500">
              {subtitle}
            </p>
          )}
        </header>
        {record.isPending && (
          <p className="flex items-center gap-2 text-xs text-slate-500">
            <Spinner className="size-3" /> Loading this record…
          </p>
        )}
        {view?.status === 'not_connected' && <NotConnected message={view.message} />}
        {ok && contactEmail(ok) && <LeadCard subject={{ email: contactEmail(ok) ?? '', name: ok.title }} />}
        {ok && <RecordDetails view={ok} page={page} />}
        <ErrorNote>{record.isError ? errorMessage(record.error) : null}</ErrorNote>
      </div>
    </aside>
  );
}

/** The address a contact record is about: Scout scores and briefs on it. */
function contactEmail(view: Extract<CrmRecordView, { status: 'ok' }>): string | null {
  if (view.ref.type !== 'contact') return null;
  const email = (view.record as { email?: string | null }).email?.trim();
  return email && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email) ? email : null;
}

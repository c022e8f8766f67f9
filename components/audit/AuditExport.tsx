import { Button } from '../ui/Button';

export type AuditExportFormat = 'json' | 'csv';

/** Export the whole log: CSV for a spreadsheet, JSON with the chain check for an auditor. */
export function AuditExport({ onExport, busy = null }: { onExport: (format: AuditExportFormat) => void; busy?: AuditExportFormat | null }) {
  return (
    <div role="group" aria-label="Export the audit log" className="flex flex-wrap items-center gap-2">
      <Button variant="secondary" size="sm" busy={busy === 'csv'} disabled={busy !== null} onClick={() => onExport('csv')} data-testid="cs-audit-export-csv">
        Export CSV
      </Button>
      <Button variant="secondary" size="sm" busy={busy === 'json'} disabled={busy !== null} onClick={() => onExport('json')} data-testid="cs-audit-export-json">
        Export JSON
      </Button>
    </div>
  );
}

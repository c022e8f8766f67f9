import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { request } from '../../lib/protocol/client';
import { keys } from '../query-client';
import { Button } from '../ui/Button';
import { ErrorNote, errorMessage } from '../ui/ErrorNote';
import { TextInput } from '../ui/Field';
import { Notice } from '../ui/Notice';
import { Spinner } from '../ui/Spinner';
import { AuditEntries } from './AuditEntries';
import { AuditExport, type AuditExportFormat } from './AuditExport';
import { downloadFile } from './download';
import { useDebounced } from './use-debounced';

const SEARCH_DEBOUNCE_MS = 300;

/**
 * The append-only, hash-chained log, newest first: search (action, actor, subject or detail),
 * chain verification, and export of the whole log as CSV or JSON.
 */
export function AuditLog({ limit = 500 }: { limit?: number }) {
  const [query, setQuery] = useState('');
  const search = useDebounced(query.trim(), SEARCH_DEBOUNCE_MS);
  const audit = useQuery({
    queryKey: search ? [...keys.auditSearch(search), limit] : [...keys.audit, limit],
    queryFn: () => (search ? request({ type: 'audit.search', query: search, limit }) : request({ type: 'audit.list', limit })),
    refetchInterval: 3000,
    placeholderData: keepPreviousData,
  });
  const verify = useMutation({ mutationFn: () => request({ type: 'audit.verify' }) });
  const exportLog = useMutation({
    mutationFn: (format: AuditExportFormat) => request({ type: 'audit.export', format }),
    onSuccess: downloadFile,
  });
  const failure = verify.error ?? exportLog.error;
  const rows = audit.data;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-2">
        <Button variant="secondary" size="sm" busy={verify.isPending} onClick={() => verify.mutate()} data-testid="cs-audit-verify">
          Verify chain
        </Button>
        <AuditExport onExport={(format) => exportLog.mutate(format)} busy={exportLog.isPending ? (exportLog.variables ?? null) : null} />
      </div>
      {verify.data && (
        <Notice tone={verify.data.ok ? 'success' : 'warning'} testId="cs-audit-verify-result">
          {verify.data.ok ? `Chain intact: ${verify.data.entries} entries` : `Chain BROKEN at entry ${verify.data.brokenAt}: ${verify.data.reason}`}
        </Notice>
      )}
      <ErrorNote>{failure ? errorMessage(failure) : audit.isError ? errorMessage(audit.error) : null}</ErrorNote>

      <div role="search">
        <TextInput
          label="Search the log"
          type="search"
          value={query}
          onValue={setQuery}
          placeholder="Action, actor, subject or detail"
          hint="Matches entries whose action, actor, subject or detail contains the text."
          data-testid="cs-audit-search"
        />
      </div>
      {search && rows && !audit.isPlaceholderData && (
        <p className="text-xs text-slate-700" role="status" data-testid="cs-audit-search-count">
          {rows.length === 0 ? `No entry matches “${search}”.` : `${rows.length >= limit ? `The newest ${limit}` : rows.length} ${rows.length === 1 ? 'entry matches' : 'entries match'} “${search}”.`}
        </p>
      )}

      {audit.isPending ? (
        <p className="flex items-center gap-2 text-sm text-slate-600">
          <Spinner /> Loading the log…
        </p>
      ) : rows && rows.length === 0 ? (
        search ? null : <p className="rounded-lg border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-600">No entries yet.</p>
      ) : rows ? (
        <AuditEntries rows={rows} />
      ) : null}
      {!search && rows && rows.length >= limit && <p className="text-xs text-slate-600">Showing the newest {limit} entries. Search, or export for the full log.</p>}
    </div>
  );
}

import { useMutation } from '@tanstack/react-query';
import { useState, type ChangeEvent } from 'react';
import type { ObjectType } from '../../../lib/crm/model';
import { request } from '../../../lib/protocol/client';
import { downloadText } from '../../audit/download';
import { Button } from '../../ui/Button';
import { ErrorNote, errorMessage } from '../../ui/ErrorNote';
import { Notice } from '../../ui/Notice';
import { OBJECT_TYPES, TYPE_PLURAL } from './crm-form';
import { SelectField } from './SelectField';

/** The request schema's limit on a CSV's length (lib/protocol/messages.ts). */
const MAX_CSV_CHARS = 50_000_000;
const TYPE_OPTIONS = OBJECT_TYPES.map((t) => ({ value: t, label: TYPE_PLURAL[t] }));

/** CSV import into and export from the local CRM (approval panel only: the sender policy says so). */
export function LocalCsv() {
  const [type, setType] = useState<ObjectType>('contact');
  const [readProblem, setReadProblem] = useState<string | null>(null);
  const importCsv = useMutation({ mutationFn: (v: { objectType: ObjectType; csv: string; file: string }) => request({ type: 'crm.import', objectType: v.objectType, csv: v.csv }) });
  const exportCsv = useMutation({
    mutationFn: (objectType: ObjectType) => request({ type: 'crm.export', objectType }),
    onSuccess: ({ filename, csv }) => downloadText(filename, csv, 'text/csv'),
  });

  // No trusted() guard here: this renders only in the approval panel, an extension page no web
  // page script can reach, and only the user (or our own code) can put a file in the input.
  const onFile = (e: ChangeEvent<HTMLInputElement>) => {
    const input = e.target;
    const file = input.files?.[0];
    setReadProblem(null);
    importCsv.reset();
    if (!file) return;
    file.text().then(
      (csv) => {
        input.value = ''; // choosing the same file again imports it again
        if (csv.length > MAX_CSV_CHARS) setReadProblem(`${file.name} is too large to import at once (over 50 million characters): split it into smaller files.`);
        else importCsv.mutate({ objectType: type, csv, file: file.name });
      },
      (err: unknown) => setReadProblem(`Could not read ${file.name}: ${errorMessage(err)}`),
    );
  };

  const report = importCsv.data;
  return (
    <div className="space-y-3">
      <div className="grid grid-cols-[9rem_1fr] items-end gap-2">
        <SelectField label="Records" value={type} options={TYPE_OPTIONS} onValue={setType} data-testid="cs-crm-import-type" />
        <div className="flex flex-wrap items-center gap-2">
          <label className="inline-flex h-8 cursor-pointer items-center rounded-md bg-indigo-600 px-3 text-sm font-medium text-white shadow-xs hover:bg-indigo-700 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-indigo-600">
            {importCsv.isPending ? 'Importing…' : 'Import CSV…'}
            <input type="file" accept=".csv,text/csv" className="sr-only" onChange={onFile} disabled={importCsv.isPending} data-testid="cs-crm-import-file" />
          </label>
          <Button variant="secondary" busy={exportCsv.isPending} onClick={() => exportCsv.mutate(type)} data-testid="cs-crm-export">
            Export CSV
          </Button>
        </div>
      </div>
      <p className="text-xs text-slate-500">A header row first. Rows match existing records by id, then by email (contacts) or domain (companies).</p>
      {report && (
        <Notice tone={report.errors.length ? 'warning' : 'success'} testId="cs-crm-import-result" className="space-y-1.5">
          <p>
            Imported {importCsv.variables?.file}: <strong>{report.created}</strong> created, <strong>{report.updated}</strong> updated
            {report.errors.length > 0 && (
              <>
                , <strong>{report.errors.length}</strong> {report.errors.length === 1 ? 'line' : 'lines'} skipped
              </>
            )}
            .
          </p>
          {report.errors.length > 0 && (
            <ul className="max-h-48 space-y-0.5 overflow-y-auto text-xs" data-testid="cs-crm-import-errors">
              {report.errors.map((err, i) => (
                <li key={`${err.line}-${i}`}>
                  <span className="font-mono tabular-nums">line {err.line}</span>: {err.message}
                </li>
              ))}
            </ul>
          )}
        </Notice>
      )}
      <ErrorNote testId="cs-crm-import-error">{readProblem ?? (importCsv.error ? errorMessage(importCsv.error) : exportCsv.error ? errorMessage(exportCsv.error) : null)}</ErrorNote>
    </div>
  );
}

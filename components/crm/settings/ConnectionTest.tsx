import { useMutation } from '@tanstack/react-query';
import type { CrmKind } from '../../../lib/crm/model';
import { request } from '../../../lib/protocol/client';
import { Button } from '../../ui/Button';
import { ErrorNote, errorMessage } from '../../ui/ErrorNote';

/** "Test connection": the adapter's own checkConnection() (auth, read, write, rate-limit headroom). */
export function ConnectionTest({ crm }: { crm: CrmKind }) {
  const test = useMutation({ mutationFn: () => request({ type: 'crm.test', crm }) });
  return (
    <div className="space-y-2">
      <div className="flex items-center gap-2">
        <Button size="sm" variant="secondary" busy={test.isPending} onClick={() => test.mutate()} data-testid="cs-crm-test">
          Test connection
        </Button>
        <span className="text-xs text-slate-500">Uses the saved settings.</span>
      </div>
      {test.data && (
        <ul data-testid="cs-crm-test-result" className="divide-y divide-slate-100 rounded-md border border-slate-200 bg-white text-xs">
          {test.data.map((c, i) => (
            <li key={`${c.operation}-${i}`} data-testid="cs-crm-test-check" data-ok={c.ok} className="flex gap-2 px-2.5 py-1.5">
              <span aria-label={c.ok ? 'works' : 'fails'} className={`shrink-0 font-bold ${c.ok ? 'text-emerald-600' : 'text-rose-600'}`}>
                {c.ok ? '✓' : '✗'}
              </span>
              <span className="w-24 shrink-0 font-medium text-slate-800">{c.operation}</span>
              <span className="min-w-0 break-words text-slate-600">{c.detail}</span>
            </li>
          ))}
        </ul>
      )}
      <ErrorNote testId="cs-crm-test-error">{test.error ? errorMessage(test.error) : null}</ErrorNote>
    </div>
  );
}

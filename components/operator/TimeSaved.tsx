import type { TimeSavedView } from '../../lib/protocol/responses';
import { formatTime } from '../ui/format';
import { duration, plural } from './format';

/** Rows in the table (newest sends first). */
const ROWS = 20;

/** Per prospect handled: from opening the thread to the approved send, and the human actions it took. */
export function TimeSaved({ timeSaved: t }: { timeSaved: TimeSavedView }) {
  const rows = [...t.items].sort((a, b) => b.sentAt - a.sentAt).slice(0, ROWS);
  const figures: [string, string, string][] = [
    ['prospects', 'Prospects handled', String(t.prospects)],
    ['minutes', 'Median time, thread opened to send', t.medianMinutes === null ? '—' : duration(t.medianMinutes)],
    ['actions', 'Median human actions', t.medianActions === null ? '—' : String(t.medianActions)],
  ];
  return (
    <div className="space-y-2">
      <dl className="grid grid-cols-3 gap-2" data-testid="cs-time-saved">
        {figures.map(([key, label, value]) => (
          <div key={key} className="rounded-md border border-slate-200 bg-white px-2 py-1.5">
            <dt className="text-[11px] text-slate-600">{label}</dt>
            <dd className="text-sm font-semibold text-slate-900 tabular-nums" data-testid={`cs-time-saved-${key}`}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
      {rows.length === 0 ? (
        <p className="text-xs text-slate-600">No prospect handled yet: a prospect counts once an approved email to them is sent.</p>
      ) : (
        <div className="overflow-x-auto rounded-md border border-slate-200" tabIndex={0} role="region" aria-label="Time per prospect">
          <table className="w-full text-xs" data-testid="cs-time-saved-table">
            <caption className="sr-only">Time per prospect, newest sends first</caption>
            <thead className="bg-slate-50 text-left text-slate-700">
              <tr>
                <th scope="col" className="px-2 py-1 font-medium">Prospect</th>
                <th scope="col" className="px-2 py-1 font-medium">Sent</th>
                <th scope="col" className="px-2 py-1 text-right font-medium">Open → send</th>
                <th scope="col" className="px-2 py-1 text-right font-medium">Actions</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 bg-white text-slate-800 tabular-nums">
              {rows.map((r) => (
                <tr key={`${r.threadId}:${r.sentAt}`} data-testid="cs-time-saved-row">
                  <th scope="row" className="max-w-40 truncate px-2 py-1 text-left font-medium" title={r.contact}>
                    {r.contact}
                  </th>
                  <td className="px-2 py-1">{formatTime(r.sentAt)}</td>
                  <td className="px-2 py-1 text-right">{duration(r.minutes)}</td>
                  <td className="px-2 py-1 text-right">{r.actions}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {t.items.length > ROWS && <p className="text-xs text-slate-600">Showing the newest {ROWS} of {plural(t.items.length, 'prospect')}.</p>}
    </div>
  );
}

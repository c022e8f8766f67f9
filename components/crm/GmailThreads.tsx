import type { CrmRecordView } from '../../lib/protocol/responses';
import { formatIsoDate } from '../ui/format';
import { Empty } from './PanelSection';

type Thread = Extract<CrmRecordView, { status: 'ok' }>['gmail'][number];

/** Gmail threads with this contact (or company domain) from Countersign's cache, newest first. */
export function GmailThreads({ threads }: { threads: Thread[] }) {
  if (threads.length === 0) return <Empty>No Gmail threads with them in Countersign yet.</Empty>;
  return (
    <ol className="divide-y divide-slate-100 rounded-md border border-slate-200">
      {threads.map((t) => (
        <li key={t.threadId} className="space-y-0.5 px-2 py-1.5 text-xs">
          <a
            href={`https://mail.google.com/mail/u/0/#all/${encodeURIComponent(t.threadId)}`}
            target="_blank"
            rel="noopener noreferrer"
            className="block truncate font-medium text-slate-900 hover:underline"
            title={t.subject}
          >
            {t.subject || '(no subject)'}
          </a>
          <p className="flex justify-between gap-2 text-slate-500">
            <span className="min-w-0 truncate">{t.lastFrom}</span>
            <span className="shrink-0 tabular-nums">
              {t.lastDate ? formatIsoDate(t.lastDate) : ''} · {t.messages} {t.messages === 1 ? 'message' : 'messages'}
            </span>
          </p>
        </li>
      ))}
    </ol>
  );
}

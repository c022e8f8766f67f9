import type { OperatorView } from '../../lib/protocol/responses';
import { formatTime } from '../ui/format';
import { ago } from './format';

/** The approval queue and the outbox at a glance, with how long the oldest approval has waited. */
export function Queue({ queue, held, now }: { queue: OperatorView['queue']; held: boolean; now: number }) {
  const items: [string, string, number][] = [
    ['pending', 'Awaiting approval', queue.pending],
    ['approved', 'Approved, waiting to send', queue.approved],
    ['sending', 'Sending', queue.sending],
    ['failed', 'Failed', queue.failed],
  ];
  return (
    <div className="space-y-2">
      <dl className="grid grid-cols-2 gap-2" data-testid="cs-queue">
        {items.map(([key, label, n]) => (
          <div key={key} className="rounded-md border border-slate-200 bg-white px-2 py-1.5" data-testid={`cs-queue-${key}`} data-count={n}>
            <dt className="text-[11px] text-slate-600">{label}</dt>
            <dd className={`text-sm font-semibold tabular-nums ${key === 'failed' && n > 0 ? 'text-rose-800' : 'text-slate-900'}`}>{n}</dd>
          </div>
        ))}
      </dl>
      <p className="text-xs text-slate-700" data-testid="cs-queue-oldest">
        {queue.oldestPendingAt === null ? 'Nothing is waiting for approval.' : `Oldest approval waiting: ${ago(queue.oldestPendingAt, now)} (since ${formatTime(queue.oldestPendingAt)}).`}
      </p>
      {held && queue.approved > 0 && <p className="text-xs text-rose-800">Sending is held: approved emails wait until the hold lifts.</p>}
    </div>
  );
}

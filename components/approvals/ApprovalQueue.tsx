import type { ApprovalState } from '../../lib/db/schema';
import type { ApprovalView } from '../../lib/protocol/responses';
import { ErrorNote, errorMessage } from '../ui/ErrorNote';
import { Section } from '../ui/Section';
import { Spinner } from '../ui/Spinner';
import { ApprovalItem } from './ApprovalItem';
import { useApprovals } from './use-approvals';

const HISTORY: readonly ApprovalState[] = ['sent', 'denied'];

/**
 * The queue: items in review first, failed sends next (a human must act on them), approved items
 * still in the outbox (editable or deniable until they go), then a collapsed history.
 */
export function ApprovalQueue() {
  const { data: all, error } = useApprovals();
  if (!all) {
    if (error) return <ErrorNote>{errorMessage(error)}</ErrorNote>;
    return (
      <p className="flex items-center gap-2 py-6 text-sm text-slate-500">
        <Spinner /> Loading the queue…
      </p>
    );
  }

  const pending = all.filter((a) => a.state === 'pending');
  const failed = all.filter((a) => a.state === 'failed');
  const outbox = all.filter((a) => a.state === 'approved' || a.state === 'sending');
  const history = all.filter((a) => HISTORY.includes(a.state));

  return (
    <div className="space-y-6">
      {/* A failed refetch keeps showing the last list, with the reason above it. */}
      <ErrorNote>{error ? errorMessage(error) : null}</ErrorNote>
      <Section title={`Awaiting your approval (${pending.length})`}>
        {pending.length === 0 ? (
          <p data-testid="cs-queue-empty" className="rounded-lg border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-500">
            Nothing waiting for approval. Drafts you queue from Gmail appear here.
          </p>
        ) : (
          <List items={pending} />
        )}
      </Section>

      {failed.length > 0 && (
        <Section title={`Send failed (${failed.length})`}>
          <List items={failed} />
        </Section>
      )}

      {outbox.length > 0 && (
        <Section title={`Approved, in the outbox (${outbox.length})`}>
          <List items={outbox} />
        </Section>
      )}

      {history.length > 0 && (
        <details data-testid="cs-history" className="group">
          <summary className="flex cursor-pointer list-none items-center gap-2 text-xs font-semibold tracking-wide text-slate-500 uppercase select-none [&::-webkit-details-marker]:hidden">
            <span aria-hidden="true" className="transition-transform group-open:rotate-90">
              ▸
            </span>
            History ({history.length})<span className="font-normal tracking-normal normal-case">{summarise(history)}</span>
          </summary>
          <div className="pt-3">
            <List items={history} />
          </div>
        </details>
      )}
    </div>
  );
}

function List({ items }: { items: ApprovalView[] }) {
  return (
    <ul className="space-y-3">
      {items.map((item) => (
        <li key={item.id}>
          <ApprovalItem item={item} />
        </li>
      ))}
    </ul>
  );
}

function summarise(items: ApprovalView[]): string {
  const counts = HISTORY.map((s) => [s, items.filter((i) => i.state === s).length] as const).filter(([, n]) => n > 0);
  return ` · ${counts.map(([s, n]) => `${n} ${s}`).join(', ')}`;
}

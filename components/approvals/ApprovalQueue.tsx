import type { ApprovalState } from '../../lib/db/schema';
import type { ApprovalView } from '../../lib/protocol/responses';
import { ErrorNote, errorMessage } from '../ui/ErrorNote';
import { Section } from '../ui/Section';
import { Spinner } from '../ui/Spinner';
import { trusted } from '../ui/trusted';
import { ApprovalItem } from './ApprovalItem';
import { useApprovals } from './use-approvals';
import { SHORTCUTS, useReviewKeys, type ReviewItem } from './use-review-keys';

const HISTORY: readonly ApprovalState[] = ['sent', 'denied'];

type Review = ReturnType<typeof useReviewKeys>;

/**
 * The queue: items in review first, failed sends next (a human must act on them), approved items
 * still in the outbox (editable or deniable until they go), then a collapsed history.
 *
 * The keys (j/k, a, d, e, Enter, ?) move a single focus over those items and act on that one
 * item only; the history is not part of it.
 */
export function ApprovalQueue() {
  const { data: all, error } = useApprovals();
  const pending = all?.filter((a) => a.state === 'pending') ?? [];
  const failed = all?.filter((a) => a.state === 'failed') ?? [];
  const outbox = all?.filter((a) => a.state === 'approved' || a.state === 'sending') ?? [];
  const history = all?.filter((a) => HISTORY.includes(a.state)) ?? [];
  const reviewable: ReviewItem[] = [...pending, ...failed, ...outbox].map((a) => ({ id: a.id, pending: a.state === 'pending' }));
  const review = useReviewKeys(reviewable);

  if (!all) {
    if (error) return <ErrorNote>{errorMessage(error)}</ErrorNote>;
    return (
      <p className="flex items-center gap-2 py-6 text-sm text-slate-500">
        <Spinner /> Loading the queue…
      </p>
    );
  }

  return (
    <div ref={review.ref} className="space-y-6">
      {/* A failed refetch keeps showing the last list, with the reason above it. */}
      <ErrorNote>{error ? errorMessage(error) : null}</ErrorNote>
      {reviewable.length > 0 && <ReviewHint help={review.help} onHelp={() => review.setHelp()} />}
      <Section title={`Awaiting your approval (${pending.length})`}>
        {pending.length === 0 ? (
          <p data-testid="cs-queue-empty" className="rounded-lg border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-500">
            Nothing waiting for approval. Drafts you queue from Gmail appear here.
          </p>
        ) : (
          <List items={pending} review={review} />
        )}
      </Section>

      {failed.length > 0 && (
        <Section title={`Send failed (${failed.length})`}>
          <List items={failed} review={review} />
        </Section>
      )}

      {outbox.length > 0 && (
        <Section title={`Approved, in the outbox (${outbox.length})`}>
          <List items={outbox} review={review} />
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

function List({ items, review }: { items: ApprovalView[]; review?: Review }) {
  return (
    <ul className="space-y-3">
      {items.map((item) => (
        <li key={item.id}>
          <ApprovalItem
            item={item}
            review={review && { focused: review.focusedId === item.id, register: review.register, deciding: review.deciding, focus: review.focus }}
          />
        </li>
      ))}
    </ul>
  );
}

const Key = ({ children }: { children: string }) => (
  <kbd className="rounded border border-slate-300 bg-white px-1 font-mono text-[11px] text-slate-700 shadow-xs">{children}</kbd>
);

/** The keys at a glance, and the full list behind `?`. */
function ReviewHint({ help, onHelp }: { help: boolean; onHelp: () => void }) {
  return (
    <div className="space-y-2">
      <p data-testid="cs-review-hint" className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-500">
        <span>
          <Key>j</Key>/<Key>k</Key> move
        </span>
        <span>
          <Key>a</Key> approve
        </span>
        <span>
          <Key>d</Key> deny
        </span>
        <span>
          <Key>e</Key> edit
        </span>
        <span>
          <Key>Enter</Key> details
        </span>
        <button type="button" onClick={trusted(onHelp)} aria-expanded={help} data-testid="cs-review-help-toggle" className="ml-auto text-indigo-700 hover:underline">
          <Key>?</Key> all shortcuts
        </button>
      </p>
      {help && (
        <section data-testid="cs-review-help" aria-label="Keyboard shortcuts" className="rounded-md border border-slate-200 bg-white p-3 text-xs shadow-sm">
          <h2 className="mb-2 font-semibold text-slate-700">Keyboard shortcuts</h2>
          <dl className="grid grid-cols-[4.5rem_minmax(0,1fr)] gap-x-2 gap-y-1">
            {SHORTCUTS.map((s) => (
              <div key={s.keys} className="contents">
                <dt className="font-mono text-slate-700">{s.keys}</dt>
                <dd className="text-slate-600">{s.does}</dd>
              </div>
            ))}
          </dl>
          <p className="mt-2 text-slate-500">Keys do nothing while you type in a field. Each approval is its own key press on the highlighted item; nothing is approved by moving on.</p>
        </section>
      )}
    </div>
  );
}

function summarise(items: ApprovalView[]): string {
  const counts = HISTORY.map((s) => [s, items.filter((i) => i.state === s).length] as const).filter(([, n]) => n > 0);
  return ` · ${counts.map(([s, n]) => `${n} ${s}`).join(', ')}`;
}

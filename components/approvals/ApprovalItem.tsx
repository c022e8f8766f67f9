import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import type { Address } from '../../lib/mail/outgoing';
import type { ApprovalView } from '../../lib/protocol/responses';
import { StateBadge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { ErrorNote, errorMessage } from '../ui/ErrorNote';
import { formatTime, mailbox } from '../ui/format';
import { DenyForm } from './DenyForm';
import { EditForm } from './EditForm';
import { ReplyingTo } from './ReplyingTo';
import { QualityReport } from '../herald/QualityReport';
import { useApprovalActions } from './use-approvals';
import type { ReviewHandle } from './use-review-keys';

type Mode = 'view' | 'deny' | 'edit';

/** How an item takes part in keyboard review (items in the history do not). */
export interface ItemReview {
  focused: boolean;
  register(id: string, handle: ReviewHandle | null): void;
  /** Called as a decision is sent; the returned function when it went through (or did not). */
  deciding(id: string): (ok: boolean) => void;
  focus(id: string): void;
}

/**
 * One outbox item, showing exactly what will be sent. Approve binds the content hash of the
 * object rendered here: if the message changed underneath, the background refuses.
 */
export function ApprovalItem({ item, review }: { item: ApprovalView; review?: ItemReview }) {
  const [mode, setMode] = useState<Mode>('view');
  const actions = useApprovalActions(item.id);
  const { approve, deny, edit, retry } = actions;
  const m = item.message;
  const failure = [approve, deny, edit, retry].find((a) => a.isError)?.error;
  const busy = approve.isPending || deny.isPending || edit.isPending || retry.isPending;
  const articleRef = useRef<HTMLElement>(null);
  const detailsRef = useRef<HTMLDetailsElement>(null);
  /** Set from the key press (or click) until the request settles: one approve per press, never two. */
  const approving = useRef(false);

  const resetErrors = () => [approve, deny, edit, retry].forEach((a) => a.reset());
  const open = (next: Mode) => {
    resetErrors();
    setMode((current) => (current === next ? 'view' : next));
  };
  /** Closing a form puts focus back on the item, so the keys carry on from here. */
  const close = () => {
    articleRef.current?.focus({ preventScroll: true });
    setMode('view');
  };

  const canApprove = item.state === 'pending';
  const canEdit = item.state === 'pending' || item.state === 'approved' || item.state === 'failed';
  const canDeny = canEdit;
  const canRetry = item.state === 'failed';
  const approveDisabled = busy || mode === 'edit';

  /** Approves exactly `item.contentHash`, the hash of the message rendered in this item. */
  const approveShown = (): boolean => {
    if (!canApprove || approveDisabled || approving.current) return false;
    approving.current = true;
    resetErrors();
    const done = review?.deciding(item.id);
    approve
      .mutateAsync(item.contentHash)
      .then(
        () => done?.(true),
        () => done?.(false),
      )
      .finally(() => {
        approving.current = false;
      });
    return true;
  };

  const confirmDeny = (reason: string) => {
    const done = review?.deciding(item.id);
    deny.mutateAsync(reason).then(
      () => {
        setMode('view');
        done?.(true);
      },
      () => done?.(false),
    );
  };

  /**
   * Keys apply to items in review only; opening a form that is open just puts focus back in it,
   * and a key never swaps one open form for the other (that would throw away what was typed).
   */
  const openByKey = (next: 'deny' | 'edit'): boolean => {
    if (item.state !== 'pending' || busy || (mode !== 'view' && mode !== next)) return false;
    if (mode === next) {
      articleRef.current?.querySelector<HTMLElement>(next === 'deny' ? '[data-testid="cs-deny-reason"]' : '[data-testid="cs-edit-body"]')?.focus();
      return true;
    }
    resetErrors();
    setMode(next);
    return true;
  };

  // The handle reads what was last rendered (committed), never a newer version nobody has seen.
  const latest = useRef({ approveShown, openByKey, close, mode });
  useLayoutEffect(() => {
    latest.current = { approveShown, openByKey, close, mode };
  });
  const register = review?.register;
  useLayoutEffect(() => {
    if (!register) return;
    register(item.id, {
      element: () => articleRef.current,
      approve: () => latest.current.approveShown(),
      deny: () => latest.current.openByKey('deny'),
      edit: () => latest.current.openByKey('edit'),
      cancel: () => {
        if (latest.current.mode === 'view') return false;
        latest.current.close();
        return true;
      },
      toggleDetails: () => {
        const details = detailsRef.current;
        if (!details) return false;
        details.open = !details.open;
        return true;
      },
    });
    return () => register(item.id, null);
  }, [register, item.id]);

  const focused = review?.focused ?? false;
  return (
    <article
      data-testid="cs-approval"
      data-approval-id={item.id}
      data-state={item.state}
      ref={articleRef}
      tabIndex={review ? (focused ? 0 : -1) : undefined}
      aria-current={focused ? 'true' : undefined}
      aria-label={review ? `${m.subject || '(no subject)'}, to ${addressList(m.to)}, ${item.state}` : undefined}
      aria-keyshortcuts={review ? 'j k ArrowDown ArrowUp a d e Enter ?' : undefined}
      onFocus={review ? () => review.focus(item.id) : undefined}
      className={`scroll-mt-32 scroll-mb-4 overflow-hidden rounded-lg border bg-white shadow-xs outline-none ${item.state === 'pending' ? 'border-amber-200' : item.state === 'failed' ? 'border-rose-200' : 'border-slate-200'} ${
        focused ? 'ring-2 ring-indigo-500 ring-offset-2' : ''
      }`}
    >
      <header className="flex items-start justify-between gap-3 px-3 pt-3">
        <h3 className="min-w-0 text-sm leading-snug font-semibold break-words text-slate-900">
          <span data-testid="cs-approval-subject">{m.subject}</span>
          {!m.subject && <span className="font-normal text-slate-500 italic">(no subject)</span>}
        </h3>
        <StateBadge state={item.state} />
      </header>

      <dl className="grid grid-cols-[3.25rem_minmax(0,1fr)] gap-x-2 gap-y-0.5 px-3 pt-2 text-xs">
        <Meta label="From" testId="cs-approval-from">
          {mailbox(m.from)}
        </Meta>
        <Meta label="To" testId="cs-approval-to" strong>
          {addressList(m.to)}
        </Meta>
        <Meta label="Cc" testId="cs-approval-cc" placeholder="none">
          {addressList(m.cc)}
        </Meta>
        {m.bcc.length > 0 && (
          <Meta label="Bcc" testId="cs-approval-bcc" strong>
            {addressList(m.bcc)}
          </Meta>
        )}
        <Meta label="Thread" testId="cs-approval-thread" mono placeholder="new thread">
          {m.threadId ?? ''}
        </Meta>
        <dt className="text-slate-500">Hash</dt>
        <dd className="font-mono text-[11px] text-slate-700">
          <span data-testid="cs-approval-hash" title={item.contentHash} className="cursor-help">
            {item.contentHash.slice(0, 12)}
          </span>
          <span className="text-slate-500">…</span>
        </dd>
        <Meta label="Queued">{formatTime(item.createdAt)}</Meta>
      </dl>

      <div className="px-3 pt-2">
        <div data-testid="cs-approval-body" className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm leading-relaxed whitespace-pre-wrap break-words text-slate-900">
          {m.body}
        </div>
      </div>

      <div className="space-y-2 px-3 py-3">
        {item.quality && <QualityReport report={item.quality} compact />}
        {item.replyingTo && <ReplyingTo message={item.replyingTo} ref={detailsRef} />}
        <StateNote item={item} />
        {item.lastError && (
          <div data-testid="cs-approval-error" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-xs text-rose-800">
            <span className="font-semibold">Last send error: </span>
            {item.lastError}
          </div>
        )}
        {item.state === 'denied' && item.denyReason && (
          <div data-testid="cs-approval-deny-reason" className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-xs text-slate-700">
            <span className="font-semibold">Denied: </span>
            {item.denyReason}
          </div>
        )}

        {(canApprove || canEdit || canRetry) && (
          <div className="flex flex-wrap items-center gap-2 pt-1">
            {canApprove && (
              <Button variant="approve" busy={approve.isPending} disabled={approveDisabled} onClick={approveShown} data-testid="cs-approve">
                Approve &amp; send
              </Button>
            )}
            {canRetry && (
              <Button variant="primary" busy={retry.isPending} disabled={busy} onClick={() => {
                  resetErrors();
                  retry.mutate();
                }} data-testid="cs-retry">
                Retry send
              </Button>
            )}
            {canEdit && (
              <Button variant="secondary" disabled={busy} aria-expanded={mode === 'edit'} onClick={() => open('edit')} data-testid="cs-edit">
                Edit
              </Button>
            )}
            {canDeny && (
              <Button variant="danger" disabled={busy} aria-expanded={mode === 'deny'} onClick={() => open('deny')} data-testid="cs-deny" className="ml-auto">
                Deny
              </Button>
            )}
          </div>
        )}
        {canEdit && (item.state === 'approved' || item.state === 'failed') && mode !== 'edit' && <p className="text-xs text-slate-500">Editing voids the approval.</p>}

        {mode === 'deny' && canDeny && (
          <DenyForm busy={deny.isPending} onCancel={close} onConfirm={confirmDeny} />
        )}
        {mode === 'edit' && canEdit && <EditForm item={item} busy={edit.isPending} onCancel={close} onSave={(e) => edit.mutate(e, { onSuccess: close })} />}

        <ErrorNote>{failure ? errorMessage(failure) : null}</ErrorNote>
      </div>
    </article>
  );
}

const addressList = (list: readonly Address[]): string => list.map(mailbox).join(', ');

/** A label and value; the test id sits on the exact value, placeholders stay outside it. */
function Meta({ label, testId, strong, mono, placeholder, children }: { label: string; testId?: string; strong?: boolean; mono?: boolean; placeholder?: string; children: ReactNode }) {
  const empty = children === '' || children === null || children === undefined;
  return (
    <>
      <dt className="text-slate-500">{label}</dt>
      <dd className={`break-words ${strong ? 'font-medium text-slate-900' : 'text-slate-700'} ${mono ? 'font-mono text-[11px]' : ''}`}>
        <span data-testid={testId}>{children}</span>
        {empty && placeholder && <span className="text-slate-500">{placeholder}</span>}
      </dd>
    </>
  );
}

function StateNote({ item }: { item: ApprovalView }) {
  if (item.state === 'approved' && item.approvedAt) return <p className="text-xs text-sky-800">Approved {formatTime(item.approvedAt)}. Sending shortly.</p>;
  if (item.state === 'sending') return <p className="text-xs text-sky-800">Sending now{item.attempts > 1 ? ` (attempt ${item.attempts})` : ''}…</p>;
  if (item.state === 'sent') return <p className="text-xs text-emerald-800">Sent {formatTime(item.updatedAt)}.</p>;
  return null;
}

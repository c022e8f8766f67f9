import { useState, type ReactNode } from 'react';
import type { Address } from '../../lib/mail/outgoing';
import type { ApprovalView } from '../../lib/protocol/responses';
import { StateBadge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { ErrorNote, errorMessage } from '../ui/ErrorNote';
import { formatTime, mailbox } from '../ui/format';
import { DenyForm } from './DenyForm';
import { EditForm } from './EditForm';
import { ReplyingTo } from './ReplyingTo';
import { useApprovalActions } from './use-approvals';

type Mode = 'view' | 'deny' | 'edit';

/**
 * One outbox item, showing exactly what will be sent. Approve binds the content hash of the
 * object rendered here: if the message changed underneath, the background refuses.
 */
export function ApprovalItem({ item }: { item: ApprovalView }) {
  const [mode, setMode] = useState<Mode>('view');
  const actions = useApprovalActions(item.id);
  const { approve, deny, edit, retry } = actions;
  const m = item.message;
  const failure = [approve, deny, edit, retry].find((a) => a.isError)?.error;
  const busy = approve.isPending || deny.isPending || edit.isPending || retry.isPending;

  const resetErrors = () => [approve, deny, edit, retry].forEach((a) => a.reset());
  const open = (next: Mode) => {
    resetErrors();
    setMode((current) => (current === next ? 'view' : next));
  };

  const canApprove = item.state === 'pending';
  const canEdit = item.state === 'pending' || item.state === 'approved' || item.state === 'failed';
  const canDeny = canEdit;
  const canRetry = item.state === 'failed';

  return (
    <article
      data-testid="cs-approval"
      data-approval-id={item.id}
      data-state={item.state}
      className={`overflow-hidden rounded-lg border bg-white shadow-xs ${item.state === 'pending' ? 'border-amber-200' : item.state === 'failed' ? 'border-rose-200' : 'border-slate-200'}`}
    >
      <header className="flex items-start justify-between gap-3 px-3 pt-3">
        <h3 className="min-w-0 text-sm leading-snug font-semibold break-words text-slate-900">
          <span data-testid="cs-approval-subject">{m.subject}</span>
          {!m.subject && <span className="font-normal text-slate-400 italic">(no subject)</span>}
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
          <span className="text-slate-400">…</span>
        </dd>
        <Meta label="Queued">{formatTime(item.createdAt)}</Meta>
      </dl>

      <div className="px-3 pt-2">
        <div data-testid="cs-approval-body" className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm leading-relaxed whitespace-pre-wrap break-words text-slate-900">
          {m.body}
        </div>
      </div>

      <div className="space-y-2 px-3 py-3">
        {item.replyingTo && <ReplyingTo message={item.replyingTo} />}
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
              <Button variant="approve" busy={approve.isPending} disabled={busy || mode === 'edit'} onClick={() => {
                  resetErrors();
                  approve.mutate(item.contentHash);
                }} data-testid="cs-approve">
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
          <DenyForm busy={deny.isPending} onCancel={() => setMode('view')} onConfirm={(reason) => deny.mutate(reason, { onSuccess: () => setMode('view') })} />
        )}
        {mode === 'edit' && canEdit && <EditForm item={item} busy={edit.isPending} onCancel={() => setMode('view')} onSave={(e) => edit.mutate(e, { onSuccess: () => setMode('view') })} />}

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
        {empty && placeholder && <span className="text-slate-400">{placeholder}</span>}
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

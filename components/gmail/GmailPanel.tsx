import { useEffect, useState } from 'react';
import type { ThreadSnapshot } from '../../lib/mail/thread';
import { request } from '../../lib/protocol/client';
import type { OpenThread } from '../../lib/sites/gmail/adapter';
import { Button } from '../ui/Button';
import { ErrorNote, errorMessage } from '../ui/ErrorNote';
import { TextInput } from '../ui/Field';
import { Logo } from '../ui/Logo';
import { Spinner } from '../ui/Spinner';
import { DraftEditor } from './DraftEditor';
import { ThreadSummary } from './ThreadSummary';
import { useDraft } from './use-draft';

export interface GmailPanelProps {
  /** The conversation as read from Gmail's DOM (untrusted page data), or null when unreadable. */
  thread: OpenThread | null;
  /** Gmail hooks that no longer match the page. */
  degraded: readonly string[];
}

/**
 * The in-Gmail panel: read the open thread, draft a reply, edit it, queue it for approval.
 * It cannot approve or send: that happens only in the approval panel.
 */
export function GmailPanel({ thread, degraded }: GmailPanelProps) {
  return (
    <div className="overflow-hidden rounded-lg border border-slate-200 bg-white font-sans text-sm text-slate-900 shadow-sm" data-testid="cs-panel">
      <div className="flex items-center gap-2 border-b border-slate-100 bg-slate-50 px-3 py-1.5">
        <Logo />
        <span className="text-xs font-semibold tracking-tight text-slate-700">Countersign</span>
      </div>
      <div className="space-y-3 p-3">
        {degraded.length > 0 && (
          <p role="status" data-testid="cs-degraded" className="rounded border border-amber-200 bg-amber-50 px-2 py-1 text-xs text-amber-900">
            Gmail adapter degraded: {degraded.join(', ')}
          </p>
        )}
        {thread ? <ThreadPanel key={thread.threadId} thread={thread} /> : <p className="text-xs text-slate-500">Countersign cannot read this conversation from the page.</p>}
      </div>
    </div>
  );
}

function ThreadPanel({ thread }: { thread: OpenThread }) {
  const [snapshot, setSnapshot] = useState<ThreadSnapshot | null>(null);
  const [threadError, setThreadError] = useState<string | null>(null);
  const [steer, setSteer] = useState('');
  const draft = useDraft(thread.threadId);
  const elapsed = useElapsedSeconds(draft.phase === 'generating');

  useEffect(() => {
    let live = true;
    request({ type: 'thread.open', threadId: thread.threadId }).then(
      (r) => live && setSnapshot(r.snapshot),
      (e: unknown) => live && setThreadError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [thread.threadId]);

  const status =
    draft.phase === 'generating'
      ? `Drafting a reply… ${elapsed}s. Models can take a while.`
      : draft.phase === 'queueing'
        ? 'Saving and queueing…'
        : draft.phase === 'queued'
          ? "Queued for approval — review it in Countersign's approval panel"
          : null;
  const busy = draft.phase === 'generating' || draft.phase === 'queueing';

  return (
    <div className="space-y-3">
      <header className="space-y-0.5">
        <h2 className="text-sm leading-snug font-semibold break-words text-slate-900" data-testid="cs-thread-subject">
          {thread.subject || '(no subject)'}
        </h2>
        <p className="text-xs break-words text-slate-500" data-testid="cs-thread-senders">
          from {thread.senders.map((s) => s.name || s.email).join(', ')}
        </p>
      </header>

      {snapshot ? (
        <ThreadSummary thread={snapshot} />
      ) : (
        !threadError && (
          <p className="flex items-center gap-2 text-xs text-slate-500">
            <Spinner className="size-3" /> Reading the thread…
          </p>
        )
      )}

      {draft.draft && <DraftEditor draft={draft.draft} body={draft.body} saveState={draft.saveState} readOnly={draft.phase !== 'ready'} onBody={draft.edit} />}

      {draft.phase !== 'queued' && (
        <div className="space-y-2">
          {!draft.draft && (
            <TextInput label="Guidance for the draft (optional)" value={steer} onValue={setSteer} maxLength={500} placeholder="e.g. propose a call next week" data-testid="cs-draft-steer" disabled={busy} />
          )}
          <div className="flex flex-wrap gap-2">
            {draft.draft && (
              <Button variant="primary" busy={draft.phase === 'queueing'} disabled={busy || !draft.body.trim()} onClick={() => void draft.queue()} data-testid="cs-draft-queue">
                Queue for approval
              </Button>
            )}
            <Button variant={draft.draft ? 'secondary' : 'primary'} busy={draft.phase === 'generating'} disabled={busy} onClick={() => void draft.generate(steer)} data-testid="cs-draft-generate">
              {draft.draft ? 'Draft again' : 'Draft reply'}
            </Button>
          </div>
        </div>
      )}

      {status && (
        <p role="status" data-testid="cs-status" className={`flex items-center gap-2 rounded-md px-3 py-2 text-xs ${draft.phase === 'queued' ? 'bg-emerald-50 text-emerald-900' : 'bg-sky-50 text-sky-900'}`}>
          {busy && <Spinner className="size-3" />}
          {status}
        </p>
      )}
      <ErrorNote>{draft.error ?? threadError}</ErrorNote>
    </div>
  );
}

function useElapsedSeconds(running: boolean): number {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    if (!running) return;
    const started = Date.now();
    setSeconds(0);
    const id = setInterval(() => setSeconds(Math.floor((Date.now() - started) / 1000)), 1000);
    return () => clearInterval(id);
  }, [running]);
  return seconds;
}

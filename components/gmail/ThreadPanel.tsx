import { useDeferredValue } from 'react';
import type { OpenThread } from '../../lib/sites/gmail/adapter';
import type { GmailPage } from '../../lib/sites/gmail/page';
import { LeadCard } from '../scout/lead/LeadCard';
import { ErrorNote } from '../ui/ErrorNote';
import { Spinner } from '../ui/Spinner';
import { DraftSection } from './DraftSection';
import { PageFallback } from './PageFallback';
import { ThreadMessages } from './ThreadMessages';
import { ThreadSummary } from './ThreadSummary';
import { useThreadSnapshot } from './use-thread-snapshot';

/**
 * One conversation: the instant header read from the page, the thread from the Gmail API (cached
 * first, then refreshed), or the partial page read while Gmail is not connected; then the draft.
 */
export function ThreadPanel({ thread, page }: { thread: OpenThread; page: GmailPage }) {
  const t = useThreadSnapshot(thread.threadId);
  // The header commits first; the rest follows in a deferred (time-sliced) render and a commit of
  // its own, so neither commit is a long task for the page on a slow machine.
  const full = useDeferredValue(true, false);
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

      {!full ? null : t.notConnected ? (
        <PageFallback page={page} threadId={thread.threadId} />
      ) : t.snapshot ? (
        <div className="space-y-2">
          <div className="flex items-center gap-2">
            <ThreadSummary thread={t.snapshot} />
            <span data-testid="cs-thread-source" data-source={t.source ?? ''} className="ml-auto flex shrink-0 items-center gap-1 text-[11px] text-slate-500">
              {t.refreshing && <Spinner className="size-3" />}
              {t.refreshing ? 'Checking Gmail…' : t.source === 'cache' ? 'Saved copy' : 'Up to date'}
            </span>
          </div>
          <LeadCard subject={{ threadId: thread.threadId, version: t.snapshot.messages.at(-1)?.id ?? '' }} />
          <ThreadMessages messages={t.snapshot.messages} />
        </div>
      ) : (
        !t.error && (
          <p className="flex items-center gap-2 text-xs text-slate-500">
            <Spinner className="size-3" /> Reading the thread…
          </p>
        )
      )}
      <ErrorNote>{t.error}</ErrorNote>

      {full && <DraftSection threadId={thread.threadId} page={page} />}
    </div>
  );
}

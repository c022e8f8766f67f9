import { useState } from 'react';
import { degradedMessage } from '../../lib/sites/gmail/adapter';
import type { GmailPage } from '../../lib/sites/gmail/page';
import type { VisibleThread } from '../../lib/sites/gmail/visible-messages';
import { Button } from '../ui/Button';

type Read = { kind: 'thread'; thread: VisibleThread } | { kind: 'degraded'; message: string } | { kind: 'gone' };

function readPage(page: GmailPage, threadId: string): Read {
  const result = page.readVisibleMessages();
  if (!result.ok) return { kind: 'degraded', message: degradedMessage(result.degraded) };
  // The page moved on to another conversation: show nothing rather than the wrong one.
  if (!result.value || result.value.threadId !== threadId) return { kind: 'gone' };
  return { kind: 'thread', thread: result.value };
}

/**
 * Before Gmail is connected: the messages as the page shows them, clearly partial (Gmail collapses
 * older messages and trims quotes). Page text is untrusted: rendered as text only.
 */
export function PageFallback({ page, threadId }: { page: GmailPage; threadId: string }) {
  const [read, setRead] = useState<Read>(() => readPage(page, threadId));
  return (
    <section data-testid="cs-page-fallback" className="space-y-2 rounded-md border border-dashed border-amber-300 bg-amber-50/40 px-3 py-2 text-xs">
      <div className="flex items-center gap-2">
        <p data-testid="cs-page-fallback-label" className="font-medium text-amber-900">
          From the page (partial) — connect Gmail for the full thread
        </p>
        <Button size="sm" variant="ghost" className="ml-auto" onClick={() => setRead(readPage(page, threadId))} data-testid="cs-page-fallback-reread">
          Read again
        </Button>
      </div>
      {read.kind === 'degraded' && (
        <p role="status" className="text-amber-900">
          {read.message}: Countersign cannot read these messages from the page.
        </p>
      )}
      {read.kind === 'thread' && (
        <ol className="max-h-80 space-y-2 overflow-auto">
          {read.thread.messages.map((m, i) => (
            <li key={i} data-testid="cs-page-message" className="space-y-0.5">
              <p className="flex items-baseline gap-2">
                <span data-testid="cs-page-message-from" className="truncate font-medium text-slate-800">
                  {m.sender.name} <span className="font-normal text-slate-500">&lt;{m.sender.email}&gt;</span>
                </span>
                {m.date && (
                  <span data-testid="cs-page-message-date" className="ml-auto shrink-0 text-[11px] text-slate-500">
                    {m.date}
                  </span>
                )}
              </p>
              <p data-testid="cs-page-message-text" className="break-words whitespace-pre-wrap text-slate-700">
                {m.text ?? 'Collapsed in Gmail: open it there to read it here.'}
              </p>
              {m.quoteLeftOut && <p className="text-[11px] text-slate-500">Quoted history not shown.</p>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

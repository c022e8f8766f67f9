import { useMemo, type Ref } from 'react';
import { sanitiseEmailHtml } from '../../lib/mail/sanitise';
import type { ApprovalView } from '../../lib/protocol/responses';
import { formatIsoDate } from '../ui/format';

type Inbound = NonNullable<ApprovalView['replyingTo']>;

/**
 * The inbound message, for context. Its text is shown as text; its HTML only after
 * sanitiseEmailHtml, in a box that contains its own layout (it cannot cover the buttons).
 */
export function ReplyingTo({ message, ref }: { message: Inbound; ref?: Ref<HTMLDetailsElement> }) {
  const safeHtml = useMemo(() => (message.html ? sanitiseEmailHtml(message.html) : null), [message.html]);
  return (
    <details ref={ref} data-testid="cs-replying-to" className="group rounded-md border border-slate-200 bg-white text-sm">
      <summary className="flex cursor-pointer list-none items-center gap-1.5 px-3 py-1.5 text-xs text-slate-600 select-none hover:bg-slate-50 [&::-webkit-details-marker]:hidden">
        <span aria-hidden="true" className="inline-block text-slate-500 transition-transform group-open:rotate-90">
          ▸
        </span>
        <span className="font-medium whitespace-nowrap text-slate-700">Replying to</span>
        <span className="min-w-0 truncate">{message.from}</span>
        <span className="ml-auto shrink-0 text-slate-500">{formatIsoDate(message.date)}</span>
      </summary>
      <div className="space-y-2 border-t border-slate-200 px-3 py-2">
        <div data-testid="cs-replying-to-text" className="text-xs leading-relaxed whitespace-pre-wrap break-words text-slate-700">
          {message.text}
        </div>
        {safeHtml !== null && (
          <details className="rounded border border-slate-200">
            <summary className="cursor-pointer px-2 py-1 text-xs text-slate-500 select-none">Formatted version (images and scripts removed)</summary>
            <div
              data-testid="cs-replying-to-html"
              className="relative max-h-96 overflow-auto border-t border-slate-200 px-2 py-2 text-xs leading-relaxed break-words text-slate-800 [contain:content] [&_a[href]]:text-indigo-700 [&_a[href]]:underline [&_blockquote]:border-l-2 [&_blockquote]:border-slate-300 [&_blockquote]:pl-2 [&_h1]:font-semibold [&_h2]:font-semibold [&_h3]:font-semibold [&_img]:inline [&_img]:text-slate-400 [&_ol]:list-decimal [&_ol]:pl-5 [&_p]:my-1 [&_td]:p-1 [&_ul]:list-disc [&_ul]:pl-5"
              dangerouslySetInnerHTML={{ __html: safeHtml }}
            />
          </details>
        )}
      </div>
    </details>
  );
}

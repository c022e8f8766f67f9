import type { ThreadMessage } from '../../lib/mail/thread';
import { formatIsoDate } from '../ui/format';

const formatSize = (bytes: number): string => (bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${Math.round(bytes / 1024)} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`);

/** A collapsed part of a message (quoted history, signature): there, but out of the way. */
function Fold({ label, text, testId }: { label: string; text: string; testId: string }) {
  if (!text.trim()) return null;
  return (
    <details data-testid={testId} className="text-slate-500">
      <summary className="cursor-pointer text-[11px] select-none">{label}</summary>
      <p className="mt-1 border-l-2 border-slate-200 pl-2 break-words whitespace-pre-wrap">{text.trim()}</p>
    </details>
  );
}

/**
 * One message as the Gmail API gave it. Inbound text is untrusted: rendered as text only. When
 * the snapshot carries the split content, quoted history and signature are folded away.
 */
export function MessageItem({ message: m, open }: { message: ThreadMessage; open: boolean }) {
  const body = (m.body ?? m.text).trim() || m.snippet;
  const attachments = m.attachments ?? [];
  return (
    <li data-testid="cs-thread-message">
      <details open={open} className="group">
        <summary className="flex cursor-pointer items-baseline gap-2 select-none">
          <span data-testid="cs-thread-message-from" className="truncate font-medium text-slate-800">
            {m.from.name || m.from.email}
          </span>
          <span className="ml-auto shrink-0 text-[11px] text-slate-500">{formatIsoDate(m.date)}</span>
        </summary>
        <div className="mt-1 space-y-1.5">
          <p data-testid="cs-thread-message-body" className="break-words whitespace-pre-wrap text-slate-700">
            {body}
          </p>
          <Fold label="Quoted history" text={m.quoted ?? ''} testId="cs-thread-message-quoted" />
          <Fold label="Signature" text={m.signature ?? ''} testId="cs-thread-message-signature" />
          {attachments.length > 0 && (
            <ul data-testid="cs-thread-message-attachments" className="space-y-0.5">
              {attachments.map((a, i) => (
                <li key={i} className="flex gap-2 text-[11px] text-slate-600">
                  <span className="truncate">📎 {a.filename || a.mimeType}</span>
                  <span className="ml-auto shrink-0 text-slate-500">{formatSize(a.size)}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </details>
    </li>
  );
}

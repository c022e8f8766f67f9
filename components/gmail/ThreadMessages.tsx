import type { ThreadMessage } from '../../lib/mail/thread';
import { MessageItem } from './MessageItem';

/** The thread's messages, oldest first; only the last one starts open, so the panel stays short. */
export function ThreadMessages({ messages }: { messages: readonly ThreadMessage[] }) {
  if (messages.length === 0) return null;
  return (
    <ol data-testid="cs-thread-messages" className="max-h-80 space-y-2 overflow-auto rounded-md border border-slate-200 px-3 py-2 text-xs">
      {messages.map((m, i) => (
        <MessageItem key={m.id} message={m} open={i === messages.length - 1} />
      ))}
    </ol>
  );
}

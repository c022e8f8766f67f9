import type { ThreadSnapshot } from '../../lib/mail/thread';

/** What the Gmail API says about the thread at a glance: size and people. */
export function ThreadSummary({ thread }: { thread: ThreadSnapshot }) {
  const people = new Map<string, string>();
  for (const m of thread.messages) for (const a of [m.from, ...m.to, ...m.cc]) if (!people.has(a.email.toLowerCase())) people.set(a.email.toLowerCase(), a.name || a.email);
  const n = thread.messages.length;
  return (
    <p data-testid="cs-thread-summary" className="text-xs text-slate-600">
      <span data-testid="cs-thread-count" className="font-medium text-slate-800">
        {n} {n === 1 ? 'message' : 'messages'}
      </span>
      <span className="text-slate-500"> · </span>
      <span data-testid="cs-thread-participants">{[...people.values()].join(', ')}</span>
    </p>
  );
}

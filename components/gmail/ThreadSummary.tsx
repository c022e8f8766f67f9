import type { ThreadSnapshot } from '../../lib/mail/thread';

const excerpt = (text: string, max = 280) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
};

/** What the Gmail API says about the thread: size, people, and the last message to answer. */
export function ThreadSummary({ thread }: { thread: ThreadSnapshot }) {
  const people = new Map<string, string>();
  for (const m of thread.messages) for (const a of [m.from, ...m.to, ...m.cc]) if (!people.has(a.email.toLowerCase())) people.set(a.email.toLowerCase(), a.name || a.email);
  const lastInbound = thread.messages.filter((m) => !m.labelIds.includes('SENT')).at(-1);
  const n = thread.messages.length;
  return (
    <div data-testid="cs-thread-summary" className="space-y-1.5 text-xs text-slate-600">
      <p>
        <span data-testid="cs-thread-count" className="font-medium text-slate-800">
          {n} {n === 1 ? 'message' : 'messages'}
        </span>
        <span className="text-slate-400"> · </span>
        <span data-testid="cs-thread-participants">{[...people.values()].join(', ')}</span>
      </p>
      {lastInbound && (
        <blockquote data-testid="cs-thread-last-inbound" className="border-l-2 border-slate-300 pl-2 break-words text-slate-700">
          <span className="font-medium">{lastInbound.from.name || lastInbound.from.email}:</span> {excerpt(lastInbound.text || lastInbound.snippet)}
        </blockquote>
      )}
    </div>
  );
}

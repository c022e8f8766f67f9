import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { AgentName, ChatMessageRow } from '../../lib/db/schema';
import { request } from '../../lib/protocol/client';
import type { ChatHistoryView } from '../../lib/protocol/responses';
import { keys } from '../query-client';
import { Button } from '../ui/Button';
import { ErrorNote, errorMessage } from '../ui/ErrorNote';
import { Spinner } from '../ui/Spinner';
import { ChatLinks } from './ChatLinks';
import { listenProgress, nextLive, type LiveTurn } from './progress-port';

const AGENT: Record<AgentName, string> = { scout: 'Scout', herald: 'Herald', cipher: 'Cipher', sentinel: 'Sentinel' };
const chatKey = ['chat'] as const;

const EXAMPLES = ['Who needs a follow-up today?', 'Why is Dana scored 82?', 'Draft a re-engagement for Acme', 'Clean up duplicates at Initech'];

function Message({ m }: { m: ChatMessageRow }) {
  const mine = m.role === 'user';
  return (
    <li data-testid="cs-chat-message" data-role={m.role} data-agent={m.agent ?? undefined} className={`rounded-lg px-3 py-2 text-sm ${mine ? 'ml-8 bg-indigo-50 text-slate-900' : 'mr-8 bg-white ring-1 ring-slate-200'}`}>
      <p className="mb-0.5 text-xs font-semibold text-slate-500">{mine ? 'You' : m.agent ? AGENT[m.agent] : 'Countersign'}</p>
      <p data-testid="cs-chat-text" className="whitespace-pre-wrap">
        {m.text}
      </p>
      {m.refused.length > 0 && <p className="mt-1 text-xs text-slate-500">Refused (not this agent's to do): {m.refused.join(', ')}</p>}
      <ChatLinks sources={m.sources} proposals={m.proposals} />
    </li>
  );
}

/**
 * The operator chat: ask in plain words; one agent answers with its read tools and, for anything
 * that would change something, a proposal linked to where the rep approves it. Kept locally.
 */
export function ChatView() {
  const qc = useQueryClient();
  const [text, setText] = useState('');
  const [live, setLive] = useState<LiveTurn | null>(null);
  const history = useQuery({ queryKey: chatKey, queryFn: () => request({ type: 'chat.history' }) });
  const conversationId = history.data?.conversationId ?? undefined;
  const list = useRef<HTMLOListElement>(null);
  /** The conversation of the turn running now (Stop names it). */
  const turnId = useRef<string | null>(null);

  const send = useMutation({
    mutationFn: async (question: string) => {
      // The id is ours from the first question, so this turn's steps can be heard while it runs.
      const id = conversationId ?? crypto.randomUUID();
      turnId.current = id;
      setLive(null);
      const stop = listenProgress(id, (msg) => setLive((now) => nextLive(now ?? { label: '', text: '' }, msg)));
      try {
        return await request({ type: 'chat.send', text: question, conversationId: id });
      } finally {
        stop();
        setLive(null);
      }
    },
    onSuccess: (turn) => {
      qc.setQueryData<ChatHistoryView>(chatKey, (old) => ({ conversationId: turn.conversationId, messages: [...(old?.conversationId === turn.conversationId ? old.messages : []), ...turn.messages] }));
      setText('');
      // A proposal may have landed in the queue or the CRM tab.
      void qc.invalidateQueries({ queryKey: keys.approvals });
      void qc.invalidateQueries({ queryKey: keys.status });
      void qc.invalidateQueries({ queryKey: keys.cleanups });
      void qc.invalidateQueries({ queryKey: keys.syncs });
    },
    onError: () => void qc.invalidateQueries({ queryKey: chatKey }),
  });
  const stop = useMutation({
    mutationFn: () => request({ type: 'chat.stop', conversationId: turnId.current ?? '' }),
  });
  const clear = useMutation({
    mutationFn: () => request({ type: 'chat.clear', conversationId }),
    onSuccess: () => qc.setQueryData<ChatHistoryView>(chatKey, { conversationId: null, messages: [] }),
  });

  const messages = history.data?.messages ?? [];
  useEffect(() => {
    list.current?.lastElementChild?.scrollIntoView?.({ block: 'nearest' });
  }, [messages.length, send.isPending, live?.text]);

  const ask = () => {
    const q = text.trim();
    if (q && !send.isPending) send.mutate(q);
  };

  return (
    <section data-testid="cs-chat" aria-label="Operator chat" className="space-y-3">
      <div className="flex items-center justify-between gap-2">
        <p className="text-xs text-slate-500">Agents answer from your data and propose; nothing is sent or changed without your approval. Ctrl/⌘+K for commands.</p>
        {messages.length > 0 && (
          <Button size="sm" variant="ghost" busy={clear.isPending} onClick={() => clear.mutate()} data-testid="cs-chat-clear">
            Clear conversation
          </Button>
        )}
      </div>
      {history.error && <ErrorNote>{errorMessage(history.error)}</ErrorNote>}
      {messages.length === 0 && !history.isPending && (
        <ul className="flex flex-wrap gap-1 text-xs" aria-label="Examples">
          {EXAMPLES.map((q) => (
            <li key={q}>
              <button type="button" className="rounded-full bg-slate-100 px-2 py-1 text-slate-700 hover:bg-slate-200" onClick={(e) => e.nativeEvent.isTrusted && setText(q)}>
                {q}
              </button>
            </li>
          ))}
        </ul>
      )}
      <ol ref={list} className="space-y-2" aria-live="polite" aria-busy={send.isPending} aria-label="Conversation">
        {messages.map((m) => (
          <Message key={m.id} m={m} />
        ))}
        {send.isPending && (
          <li data-testid="cs-chat-pending" className="mr-8 rounded-lg bg-white px-3 py-2 text-sm ring-1 ring-slate-200">
            <div className="flex items-center gap-2">
              <p role="status" className="flex flex-1 items-center gap-2 text-xs text-slate-500">
                <Spinner /> <span data-testid="cs-chat-progress">{live?.label || 'Asking the agents…'}</span>
              </p>
              <Button size="sm" variant="ghost" busy={stop.isPending} onClick={() => stop.mutate()} data-testid="cs-chat-stop">
                Stop
              </Button>
            </div>
            {live?.text && (
              <p data-testid="cs-chat-streaming" className="mt-1 whitespace-pre-wrap text-slate-900">
                {live.text}
              </p>
            )}
          </li>
        )}
      </ol>
      {send.error && <ErrorNote testId="cs-chat-error">{errorMessage(send.error)}</ErrorNote>}
      <form onSubmit={(e: FormEvent) => e.preventDefault()} className="flex gap-2">
        <label htmlFor="cs-chat-input" className="sr-only">
          Ask the agents
        </label>
        <input
          id="cs-chat-input"
          data-testid="cs-chat-input"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && e.nativeEvent.isTrusted) {
              e.preventDefault();
              ask();
            }
          }}
          maxLength={2000}
          placeholder="Ask: who needs a follow-up today?"
          autoComplete="off"
          className="h-8 min-w-0 flex-1 rounded-md border border-slate-300 px-2 text-sm focus-visible:outline-2 focus-visible:outline-indigo-600"
        />
        <Button variant="primary" busy={send.isPending} disabled={!text.trim()} onClick={ask} data-testid="cs-chat-send">
          Send
        </Button>
      </form>
    </section>
  );
}

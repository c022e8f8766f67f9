import { useCallback, useEffect, useRef, useState } from 'react';
import { request } from '../../lib/protocol/client';
import type { DraftView } from '../../lib/protocol/responses';
import { errorMessage } from '../ui/ErrorNote';

export const SAVE_DEBOUNCE_MS = 700;

/** What the draft is for: answering, following up an unanswered message, or reviving a quiet thread. */
export type DraftKindChoice = 'reply' | 'follow_up' | 're_engage';

export type DraftPhase = 'idle' | 'generating' | 'ready' | 'queueing' | 'queued';

/**
 * One thread's draft: generate, edit (saved debounced, always flushed before queueing), queue.
 * Saves are chained so they reach the background in the order they were made.
 */
export function useDraft(threadId: string) {
  const [phase, setPhase] = useState<DraftPhase>('idle');
  const [draft, setDraft] = useState<DraftView | null>(null);
  const [body, setBody] = useState('');
  const [saveState, setSaveState] = useState<'saved' | 'dirty' | 'saving'>('saved');
  const [error, setError] = useState<string | null>(null);
  /** Herald's report of the last saved version (the background computes it on every save). */
  const [quality, setQuality] = useState<DraftView['quality']>(null);

  const saved = useRef({ draftId: '', body: '' });
  const chain = useRef<Promise<void>>(Promise.resolve());
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const latest = useRef({ draft, body });
  latest.current = { draft, body };

  /** Sends the current body if it differs from the last one saved; resolves when it is stored. */
  const flush = useCallback((): Promise<void> => {
    clearTimeout(timer.current);
    timer.current = undefined;
    const run = async () => {
      const { draft: d, body: b } = latest.current;
      if (!d) return;
      if (saved.current.draftId === d.id && saved.current.body === b) {
        setSaveState('saved');
        return;
      }
      setSaveState('saving');
      const next = await request({ type: 'draft.update', draftId: d.id, subject: d.message.subject, body: b });
      saved.current = { draftId: next.id, body: next.message.body };
      setQuality(next.quality ?? null);
      setSaveState(latest.current.body === next.message.body ? 'saved' : 'dirty');
    };
    const p = chain.current.then(run);
    chain.current = p.catch(() => undefined);
    return p;
  }, []);

  const edit = useCallback(
    (value: string) => {
      setBody(value);
      setSaveState('dirty');
      clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        flush().catch((e: unknown) => {
          setSaveState('dirty');
          setError(errorMessage(e));
        });
      }, SAVE_DEBOUNCE_MS);
    },
    [flush],
  );

  const generate = useCallback(
    async (steer: string, kind: DraftKindChoice = 'reply') => {
      setError(null);
      setPhase('generating');
      try {
        const d = await request({ type: 'draft.generate', threadId, kind, ...(steer.trim() ? { steer: steer.trim() } : {}) });
        clearTimeout(timer.current);
        saved.current = { draftId: d.id, body: d.message.body };
        setDraft(d);
        setQuality(d.quality ?? null);
        setBody(d.message.body);
        setSaveState('saved');
        setPhase('ready');
      } catch (e) {
        setError(errorMessage(e));
        setPhase(latest.current.draft ? 'ready' : 'idle');
      }
    },
    [threadId],
  );

  const queue = useCallback(async () => {
    const d = latest.current.draft;
    if (!d) return;
    setError(null);
    setPhase('queueing');
    try {
      await flush();
      await request({ type: 'draft.queue', draftId: d.id });
      setPhase('queued');
    } catch (e) {
      setError(errorMessage(e));
      setPhase('ready');
    }
  }, [flush]);

  // Leaving the thread keeps the last edit: send it rather than drop it.
  useEffect(
    () => () => {
      if (timer.current === undefined) return;
      flush().catch((e: unknown) => console.warn('[countersign] could not save the draft edit', e));
    },
    [flush],
  );

  return { phase, draft, body, saveState, error, quality, generate, edit, queue };
}

import { browser } from 'wxt/browser';
import { CHAT_PROGRESS_PORT, type ChatProgressMessage } from '../../lib/chat/progress';

/** What the panel shows while a turn runs: the step's label and the answer streamed so far. */
export interface LiveTurn {
  label: string;
  text: string;
}

/** The next live state: words append to the answer; any other step starts it over (a tool ran). */
export function nextLive(live: LiveTurn, msg: Pick<ChatProgressMessage, 'step' | 'label' | 'delta'>): LiveTurn {
  const label = msg.label.slice(0, 200);
  if (msg.step === 'text') return { label, text: `${live.text}${msg.delta ?? ''}`.slice(0, 4000) };
  return { label, text: '' };
}

/**
 * Listens for one chat turn's steps and words on a runtime Port (lib/background/chat-port.ts) and
 * returns the stop function. It is a nicety: where the Port cannot open, the answer still arrives.
 */
export function listenProgress(conversationId: string, onMessage: (msg: Pick<ChatProgressMessage, 'step' | 'label' | 'delta'>) => void): () => void {
  try {
    const port = browser.runtime.connect({ name: CHAT_PROGRESS_PORT });
    port.onMessage.addListener((m: unknown) => {
      const msg = m as Partial<ChatProgressMessage> | null;
      if (msg?.conversationId !== conversationId || typeof msg.label !== 'string' || typeof msg.step !== 'string') return;
      onMessage({ step: msg.step, label: msg.label, delta: typeof msg.delta === 'string' ? msg.delta : undefined });
    });
    return () => port.disconnect();
  } catch {
    return () => {};
  }
}

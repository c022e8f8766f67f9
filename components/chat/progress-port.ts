import { browser } from 'wxt/browser';
import { CHAT_PROGRESS_PORT, type ChatProgressMessage } from '../../lib/chat/progress';

/**
 * Listens for one chat turn's steps on a runtime Port (lib/background/chat-port.ts) and returns
 * the stop function. Progress is a nicety: where the Port cannot open, the answer still arrives.
 */
export function listenProgress(conversationId: string, onLabel: (label: string) => void): () => void {
  try {
    const port = browser.runtime.connect({ name: CHAT_PROGRESS_PORT });
    port.onMessage.addListener((m: unknown) => {
      const msg = m as Partial<ChatProgressMessage> | null;
      if (msg?.conversationId === conversationId && typeof msg.label === 'string') onLabel(msg.label.slice(0, 200));
    });
    return () => port.disconnect();
  } catch {
    return () => {};
  }
}

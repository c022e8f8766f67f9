import { CHAT_PROGRESS_PORT, type ChatProgressMessage, type ProgressHub } from '../chat/progress';
import { mayRequest } from '../protocol/policy';
import { identifySender, type SenderInfo } from '../protocol/sender';

/** The part of a runtime Port this uses (browser.runtime.Port). */
export interface PortLike {
  name: string;
  sender?: SenderInfo;
  postMessage(message: ChatProgressMessage): void;
  disconnect(): void;
  onDisconnect: { addListener(fn: () => void): void };
}

/**
 * Streams a chat turn's steps and the answer's words to the side panel over a runtime Port. The
 * Port's sender is checked like a message's: only a context that may send chat.send hears them;
 * any other is disconnected at once. Steps carry labels and the answer's text, never tool data.
 */
export function listenForChatProgress(onConnect: { addListener(fn: (port: PortLike) => void): void }, hub: ProgressHub, extensionId: string, extensionOrigin: string): void {
  onConnect.addListener((port) => {
    if (port.name !== CHAT_PROGRESS_PORT) return;
    const who = identifySender(port.sender ?? {}, extensionId, extensionOrigin);
    if (!mayRequest(who, 'chat.send').ok) {
      port.disconnect();
      return;
    }
    const off = hub.subscribe((m) => port.postMessage(m));
    port.onDisconnect.addListener(off);
  });
}

import type { AgentName } from '../db/schema';
import type { ChatProgress } from './chat';

/** The runtime Port the side panel opens to hear a chat turn's steps while it waits for the answer. */
export const CHAT_PROGRESS_PORT = 'cs-chat-progress';

export interface ChatProgressMessage {
  conversationId: string;
  step: ChatProgress['step'];
  agent: AgentName;
  /** What the panel shows ("Asking Scout…", "Reading today's leads…"). */
  label: string;
  /** step 'text': the answer's next words (appended to what this turn streamed so far). */
  delta?: string;
}

const AGENT: Record<AgentName, string> = { scout: 'Scout', herald: 'Herald', cipher: 'Cipher', sentinel: 'Sentinel' };

export function progressLabel(e: ChatProgress): string {
  if (e.step === 'routed') return `Asking ${AGENT[e.agent]}…`;
  if (e.step === 'tool') return e.label;
  if (e.step === 'text') return `${AGENT[e.agent]} is answering…`;
  return `${AGENT[e.agent]} is reading the results…`;
}

/** Fan-out of chat progress to whoever listens (the side panel's Ports); a failing listener is dropped. */
export function createProgressHub() {
  const listeners = new Set<(m: ChatProgressMessage) => void>();
  return {
    publish(conversationId: string, event: ChatProgress): void {
      const message: ChatProgressMessage = { conversationId, step: event.step, agent: event.agent, label: progressLabel(event), ...(event.step === 'text' ? { delta: event.delta } : {}) };
      for (const l of listeners) {
        try {
          l(message);
        } catch {
          listeners.delete(l);
        }
      }
    },
    subscribe(listener: (m: ChatProgressMessage) => void): () => void {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
export type ProgressHub = ReturnType<typeof createProgressHub>;

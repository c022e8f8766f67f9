import { z } from 'zod';
import { AGENTS } from '../agents/agents';
import { AgentRuntime, BoundaryError } from '../agents/runtime';
import { TOOLS, type ToolDeps } from '../agents/tools';
import { appendAudit, auditedTransaction, humanActor } from '../audit/log';
import { answerQuestion, type ChatProgress } from '../chat/chat';
import { chatToolSpec, CHAT_TOOL_NAMES, type ChatToolResult } from '../chat/catalog';
import { createProgressHub } from '../chat/progress';
import { routeQuestion } from '../chat/route';
import type { AgentName, ChatMessageRow } from '../db/schema';
import { newId } from '../gates/email-gate';
import { UserFacingError } from '../protocol/errors';
import type { Handlers } from '../protocol/router';
import type { ChatTurnView, PaletteRunView } from '../protocol/responses';
import { createOperatorPort } from './chat-tools';
import type { CrmServices } from './crm';
import type { SentinelRunner } from './sentinel';
import type { Services } from './services';

type ChatRequest = 'chat.send' | 'chat.stop' | 'chat.history' | 'chat.clear' | 'palette.run';

/** Messages of a conversation the model sees again (the newest). */
const HISTORY = 8;

/** What stays on this machine: the newest conversations, and the newest messages of each. */
export const CHAT_LIMITS = { conversations: 50, messagesPerConversation: 200 } as const;

const refuse = (what: string) => async (): Promise<never> => {
  throw new BoundaryError(`The operator chat cannot ${what}.`);
};

/** Chat turns' steps, for the side panel's progress Port (lib/background/chat-port.ts). */
export const chatProgress = createProgressHub();

export interface ChatHooks {
  sentinel: SentinelRunner;
  kickOutbox(): void;
  /** Progress of a chat turn, per step; default: chatProgress, which the side panel hears on a runtime Port. */
  progress?(conversationId: string, event: ChatProgress): void;
}

/**
 * The operator chat and the command palette. Both run the chat tools through an AgentRuntime
 * over the same AGENTS allowlists the rest of the background enforces, with deps that cannot
 * send (sendApproved refuses), so a chat turn reads and proposes and nothing else.
 */
export function createChatHandlers(s: Services, crm: CrmServices, hooks: ChatHooks): Pick<Handlers, ChatRequest> {
  const { db } = s;
  const deps: ToolDeps = {
    db,
    now: s.now,
    readThread: s.readThread,
    model: s.model,
    sender: refuse('draft outside Herald'),
    voice: async () => [],
    sendApproved: refuse('send email'),
    operator: createOperatorPort(s, crm, hooks.sentinel, hooks.kickOutbox),
  };
  const runtime = new AgentRuntime(deps, AGENTS, TOOLS);

  /** The gate: a chat tool, called as an agent whose allowlist has it (the runtime also refuses execute tools). */
  async function callAs(agent: AgentName, tool: string, input: unknown): Promise<ChatToolResult> {
    if (!CHAT_TOOL_NAMES.includes(tool)) throw new BoundaryError(`'${tool}' is not a chat tool: chat and the palette only read and propose.`);
    return runtime.agent(agent).call<ChatToolResult>(tool, input);
  }

  async function logRefusal(conversationId: string, agent: AgentName, tool: string, reason: string): Promise<void> {
    await auditedTransaction(db, [], () =>
      appendAudit(db, { actor: { type: 'agent', id: agent }, action: 'chat.tool_refused', subjectId: conversationId, at: s.now(), detail: { tool: tool.slice(0, 100), reason: reason.slice(0, 300) } }),
    );
  }

  /** A palette command that was refused, recorded like a chat refusal (the person asked, not an agent). */
  async function refusePalette(tool: string, reason: string): Promise<never> {
    await auditedTransaction(db, [], () =>
      appendAudit(db, { actor: humanActor(), action: 'palette.tool_refused', subjectId: tool.slice(0, 100), at: s.now(), detail: { tool: tool.slice(0, 100), reason: reason.slice(0, 300) } }),
    );
    throw new UserFacingError('forbidden', reason);
  }

  /** A conversation's messages, oldest first. */
  const messagesOf = (conversationId: string) => db.chatMessages.where('[conversationId+at]').between([conversationId, -Infinity], [conversationId, Infinity]);
  const history = (conversationId: string) => messagesOf(conversationId).toArray();

  /**
   * Keeps the chat history bounded (CHAT_LIMITS): conversations past the newest 50 go, and a
   * conversation keeps its newest 200 messages. Runs after each turn is stored.
   */
  async function prune(conversationId: string): Promise<void> {
    await db.transaction('rw', db.chatMessages, async () => {
      const mine = await messagesOf(conversationId).primaryKeys();
      const over = mine.length - CHAT_LIMITS.messagesPerConversation;
      if (over > 0) await db.chatMessages.bulkDelete(mine.slice(0, over));
      // Usually a key-only read: the conversations are counted before any message is read.
      const ids = (await db.chatMessages.orderBy('conversationId').uniqueKeys()) as string[];
      if (ids.length <= CHAT_LIMITS.conversations) return;
      const latest = await Promise.all(ids.map(async (id) => ({ id, at: (await messagesOf(id).last())?.at ?? 0 })));
      const drop = latest.sort((a, b) => b.at - a.at).slice(CHAT_LIMITS.conversations).map((c) => c.id);
      await db.chatMessages.where('conversationId').anyOf(drop).delete();
    });
  }

  /** Turns running now, by conversation: chat.stop aborts one. */
  const running = new Map<string, AbortController>();

  return {
    'chat.send': async (req): Promise<ChatTurnView> => {
      const conversationId = req.conversationId ?? newId();
      if (running.has(conversationId)) throw new UserFacingError('conflict', 'This conversation is still answering the last question. Wait, or press Stop.');
      const earlier = (await history(conversationId)).slice(-HISTORY);
      const user: ChatMessageRow = { id: newId(), conversationId, role: 'user', text: req.text, agent: null, sources: [], proposals: [], refused: [], at: s.now() };
      await db.chatMessages.add(user);
      const model = await s.configuredModel();
      if (!model) throw new UserFacingError('not_configured', 'Set up a model in settings to chat. The command palette (Ctrl+K) runs the same tools without one.');
      const stop = new AbortController();
      running.set(conversationId, stop);
      let result;
      try {
        const { agent } = await routeQuestion(req.text, model);
        result = await answerQuestion({
          text: req.text,
          agent,
          history: earlier.map((m) => ({ role: m.role, text: m.text })),
          model,
          callAs,
          onProgress: (e) => (hooks.progress ?? chatProgress.publish)(conversationId, e),
          onRefused: (a, tool, reason) => logRefusal(conversationId, a, tool, reason),
          signal: stop.signal,
        });
      } finally {
        running.delete(conversationId);
      }
      const answer: ChatMessageRow = { id: newId(), conversationId, role: 'agent', text: result.text, agent: result.agent, sources: result.sources, proposals: result.proposals, refused: result.refused, at: Math.max(s.now(), user.at + 1) };
      await db.chatMessages.add(answer);
      await prune(conversationId);
      return { conversationId, messages: [user, answer] };
    },

    'chat.stop': async (req) => {
      const turn = running.get(req.conversationId);
      turn?.abort();
      return { stopped: turn !== undefined };
    },

    'chat.history': async (req) => {
      const conversationId = req.conversationId ?? (await db.chatMessages.orderBy('at').last())?.conversationId ?? null;
      return { conversationId, messages: conversationId ? await history(conversationId) : [] };
    },

    'chat.clear': async (req) => {
      const rows = req.conversationId ? db.chatMessages.where('conversationId').equals(req.conversationId) : db.chatMessages.toCollection();
      return { cleared: await rows.delete() };
    },

    'palette.run': async (req): Promise<PaletteRunView> => {
      const spec = chatToolSpec(req.tool);
      if (!spec) return await refusePalette(req.tool, `'${req.tool.slice(0, 100)}' is not a palette command: the palette only reads and proposes.`);
      try {
        const result = await callAs(spec.agent, spec.name, req.input);
        return { tool: spec.name, agent: spec.agent, ...result };
      } catch (e) {
        if (e instanceof z.ZodError) throw new UserFacingError('invalid_request', `Check the form: ${z.prettifyError(e).replace(/\n/g, ' ')}`);
        if (e instanceof BoundaryError) return await refusePalette(spec.name, e.message);
        throw e;
      }
    },
  };
}

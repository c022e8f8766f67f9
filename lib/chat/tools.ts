import type { z } from 'zod';
import type { ToolDeps } from '../agents/tools';
import type { Tool } from '../agents/runtime';
import { UserFacingError } from '../protocol/errors';
import { CHAT_TOOL_SPECS, type ChatToolResult, type ChatToolSpec } from './catalog';

/**
 * What the chat tools may do, implemented by the background (lib/background/chat.ts) over the
 * same handlers the side panel uses. Every method reads or proposes: there is no send, CRM
 * write, delete or approve here, so no chat tool can reach one.
 */
export interface OperatorPort {
  run(tool: string, input: unknown): Promise<ChatToolResult>;
}

/** The chat tools, registered in the agent runtime beside TOOLS and allowed per agent in AGENTS. */
export const CHAT_TOOLS: Tool<z.ZodType, unknown, ToolDeps>[] = (CHAT_TOOL_SPECS as readonly ChatToolSpec[]).map((spec) => ({
  name: spec.name,
  effect: spec.effect,
  description: spec.description,
  input: spec.input,
  run: (deps: ToolDeps, input: unknown) => {
    if (!deps.operator) throw new UserFacingError('internal', `'${spec.name}' runs only from the operator chat or the command palette.`);
    return deps.operator.run(spec.name, input);
  },
}));

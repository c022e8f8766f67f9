import { AGENTS } from '../agents/agents';
import type { AgentDef, Effect, Tool } from '../agents/runtime';
import { TOOLS } from '../agents/tools';
import type { AgentName } from '../db/schema';

/**
 * The agent map, generated from the declarations the runtime enforces (AGENTS and TOOLS, the
 * same arrays lib/background/services.ts builds the AgentRuntime from), so the page cannot say
 * something the runtime does not do. agent-map.test.ts checks it against a live AgentRuntime.
 */
export interface MappedTool {
  name: string;
  effect: Effect;
  description: string;
}

export interface MappedAgent {
  name: AgentName;
  role: string;
  doesNot: readonly string[];
  /** The tools the agent may call, in its declared order. */
  tools: MappedTool[];
}

export interface AgentMap {
  agents: MappedAgent[];
  /** Tools no agent may call: they act on the world and run only from a person's approval. */
  approvalOnly: MappedTool[];
}

export { EFFECT_WORDS } from './effect-words';

const mapped = (t: Pick<Tool, 'name' | 'effect' | 'description'>): MappedTool => ({ name: t.name, effect: t.effect, description: t.description });

export function agentMap(agents: Record<AgentName, AgentDef> = AGENTS, tools: readonly Pick<Tool, 'name' | 'effect' | 'description'>[] = TOOLS): AgentMap {
  const byName = new Map(tools.map((t) => [t.name, t]));
  return {
    agents: Object.values(agents).map((a) => ({
      name: a.name,
      role: a.role,
      doesNot: [...a.doesNot],
      tools: a.tools.map((name) => {
        const t = byName.get(name);
        // The runtime refuses to start with an undeclared tool; the map says so rather than invent one.
        return t ? mapped(t) : { name, effect: 'read' as const, description: '(not a registered tool: the runtime refuses this agent)' };
      }),
    })),
    approvalOnly: tools.filter((t) => t.effect === 'execute').map(mapped),
  };
}

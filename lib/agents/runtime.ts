import type { z } from 'zod';
import type { AgentName } from '../db/schema';

/**
 * What a tool does to the world. read: looks; propose: writes something a human will review
 * (a draft, a queued approval, a flag); execute: acts on the outside world or destroys data
 * (send, CRM write, delete). Execute tools never run on an agent's call: only from an approval.
 */
export type Effect = 'read' | 'propose' | 'execute';

export interface Tool<I extends z.ZodType = z.ZodType, O = unknown, D = unknown> {
  name: string;
  effect: Effect;
  description: string;
  input: I;
  run(deps: D, input: z.infer<I>): Promise<O>;
}

export interface AgentDef {
  name: AgentName;
  role: string;
  /** The boundary in words; each line is backed by a test in boundaries.test.ts. */
  doesNot: readonly string[];
  tools: readonly string[];
}

export class BoundaryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BoundaryError';
  }
}

export interface AgentContext {
  readonly agent: AgentName;
  call<O = unknown>(toolName: string, input: unknown): Promise<O>;
}

/**
 * The tool registry and the only door agents have to it. An agent gets an AgentContext whose
 * call() checks, in code, that the agent declared the tool and that the tool does not execute.
 */
export class AgentRuntime<D> {
  private readonly tools = new Map<string, Tool<z.ZodType, unknown, D>>();

  constructor(
    private readonly deps: D,
    private readonly agents: Record<AgentName, AgentDef>,
    tools: Tool<z.ZodType, unknown, D>[],
  ) {
    for (const t of tools) this.tools.set(t.name, t);
    for (const a of Object.values(agents)) {
      for (const name of a.tools) {
        const tool = this.tools.get(name);
        if (!tool) throw new BoundaryError(`Agent ${a.name} declares unknown tool '${name}'`);
        if (tool.effect === 'execute') throw new BoundaryError(`Agent ${a.name} may not declare execute tool '${name}'`);
      }
    }
  }

  agent(name: AgentName): AgentContext {
    const def = this.agents[name];
    return {
      agent: name,
      call: async <O>(toolName: string, input: unknown): Promise<O> => {
        const tool = this.tools.get(toolName);
        if (!tool) throw new BoundaryError(`${name} called unknown tool '${toolName}'`);
        if (tool.effect === 'execute') {
          throw new BoundaryError(`${name} may not call '${toolName}': it executes, and executes only from a human approval`);
        }
        if (!def.tools.includes(toolName)) throw new BoundaryError(`${name} may not call '${toolName}': not among its declared tools`);
        return (await tool.run(this.deps, tool.input.parse(input))) as O;
      },
    };
  }

  /**
   * Runs an execute tool for an approval the gate has already verified and claimed. The
   * `approval` argument is the gate's proof; tools check it against their own input.
   */
  async execute<O>(toolName: string, approval: { id: string; approvedHash: string | null }, input: unknown): Promise<O> {
    const tool = this.tools.get(toolName);
    if (!tool || tool.effect !== 'execute') throw new BoundaryError(`'${toolName}' is not an execute tool`);
    if (!approval.approvedHash) throw new BoundaryError(`'${toolName}' needs an approved approval; ${approval.id} is not approved`);
    return (await tool.run(this.deps, tool.input.parse(input))) as O;
  }

  describe(name: string): Pick<Tool, 'name' | 'effect' | 'description'> | undefined {
    const t = this.tools.get(name);
    return t && { name: t.name, effect: t.effect, description: t.description };
  }
}

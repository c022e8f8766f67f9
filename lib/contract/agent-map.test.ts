import { describe, expect, it } from 'vitest';
import { freshDb } from '../../test/fixtures';
import { AGENTS } from '../agents/agents';
import { AgentRuntime, BoundaryError } from '../agents/runtime';
import { TOOLS, type ToolDeps } from '../agents/tools';
import type { AgentName } from '../db/schema';
import { agentMap } from './agent-map';

const refuse = () => Promise.reject(new Error('not in this test'));
const deps: ToolDeps = { db: freshDb(), readThread: refuse, model: refuse, sender: refuse, voice: refuse, sendApproved: refuse };
/** The runtime exactly as the background builds it (lib/background/services.ts). */
const runtime = new AgentRuntime(deps, AGENTS, TOOLS);

/**
 * Whether the runtime lets `agent` call `tool`. The probe input (null) never parses, so an allowed
 * tool fails on its input and never runs; a refused one fails on the boundary first.
 */
async function callable(agent: AgentName, tool: string): Promise<boolean> {
  try {
    await runtime.agent(agent).call(tool, null);
    return true;
  } catch (e) {
    return !(e instanceof BoundaryError);
  }
}

describe('agent map vs the runtime (the map cannot drift)', () => {
  const map = agentMap();

  it('lists every agent the runtime knows, with its declared role and "does not" lines', () => {
    expect(map.agents.map((a) => a.name).sort()).toEqual(Object.keys(AGENTS).sort());
    for (const a of map.agents) {
      expect(a.role).toBe(AGENTS[a.name].role);
      expect(a.doesNot).toEqual([...AGENTS[a.name].doesNot]);
    }
  });

  it.each(Object.keys(AGENTS) as AgentName[])('%s: every listed tool is callable, and no other tool is', async (name) => {
    const listed = new Set(map.agents.find((a) => a.name === name)!.tools.map((t) => t.name));
    for (const t of TOOLS) expect({ tool: t.name, callable: await callable(name, t.name) }).toEqual({ tool: t.name, callable: listed.has(t.name) });
  });

  it('shows each tool with the effect and description the runtime registers', () => {
    for (const t of [...map.agents.flatMap((a) => a.tools), ...map.approvalOnly]) expect(t).toEqual(runtime.describe(t.name));
  });

  it('lists the execute tools as approval-only, and no agent may call them', async () => {
    expect(map.approvalOnly.map((t) => t.name).sort()).toEqual(TOOLS.filter((t) => t.effect === 'execute').map((t) => t.name).sort());
    expect(map.approvalOnly.length).toBeGreaterThan(0);
    for (const name of Object.keys(AGENTS) as AgentName[]) for (const t of map.approvalOnly) expect(await callable(name, t.name)).toBe(false);
  });
});

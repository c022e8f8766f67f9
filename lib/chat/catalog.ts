import { z } from 'zod';
import type { AgentName, ChatLink } from '../db/schema';

/**
 * The tools the operator chat and the command palette offer, with the agent that owns each.
 * Declarations only (no behaviour), so the side panel can build the palette's forms from the
 * same zod inputs the background parses. What each tool does is in lib/chat/tools.ts; which
 * agent may call it is in lib/agents/agents.ts (the allowlist the runtime enforces).
 */
export const ChatLinkKind = z.enum(['thread', 'lead', 'deal', 'audit', 'approval', 'cleanup', 'sync']);
export const ChatLinkSchema = z.object({ kind: ChatLinkKind, id: z.string().min(1).max(200), label: z.string().max(300) });

export interface ChatToolSpec {
  name: string;
  agent: AgentName;
  effect: 'read' | 'propose';
  /** What the palette shows and the model reads. */
  title: string;
  description: string;
  input: z.ZodObject;
}

const query = z.string().trim().min(1).max(200);

export const CHAT_TOOL_SPECS = [
  {
    name: 'leads.today',
    agent: 'scout',
    effect: 'read',
    title: 'Who needs me today',
    description: "Today's leads: the ones that need the rep's judgement (flagged) and the follow-ups ranked by score, with why.",
    input: z.object({ limit: z.number().int().min(1).max(20).default(8) }),
  },
  {
    name: 'lead.explain',
    agent: 'scout',
    effect: 'read',
    title: 'Explain a lead score',
    description: 'Why a lead has its score: every factor with its points and the evidence quote it rests on. Finds the lead by name, email or company.',
    input: z.object({ query: query.describe('Name, email or company') }),
  },
  {
    name: 'threads.search',
    agent: 'scout',
    effect: 'read',
    title: 'Search threads',
    description: 'Search the locally cached Gmail threads by subject, sender or text. Returns thread ids, subjects and short excerpts.',
    input: z.object({ query: query.describe('Words to look for'), limit: z.number().int().min(1).max(10).default(5) }),
  },
  {
    name: 'draft.propose',
    agent: 'herald',
    effect: 'propose',
    title: 'Draft for approval',
    description:
      'Have Herald draft a reply, follow-up or re-engagement for a thread (by thread id, or by a contact or company whose latest thread is used) and put it in the approval queue as pending. It is a proposal: nothing is sent until the rep approves it in the queue.',
    input: z.object({
      who: z.string().trim().max(200).optional().describe('Contact name, email or company'),
      threadId: z.string().regex(/^[0-9a-f]{1,32}$/).optional().describe('Gmail thread id'),
      kind: z.enum(['reply', 'follow_up', 're_engage']).default('reply'),
      steer: z.string().max(500).optional().describe('What the draft should do'),
    }),
  },
  {
    name: 'pipeline.stats',
    agent: 'cipher',
    effect: 'read',
    title: 'Pipeline stats',
    description: 'Deals per stage with value, and ageing deals, from the active CRM (read only).',
    input: z.object({}),
  },
  {
    name: 'duplicates.propose',
    agent: 'cipher',
    effect: 'propose',
    title: 'Propose a duplicate cleanup',
    description: 'Scan the CRM for duplicate contacts (optionally only at one company) and make a cleanup proposal for the CRM tab. Nothing is merged or deleted until the rep approves it there.',
    input: z.object({ company: z.string().trim().max(200).optional().describe('Only contacts at this company') }),
  },
  {
    name: 'sync.propose',
    agent: 'cipher',
    effect: 'propose',
    title: 'Propose a CRM sync',
    description: 'Compare local data with the CRM and make a sync change set for the CRM tab. Nothing is written to the CRM until the rep approves it there.',
    input: z.object({}),
  },
  {
    name: 'health.read',
    agent: 'sentinel',
    effect: 'read',
    title: 'Health and alerts',
    description: 'Open alerts, whether sending is held, the latest health checks, bounce and complaint rates, and the approval queue counts.',
    input: z.object({}),
  },
] as const satisfies readonly ChatToolSpec[];

export type ChatToolName = (typeof CHAT_TOOL_SPECS)[number]['name'];
export const CHAT_TOOL_NAMES: readonly string[] = CHAT_TOOL_SPECS.map((t) => t.name);

export function chatToolSpec(name: string): ChatToolSpec | undefined {
  return (CHAT_TOOL_SPECS as readonly ChatToolSpec[]).find((t) => t.name === name);
}

/** What every chat tool returns: data for the model, and the records and proposals it may link. */
export interface ChatToolResult {
  data: unknown;
  sources: ChatLink[];
  proposals: ChatLink[];
}

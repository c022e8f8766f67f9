import type { AgentName } from '../db/schema';
import type { AgentDef } from './runtime';

/**
 * The four agents and the tools each may call. Boundaries live here and in the runtime, not in
 * prompts: no agent can declare an execute tool, and a call outside this list is refused.
 */
export const AGENTS: Record<AgentName, AgentDef> = {
  scout: {
    name: 'scout',
    role: 'Signals, lead scoring with explanations, research, reply triage.',
    doesNot: ['send email', 'write the CRM'],
    tools: ['thread.read', 'contacts.read', 'leads.today', 'lead.explain', 'threads.search'],
  },
  herald: {
    name: 'herald',
    role: 'Drafts outreach and replies; queues them for human approval.',
    doesNot: ['send email'],
    tools: ['thread.read', 'contacts.read', 'model.draftReply', 'model.draftStep', 'draft.save', 'approval.queue', 'draft.propose'],
  },
  cipher: {
    name: 'cipher',
    role: 'CRM sync, enrichment, cleanup, pipeline stats.',
    doesNot: ['send email', 'make a destructive write without approval'],
    tools: ['contacts.read', 'thread.read', 'pipeline.stats', 'duplicates.propose', 'sync.propose'],
  },
  sentinel: {
    name: 'sentinel',
    role: 'Health checks, deliverability, alert escalation.',
    doesNot: ['silently correct anything', 'suppress or dismiss an alert'],
    tools: ['outbox.stats', 'alert.raise', 'alert.clear', 'health.read'],
  },
};

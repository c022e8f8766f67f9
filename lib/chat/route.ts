import { z } from 'zod';
import type { AgentName } from '../db/schema';
import type { ModelClient } from '../llm/client';

/**
 * Which agent answers: deterministic keywords first (in this order, so "draft a follow-up" goes
 * to Herald and "why did bounces rise" to Sentinel), else the model picks from a closed enum.
 * The route fixes the agent, and with it the tools, before any data is read.
 */
const RULES: readonly [AgentName, RegExp][] = [
  ['herald', /\b(draft|write|re-?engage(ment)?|reply|respond|send|email (him|her|them))\b/i],
  ['cipher', /\b(duplicates?|dedupe|clean ?up|merge|pipeline|sync|crm|deals?|delete|enrich)\b/i],
  ['sentinel', /\b(health|alerts?|bounces?|bounced|bouncing|deliverability|complaints?|hold|held|spam)\b/i],
  ['scout', /\b(score[ds]?|scoring|why|follow[- ]?ups?|today|leads?|who|prioriti[sz]e|threads?)\b/i],
];

export function routeByKeywords(text: string): AgentName | null {
  return RULES.find(([, re]) => re.test(text))?.[0] ?? null;
}

export const RouteChoice = z.object({ agent: z.enum(['scout', 'herald', 'cipher', 'sentinel']) });

export async function routeQuestion(text: string, model: ModelClient | null): Promise<{ agent: AgentName; by: 'keywords' | 'model' | 'default' }> {
  const byKeywords = routeByKeywords(text);
  if (byKeywords) return { agent: byKeywords, by: 'keywords' };
  if (!model) return { agent: 'scout', by: 'default' };
  const choice = await model.completeJson('chat_route', RouteChoice, [
    {
      role: 'system',
      content:
        'Pick the agent for a sales rep\'s question. scout: leads, scores and why, who needs a follow-up, searching threads. herald: drafting or sending emails. cipher: the CRM, pipeline, duplicates, sync. sentinel: health, alerts, bounces, deliverability. Return JSON {"agent": one of scout, herald, cipher, sentinel}.',
    },
    { role: 'user', content: text.slice(0, 2000) },
  ]);
  return { agent: choice.agent, by: 'model' };
}

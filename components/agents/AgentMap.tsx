import { useQuery } from '@tanstack/react-query';
import type { MappedAgent, MappedTool } from '../../lib/contract/agent-map';
import { EFFECT_WORDS } from '../../lib/contract/effect-words';
import type { AuditRow } from '../../lib/db/schema';
import { request } from '../../lib/protocol/client';
import { AuditEntries } from '../audit/AuditEntries';
import { keys } from '../query-client';
import { Badge, type BadgeTone } from '../ui/Badge';
import { ErrorNote, errorMessage } from '../ui/ErrorNote';
import { Section } from '../ui/Section';


const TONE: Record<MappedTool['effect'], BadgeTone> = { read: 'neutral', propose: 'info', execute: 'danger' };

/**
 * The agent map: each agent, what it does, what it may not do, its tools and its recent actions.
 * Generated from the declarations the runtime enforces (lib/contract/agent-map.ts), so it cannot
 * drift from what the agents can actually do.
 */
export function AgentMap() {
  const q = useQuery({ queryKey: [...keys.audit, 'agents'], queryFn: () => request({ type: 'agents.map' }) });
  if (!q.data) return <ErrorNote>{q.error ? `The agent map is unavailable: ${errorMessage(q.error)}` : null}</ErrorNote>;
  const { map, recent } = q.data;
  return (
    <div className="space-y-6">
      <p className="text-sm text-slate-600">
        What each agent may do, read from the same declarations the runtime enforces. Agents read and propose; nothing they do leaves your machine or changes the CRM until a person approves it.
      </p>
      {map.agents.map((a) => (
        <AgentCard key={a.name} agent={a} recent={recent[a.name] ?? []} />
      ))}
      <Section title="Approval only">
        <p className="text-sm text-slate-600">No agent may call these tools: they run only from a person's approval.</p>
        <ToolList tools={map.approvalOnly} testId="cs-agent-approval-only" />
      </Section>
    </div>
  );
}

function AgentCard({ agent, recent }: { agent: MappedAgent; recent: AuditRow[] }) {
  return (
    <section data-testid="cs-agent" data-agent={agent.name} className="space-y-2 rounded-lg border border-slate-200 bg-white p-3">
      <h2 className="text-sm font-semibold text-slate-900 capitalize">{agent.name}</h2>
      <p className="text-sm text-slate-700" data-testid="cs-agent-role">
        {agent.role}
      </p>
      <ul className="space-y-0.5 text-sm text-slate-700" aria-label={`${agent.name} does not`}>
        {agent.doesNot.map((line) => (
          <li key={line} data-testid="cs-agent-does-not">
            Does not {line}.
          </li>
        ))}
      </ul>
      <h3 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Tools</h3>
      <ToolList tools={agent.tools} testId="cs-agent-tool" />
      <h3 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Recent actions</h3>
      {recent.length === 0 ? (
        <p className="text-xs text-slate-500" data-testid="cs-agent-no-actions">
          No actions in the audit log yet.
        </p>
      ) : (
        <AuditEntries rows={recent} />
      )}
    </section>
  );
}

function ToolList({ tools, testId }: { tools: MappedTool[]; testId: string }) {
  return (
    <ul className="space-y-1">
      {tools.map((t) => (
        <li key={t.name} data-testid={testId} data-tool={t.name} data-effect={t.effect} className="text-xs text-slate-700">
          <span className="font-mono font-medium text-slate-900">{t.name}</span> <Badge tone={TONE[t.effect]}>{EFFECT_WORDS[t.effect]}</Badge> {t.description}
        </li>
      ))}
    </ul>
  );
}

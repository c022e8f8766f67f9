// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { AGENTS } from '../../lib/agents/agents';
import { TOOLS } from '../../lib/agents/tools';
import { appendAudit } from '../../lib/audit/log';
import { realBackground, renderWithQueries } from '../../test/panel-harness';
import { shadowPanel } from '../../test/shadow-panel';
import { AgentMap } from './AgentMap';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const { root, allInPanel } = shadowPanel('countersign-agents');
const bg = realBackground({ now: () => Date.UTC(2026, 0, 12, 9) });

describe('AgentMap', () => {
  it('shows each agent with its role, "does not" lines, tools (effect and description) and its own recent actions', async () => {
    await appendAudit(bg.db(), { actor: { type: 'agent', id: 'herald' }, action: 'email.queued', subjectId: 'a1' });
    await appendAudit(bg.db(), { actor: { type: 'human', id: 'rep' }, action: 'email.approved', subjectId: 'a1' });
    await appendAudit(bg.db(), { actor: { type: 'agent', id: 'cipher' }, action: 'crm.sync.proposed', subjectId: 'c1' });
    await renderWithQueries(root(), <AgentMap />);

    const cards = allInPanel('cs-agent');
    expect(cards.map((c) => c.dataset.agent)).toEqual(Object.keys(AGENTS));
    const herald = cards.find((c) => c.dataset.agent === 'herald')!;
    expect(herald.querySelector('[data-testid="cs-agent-role"]')?.textContent).toBe(AGENTS.herald.role);
    expect([...herald.querySelectorAll('[data-testid="cs-agent-does-not"]')].map((l) => l.textContent)).toEqual(['Does not send email.']);
    const tools = [...herald.querySelectorAll<HTMLElement>('[data-testid="cs-agent-tool"]')];
    expect(tools.map((t) => t.dataset.tool)).toEqual([...AGENTS.herald.tools]);
    const queue = tools.find((t) => t.dataset.tool === 'approval.queue')!;
    expect(queue.dataset.effect).toBe('propose');
    expect(queue.textContent).toContain(TOOLS.find((t) => t.name === 'approval.queue')!.description);
    expect([...herald.querySelectorAll<HTMLElement>('[data-testid="cs-audit-entry"]')].map((e) => e.dataset.action)).toEqual(['email.queued']);

    const scout = cards.find((c) => c.dataset.agent === 'scout')!;
    expect(scout.querySelector('[data-testid="cs-agent-no-actions"]')).not.toBeNull();
    expect(allInPanel('cs-agent-approval-only').map((t) => t.dataset.tool)).toEqual(TOOLS.filter((t) => t.effect === 'execute').map((t) => t.name));
  });
});

// @vitest-environment happy-dom
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { PipelineStats, StageStats } from '../../../lib/agents/cipher/pipeline/stats';
import type { PipelineView, StageChangeView } from '../../../lib/protocol/responses';
import { click, type } from '../../../test/panel-harness';
import { shadowPanel } from '../../../test/shadow-panel';
import { PipelineBoard, type PipelineBoardProps } from './PipelineBoard';

const NOW = Date.UTC(2026, 0, 12, 9);
const DAY = 86_400_000;

const stage = (stageId: string, label: string, over: Partial<StageStats> = {}): StageStats => ({ stageId, label, closed: null, count: 0, value: 0, unvalued: 0, daysInStage: null, conversionToNext: null, reached: 0, ...over });

const SALES: PipelineStats = {
  pipelineId: 'sales',
  label: 'Sales',
  stages: [
    stage('lead', 'Lead', { count: 2, value: 30_000, unvalued: 1, daysInStage: { mean: 5, median: 4 }, conversionToNext: 0.5, reached: 4 }),
    stage('demo', 'Demo', { count: 1, value: 50_000, daysInStage: { mean: 12, median: 12 }, conversionToNext: 1, reached: 2 }),
    stage('won', 'Closed won', { closed: 'won', count: 1, value: 20_000, daysInStage: { mean: 1, median: 1 }, reached: 2 }),
    stage('lost', 'Closed lost', { closed: 'lost' }),
  ],
  ageing: [{ dealId: 'd2', name: 'Globex renewal', pipelineId: 'sales', stageId: 'lead', daysSinceUpdate: 31 }],
  unknownStage: 0,
  fromHistory: true,
};
const PARTNERS: PipelineStats = { pipelineId: 'partners', label: 'Partners', stages: [stage('intro', 'Intro'), stage('signed', 'Signed', { closed: 'won' })], ageing: [], unknownStage: 0, fromHistory: false };

const change = (id: string, over: Partial<StageChangeView> = {}): StageChangeView => ({
  id,
  state: 'applied',
  crm: 'hubspot',
  proposalHash: `hash-${id}-0123456789abcdef`,
  dealId: 'd1',
  dealName: 'Acme pilot',
  from: { stageId: 'lead', label: 'Lead' },
  to: { stageId: 'demo', label: 'Demo' },
  proposedBy: { type: 'human', id: 'rep' },
  createdAt: NOW - DAY,
  appliedAt: NOW - DAY,
  undoneAt: null,
  undoable: true,
  ...over,
});

const VIEW: PipelineView = {
  crm: 'hubspot',
  pipelines: [
    { id: 'sales', label: 'Sales', stages: SALES.stages.map((s) => ({ id: s.stageId, label: s.label, closed: s.closed })) },
    { id: 'partners', label: 'Partners', stages: PARTNERS.stages.map((s) => ({ id: s.stageId, label: s.label, closed: s.closed })) },
  ],
  stats: [SALES, PARTNERS],
  deals: [
    { id: 'd1', name: 'Acme pilot', amount: 30_000, currency: 'USD', pipelineId: 'sales', stageId: 'lead', updatedAt: new Date(NOW - DAY).toISOString() },
    { id: 'd2', name: 'Globex renewal', amount: null, currency: null, pipelineId: 'sales', stageId: 'lead', updatedAt: new Date(NOW - 31 * DAY).toISOString() },
    { id: 'd3', name: 'Initech rollout', amount: 50_000, currency: 'USD', pipelineId: 'sales', stageId: 'demo', updatedAt: null },
    { id: 'd4', name: null, amount: 20_000, currency: 'USD', pipelineId: null, stageId: 'won', updatedAt: null },
  ],
  truncated: false,
  changes: [
    change('c-applied'),
    change('c-undone', { dealId: 'd3', dealName: 'Initech rollout', state: 'rolled_back', undoneAt: NOW - 3600_000, undoable: false, createdAt: NOW - 2 * DAY, appliedAt: NOW - 2 * DAY }),
    change('c-proposed', { state: 'proposed', dealId: 'd3', dealName: 'Initech rollout', from: { stageId: 'demo', label: 'Demo' }, to: { stageId: 'won', label: 'Closed won' }, proposedBy: { type: 'agent', id: 'cipher' }, appliedAt: null, undoable: false }),
  ],
  readAt: NOW,
};

const { root, inPanel, allInPanel } = shadowPanel('countersign-pipeline');

function render(view: PipelineView = VIEW, extra: Partial<PipelineBoardProps> = {}) {
  const props = { onChangeStage: vi.fn(), onApprove: vi.fn(), onDeny: vi.fn(), onUndo: vi.fn() };
  act(() => root().render(<PipelineBoard view={view} {...props} {...extra} />));
  return props;
}

/** Picks an option as a user does (happy-dom marks no event as trusted). */
async function choose(el: Element | null | undefined, value: string) {
  if (!(el instanceof HTMLSelectElement)) throw new Error('not a select');
  await act(async () => {
    el.value = value;
    const event = new Event('change', { bubbles: true, composed: true });
    Object.defineProperty(event, 'isTrusted', { value: true });
    el.dispatchEvent(event);
  });
}

const within = (el: Element | null | undefined, testId: string) => Array.from(el?.querySelectorAll<HTMLElement>(`[data-testid="${testId}"]`) ?? []);
const ariaLabel = (testId: string) => inPanel(testId)?.querySelector('svg[role="img"]')?.getAttribute('aria-label');
const stageSelect = (name: string) => inPanel('cs-pipeline')?.querySelector<HTMLSelectElement>(`select[aria-label="Stage for ${name}"]`) ?? null;

describe('PipelineBoard', () => {
  it('charts count, value, conversion and time in stage with one bar per stage, and lists ageing deals', () => {
    render();
    for (const id of ['cs-chart-count', 'cs-chart-value', 'cs-chart-conversion', 'cs-chart-days']) {
      expect(within(inPanel(id), 'cs-bar').map((b) => b.dataset.key), id).toEqual(['lead', 'demo', 'won', 'lost']);
    }
    expect(ariaLabel('cs-chart-count')).toBe('Deals per stage: Lead 2, Demo 1, Closed won 1, Closed lost 0');
    expect(ariaLabel('cs-chart-conversion')).toBe('Conversion to the next stage: Lead 50% of 4, Demo 100% of 2, Closed won —, Closed lost —');
    expect(ariaLabel('cs-chart-days')).toContain('Demo 12 d');
    expect(inPanel('cs-chart-value')?.querySelector('figcaption')?.textContent).toBe('Value per stage (USD)');
    expect(within(inPanel('cs-chart-value'), 'cs-bar')[1]?.textContent).toContain(new Intl.NumberFormat(undefined, { notation: 'compact', style: 'currency', currency: 'USD', maximumFractionDigits: 1 }).format(50_000));
    expect(inPanel('cs-chart-value')?.textContent).toContain('1 deal without an amount, counted as 0 (Lead: 1)');
    const ageing = within(inPanel('cs-ageing'), 'cs-ageing-deal');
    expect(ageing.map((a) => a.dataset.deal)).toEqual(['d2']);
    expect(ageing[0]?.textContent).toContain('Globex renewal');
    expect(ageing[0]?.textContent).toContain('Lead');
    expect(ageing[0]?.textContent).toContain('31 d since update');
  });

  it("lists the selected pipeline's deals, counting one without a pipeline at one of its stages", () => {
    render();
    const rows = allInPanel('cs-deal-row');
    expect(rows.map((r) => r.dataset.deal)).toEqual(['d1', 'd2', 'd3', 'd4']);
    expect(rows[3]?.textContent).toContain('Deal d4');
    expect(within(rows[1], 'cs-deal-amount')[0]?.textContent).toBe('—');
    expect(stageSelect('Acme pilot')?.value).toBe('lead');
    expect(Array.from(stageSelect('Acme pilot')?.options ?? []).map((o) => o.textContent)).toEqual(['Lead', 'Demo', 'Closed won', 'Closed lost']);
  });

  it('moving a deal with its stage picker calls onChangeStage with the deal, the stage and the pipeline', async () => {
    const props = render();
    await choose(stageSelect('Initech rollout'), 'won');
    expect(props.onChangeStage).not.toHaveBeenCalled(); // picking alone moves nothing
    await click(inPanel('cs-deal-move'));
    expect(props.onChangeStage).toHaveBeenCalledExactlyOnceWith('d3', 'won', 'sales');
  });

  it('ignores a stage change a script makes (untrusted) and picking the stage the deal is already at', async () => {
    const props = render();
    const select = stageSelect('Acme pilot')!;
    await act(async () => {
      select.value = 'demo';
      select.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
    });
    await choose(stageSelect('Globex renewal'), 'lead');
    expect(inPanel('cs-deal-move')).toBeNull();
    expect(props.onChangeStage).not.toHaveBeenCalled();
  });

  it('switches pipeline with the selector; an empty pipeline says so instead of charting zeros', async () => {
    const props = render();
    await choose(inPanel('cs-pipeline-select')?.querySelector('select') ?? inPanel('cs-pipeline-select'), 'partners');
    expect(inPanel('cs-pipeline-empty')?.textContent).toBe('No deals in Partners yet, so there is nothing to chart.');
    expect(inPanel('cs-chart-count')).toBeNull();
    expect(allInPanel('cs-deal-row')).toHaveLength(0);
    expect(props.onChangeStage).not.toHaveBeenCalled();
  });

  it('shows no pipeline selector when there is one pipeline', () => {
    render({ ...VIEW, pipelines: VIEW.pipelines.slice(0, 1), stats: [SALES] });
    expect(inPanel('cs-pipeline-select')).toBeNull();
    expect(allInPanel('cs-deal-row')).toHaveLength(4);
  });

  it('shows a proposed change waiting for approval with who proposed it; Approve passes the change', async () => {
    const props = render();
    const proposals = allInPanel('cs-stage-proposal');
    expect(proposals.map((p) => p.dataset.change)).toEqual(['c-proposed']);
    expect(proposals[0]?.textContent).toContain('Initech rollout');
    expect(within(proposals[0], 'cs-stage-proposal-move')[0]?.textContent).toBe('Demo → Closed won');
    expect(within(proposals[0], 'cs-stage-proposal-by')[0]?.textContent).toBe('Proposed by Cipher (agent)');
    await click(inPanel('cs-stage-approve'));
    expect(props.onApprove).toHaveBeenCalledExactlyOnceWith(VIEW.changes[2]);
    expect(props.onDeny).not.toHaveBeenCalled();
  });

  it('denies a proposal only with a reason', async () => {
    const props = render();
    await click(inPanel('cs-stage-deny'));
    const confirm = inPanel('cs-deny-confirm') as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    await click(confirm);
    expect(props.onDeny).not.toHaveBeenCalled();
    await type(inPanel('cs-deny-reason'), '  Not signed yet  ');
    expect(confirm.disabled).toBe(false);
    await click(confirm);
    expect(props.onDeny).toHaveBeenCalledExactlyOnceWith(VIEW.changes[2], 'Not signed yet');
    expect(props.onApprove).not.toHaveBeenCalled();
  });

  it('lists recent changes newest first with who and state; Undo only where undoable, an undone one says so', async () => {
    const props = render();
    const changes = allInPanel('cs-stage-change');
    expect(changes.map((c) => c.dataset.change)).toEqual(['c-undone', 'c-applied']);
    expect(within(changes[1], 'cs-stage-change-move')[0]?.textContent).toBe('Lead → Demo');
    expect(changes[1]?.textContent).toContain('You');
    expect(changes[1]?.textContent).toContain('Applied');
    expect(within(changes[0], 'cs-stage-undone')[0]?.textContent).toBe('Undone');
    expect(within(changes[0], 'cs-stage-undo')).toHaveLength(0);
    expect(allInPanel('cs-stage-undo')).toHaveLength(1);
    await click(within(changes[1], 'cs-stage-undo')[0]);
    expect(props.onUndo).toHaveBeenCalledExactlyOnceWith(VIEW.changes[0]);
  });

  it('disables every action while busy', () => {
    render(VIEW, { busy: true });
    expect((inPanel('cs-stage-approve') as HTMLButtonElement).disabled).toBe(true);
    expect((inPanel('cs-stage-undo') as HTMLButtonElement).disabled).toBe(true);
    expect(stageSelect('Acme pilot')?.disabled).toBe(true);
  });

  it('says so when the CRM has no pipelines, and when nothing waits or has changed', () => {
    render({ ...VIEW, pipelines: [], stats: [], deals: [], changes: [] });
    expect(inPanel('cs-pipeline-none')?.textContent).toBe('HubSpot has no deal pipelines, so there is nothing to chart yet.');
    expect(inPanel('cs-stage-proposals-none')?.textContent).toBe('No stage change is waiting for your approval.');
    expect(inPanel('cs-stage-changes-none')?.textContent).toBe('No stage changes yet.');
    expect(allInPanel('cs-bar')).toHaveLength(0);
  });

  it('warns when not every deal was read', () => {
    render({ ...VIEW, truncated: true });
    expect(inPanel('cs-pipeline-truncated')).not.toBeNull();
  });
});

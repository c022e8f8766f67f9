// @vitest-environment happy-dom
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import { shadowPanel } from '../../../test/shadow-panel';
import { BarChart } from './BarChart';
import { compactCurrency, compactNumber, percent } from './format';
import { LineChart } from './LineChart';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const { root, inPanel, allInPanel } = shadowPanel('countersign-charts');
const render = (node: React.ReactNode) => act(() => root().render(node));
const svgOf = (testId: string) => inPanel(testId)?.querySelector('svg[role="img"]') ?? null;
const barWidth = (bar: Element) => Number(bar.querySelectorAll('rect')[1]?.getAttribute('width'));

const STAGES = [
  { key: 'lead', label: 'Lead', value: 8 },
  { key: 'demo', label: 'Demo booked', value: 4 },
  { key: 'won', label: 'Closed won', value: 0 },
];

describe('BarChart', () => {
  it('draws one bar per item, scaled to the largest, with each label and value shown and summarised in the aria-label', async () => {
    await render(<BarChart label="Deals per stage" data={STAGES} testId="cs-chart-count" />);
    const bars = allInPanel('cs-bar');
    expect(bars.map((b) => b.dataset.key)).toEqual(['lead', 'demo', 'won']);
    expect(barWidth(bars[1]!)).toBeCloseTo(barWidth(bars[0]!) / 2);
    expect(barWidth(bars[2]!)).toBe(0);
    expect(bars[0]?.textContent).toContain('Lead');
    expect(bars[0]?.textContent).toContain('8');
    expect(svgOf('cs-chart-count')?.getAttribute('aria-label')).toBe('Deals per stage: Lead 8, Demo booked 4, Closed won 0');
    expect(inPanel('cs-chart-count')?.querySelector('figcaption')?.textContent).toBe('Deals per stage');
  });

  it('gives screen readers the figures as a table too', async () => {
    await render(<BarChart label="Deals per stage" data={STAGES} keyHeading="Stage" valueHeading="Deals" testId="c" />);
    const rows = Array.from(inPanel('c')?.querySelectorAll('table tbody tr') ?? []).map((r) => Array.from(r.children).map((c) => c.textContent));
    expect(rows).toEqual([
      ['Lead', '8'],
      ['Demo booked', '4'],
      ['Closed won', '0'],
    ]);
    expect(inPanel('c')?.querySelector('table caption')?.textContent).toBe('Deals per stage');
  });

  it('uses the formatter, a given display text and a fixed maximum; an item without a figure keeps its row, with no bar', async () => {
    await render(
      <BarChart
        label="Conversion"
        max={1}
        format={percent}
        data={[
          { key: 'a', label: 'A', value: 0.5 },
          { key: 'b', label: 'B', value: 0.25, display: '25% of 4' },
          { key: 'c', label: 'C', value: null },
        ]}
        testId="c"
      />,
    );
    const bars = allInPanel('cs-bar');
    expect(bars).toHaveLength(3);
    expect(bars.map((b) => b.querySelector('text:last-of-type')?.textContent)).toEqual(['50%', '25% of 4', '—']);
    expect(barWidth(bars[0]!)).toBeCloseTo(barWidth(bars[1]!) * 2);
    expect(barWidth(bars[2]!)).toBe(0);
    expect(svgOf('c')?.getAttribute('aria-label')).toBe('Conversion: A 50%, B 25% of 4, C no figure');
  });

  it('says so when there is nothing to draw', async () => {
    await render(<BarChart label="Deals per stage" data={[]} empty="No stages." testId="c" />);
    expect(allInPanel('cs-bar')).toHaveLength(0);
    expect(svgOf('c')).toBeNull();
    expect(inPanel('c')?.textContent).toContain('No stages.');
  });
});

describe('LineChart', () => {
  const SERIES = [
    { key: 'bounce', label: 'Hard bounce', points: [{ x: 3, y: 0.01 }, { x: 1, y: 0.005 }, { x: 2, y: 0.03 }] },
    { key: 'optout', label: 'Opt-out', points: [{ x: 1, y: 0 }, { x: 3, y: 0.002 }] },
  ];

  it('draws one line per series through its points in x order, a threshold line, and a summary aria-label', async () => {
    await render(<LineChart label="Deliverability" series={SERIES} yFormat={(n) => `${(n * 100).toFixed(1)}%`} xFormat={(x) => `day ${x}`} threshold={{ value: 0.02, label: 'Pause at 2%' }} testId="cs-chart-trend" />);
    const lines = allInPanel('cs-line');
    expect(lines.map((l) => [l.dataset.key, l.dataset.points])).toEqual([
      ['bounce', '3'],
      ['optout', '2'],
    ]);
    const cx = Array.from(lines[0]!.querySelectorAll('circle')).map((c) => Number(c.getAttribute('cx')));
    expect(cx).toEqual([...cx].sort((a, b) => a - b));
    expect(inPanel('cs-threshold')?.textContent).toBe('Pause at 2%');
    expect(svgOf('cs-chart-trend')?.getAttribute('aria-label')).toBe('Deliverability: Hard bounce from 0.5% to 1.0% over 3 points; Opt-out from 0.0% to 0.2% over 2 points; Pause at 2% at 2.0%');
  });

  it('puts the threshold above a point under it and below a point over it', async () => {
    await render(<LineChart label="Rate" series={SERIES} threshold={{ value: 0.02, label: 'limit' }} testId="c" />);
    const y = Number(inPanel('cs-threshold')?.querySelector('line')?.getAttribute('y1'));
    const circles = Array.from(allInPanel('cs-line')[0]!.querySelectorAll('circle')).map((c) => Number(c.getAttribute('cy')));
    expect(circles[0]).toBeGreaterThan(y); // 0.005, x=1: under the line (larger SVG y)
    expect(circles[1]).toBeLessThan(y); // 0.03, x=2: over it
  });

  it('tabulates every x with each series value for screen readers', async () => {
    await render(<LineChart label="Rate" series={SERIES} xHeading="Day" yFormat={String} xFormat={String} testId="c" />);
    const head = Array.from(inPanel('c')?.querySelectorAll('table thead th') ?? []).map((c) => c.textContent);
    const rows = Array.from(inPanel('c')?.querySelectorAll('table tbody tr') ?? []).map((r) => Array.from(r.children).map((c) => c.textContent));
    expect(head).toEqual(['Day', 'Hard bounce', 'Opt-out']);
    expect(rows).toEqual([
      ['1', '0.005', '0'],
      ['2', '0.03', '—'],
      ['3', '0.01', '0.002'],
    ]);
  });

  it('draws a single point and says so when there are none', async () => {
    await render(<LineChart label="Rate" series={[{ key: 'a', label: 'A', points: [{ x: 5, y: 2 }] }]} testId="c" />);
    expect(allInPanel('cs-line')[0]?.querySelectorAll('circle')).toHaveLength(1);
    expect(allInPanel('cs-line')[0]?.querySelector('path')).toBeNull();
    await render(<LineChart label="Rate" series={[{ key: 'a', label: 'A', points: [] }]} testId="c" />);
    expect(svgOf('c')).toBeNull();
    expect(inPanel('c')?.textContent).toContain('No data yet.');
  });
});

describe('chart formats', () => {
  it('shortens amounts and keeps an unknown currency code as text', () => {
    expect(compactCurrency(12_000, 'USD')).toBe(new Intl.NumberFormat(undefined, { notation: 'compact', style: 'currency', currency: 'USD', maximumFractionDigits: 1 }).format(12_000));
    expect(compactCurrency(12_000, 'not a code')).toBe(`${compactNumber(12_000)} not a code`);
    expect(percent(0.456)).toBe('46%');
  });
});

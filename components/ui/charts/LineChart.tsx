import type { ReactNode } from 'react';
import { DataTable } from './DataTable';
import { compactNumber } from './format';

export interface LinePoint {
  x: number;
  y: number;
}

export interface LineSeries {
  key: string;
  label: string;
  points: readonly LinePoint[];
}

export interface LineChartProps {
  /** What the chart shows; the visible caption and the start of the SVG's aria-label. */
  label: string;
  series: readonly LineSeries[];
  /** Formats a y value (default: compact number). */
  yFormat?: (n: number) => string;
  /** Formats an x value (default: compact number; pass a date formatter for timestamps). */
  xFormat?: (n: number) => string;
  /** A horizontal line, e.g. the rate above which a sequence is paused. */
  threshold?: { value: number; label: string };
  /** Fixed y range (default: from 0, or the lowest value if negative, to the highest value or threshold). */
  yMin?: number;
  yMax?: number;
  /** Heading of the x column in the data table read by screen readers. */
  xHeading?: string;
  note?: ReactNode;
  /** Shown instead of the chart when no series has a point. */
  empty?: ReactNode;
  testId?: string;
}

const PALETTE = [
  { stroke: 'stroke-indigo-600', fill: 'fill-indigo-600', swatch: 'bg-indigo-600' },
  { stroke: 'stroke-amber-500', fill: 'fill-amber-500', swatch: 'bg-amber-500' },
  { stroke: 'stroke-emerald-600', fill: 'fill-emerald-600', swatch: 'bg-emerald-600' },
  { stroke: 'stroke-sky-500', fill: 'fill-sky-500', swatch: 'bg-sky-500' },
  { stroke: 'stroke-fuchsia-600', fill: 'fill-fuchsia-600', swatch: 'bg-fuchsia-600' },
  { stroke: 'stroke-slate-500', fill: 'fill-slate-500', swatch: 'bg-slate-500' },
] as const;

const WIDTH = 360;
const HEIGHT = 150;
const PAD = { left: 44, right: 10, top: 10, bottom: 20 };

/**
 * A trend over time: one line per series, an optional threshold line. The SVG is one image with a
 * summary as its aria-label; the points are also in a table for screen readers. Each series' line
 * is `data-testid="cs-line"` (with `data-key`), the threshold `cs-threshold`.
 */
export function LineChart({ label, series, yFormat = compactNumber, xFormat = compactNumber, threshold, yMin, yMax, xHeading = 'x', note, empty = 'No data yet.', testId }: LineChartProps) {
  const points = series.flatMap((s) => s.points);
  const xs = [...new Set(points.map((p) => p.x))].sort((a, b) => a - b);
  const ys = points.map((p) => p.y).concat(threshold ? [threshold.value] : []);
  const lo = yMin ?? Math.min(0, ...ys);
  let hi = yMax ?? Math.max(...ys, lo);
  if (hi <= lo) hi = lo + 1;
  const x0 = xs[0] ?? 0;
  const x1 = xs.at(-1) ?? 0;
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const sx = (x: number) => PAD.left + (x1 === x0 ? plotW / 2 : ((x - x0) / (x1 - x0)) * plotW);
  const sy = (y: number) => PAD.top + (1 - (Math.min(hi, Math.max(lo, y)) - lo) / (hi - lo)) * plotH;
  const ticks = [hi, (hi + lo) / 2, lo];

  const describe = (s: LineSeries) => {
    const sorted = [...s.points].sort((a, b) => a.x - b.x);
    const first = sorted[0];
    const last = sorted.at(-1);
    if (!first || !last) return `${s.label} no data`;
    return sorted.length === 1 ? `${s.label} ${yFormat(first.y)}` : `${s.label} from ${yFormat(first.y)} to ${yFormat(last.y)} over ${sorted.length} points`;
  };
  const summary = `${label}: ${series.map(describe).join('; ')}${threshold ? `; ${threshold.label} at ${yFormat(threshold.value)}` : ''}`;

  return (
    <figure data-testid={testId} className="space-y-1">
      <figcaption className="text-xs font-medium text-slate-700">{label}</figcaption>
      {points.length === 0 ? (
        <p className="text-xs text-slate-500">{empty}</p>
      ) : (
        <>
          <svg role="img" aria-label={summary} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" className="block max-w-full overflow-visible">
            {ticks.map((t, i) => (
              <g key={i}>
                <line x1={PAD.left} x2={WIDTH - PAD.right} y1={sy(t)} y2={sy(t)} className="stroke-slate-200" strokeWidth={1} />
                <text x={PAD.left - 4} y={sy(t)} textAnchor="end" dominantBaseline="central" className="fill-slate-500 text-[10px] tabular-nums">
                  {yFormat(t)}
                </text>
              </g>
            ))}
            <text x={sx(x0)} y={HEIGHT - 4} textAnchor={x1 === x0 ? 'middle' : 'start'} className="fill-slate-500 text-[10px]">
              {xFormat(x0)}
            </text>
            {x1 !== x0 && (
              <text x={sx(x1)} y={HEIGHT - 4} textAnchor="end" className="fill-slate-500 text-[10px]">
                {xFormat(x1)}
              </text>
            )}
            {threshold && (
              <g data-testid="cs-threshold" data-value={threshold.value}>
                <line x1={PAD.left} x2={WIDTH - PAD.right} y1={sy(threshold.value)} y2={sy(threshold.value)} className="stroke-rose-500" strokeWidth={1} strokeDasharray="4 3" />
                <text x={WIDTH - PAD.right} y={sy(threshold.value) - 3} textAnchor="end" className="fill-rose-700 text-[10px]">
                  {threshold.label}
                </text>
              </g>
            )}
            {series.map((s, i) => {
              const c = PALETTE[i % PALETTE.length]!;
              const sorted = [...s.points].sort((a, b) => a.x - b.x);
              const d = sorted.map((p, j) => `${j ? 'L' : 'M'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ');
              return (
                <g key={s.key} data-testid="cs-line" data-key={s.key} data-points={sorted.length}>
                  {sorted.length > 1 && <path d={d} fill="none" strokeWidth={1.75} strokeLinejoin="round" className={c.stroke} />}
                  {sorted.map((p, j) => (
                    <circle key={`${p.x}:${j}`} cx={sx(p.x)} cy={sy(p.y)} r={sorted.length > 24 ? 1.5 : 2.5} className={c.fill}>
                      <title>{`${s.label}, ${xFormat(p.x)}: ${yFormat(p.y)}`}</title>
                    </circle>
                  ))}
                </g>
              );
            })}
          </svg>
          {series.length > 1 && (
            <ul className="flex flex-wrap gap-x-3 gap-y-1 text-[11px] text-slate-600" aria-hidden="true">
              {series.map((s, i) => (
                <li key={s.key} className="inline-flex items-center gap-1">
                  <span className={`inline-block size-2 rounded-full ${PALETTE[i % PALETTE.length]!.swatch}`} />
                  {s.label}
                </li>
              ))}
            </ul>
          )}
          <DataTable
            caption={label}
            headings={[xHeading, ...series.map((s) => s.label)]}
            rows={xs.map((x) => ({ key: x, label: xFormat(x), cells: series.map((s) => { const p = s.points.find((q) => q.x === x); return p ? yFormat(p.y) : '—'; }) }))}
          />
        </>
      )}
      {note && <div className="text-[11px] text-slate-500">{note}</div>}
    </figure>
  );
}

import type { ReactNode } from 'react';
import { DataTable } from './DataTable';
import { compactNumber } from './format';

export interface BarDatum {
  key: string;
  label: string;
  /** null: no figure for this item (shown as "—" with no bar, but still a row). */
  value: number | null;
  /** Text shown for the value instead of `format(value)`. */
  display?: string;
  tone?: BarTone;
}

export type BarTone = 'default' | 'success' | 'danger' | 'muted';

export interface BarChartProps {
  /** What the chart shows; the visible caption and the start of the SVG's aria-label. */
  label: string;
  data: readonly BarDatum[];
  /** Formats a value for display (default: compact number). */
  format?: (n: number) => string;
  /** The value of a full-width bar (default: the largest value). E.g. 1 for shares. */
  max?: number;
  /** Headings of the data table read by screen readers. */
  keyHeading?: string;
  valueHeading?: string;
  /** A line under the chart (e.g. what the figures leave out). */
  note?: ReactNode;
  /** Shown instead of the chart when `data` is empty. */
  empty?: ReactNode;
  testId?: string;
}

const TONES: Record<BarTone, string> = {
  default: 'fill-indigo-500',
  success: 'fill-emerald-500',
  danger: 'fill-rose-400',
  muted: 'fill-slate-300',
};

const WIDTH = 360;
const ROW = 22;
const BAR = 14;
const LABEL_W = 112;
const VALUE_W = 64;
const GAP = 6;
const BAR_W = WIDTH - LABEL_W - VALUE_W - 2 * GAP;

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * Horizontal bars, one row per item: label, bar, value. The SVG is one image with a summary as its
 * aria-label; the figures are also in a table for screen readers. Each row is `data-testid="cs-bar"`.
 */
export function BarChart({ label, data, format = compactNumber, max, keyHeading = 'Item', valueHeading = 'Value', note, empty = 'Nothing to show yet.', testId }: BarChartProps) {
  const text = (d: BarDatum) => d.display ?? (d.value === null ? '—' : format(d.value));
  const top = max ?? Math.max(0, ...data.map((d) => d.value ?? 0));
  const width = (v: number | null) => (v === null || top <= 0 ? 0 : Math.max(0, Math.min(1, v / top)) * BAR_W);
  const summary = `${label}: ${data.map((d) => `${d.label} ${d.display ?? (d.value === null ? 'no figure' : format(d.value))}`).join(', ')}`;
  const height = data.length * ROW;
  return (
    <figure data-testid={testId} className="space-y-1">
      <figcaption className="text-xs font-medium text-slate-700">{label}</figcaption>
      {data.length === 0 ? (
        <p className="text-xs text-slate-500">{empty}</p>
      ) : (
        <>
          <svg role="img" aria-label={summary} viewBox={`0 0 ${WIDTH} ${height}`} width="100%" className="block max-w-full overflow-visible">
            {data.map((d, i) => {
              const y = i * ROW;
              const w = width(d.value);
              return (
                <g key={d.key} data-testid="cs-bar" data-key={d.key} data-value={d.value ?? ''}>
                  <title>{`${d.label}: ${text(d)}`}</title>
                  <text x={LABEL_W - GAP} y={y + ROW / 2} textAnchor="end" dominantBaseline="central" className="fill-slate-600 text-[11px]">
                    {clip(d.label, 18)}
                  </text>
                  <rect x={LABEL_W} y={y + (ROW - BAR) / 2} width={BAR_W} height={BAR} rx={2} className="fill-slate-100" />
                  <rect x={LABEL_W} y={y + (ROW - BAR) / 2} width={w} height={BAR} rx={2} className={TONES[d.tone ?? 'default']} />
                  <text x={LABEL_W + BAR_W + GAP} y={y + ROW / 2} dominantBaseline="central" className="fill-slate-800 text-[11px] font-medium tabular-nums">
                    {clip(text(d), 12)}
                  </text>
                </g>
              );
            })}
          </svg>
          <DataTable caption={label} headings={[keyHeading, valueHeading]} rows={data.map((d) => ({ key: d.key, label: d.label, cells: [text(d)] }))} />
        </>
      )}
      {note && <div className="text-[11px] text-slate-500">{note}</div>}
    </figure>
  );
}

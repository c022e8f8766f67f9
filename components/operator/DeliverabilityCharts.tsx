import { DELIVERABILITY_THRESHOLDS, type DeliverabilityThresholds, type TrendPoint } from '../../lib/agents/sentinel/deliverability';
import { BarChart } from '../ui/charts/BarChart';
import { LineChart, type LineSeries } from '../ui/charts/LineChart';
import { rate } from './format';

/** Days in the sends chart (the bar chart has one row per day). */
const SEND_DAYS = 14;

let dayFormat: Intl.DateTimeFormat | undefined;
/** Day keys are dates, drawn at UTC midnight and shown as such ("12 Jan"). */
const dayLabel = (x: number) => (dayFormat ??= new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' })).format(x);
const dayX = (day: string) => Date.parse(`${day}T00:00:00Z`);

type RateKey = 'hardBounces' | 'softBounces' | 'optOuts' | 'complaints';

/** A day's rate, for days with sends only (a rate of nothing sent is no figure). */
const series = (trend: readonly TrendPoint[], key: RateKey, label: string): LineSeries => ({
  key,
  label,
  points: trend.filter((p) => p.sends > 0).map((p) => ({ x: dayX(p.day), y: p[key] / p.sends })),
});

/**
 * The period's daily trend: bounce and opt-out rates against the bounce hold, the complaint rate
 * against Google's limit, and sends per day.
 */
export function DeliverabilityCharts({ trend, caps, thresholds = DELIVERABILITY_THRESHOLDS }: { trend: readonly TrendPoint[]; caps: readonly number[]; thresholds?: DeliverabilityThresholds }) {
  const recent = trend.slice(-SEND_DAYS);
  const cap = caps.length ? caps.reduce((a, b) => a + b, 0) : null;
  return (
    <div className="space-y-4" data-testid="cs-deliverability-charts">
      <LineChart
        label="Bounce and opt-out rate per day"
        testId="cs-chart-deliverability"
        xHeading="Day"
        xFormat={dayLabel}
        yFormat={rate}
        yMin={0}
        series={[series(trend, 'hardBounces', 'Hard bounce'), series(trend, 'softBounces', 'Soft bounce'), series(trend, 'optOuts', 'Opt-out')]}
        threshold={{ value: thresholds.spikeHardBounceRate, label: `Bounce hold ${rate(thresholds.spikeHardBounceRate)}` }}
        empty="Nothing sent in the period."
        note="Share of each day's sends; days without sends have no point."
      />
      <LineChart
        label="Spam complaint rate per day"
        testId="cs-chart-complaints"
        xHeading="Day"
        xFormat={dayLabel}
        yFormat={rate}
        yMin={0}
        series={[series(trend, 'complaints', 'Complaint rate')]}
        threshold={{ value: thresholds.complaintHold, label: `Google's limit ${rate(thresholds.complaintHold)}` }}
        empty="Nothing sent in the period."
        note={`Google requires under ${rate(thresholds.complaintHold)}; aim for under ${rate(thresholds.complaintBadge)}.`}
      />
      <BarChart
        label={`Sends per day (last ${recent.length} days)`}
        testId="cs-chart-sends"
        keyHeading="Day"
        valueHeading="Sends"
        data={[...recent].reverse().map((p) => {
          const atCap = cap !== null && p.sends >= cap;
          return { key: p.day, label: dayLabel(dayX(p.day)), value: p.sends, display: atCap ? `${p.sends} (cap)` : undefined, tone: atCap ? 'danger' : 'default' };
        })}
        format={(n) => String(n)}
        note={cap !== null ? `Daily cap: ${cap} across ${caps.length === 1 ? 'the mailbox' : `${caps.length} mailboxes`}; a day at the cap says “(cap)”.` : undefined}
        empty="Nothing sent in the period."
      />
    </div>
  );
}

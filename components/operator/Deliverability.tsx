import { DELIVERABILITY_THRESHOLDS, type ComplaintStatus, type DeliverabilityStats, type DeliverabilityThresholds, type MailboxStats, type ScopeStats } from '../../lib/agents/sentinel/deliverability';
import { Badge, type BadgeTone } from '../ui/Badge';
import { DeliverabilityCharts } from './DeliverabilityCharts';
import { rate } from './format';

const complaint = (s: ComplaintStatus, t: DeliverabilityThresholds): { tone: BadgeTone; label: string } => {
  const all: Record<ComplaintStatus, { tone: BadgeTone; label: string }> = {
    ok: { tone: 'success', label: `Under the ${rate(t.complaintBadge)} aim` },
    warn: { tone: 'warning', label: `Over the ${rate(t.complaintBadge)} aim, under Google's ${rate(t.complaintHold)} limit` },
    hold: { tone: 'danger', label: `At or over Google's ${rate(t.complaintHold)} limit: sending held` },
    too_few_sends: { tone: 'neutral', label: `Too few sends to judge (under ${t.complaintMinSample})` },
  };
  return all[s];
};

export interface DeliverabilityProps {
  stats: DeliverabilityStats;
  /** Sequence names by id (ids are shown for the ones missing). */
  sequenceNames?: ReadonlyMap<string, string>;
  thresholds?: DeliverabilityThresholds;
}

/** Sends and what came back, per mailbox and per sequence, judged against Google's bulk-sender rules. */
export function Deliverability({ stats, sequenceNames = new Map(), thresholds: t = DELIVERABILITY_THRESHOLDS }: DeliverabilityProps) {
  return (
    <div className="space-y-4">
      <div className="space-y-1 rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-xs text-slate-700" data-testid="cs-deliverability-rules">
        <p className="font-semibold text-slate-900">Google's bulk-sender rules</p>
        <p>
          Spam complaint rate: <strong>aim under {rate(t.complaintBadge)}</strong>, never {rate(t.complaintHold)} or more (Google's limit; Countersign holds sending there). A hard-bounce share of{' '}
          {rate(t.spikeHardBounceRate)} in a mailbox's last {t.spikeWindowSends} sends holds sending too. Figures cover the last {t.periodDays} days.
        </p>
      </div>
      <Totals total={stats.total} />

      <section className="space-y-2" aria-labelledby="cs-deliverability-mailboxes">
        <h3 id="cs-deliverability-mailboxes" className="text-sm font-semibold text-slate-900">
          By mailbox
        </h3>
        {stats.mailboxes.length === 0 ? (
          <p className="text-xs text-slate-600">No mailbox has sent in the period.</p>
        ) : (
          <ul className="space-y-2" aria-label="Mailboxes">
            {stats.mailboxes.map((m) => (
              <Mailbox key={m.mailboxKey} m={m} t={t} />
            ))}
          </ul>
        )}
      </section>

      <section className="space-y-2" aria-labelledby="cs-deliverability-sequences">
        <h3 id="cs-deliverability-sequences" className="text-sm font-semibold text-slate-900">
          By sequence
        </h3>
        {stats.sequences.length === 0 ? (
          <p className="text-xs text-slate-600">No sequence has sent in the period.</p>
        ) : (
          <div className="overflow-x-auto rounded-md border border-slate-200" tabIndex={0} role="region" aria-label="Deliverability by sequence">
            <table className="w-full text-xs" data-testid="cs-deliverability-sequences">
              <thead className="bg-slate-50 text-left text-slate-700">
                <tr>
                  <th scope="col" className="px-2 py-1 font-medium">Sequence</th>
                  <th scope="col" className="px-2 py-1 text-right font-medium">Sends</th>
                  <th scope="col" className="px-2 py-1 text-right font-medium">Hard bounce</th>
                  <th scope="col" className="px-2 py-1 text-right font-medium">Soft bounce</th>
                  <th scope="col" className="px-2 py-1 text-right font-medium">Opt-out</th>
                  <th scope="col" className="px-2 py-1 text-right font-medium">Reply</th>
                  <th scope="col" className="px-2 py-1 text-right font-medium">Complaint</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 bg-white text-slate-800 tabular-nums">
                {stats.sequences.map((s) => (
                  <tr key={s.sequenceId} data-testid="cs-deliverability-sequence" data-sequence={s.sequenceId} data-complaint-status={s.complaintStatus}>
                    <th scope="row" className="max-w-40 truncate px-2 py-1 text-left font-medium" title={s.sequenceId}>
                      {sequenceNames.get(s.sequenceId) ?? s.sequenceId}
                      <span className="block font-normal text-slate-600">{s.mailboxKey}</span>
                    </th>
                    <td className="px-2 py-1 text-right">{s.sends}</td>
                    <td className="px-2 py-1 text-right">{countRate(s.hardBounces, s.rates.hardBounce)}</td>
                    <td className="px-2 py-1 text-right">{countRate(s.softBounces, s.rates.softBounce)}</td>
                    <td className="px-2 py-1 text-right">{countRate(s.optOuts, s.rates.optOut)}</td>
                    <td className="px-2 py-1 text-right">{countRate(s.replies, s.rates.reply)}</td>
                    <td className="px-2 py-1 text-right">
                      {countRate(s.complaints, s.rates.complaint)}
                      {s.complaintStatus === 'warn' || s.complaintStatus === 'hold' ? <span className="block text-rose-800">{s.complaintStatus === 'hold' ? 'over limit' : 'over aim'}</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <DeliverabilityCharts trend={stats.trend} caps={stats.mailboxes.map((m) => m.dailyCap)} thresholds={t} />
    </div>
  );
}

const countRate = (n: number, r: number) => `${n} (${rate(r)})`;

function Totals({ total }: { total: ScopeStats }) {
  const items: [string, string, string][] = [
    ['sends', 'Sends', String(total.sends)],
    ['hard', 'Hard bounces', countRate(total.hardBounces, total.rates.hardBounce)],
    ['soft', 'Soft bounces', countRate(total.softBounces, total.rates.softBounce)],
    ['optout', 'Opt-outs', countRate(total.optOuts, total.rates.optOut)],
    ['reply', 'Replies', countRate(total.replies, total.rates.reply)],
    ['complaint', 'Complaints', countRate(total.complaints, total.rates.complaint)],
  ];
  return (
    <dl className="grid grid-cols-2 gap-2 sm:grid-cols-3" data-testid="cs-deliverability-total">
      {items.map(([key, label, value]) => (
        <div key={key} className="rounded-md border border-slate-200 bg-white px-2 py-1.5" data-testid={`cs-deliverability-total-${key}`}>
          <dt className="text-[11px] text-slate-600">{label}</dt>
          <dd className="text-sm font-semibold text-slate-900 tabular-nums">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Mailbox({ m, t }: { m: MailboxStats; t: DeliverabilityThresholds }) {
  const c = complaint(m.complaintStatus, t);
  const atCap = m.sendsToday >= m.dailyCap;
  return (
    <li className="space-y-1.5 rounded-md border border-slate-200 bg-white px-3 py-2 text-xs" data-testid="cs-deliverability-mailbox" data-mailbox={m.mailboxKey} data-complaint-status={m.complaintStatus}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h4 className="font-semibold break-all text-slate-900">{m.mailboxKey}</h4>
        <Badge tone={c.tone}>
          <span data-testid="cs-complaint-status">{c.label}</span>
        </Badge>
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-slate-700 tabular-nums">
        <dt>Sends</dt>
        <dd>{m.sends}</dd>
        <dt>Hard bounces</dt>
        <dd>{countRate(m.hardBounces, m.rates.hardBounce)}</dd>
        <dt>Soft bounces</dt>
        <dd>{countRate(m.softBounces, m.rates.softBounce)}</dd>
        <dt>Opt-outs</dt>
        <dd>{countRate(m.optOuts, m.rates.optOut)}</dd>
        <dt>Replies</dt>
        <dd>{countRate(m.replies, m.rates.reply)}</dd>
        <dt>Complaints</dt>
        <dd data-testid="cs-complaint-rate">
          {countRate(m.complaints, m.rates.complaint)}: Google's limit {rate(t.complaintHold)}, aim {rate(t.complaintBadge)}
        </dd>
        <dt>Today</dt>
        <dd data-testid="cs-daily-cap">
          {m.sendsToday} of {m.dailyCap} daily cap ({Math.round(m.capShare * 100)}%){atCap ? ': cap reached' : ''}
        </dd>
        <dt>Recent bounces</dt>
        <dd data-testid="cs-bounce-spike">
          {m.spike.judged
            ? `${m.spike.hardBounces} hard in the last ${m.spike.sends} sends (${rate(m.spike.rate)})${m.spike.spike ? ': spike, sending held' : ''}`
            : `${m.spike.sends} recent sends: too few to judge`}
        </dd>
      </dl>
    </li>
  );
}

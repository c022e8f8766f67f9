import { useEffect, useState } from 'react';
import { FLAG_LABELS } from '../../../lib/agents/scout/score/prioritise';
import { request } from '../../../lib/protocol/client';
import type { ScoutLeadView } from '../../../lib/protocol/responses';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { ErrorNote, errorMessage } from '../../ui/ErrorNote';
import { Spinner } from '../../ui/Spinner';
import { ResearchBrief } from './ResearchBrief';

/** Who the card is about: a thread's correspondent (asked again when `version` changes) or an address. */
export type LeadSubject = { threadId: string; version: string } | { email: string; name?: string };

/**
 * Scout on the open thread or CRM contact: the context flags first (they outrank the number), then the score
 * with each factor and the words it rests on, then the research brief. Read-only: overriding a
 * score is done in the approval panel, where a page cannot reach. Asked again whenever the
 * thread's `version` (its last message) changes, so a new reply is triaged and scored.
 */
export function LeadCard({ subject }: { subject: LeadSubject }) {
  const who = 'threadId' in subject ? { threadId: subject.threadId } : { email: subject.email, name: subject.name };
  const key = 'threadId' in subject ? `${subject.threadId}:${subject.version}` : `${subject.email}:${subject.name ?? ''}`;
  const [lead, setLead] = useState<{ view: ScoutLeadView | null; error: string | null }>({ view: null, error: null });
  const [summarising, setSummarising] = useState(false);
  const [summaryError, setSummaryError] = useState<string | null>(null);

  const summarise = async () => {
    setSummarising(true);
    setSummaryError(null);
    try {
      const view = await request({ type: 'scout.lead', ...who, synthesise: true });
      setLead({ view, error: null });
    } catch (e) {
      setSummaryError(errorMessage(e));
    } finally {
      setSummarising(false);
    }
  };

  useEffect(() => {
    let live = true;
    request({ type: 'scout.lead', ...who, synthesise: false }).then(
      (view) => live && setLead(isLeadView(view) ? { view, error: null } : { view: null, error: 'the background sent an answer Scout cannot read.' }),
      (e: unknown) => live && setLead({ view: null, error: errorMessage(e) }),
    );
    return () => {
      live = false;
    };
  }, [key]); // `key` names the subject: `who` is rebuilt each render


  if (lead.error) return <p data-testid="cs-lead-unavailable" className="text-xs text-slate-500">Scout: {lead.error}</p>;
  if (!lead.view) return null;
  return (
    <section data-testid="cs-lead" aria-label="Scout" className="space-y-2 rounded-md border border-slate-200 p-2">
      <LeadHeader view={lead.view} />
      <ResearchBrief brief={lead.view.brief} />
      {!lead.view.brief.synthesis && (
        <Button size="sm" variant="ghost" onClick={summarise} disabled={summarising} data-testid="cs-lead-summarise">
          {summarising ? <Spinner className="size-3" /> : null} Summarise with the model
        </Button>
      )}
      <ErrorNote>{summaryError}</ErrorNote>
    </section>
  );
}

function LeadHeader({ view }: { view: ScoutLeadView }) {
  const { score } = view;
  const [open, setOpen] = useState(false);
  return (
    <div className="space-y-1.5">
      {view.suppression && (
        <p role="status" data-testid="cs-lead-suppressed" className="rounded border border-rose-200 bg-rose-50 px-2 py-1 text-xs text-rose-900">
          Nothing can be sent to {view.email}: {view.suppression.description}
        </p>
      )}
      {score.flags.length > 0 && (
        <ul data-testid="cs-lead-flags" className="space-y-1">
          {score.flags.map((f) => (
            <li key={`${f.kind}:${f.evidence.ref}`} data-flag={f.kind} className="rounded border border-amber-200 bg-amber-50 px-2 py-1 text-xs text-amber-900">
              <span className="font-semibold">{FLAG_LABELS[f.kind]}</span>: {f.detail}
              {f.until && <span className="text-amber-700"> (until {f.until.slice(0, 10)})</span>}
            </li>
          ))}
        </ul>
      )}
      <div className="flex items-center gap-2">
        <span className="text-xs text-slate-500">{view.name || view.email}</span>
        <Badge tone={score.flags.length > 0 ? 'warning' : 'accent'} className="ml-auto">
          <span data-testid="cs-lead-score">{score.score}</span>/100
        </Badge>
        <Button size="sm" variant="ghost" onClick={() => setOpen(!open)} aria-expanded={open} data-testid="cs-lead-why">
          {open ? 'Hide why' : 'Why'}
        </Button>
      </div>
      {view.crm?.state === 'failed' && (
        <p role="status" data-testid="cs-lead-crm-failed" className="text-[11px] text-amber-800">
          {view.crm?.message}
        </p>
      )}
      {score.flags.length > 0 && <p className="text-[11px] text-slate-500">Flagged: needs your judgement whatever the score says.</p>}
      {score.overridden && (
        <p data-testid="cs-lead-overridden" className="text-[11px] text-slate-500">
          Set to {score.overridden.value} by a person (computed {score.computed}): {score.overridden.reason}
        </p>
      )}
      {open && (
        <ul data-testid="cs-lead-factors" className="space-y-0.5 text-xs">
          {score.factors.map((f, i) => (
            <li key={i} className="flex gap-2">
              <span className={`w-8 shrink-0 text-right tabular-nums ${f.points < 0 ? 'text-rose-700' : 'text-emerald-700'}`}>{f.points > 0 ? `+${f.points}` : f.points}</span>
              <span className="min-w-0">
                {f.label} <span className="text-slate-500">“{f.evidence.quote}” ({f.evidence.source})</span>
              </span>
            </li>
          ))}
          {score.factors.length === 0 && <li className="text-slate-500">No signals yet.</li>}
        </ul>
      )}
    </div>
  );
}

/** The panel must not break on an answer it cannot read (an older background mid-update, say). */
function isLeadView(v: unknown): v is ScoutLeadView {
  const view = v as Partial<ScoutLeadView> | null;
  return !!view && typeof view.score?.score === 'number' && Array.isArray(view.score.flags) && Array.isArray(view.brief?.facts);
}

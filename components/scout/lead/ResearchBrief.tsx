import { useState } from 'react';
import { droppedSummary } from '../../../lib/agents/scout/research/dropped';
import type { ResearchBrief as Brief } from '../../../lib/agents/scout/research/model';

/**
 * The research brief: the model's summary (every claim with the facts it cites) when there is
 * one, and the facts themselves, each with where it came from. Claims that cited nothing were
 * dropped before they got here; the brief only says how many.
 */
export function ResearchBrief({ brief }: { brief: Brief }) {
  const [showFacts, setShowFacts] = useState(false);
  return (
    <div data-testid="cs-brief" className="space-y-1.5 text-xs">
      {brief.synthesis && (
        <ul data-testid="cs-brief-claims" className="space-y-1">
          {brief.synthesis.claims.map((c, i) => (
            <li key={i}>
              {c.text}{' '}
              {c.sources.map((s) => (
                <sup key={s.id} title={`${s.text} (${s.evidence.source}: ${s.evidence.ref})`} className="text-indigo-700">
                  [{s.id}]
                </sup>
              ))}
            </li>
          ))}
        </ul>
      )}
      {brief.synthesis && droppedSummary(brief.synthesis.dropped).map((line) => <p key={line} data-testid="cs-brief-dropped" className="text-[11px] text-slate-500">{line}</p>)}
      {brief.synthesisError && <p className="text-[11px] text-rose-700">{brief.synthesisError}</p>}
      {brief.partial && <p className="text-[11px] text-slate-500">{brief.partial}</p>}
      <button type="button" className="text-[11px] text-indigo-700 underline" onClick={() => setShowFacts(!showFacts)} aria-expanded={showFacts} data-testid="cs-brief-facts-toggle">
        {showFacts ? 'Hide facts' : `Facts (${brief.facts.length})`}
      </button>
      {showFacts && (
        <ol data-testid="cs-brief-facts" className="space-y-0.5">
          {brief.facts.map((f) => (
            <li key={f.id}>
              <span className="text-slate-500">{f.id}</span> {f.text} <span className="text-slate-500">({f.evidence.source})</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

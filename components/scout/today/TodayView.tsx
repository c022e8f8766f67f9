import type { LaneEntry } from '../../../lib/agents/scout/score/prioritise';
import { ErrorNote, errorMessage } from '../../ui/ErrorNote';
import { Section } from '../../ui/Section';
import { Spinner } from '../../ui/Spinner';
import { LeadEntry } from './LeadEntry';
import { SuppressedAddresses } from './SuppressedAddresses';
import { useToday } from './use-today';

function Lane({ entries, lane, testId, empty }: { entries: readonly LaneEntry[]; lane: 'judgement' | 'ranked'; testId: string; empty: string }) {
  if (entries.length === 0) return <p className="text-xs text-slate-500">{empty}</p>;
  return (
    <ol className="space-y-2" data-testid={testId}>
      {entries.map((e) => (
        <LeadEntry key={e.contactKey} entry={e} lane={lane} />
      ))}
    </ol>
  );
}

/**
 * Scout's list for today: leads with a flag first, for a person's judgement (a number cannot
 * weigh "signed with a competitor"), then the rest by score.
 */
export function TodayView() {
  const today = useToday();
  return (
    <div className="space-y-6">
      <ErrorNote>{today.isError ? errorMessage(today.error) : null}</ErrorNote>
      {today.isPending ? (
        <p className="flex items-center gap-2 text-sm text-slate-500">
          <Spinner /> Loading today's leads…
        </p>
      ) : today.data ? (
        <>
          <Section title={`Needs judgement (${today.data.needsJudgement.length})`}>
            <Lane entries={today.data.needsJudgement} lane="judgement" testId="cs-today-judgement" empty="No lead carries a flag." />
          </Section>
          <Section title={`Ranked (${today.data.ranked.length})`}>
            <Lane entries={today.data.ranked} lane="ranked" testId="cs-today-ranked" empty="No other leads yet: Scout scores a lead when you open their thread." />
          </Section>
        </>
      ) : null}
      <SuppressedAddresses />
    </div>
  );
}

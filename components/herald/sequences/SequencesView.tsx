import { useState } from 'react';
import type { SequenceRunView, SequenceView } from '../../../lib/protocol/responses';
import { Button } from '../../ui/Button';
import { ErrorNote, errorMessage } from '../../ui/ErrorNote';
import { Notice } from '../../ui/Notice';
import { Section } from '../../ui/Section';
import { Spinner } from '../../ui/Spinner';
import { NewSequenceForm } from './NewSequenceForm';
import { SequenceItem } from './SequenceItem';
import { useSequenceActions, useSequences } from './use-sequences';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What a run did, in words: queued steps wait for approval; nothing went out. */
export function describeRun(r: SequenceRunView, names: ReadonlyMap<string, string> = new Map()): string {
  const parts = [
    r.queued === 0 ? 'No step was due.' : `${plural(r.queued, 'step')} queued for your approval in the Queue tab; nothing was sent.`,
  ];
  if (r.stopped > 0) parts.push(`${plural(r.stopped, 'contact')} stopped (replied, bounced, opted out or suppressed).`);
  if (r.paused.length > 0) parts.push(`Paused: ${r.paused.map((id) => names.get(id) ?? id).join(', ')}.`);
  if (r.errors.length > 0) parts.push(`${plural(r.errors.length, 'step')} could not be drafted: ${r.errors.map((e) => e.error).join('; ')}`);
  return parts.join(' ');
}

function RunDue({ sequences }: { sequences: readonly SequenceView[] }) {
  const { run } = useSequenceActions();
  const names = new Map(sequences.map((s) => [s.id, s.name]));
  return (
    <div className="space-y-2">
      <div className="flex items-center gap-3">
        <Button variant="secondary" busy={run.isPending} onClick={() => run.mutate()} data-testid="cs-sequence-run">
          Queue due steps now
        </Button>
        <p className="text-xs text-slate-500">Drafts the steps that are due and puts them in the approval queue. Nothing is sent until you approve it. This also runs by itself every few minutes.</p>
      </div>
      <ErrorNote testId="cs-sequence-run-error">{run.isError ? errorMessage(run.error) : null}</ErrorNote>
      {run.data && (
        <Notice tone={run.data.errors.length > 0 || run.data.paused.length > 0 ? 'warning' : 'success'} testId="cs-sequence-run-result">
          {describeRun(run.data, names)}
        </Notice>
      )}
    </div>
  );
}

/**
 * Herald's outreach sequences. Each step is drafted and waits for a person's approval; a sequence
 * pauses itself when bounces, opt-outs or complaints climb, or when nobody has reviewed it for a
 * while, and only a person can resume it.
 */
export function SequencesView() {
  const list = useSequences();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  const sequences = list.data ?? [];
  const paused = sequences.filter((s) => s.state === 'paused');
  // Paused sequences first: they are waiting on a person.
  const ordered = [...paused, ...sequences.filter((s) => s.state !== 'paused')];

  return (
    <div className="space-y-6">
      <ErrorNote testId="cs-sequences-error">{list.isError ? errorMessage(list.error) : null}</ErrorNote>
      <RunDue sequences={sequences} />
      {creating ? (
        <NewSequenceForm onCreated={(s) => (setCreating(false), setCreated(s.name))} onCancel={() => setCreating(false)} />
      ) : (
        <div className="space-y-2">
          {created && (
            <Notice tone="success" testId="cs-sequence-created">
              Created “{created}”. Its first steps are drafted when due and wait in the approval queue.
            </Notice>
          )}
          <Button variant="primary" onClick={() => (setCreating(true), setCreated(null))} data-testid="cs-sequence-new-open">
            New sequence
          </Button>
        </div>
      )}
      <Section title={`Sequences (${sequences.length})${paused.length > 0 ? ` · ${paused.length} paused` : ''}`}>
        {list.isPending ? (
          <p className="flex items-center gap-2 text-sm text-slate-500">
            <Spinner /> Loading sequences…
          </p>
        ) : list.data && sequences.length === 0 ? (
          <p className="text-xs text-slate-500" data-testid="cs-sequences-empty">
            No sequence yet. Create one: Herald drafts each step for you to approve.
          </p>
        ) : (
          <ul className="space-y-3" data-testid="cs-sequences">
            {ordered.map((s) => (
              <SequenceItem key={s.id} seq={s} />
            ))}
          </ul>
        )}
      </Section>
    </div>
  );
}

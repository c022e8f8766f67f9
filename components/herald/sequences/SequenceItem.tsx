import { useState } from 'react';
import type { PauseKind } from '../../../lib/agents/herald/sequences/model';
import type { SequenceView } from '../../../lib/protocol/responses';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { ErrorNote, errorMessage } from '../../ui/ErrorNote';
import { TextArea, TextInput } from '../../ui/Field';
import { formatTime } from '../../ui/format';
import { Notice } from '../../ui/Notice';
import { parseContacts, percent, stepsSummary } from './form';
import { LineErrors } from './NewSequenceForm';
import { useSequenceActions } from './use-sequences';

const PAUSE_KIND: Record<PauseKind, string> = {
  threshold: 'Paused: a rate crossed its threshold',
  review_overdue: 'Paused: nobody reviewed it in time',
  manual: 'Paused by hand',
};

/** A paused sequence: why, and a Resume that will not go without a note of what was reviewed. */
function PausedNotice({ seq }: { seq: SequenceView }) {
  const { resume } = useSequenceActions();
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState(false);
  const pause = seq.pause;
  const submit = () => {
    if (!note.trim()) return setMissing(true);
    resume.mutate({ sequenceId: seq.id, note: note.trim() }, { onSuccess: () => setNote('') });
  };
  return (
    <div role="region" aria-label={`${seq.name} is paused`} className="space-y-2 rounded-md border-2 border-amber-300 bg-white p-2">
      <Notice tone="warning" className="space-y-1">
        <p className="font-semibold">{pause ? PAUSE_KIND[pause.kind] : 'Paused'}</p>
        <p>
          <span data-testid="cs-sequence-pause-reason">{pause?.reason ?? 'No reason was recorded.'}</span>
          {pause && <span className="text-xs text-amber-800"> · since {formatTime(pause.at)}</span>}
        </p>
        <p className="text-xs">Nothing is queued while it is paused. Only a person can resume it: say what you checked; it goes in the audit log.</p>
      </Notice>
      <TextArea
        label="What did you review? (required)"
        rows={2}
        maxLength={1000}
        value={note}
        onValue={(v) => (setNote(v), setMissing(false))}
        error={missing ? 'Say what you reviewed: it goes in the audit log.' : null}
        data-testid="cs-sequence-resume-note"
      />
      <ErrorNote testId="cs-sequence-resume-error">{resume.isError ? errorMessage(resume.error) : null}</ErrorNote>
      <Button size="sm" variant="primary" busy={resume.isPending} onClick={submit} data-testid="cs-sequence-resume">
        Resume
      </Button>
    </div>
  );
}

/** An active sequence can be paused by hand, with a note for the audit log. */
function PauseForm({ seq }: { seq: SequenceView }) {
  const { pause } = useSequenceActions();
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState(false);
  const submit = () => {
    if (!note.trim()) return setMissing(true);
    pause.mutate({ sequenceId: seq.id, note: note.trim() }, { onSuccess: () => setNote('') });
  };
  return (
    <div className="space-y-1.5">
      <div className="flex items-end gap-2">
        <div className="grow">
          <TextInput
            label="Pause it: why? (required)"
            value={note}
            maxLength={1000}
            onValue={(v) => (setNote(v), setMissing(false))}
            error={missing ? 'Say why: it goes in the audit log.' : null}
            data-testid="cs-sequence-pause-note"
          />
        </div>
        <Button size="md" variant="danger" busy={pause.isPending} onClick={submit} data-testid="cs-sequence-pause">
          Pause
        </Button>
      </div>
      <ErrorNote testId="cs-sequence-pause-error">{pause.isError ? errorMessage(pause.error) : null}</ErrorNote>
    </div>
  );
}

/** Adding contacts to an existing sequence, pasted like at creation. */
function EnrolForm({ seq, onDone }: { seq: SequenceView; onDone: () => void }) {
  const { enrol } = useSequenceActions();
  const [text, setText] = useState('');
  const [tried, setTried] = useState(false);
  const parsed = parseContacts(text);
  const submit = () => {
    setTried(true);
    if (parsed.errors.length > 0 || parsed.contacts.length === 0) return;
    enrol.mutate({ sequenceId: seq.id, contacts: parsed.contacts }, { onSuccess: () => setText('') });
  };
  const result = enrol.data;
  return (
    <div className="space-y-1.5 rounded-md border border-slate-200 bg-slate-50 p-2">
      <TextArea
        label="Add contacts: one a line, email,name,company"
        rows={3}
        value={text}
        onValue={setText}
        className="font-mono text-xs"
        hint={text.trim() ? `${parsed.contacts.length} contact${parsed.contacts.length === 1 ? '' : 's'} read.` : undefined}
        error={tried && !text.trim() ? 'Paste at least one contact.' : null}
        data-testid="cs-sequence-enrol-contacts"
      />
      <LineErrors errors={text.trim() ? parsed.errors : []} testId="cs-sequence-enrol-errors" />
      <ErrorNote testId="cs-sequence-enrol-error">{enrol.isError ? errorMessage(enrol.error) : null}</ErrorNote>
      {result && (
        <Notice tone="success" testId="cs-sequence-enrol-result">
          Enrolled {result.enrolled}.{result.skipped.length > 0 && ` Skipped ${result.skipped.length}: ${result.skipped.join(', ')}.`}
        </Notice>
      )}
      <div className="flex gap-2">
        <Button size="sm" variant="secondary" busy={enrol.isPending} onClick={submit} data-testid="cs-sequence-enrol">
          Enrol
        </Button>
        <Button size="sm" variant="ghost" onClick={onDone}>
          Close
        </Button>
      </div>
    </div>
  );
}

const CONTACT_STATES = [
  ['active', 'active'],
  ['paused_ooo', 'out of office'],
  ['stopped', 'stopped'],
  ['done', 'done'],
] as const;

/** One sequence: its state first (and, when paused, why), then its numbers and its steps. */
export function SequenceItem({ seq }: { seq: SequenceView }) {
  const [enrolling, setEnrolling] = useState(false);
  const paused = seq.state === 'paused';
  const { stats } = seq;
  return (
    <li data-testid="cs-sequence" data-state={seq.state} data-id={seq.id} aria-label={seq.name} className="space-y-2 rounded-lg border border-slate-200 bg-white p-3">
      <div className="flex flex-wrap items-center gap-2">
        <h3 className="min-w-0 truncate text-sm font-semibold text-slate-900">{seq.name}</h3>
        <Badge tone={paused ? 'warning' : 'success'}>{paused ? 'Paused' : 'Active'}</Badge>
        {seq.awaitingApproval > 0 ? (
          <Badge tone="info">
            <span data-testid="cs-sequence-awaiting">{seq.awaitingApproval}</span>&nbsp;awaiting approval
          </Badge>
        ) : (
          <span className="text-xs text-slate-500">
            <span data-testid="cs-sequence-awaiting">0</span> awaiting approval
          </span>
        )}
      </div>
      <p className="text-xs text-slate-500">
        From {seq.mailbox.email} · {seq.window.start}–{seq.window.end} Mon–Fri, contact's time ({seq.timeZone} by default) · last reviewed {formatTime(seq.reviewedAt)}
      </p>

      {paused && <PausedNotice seq={seq} />}

      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs">
        <dt className="text-slate-500">Sends</dt>
        <dd data-testid="cs-sequence-stats" className="text-slate-800 tabular-nums">
          {stats.sends} sent · hard bounce {percent(stats.hardBounceRate)} · opt-out {percent(stats.optOutRate)} · complaint {percent(stats.complaintRate)} · reply {percent(stats.replyRate)}
        </dd>
        <dt className="text-slate-500">Contacts</dt>
        <dd data-testid="cs-sequence-enrolled" className="text-slate-800 tabular-nums">
          {CONTACT_STATES.map(([k, label]) => `${seq.contacts[k] ?? 0} ${label}`).join(' · ')}
        </dd>
        <dt className="text-slate-500">Steps</dt>
        <dd className="text-slate-800">
          <details>
            <summary data-testid="cs-sequence-steps" className="cursor-pointer">
              {stepsSummary(seq.steps)}
            </summary>
            <ol className="mt-1 list-decimal space-y-1 pl-5 text-slate-700">
              {seq.steps.map((s, i) => (
                <li key={i}>
                  <span className="text-slate-500">{s.delayBusinessDays === 0 ? 'no delay' : `after ${s.delayBusinessDays} business day${s.delayBusinessDays === 1 ? '' : 's'}`}: </span>
                  {s.instructions}
                </li>
              ))}
            </ol>
          </details>
        </dd>
      </dl>

      {!paused && <PauseForm seq={seq} />}
      {enrolling ? (
        <EnrolForm seq={seq} onDone={() => setEnrolling(false)} />
      ) : (
        <Button size="sm" variant="ghost" onClick={() => setEnrolling(true)} data-testid="cs-sequence-enrol-open">
          Add contacts
        </Button>
      )}
    </li>
  );
}

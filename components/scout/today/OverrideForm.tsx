import { useState, type ChangeEvent } from 'react';
import type { Flag, FlagKind } from '../../../lib/agents/scout/model';
import { FLAG_LABELS, FLAG_SEVERITY } from '../../../lib/agents/scout/score/prioritise';
import { Button } from '../../ui/Button';
import { ErrorNote, errorMessage } from '../../ui/ErrorNote';
import { Field, TextArea, TextInput } from '../../ui/Field';
import { trusted } from '../../ui/trusted';
import type { OverrideDraft } from './use-today';

type Mode = 'score' | 'dismiss' | 'add';
const MODES: { key: Mode; label: string }[] = [
  { key: 'score', label: 'Set the score' },
  { key: 'dismiss', label: 'Dismiss a flag' },
  { key: 'add', label: 'Add a flag' },
];

const SELECT =
  'block w-full rounded-md border-0 bg-white px-2.5 py-1.5 text-sm text-slate-900 shadow-xs ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-indigo-600 focus:outline-none';

/** The end of the chosen day, local time: "until 3 March" includes 3 March. */
export function endOfDay(date: string): number | null {
  const ms = new Date(`${date}T23:59:59.999`).getTime();
  return Number.isNaN(ms) ? null : ms;
}

/** What is wrong with the form, in the rep's words, or the override to send. */
function draftFrom(form: { mode: Mode; score: string; kind: FlagKind | ''; detail: string; reason: string; expiry: string }): { ok: true; draft: OverrideDraft } | { ok: false; field: 'score' | 'kind' | 'reason' | 'expiry'; message: string } {
  const reason = form.reason.trim();
  if (!reason) return { ok: false, field: 'reason', message: 'A reason is required: it goes in the audit log with the override.' };
  let expiresAt: number | null = null;
  if (form.expiry) {
    expiresAt = endOfDay(form.expiry);
    if (expiresAt === null) return { ok: false, field: 'expiry', message: 'That is not a date.' };
  }
  if (form.mode === 'score') {
    const value = Number(form.score);
    if (form.score.trim() === '' || !Number.isInteger(value) || value < 0 || value > 100) return { ok: false, field: 'score', message: 'A score is a whole number from 0 to 100.' };
    return { ok: true, draft: { target: { type: 'score', value }, reason, expiresAt } };
  }
  if (!form.kind) return { ok: false, field: 'kind', message: 'Choose a flag.' };
  const detail = form.detail.trim();
  return { ok: true, draft: { target: { type: 'flag', kind: form.kind, action: form.mode, ...(form.mode === 'add' && detail ? { detail } : {}) }, reason, expiresAt } };
}

/**
 * A rep's correction of one lead: a score by hand, a flag dismissed or a flag added. A reason is
 * always required (it goes in the audit log); an expiry is optional.
 */
export function OverrideForm({ flags, busy, error, onSubmit, onCancel }: { flags: readonly Flag[]; busy: boolean; error: unknown; onSubmit: (d: OverrideDraft) => void; onCancel: () => void }) {
  const [mode, setMode] = useState<Mode>('score');
  const [score, setScore] = useState('');
  const [kind, setKind] = useState<FlagKind | ''>('');
  const [detail, setDetail] = useState('');
  const [reason, setReason] = useState('');
  const [expiry, setExpiry] = useState('');
  const [problem, setProblem] = useState<{ field: string; message: string } | null>(null);

  const kinds: readonly FlagKind[] = mode === 'dismiss' ? flags.map((f) => f.kind) : FLAG_SEVERITY.filter((k) => !flags.some((f) => f.kind === k));
  const fieldError = (field: string) => (problem?.field === field ? problem.message : null);
  const choose = (m: Mode) => {
    setMode(m);
    setKind('');
    setProblem(null);
  };
  const submit = () => {
    const checked = draftFrom({ mode, score, kind, detail, reason, expiry });
    if (!checked.ok) return setProblem({ field: checked.field, message: checked.message });
    setProblem(null);
    onSubmit(checked.draft);
  };

  return (
    <div className="space-y-2 rounded-md border border-indigo-200 bg-indigo-50/40 p-3" data-testid="cs-override-form">
      <div role="radiogroup" aria-label="What to override" className="flex flex-wrap gap-1">
        {MODES.map((m) => (
          <Button
            key={m.key}
            size="sm"
            role="radio"
            aria-checked={mode === m.key}
            variant={mode === m.key ? 'primary' : 'secondary'}
            disabled={m.key === 'dismiss' && flags.length === 0}
            onClick={() => choose(m.key)}
            data-testid={`cs-override-mode-${m.key}`}
          >
            {m.label}
          </Button>
        ))}
      </div>
      {mode === 'score' ? (
        <TextInput label="Score (0–100)" type="number" min={0} max={100} step={1} value={score} onValue={setScore} error={fieldError('score')} data-testid="cs-override-score" />
      ) : (
        <>
          <Field label={mode === 'dismiss' ? 'Flag to dismiss' : 'Flag to add'} htmlFor="cs-override-kind" error={fieldError('kind')}>
            <select
              id="cs-override-kind"
              className={SELECT}
              value={kind}
              onChange={trusted((e: ChangeEvent<HTMLSelectElement>) => setKind(e.target.value as FlagKind | ''))}
              data-testid="cs-override-kind"
            >
              <option value="">Choose…</option>
              {kinds.map((k) => (
                <option key={k} value={k}>
                  {FLAG_LABELS[k]}
                </option>
              ))}
            </select>
          </Field>
          {mode === 'add' && <TextInput label="Detail (optional; the reason is used otherwise)" value={detail} onValue={setDetail} maxLength={300} data-testid="cs-override-detail" />}
        </>
      )}
      <TextArea label="Why? (required, goes in the audit log)" rows={2} value={reason} onValue={setReason} maxLength={500} error={fieldError('reason')} data-testid="cs-override-reason" />
      <TextInput label="Until (optional)" hint="Left empty, it applies until revoked." type="date" value={expiry} onValue={setExpiry} error={fieldError('expiry')} data-testid="cs-override-expiry" />
      <ErrorNote testId="cs-override-error">{error ? errorMessage(error) : null}</ErrorNote>
      <div className="flex gap-2">
        <Button variant="primary" size="sm" busy={busy} onClick={submit} data-testid="cs-override-submit">
          Save override
        </Button>
        <Button variant="ghost" size="sm" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </div>
  );
}

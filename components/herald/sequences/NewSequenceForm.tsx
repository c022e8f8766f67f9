import { useMemo, useState } from 'react';
import type { SequenceView } from '../../../lib/protocol/responses';
import { Button } from '../../ui/Button';
import { ErrorNote, errorMessage } from '../../ui/ErrorNote';
import { TextArea, TextInput } from '../../ui/Field';
import { Section } from '../../ui/Section';
import { draftToRequest, emptyDraft, emptyStep, MAX_DELAY_DAYS, MAX_INSTRUCTIONS, MAX_STEPS, parseContacts, type DraftErrors, type LineError, type SequenceDraft, type StepDraft } from './form';
import { useSequenceActions } from './use-sequences';

/** Line problems under a contacts box, each naming its line. */
export function LineErrors({ errors, testId }: { errors: readonly LineError[]; testId: string }) {
  if (errors.length === 0) return null;
  const shown = errors.slice(0, 20);
  return (
    <ul role="alert" data-testid={testId} className="space-y-0.5 rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-xs text-rose-800">
      {shown.map((e) => (
        <li key={`${e.line}-${e.message}`} data-testid={`${testId}-line`} data-line={e.line}>
          Line {e.line}: {e.message}
        </li>
      ))}
      {errors.length > shown.length && <li>…and {errors.length - shown.length} more.</li>}
    </ul>
  );
}

function StepFields({ index, step, errors, onChange, onRemove }: { index: number; step: StepDraft; errors: DraftErrors; onChange: (s: StepDraft) => void; onRemove: (() => void) | null }) {
  return (
    <li className="space-y-2 rounded-md border border-slate-200 bg-white p-2" data-testid="cs-sequence-step" aria-label={`Step ${index + 1}`}>
      <div className="flex items-end gap-2">
        <p className="pb-1.5 text-xs font-semibold text-slate-700">Step {index + 1}</p>
        <div className="w-44">
          <TextInput
            label={index === 0 ? 'Business days after enrolment' : 'Business days after the previous step'}
            type="number"
            inputMode="numeric"
            min={0}
            max={MAX_DELAY_DAYS}
            step={1}
            value={step.delay}
            onValue={(delay) => onChange({ ...step, delay })}
            error={errors.stepDelay?.[index] ?? null}
            data-testid="cs-sequence-step-delay"
          />
        </div>
        {onRemove && (
          <Button size="sm" variant="ghost" className="ml-auto" onClick={onRemove} aria-label={`Remove step ${index + 1}`} data-testid="cs-sequence-remove-step">
            Remove
          </Button>
        )}
      </div>
      <TextArea
        label="Instructions for the drafter (never sent as is)"
        rows={3}
        maxLength={MAX_INSTRUCTIONS}
        value={step.instructions}
        onValue={(instructions) => onChange({ ...step, instructions })}
        placeholder="e.g. Introduce us, reference their recent hiring, ask for a 20-minute call."
        error={errors.stepInstructions?.[index] ?? null}
        data-testid="cs-sequence-step-instructions"
      />
    </li>
  );
}

/**
 * "New sequence": what each step should say (Herald drafts it, a person approves it), the local
 * hours steps may be queued in, and the first contacts, pasted as CSV.
 */
const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export function NewSequenceForm({ onCreated, onCancel }: { onCreated: (s: SequenceView) => void; onCancel: () => void }) {
  const [draft, setDraft] = useState<SequenceDraft>(() => emptyDraft());
  const [errors, setErrors] = useState<DraftErrors>({});
  const { create } = useSequenceActions();
  const set = <K extends keyof SequenceDraft>(k: K, v: SequenceDraft[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const setStep = (i: number, s: StepDraft) => setDraft((d) => ({ ...d, steps: d.steps.map((x, j) => (j === i ? s : x)) }));
  const removeStep = (i: number) => setDraft((d) => ({ ...d, steps: d.steps.filter((_, j) => j !== i) }));
  const addStep = () => setDraft((d) => ({ ...d, steps: [...d.steps, emptyStep(d.steps.length === 0)] }));

  /** Contacts are checked as they are pasted: the count, and each bad line. */
  const preview = useMemo(() => parseContacts(draft.contacts), [draft.contacts]);

  const submit = () => {
    const result = draftToRequest(draft);
    if (!result.ok) return setErrors(result.errors);
    setErrors({});
    create.mutate(result.request, { onSuccess: (s) => (setDraft(emptyDraft(draft.timeZone)), onCreated(s)) });
  };

  const problems = Object.keys(errors).length > 0;
  return (
    <Section title="New sequence">
      <form
        data-testid="cs-sequence-new"
        aria-label="New sequence"
        className="space-y-3 rounded-lg border border-slate-200 bg-slate-50 p-3"
        onSubmit={(e) => e.preventDefault()}
        noValidate
      >
        <TextInput label="Name" value={draft.name} onValue={(v) => set('name', v)} maxLength={200} error={errors.name ?? null} data-testid="cs-sequence-name" />
        <div className="grid grid-cols-[1fr_auto_auto] items-start gap-2">
          <TextInput
            label="Time zone"
            hint="The mailbox's zone; contacts without one are written to in it."
            value={draft.timeZone}
            onValue={(v) => set('timeZone', v)}
            error={errors.timeZone ?? null}
            data-testid="cs-sequence-timezone"
          />
          <TextInput label="Window from" type="time" value={draft.start} onValue={(v) => set('start', v)} data-testid="cs-sequence-window-start" />
          <TextInput label="to" type="time" value={draft.end} onValue={(v) => set('end', v)} data-testid="cs-sequence-window-end" />
        </div>
        {errors.window ? (
          <p className="text-xs text-rose-700" data-testid="cs-sequence-window-error">
            Window: {errors.window}
          </p>
        ) : (
          <p className="text-xs text-slate-500">Steps are queued on the working days below within these hours, in each contact's local time.</p>
        )}
        <fieldset className="flex flex-wrap items-center gap-2 text-xs" data-testid="cs-sequence-days">
          <legend className="sr-only">Working days</legend>
          {DAY_NAMES.map((label, day) => (
            <label key={label} className="inline-flex items-center gap-1">
              <input
                type="checkbox"
                checked={draft.days.includes(day)}
                onChange={(e) => set('days', e.target.checked ? [...draft.days, day] : draft.days.filter((d) => d !== day))}
                data-testid={`cs-sequence-day-${day}`}
              />
              {label}
            </label>
          ))}
        </fieldset>

        <fieldset className="space-y-2">
          <legend className="text-xs font-medium text-slate-700">Steps ({draft.steps.length})</legend>
          <ol className="space-y-2">
            {draft.steps.map((s, i) => (
              <StepFields key={i} index={i} step={s} errors={errors} onChange={(x) => setStep(i, x)} onRemove={draft.steps.length > 1 ? () => removeStep(i) : null} />
            ))}
          </ol>
          {errors.steps && <p className="text-xs text-rose-700">{errors.steps}</p>}
          <Button size="sm" variant="secondary" onClick={addStep} disabled={draft.steps.length >= MAX_STEPS} data-testid="cs-sequence-add-step">
            Add step
          </Button>
        </fieldset>

        <TextArea
          label="Contacts (optional): one a line, email,name,company"
          rows={4}
          value={draft.contacts}
          onValue={(v) => set('contacts', v)}
          placeholder={'ada@example.com,Ada Lovelace,Analytical Engines\nbob@example.org,Bob,"Acme, Inc."'}
          hint={draft.contacts.trim() ? `${preview.contacts.length} contact${preview.contacts.length === 1 ? '' : 's'} read${preview.errors.length ? `, ${preview.errors.length} line${preview.errors.length === 1 ? '' : 's'} to fix` : ''}.` : 'A fourth column may give a contact\u2019s time zone. You can add contacts later too.'}
          className="font-mono text-xs"
          data-testid="cs-sequence-contacts"
        />
        <LineErrors errors={draft.contacts.trim() ? preview.errors : []} testId="cs-sequence-contacts-errors" />

        {problems && (
          <p role="alert" className="text-xs text-rose-700" data-testid="cs-sequence-form-invalid">
            Fix the fields marked above.
          </p>
        )}
        <ErrorNote testId="cs-sequence-create-error">{create.isError ? errorMessage(create.error) : null}</ErrorNote>
        <div className="flex items-center gap-2">
          <Button variant="primary" busy={create.isPending} onClick={submit} data-testid="cs-sequence-create">
            Create sequence
          </Button>
          <Button variant="ghost" onClick={onCancel} data-testid="cs-sequence-new-cancel">
            Cancel
          </Button>
          <p className="text-xs text-slate-500">Every step is drafted and waits in the approval queue; nothing is sent on its own.</p>
        </div>
      </form>
    </Section>
  );
}

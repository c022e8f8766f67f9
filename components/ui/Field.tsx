import { useId, type ChangeEvent, type InputHTMLAttributes, type ReactNode, type TextareaHTMLAttributes } from 'react';
import { trusted } from './trusted';

const CONTROL =
  'block w-full rounded-md border-0 bg-white px-2.5 py-1.5 text-sm text-slate-900 shadow-xs ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600 focus:outline-none disabled:bg-slate-50 disabled:text-slate-500 read-only:bg-slate-50';

export interface FieldProps {
  label: ReactNode;
  /** Small text under the control: what the value is for, or where to find it. */
  hint?: ReactNode;
  /** Inline problem with this one field. */
  error?: string | null;
  /** Something on the label's line, right-aligned (e.g. "key saved"). */
  aside?: ReactNode;
  htmlFor: string;
  children: ReactNode;
}

export function Field({ label, hint, error, aside, htmlFor, children }: FieldProps) {
  return (
    <div className="space-y-1">
      <div className="flex items-baseline justify-between gap-2">
        <label htmlFor={htmlFor} className="text-xs font-medium text-slate-700">
          {label}
        </label>
        {aside}
      </div>
      {children}
      {error ? <p className="text-xs text-rose-700">{error}</p> : hint ? <div className="text-xs text-slate-500">{hint}</div> : null}
    </div>
  );
}

type Labelled = Omit<FieldProps, 'htmlFor' | 'children'>;

export interface TextInputProps extends Labelled, Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange'> {
  /** Called with the new value, for trusted (real user) input only. */
  onValue?: (value: string) => void;
}

export function TextInput({ label, hint, error, aside, onValue, className = '', id, ...rest }: TextInputProps) {
  const auto = useId();
  const inputId = id ?? auto;
  return (
    <Field label={label} hint={hint} error={error} aside={aside} htmlFor={inputId}>
      <input
        id={inputId}
        aria-invalid={error ? true : undefined}
        className={`${CONTROL} ${className}`}
        onChange={trusted((e: ChangeEvent<HTMLInputElement>) => onValue?.(e.target.value))}
        {...rest}
      />
    </Field>
  );
}

export interface TextAreaProps extends Labelled, Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'onChange'> {
  onValue?: (value: string) => void;
}

export function TextArea({ label, hint, error, aside, onValue, className = '', id, rows = 4, ...rest }: TextAreaProps) {
  const auto = useId();
  const inputId = id ?? auto;
  return (
    <Field label={label} hint={hint} error={error} aside={aside} htmlFor={inputId}>
      <textarea
        id={inputId}
        rows={rows}
        aria-invalid={error ? true : undefined}
        className={`${CONTROL} resize-y leading-relaxed ${className}`}
        onChange={trusted((e: ChangeEvent<HTMLTextAreaElement>) => onValue?.(e.target.value))}
        {...rest}
      />
    </Field>
  );
}

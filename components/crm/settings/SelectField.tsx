import { useId, type ChangeEvent, type SelectHTMLAttributes } from 'react';
import { Field, type FieldProps } from '../../ui/Field';
import { trusted } from '../../ui/trusted';

export interface SelectFieldProps<V extends string> extends Omit<FieldProps, 'htmlFor' | 'children'>, Omit<SelectHTMLAttributes<HTMLSelectElement>, 'onChange' | 'value'> {
  value: V;
  options: readonly { value: V; label: string }[];
  /** Called for trusted (real user) changes only. */
  onValue: (value: V) => void;
}

/** A labelled <select> styled like the ui/Field inputs. */
export function SelectField<V extends string>({ label, hint, error, aside, value, options, onValue, className = '', id, ...rest }: SelectFieldProps<V>) {
  const auto = useId();
  const selectId = id ?? auto;
  const onChange = trusted((e: ChangeEvent<HTMLSelectElement>) => {
    const next = options.find((o) => o.value === e.target.value);
    if (next) onValue(next.value);
  });
  return (
    <Field label={label} hint={hint} error={error} aside={aside} htmlFor={selectId}>
      <select
        id={selectId}
        value={value}
        onChange={onChange}
        className={`block w-full rounded-md border-0 bg-white py-1.5 pr-8 pl-2.5 text-sm text-slate-900 shadow-xs ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600 focus:outline-none ${className}`}
        {...rest}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

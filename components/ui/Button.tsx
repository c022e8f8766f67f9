import type { ButtonHTMLAttributes, MouseEvent } from 'react';
import { Spinner } from './Spinner';
import { trusted } from './trusted';

export type ButtonVariant = 'primary' | 'approve' | 'secondary' | 'danger' | 'ghost';

const VARIANTS: Record<ButtonVariant, string> = {
  primary: 'bg-indigo-600 text-white hover:bg-indigo-700 focus-visible:outline-indigo-600',
  approve: 'bg-emerald-600 text-white hover:bg-emerald-700 focus-visible:outline-emerald-600',
  secondary: 'bg-white text-slate-800 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 focus-visible:outline-indigo-600',
  danger: 'bg-white text-rose-700 ring-1 ring-inset ring-rose-300 hover:bg-rose-50 focus-visible:outline-rose-600',
  ghost: 'bg-transparent text-indigo-700 hover:bg-indigo-50 focus-visible:outline-indigo-600',
};

const SIZES = { sm: 'h-7 px-2.5 text-xs', md: 'h-8 px-3 text-sm' } as const;

export interface ButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'onClick'> {
  variant?: ButtonVariant;
  size?: keyof typeof SIZES;
  /** Shows a spinner and disables the button while an action runs. */
  busy?: boolean;
  /** Called only for trusted (real user) clicks. */
  onClick?: (event: MouseEvent<HTMLButtonElement>) => void;
}

export function Button({ variant = 'secondary', size = 'md', busy = false, disabled, className = '', onClick, children, type = 'button', ...rest }: ButtonProps) {
  return (
    <button
      type={type}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      onClick={onClick ? trusted(onClick) : undefined}
      className={`inline-flex shrink-0 items-center justify-center gap-1.5 rounded-md font-medium whitespace-nowrap shadow-xs transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 disabled:cursor-not-allowed disabled:opacity-50 ${VARIANTS[variant]} ${SIZES[size]} ${className}`}
      {...rest}
    >
      {busy && <Spinner />}
      {children}
    </button>
  );
}

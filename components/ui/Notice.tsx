import type { ReactNode } from 'react';

const TONES = {
  info: 'border-sky-200 bg-sky-50 text-sky-900',
  success: 'border-emerald-200 bg-emerald-50 text-emerald-900',
  warning: 'border-amber-200 bg-amber-50 text-amber-900',
} as const;

/** A status line that is not an error (errors use ErrorNote, role=alert). */
export function Notice({ tone = 'info', testId, children, className = '' }: { tone?: keyof typeof TONES; testId?: string; children: ReactNode; className?: string }) {
  return (
    <div role="status" data-testid={testId} className={`rounded-md border px-3 py-2 text-sm ${TONES[tone]} ${className}`}>
      {children}
    </div>
  );
}

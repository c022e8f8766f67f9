import type { ReactNode } from 'react';

/** An error the user should read: the background's message, shown verbatim. */
export function ErrorNote({ children, testId = 'cs-error', className = '' }: { children: ReactNode; testId?: string; className?: string }) {
  if (children === null || children === undefined || children === '' || children === false) return null;
  return (
    <div role="alert" data-testid={testId} className={`rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800 ${className}`}>
      {children}
    </div>
  );
}

/** The message to show for anything thrown: RequestError messages are written for the user. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

import type { ReactNode } from 'react';

/** A titled block of the docked panel (tighter than the pages' Section). */
export function PanelSection({ title, testId, children }: { title: string; testId?: string; children: ReactNode }) {
  return (
    <section data-testid={testId} className="space-y-1.5">
      <h3 className="text-[11px] font-semibold tracking-wide text-slate-500 uppercase">{title}</h3>
      {children}
    </section>
  );
}

export const Empty = ({ children }: { children: ReactNode }) => <p className="text-xs text-slate-500">{children}</p>;

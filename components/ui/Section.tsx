import type { ReactNode } from 'react';

/** A titled group of content on a page: the page's second level of hierarchy. */
export function Section({ title, aside, children, className = '' }: { title: ReactNode; aside?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <section className={`space-y-3 ${className}`}>
      <div className="flex items-center justify-between gap-2">
        <h2 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">{title}</h2>
        {aside}
      </div>
      {children}
    </section>
  );
}

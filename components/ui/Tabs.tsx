import type { KeyboardEvent, ReactNode } from 'react';
import { trusted } from './trusted';

export interface TabItem<K extends string> {
  key: K;
  label: ReactNode;
}

/** A row of tabs; the caller renders the active panel (id `${idPrefix}-panel-${key}`). */
export function Tabs<K extends string>({ items, value, onChange, idPrefix = 'cs-tab' }: { items: readonly TabItem<K>[]; value: K; onChange: (key: K) => void; idPrefix?: string }) {
  const move = trusted((e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const i = items.findIndex((t) => t.key === value);
    const next = items[(i + (e.key === 'ArrowRight' ? 1 : items.length - 1)) % items.length];
    if (next) onChange(next.key);
  });
  return (
    <div role="tablist" className="flex gap-1 overflow-x-auto overflow-y-hidden border-b border-slate-200 [scrollbar-width:thin]" onKeyDown={move}>
      {items.map((t) => {
        const active = t.key === value;
        return (
          <button
            key={t.key}
            type="button"
            role="tab"
            id={`${idPrefix}-${t.key}`}
            aria-selected={active}
            aria-controls={`${idPrefix}-panel-${t.key}`}
            tabIndex={active ? 0 : -1}
            data-testid={`${idPrefix}-${t.key}`}
            onClick={trusted(() => onChange(t.key))}
            className={`-mb-px inline-flex shrink-0 items-center gap-1.5 border-b-2 px-2.5 py-2 text-sm whitespace-nowrap font-medium transition-colors ${
              active ? 'border-indigo-600 text-indigo-700' : 'border-transparent text-slate-500 hover:border-slate-300 hover:text-slate-700'
            }`}
          >
            {t.label}
          </button>
        );
      })}
    </div>
  );
}

export function TabPanel({ id, idPrefix = 'cs-tab', children }: { id: string; idPrefix?: string; children: ReactNode }) {
  return (
    <div role="tabpanel" id={`${idPrefix}-panel-${id}`} aria-labelledby={`${idPrefix}-${id}`}>
      {children}
    </div>
  );
}

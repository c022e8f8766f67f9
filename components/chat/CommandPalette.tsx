import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { CHAT_TOOL_SPECS, type ChatToolSpec } from '../../lib/chat/catalog';
import type { AgentName } from '../../lib/db/schema';
import { request } from '../../lib/protocol/client';
import { keys } from '../query-client';
import { Button } from '../ui/Button';
import { ErrorNote, errorMessage } from '../ui/ErrorNote';
import { ChatLinks } from './ChatLinks';
import { paletteFields, paletteInput } from './palette-fields';

const AGENT: Record<AgentName, string> = { scout: 'Scout', herald: 'Herald', cipher: 'Cipher', sentinel: 'Sentinel' };
const TOOLS = CHAT_TOOL_SPECS as readonly ChatToolSpec[];
const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Ctrl/Cmd+K anywhere in the panel opens the palette (real key presses only). */
export function usePaletteShortcut(open: () => void) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.isTrusted && (e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        open();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);
}

function ToolForm({ spec, onBack }: { spec: ChatToolSpec; onBack: () => void }) {
  const qc = useQueryClient();
  const fields = useMemo(() => paletteFields(spec), [spec]);
  const [values, setValues] = useState<Record<string, string>>({});
  const id = useId();
  const run = useMutation({
    mutationFn: () => request({ type: 'palette.run', tool: spec.name, input: paletteInput(fields, values) }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.approvals });
      void qc.invalidateQueries({ queryKey: keys.cleanups });
      void qc.invalidateQueries({ queryKey: keys.syncs });
    },
  });
  return (
    <div className="space-y-2" data-testid="cs-palette-form" data-tool={spec.name}>
      <p className="text-sm font-medium text-slate-900">
        {spec.title} <span className="text-xs font-normal text-slate-500">· {AGENT[spec.agent]}{spec.effect === 'propose' ? ' · proposes, you approve' : ' · reads'}</span>
      </p>
      <p className="text-xs text-slate-600">{spec.description}</p>
      {fields.map((f) => (
        <label key={f.name} htmlFor={`${id}-${f.name}`} className="block text-xs text-slate-700">
          {f.label}
          {f.required && <span aria-hidden="true"> *</span>}
          {f.kind === 'choice' ? (
            <select
              id={`${id}-${f.name}`}
              value={values[f.name] ?? f.defaultValue}
              onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))}
              className="mt-0.5 block h-8 w-full rounded-md border border-slate-300 px-2 text-sm"
            >
              {!f.required && !f.defaultValue && <option value="">—</option>}
              {f.options.map((o) => (
                <option key={o} value={o}>
                  {o.replace(/_/g, ' ')}
                </option>
              ))}
            </select>
          ) : (
            <input
              id={`${id}-${f.name}`}
              data-field={f.name}
              type={f.kind === 'number' ? 'number' : 'text'}
              required={f.required}
              value={values[f.name] ?? f.defaultValue}
              onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))}
              className="mt-0.5 block h-8 w-full rounded-md border border-slate-300 px-2 text-sm"
            />
          )}
        </label>
      ))}
      <div className="flex gap-2">
        <Button variant="primary" busy={run.isPending} onClick={() => run.mutate()} data-testid="cs-palette-run">
          {spec.effect === 'propose' ? 'Propose' : 'Run'}
        </Button>
        <Button variant="ghost" onClick={onBack}>
          Back
        </Button>
      </div>
      {run.error && <ErrorNote testId="cs-palette-error">{errorMessage(run.error)}</ErrorNote>}
      {run.data && (
        <div data-testid="cs-palette-result" className="rounded-md bg-slate-50 p-2">
          <ChatLinks sources={run.data.sources} proposals={run.data.proposals} />
          <pre className="mt-1 max-h-48 overflow-auto text-[11px] whitespace-pre-wrap text-slate-700">{JSON.stringify(run.data.data, null, 2).slice(0, 4000)}</pre>
        </div>
      )}
    </div>
  );
}

/**
 * The command palette: the chat's tools as commands, each run as its owning agent through the
 * same allowlist (palette.run). A modal dialog: focus stays inside, Escape closes, focus returns.
 */
export function CommandPalette({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [filter, setFilter] = useState('');
  const [chosen, setChosen] = useState<ChatToolSpec | null>(null);
  const dialog = useRef<HTMLDivElement>(null);
  const search = useRef<HTMLInputElement>(null);
  const titleId = useId();

  useEffect(() => {
    if (!open) return;
    const before = document.activeElement as HTMLElement | null;
    search.current?.focus();
    return () => before?.focus?.();
  }, [open]);
  useEffect(() => {
    if (!open) {
      setFilter('');
      setChosen(null);
    }
  }, [open]);

  if (!open) return null;
  const q = filter.trim().toLowerCase();
  const shown = TOOLS.filter((t) => !q || `${t.title} ${t.name} ${t.agent} ${t.description}`.toLowerCase().includes(q));

  const onKeyDown = (e: ReactKeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      onClose();
      return;
    }
    if (e.key !== 'Tab' || !dialog.current) return;
    const items = [...dialog.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = items[0];
    const last = items.at(-1);
    const active = (dialog.current.getRootNode() as Document | ShadowRoot).activeElement;
    if (e.shiftKey && active === first) {
      e.preventDefault();
      last?.focus();
    } else if (!e.shiftKey && active === last) {
      e.preventDefault();
      first?.focus();
    }
  };

  return (
    <div className="fixed inset-0 z-50 flex items-start justify-center bg-slate-900/30 p-4" onMouseDown={(e) => e.target === e.currentTarget && e.nativeEvent.isTrusted && onClose()}>
      <div ref={dialog} role="dialog" aria-modal="true" aria-labelledby={titleId} data-testid="cs-palette" onKeyDown={onKeyDown} className="w-full max-w-md space-y-2 rounded-lg bg-white p-3 shadow-xl ring-1 ring-slate-200">
        <h2 id={titleId} className="text-sm font-semibold text-slate-900">
          Commands
        </h2>
        {chosen ? (
          <ToolForm spec={chosen} onBack={() => setChosen(null)} />
        ) : (
          <>
            <label htmlFor={`${titleId}-filter`} className="sr-only">
              Filter commands
            </label>
            <input
              id={`${titleId}-filter`}
              ref={search}
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
              placeholder="Type a command…"
              data-testid="cs-palette-filter"
              className="h-8 w-full rounded-md border border-slate-300 px-2 text-sm"
            />
            <ul className="max-h-80 space-y-1 overflow-auto">
              {shown.map((t) => (
                <li key={t.name}>
                  <button
                    type="button"
                    data-testid="cs-palette-item"
                    data-tool={t.name}
                    onClick={(e) => e.nativeEvent.isTrusted && setChosen(t)}
                    className="w-full rounded-md px-2 py-1.5 text-left text-sm hover:bg-slate-100 focus-visible:bg-slate-100"
                  >
                    {t.title} <span className="text-xs text-slate-500">· {AGENT[t.agent]}</span>
                  </button>
                </li>
              ))}
              {shown.length === 0 && <li className="px-2 text-xs text-slate-500">No command matches.</li>}
            </ul>
          </>
        )}
        <div className="flex justify-end">
          <Button size="sm" variant="ghost" onClick={onClose} data-testid="cs-palette-close">
            Close
          </Button>
        </div>
      </div>
    </div>
  );
}

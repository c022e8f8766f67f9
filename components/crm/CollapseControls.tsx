import { trusted } from '../ui/trusted';
import { Logo } from '../ui/Logo';

/** Folds the panel to a slim tab on the right edge. */
export function CollapseButton({ onCollapse }: { onCollapse: () => void }) {
  return (
    <button
      type="button"
      data-testid="cs-crm-collapse"
      aria-expanded="true"
      aria-label="Collapse the Countersign panel"
      title="Collapse"
      onClick={trusted(onCollapse)}
      className="grid size-6 place-items-center rounded text-base leading-none text-slate-500 hover:bg-slate-200 hover:text-slate-800 focus-visible:outline-2 focus-visible:outline-indigo-600"
    >
      »
    </button>
  );
}

/** The collapsed panel: a slim tab that opens it again. */
export function CollapsedTab({ onExpand }: { onExpand: () => void }) {
  return (
    <button
      type="button"
      data-testid="cs-crm-collapse"
      aria-expanded="false"
      aria-label="Open the Countersign panel"
      title="Open Countersign"
      onClick={trusted(onExpand)}
      className="flex w-8 flex-col items-center gap-2 rounded-l-md border border-r-0 border-slate-200 bg-white py-2 font-sans text-xs font-semibold text-slate-700 shadow-lg hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-indigo-600"
    >
      <Logo />
      <span className="[writing-mode:vertical-rl]">Countersign</span>
    </button>
  );
}

import { Button } from '../ui/Button';
import { Logo } from '../ui/Logo';

/**
 * The panel folded away: a slim bar under the subject (inline), or a small tab at the right edge
 * (floating). One click brings the panel back, with everything it held.
 */
export function CollapsedTab({ subject, placement, onExpand }: { subject: string | null; placement: 'inline' | 'floating'; onExpand: () => void }) {
  const inline = placement === 'inline';
  return (
    <div
      data-testid="cs-panel-collapsed"
      className={`flex items-center gap-2 border border-slate-200 bg-white font-sans text-xs text-slate-700 shadow-sm ${inline ? 'h-8 rounded-md px-2' : 'h-9 rounded-l-lg rounded-r-none border-r-0 pr-1 pl-1.5'}`}
    >
      <Logo />
      <span className="font-semibold text-slate-700">Countersign</span>
      {inline && subject && <span className="truncate text-slate-500">· {subject}</span>}
      <Button size="sm" variant="ghost" className={inline ? 'ml-auto' : ''} onClick={onExpand} aria-label="Show the Countersign panel" data-testid="cs-panel-expand">
        Show
      </Button>
    </div>
  );
}

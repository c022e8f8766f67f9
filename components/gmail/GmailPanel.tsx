import type { OpenThread } from '../../lib/sites/gmail/adapter';
import type { GmailPage } from '../../lib/sites/gmail/page';
import { Button } from '../ui/Button';
import { Logo } from '../ui/Logo';
import { CollapsedTab } from './CollapsedTab';
import { ThreadPanel } from './ThreadPanel';

export interface GmailPanelProps {
  /** The conversation as read from Gmail's DOM (untrusted page data), or null when unreadable. */
  thread: OpenThread | null;
  /** Gmail hooks that no longer match the page. */
  degraded: readonly string[];
  /** The page the panel sits in: partial message read, insert into reply. */
  page: GmailPage;
  /** Folded to a slim tab; the content stays mounted (drafts in progress survive). */
  collapsed?: boolean;
  onCollapsedChange?: (collapsed: boolean) => void;
  /** Under the thread's subject, or floating at the right edge when the page offers no place. */
  placement?: 'inline' | 'floating';
}

/**
 * The in-Gmail panel: read the open thread, draft a reply, edit it, insert it into Gmail's reply
 * box or queue it for approval. It cannot approve or send: that happens only in the approval panel.
 */
export function GmailPanel({ thread, degraded, page, collapsed = false, onCollapsedChange, placement = 'inline' }: GmailPanelProps) {
  return (
    <div data-testid="cs-panel" data-collapsed={collapsed} data-placement={placement} className={`font-sans text-sm text-slate-900 ${placement === 'floating' && collapsed ? 'flex justify-end' : ''}`}>
      {collapsed && <CollapsedTab subject={thread?.subject ?? null} placement={placement} onExpand={() => onCollapsedChange?.(false)} />}
      <div hidden={collapsed} className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
        <div className="flex items-center gap-2 border-b border-slate-100 bg-slate-50 px-3 py-1.5">
          <Logo />
          <span className="text-xs font-semibold tracking-tight text-slate-700">Countersign</span>
          <Button size="sm" variant="ghost" className="ml-auto" onClick={() => onCollapsedChange?.(true)} aria-label="Hide the Countersign panel" data-testid="cs-panel-collapse">
            Hide
          </Button>
        </div>
        <div className="space-y-3 p-3">
          {degraded.length > 0 && (
            <p role="status" data-testid="cs-degraded" className="rounded border border-amber-200 bg-amber-50 px-2 py-1 text-xs text-amber-900">
              Gmail adapter degraded: {degraded.join(', ')}
            </p>
          )}
          {thread ? (
            <ThreadPanel key={thread.threadId} thread={thread} page={page} />
          ) : (
            <p data-testid="cs-thread-unreadable" className="text-xs text-slate-500">
              Countersign cannot tell from the page which conversation is open, so it shows none rather than risk showing the wrong one.
            </p>
          )}
        </div>
      </div>
    </div>
  );
}

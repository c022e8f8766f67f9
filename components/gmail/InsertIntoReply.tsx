import { useState } from 'react';
import type { GmailPage, InsertOutcome } from '../../lib/sites/gmail/page';
import { Button } from '../ui/Button';

const SAID: Record<'inline-reply' | 'window' | 'none' | 'several', string> = {
  'inline-reply': "Inserted into Gmail's reply box: edit it there.",
  window: "Inserted into the open compose window: edit it there.",
  none: "Open Gmail's reply box first, then insert.",
  several: 'Several reply or compose boxes are open: close all but the one for this reply, then insert.',
};

const said = (outcome: InsertOutcome) => (outcome.ok ? SAID[outcome.kind] : SAID[outcome.reason]);

/**
 * Copies the draft into Gmail's own reply box for the rep to edit and send themselves. It never
 * presses Gmail's Send; sending through Countersign happens only in the approval panel.
 */
export function InsertIntoReply({ page, text, disabled }: { page: GmailPage; text: string; disabled?: boolean }) {
  const [outcome, setOutcome] = useState<InsertOutcome | null>(null);
  return (
    <div className="space-y-1">
      <div className="flex items-center gap-2">
        <Button size="sm" disabled={disabled || !text.trim()} onClick={() => setOutcome(page.insertIntoReply(text))} data-testid="cs-insert-reply">
          Insert into reply
        </Button>
        <p className="text-[11px] leading-snug text-slate-500">For your own editing in Gmail. Countersign never presses Gmail's Send: it sends only what you approve in the approval panel.</p>
      </div>
      {outcome && (
        <p role="status" data-testid="cs-insert-reply-status" data-ok={outcome.ok} className={`text-xs ${outcome.ok ? 'text-emerald-800' : 'text-amber-900'}`}>
          {said(outcome)}
        </p>
      )}
    </div>
  );
}

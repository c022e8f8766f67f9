import { useEffect, useState } from 'react';
import type { GmailPage } from '../../lib/sites/gmail/page';
import { Button } from '../ui/Button';
import { ErrorNote } from '../ui/ErrorNote';
import { TextInput } from '../ui/Field';
import { Spinner } from '../ui/Spinner';
import { DraftEditor } from './DraftEditor';
import { InsertIntoReply } from './InsertIntoReply';
import { useDraft, type DraftKindChoice } from './use-draft';

const KIND_LABEL: Record<DraftKindChoice, string> = { reply: 'Draft reply', follow_up: 'Draft follow-up', re_engage: 'Draft re-engagement' };
import { QualityReport } from '../herald/QualityReport';

/** Draft a reply, edit it, insert it into Gmail's reply box or queue it for approval. */
export function DraftSection({ threadId, page }: { threadId: string; page: GmailPage }) {
  const [steer, setSteer] = useState('');
  const [kind, setKind] = useState<DraftKindChoice>('reply');
  const draft = useDraft(threadId);
  const elapsed = useElapsedSeconds(draft.phase === 'generating');

  const status =
    draft.phase === 'generating'
      ? `Drafting a reply… ${elapsed}s. Models can take a while.`
      : draft.phase === 'queueing'
        ? 'Saving and queueing…'
        : draft.phase === 'queued'
          ? "Queued for approval — review it in Countersign's approval panel"
          : null;
  const busy = draft.phase === 'generating' || draft.phase === 'queueing';

  return (
    <div className="space-y-3">
      {draft.draft && (
        <DraftEditor draft={draft.draft} body={draft.body} saveState={draft.saveState} readOnly={draft.phase !== 'ready'} onBody={draft.edit}>
          {/* Once queued, the approval panel owns this draft: inserting it too could send it twice. */}
          {draft.phase === 'ready' && <InsertIntoReply page={page} text={draft.body} />}
        </DraftEditor>
      )}
      {draft.draft && draft.quality && draft.phase !== 'queued' && <QualityReport report={draft.quality} />}

      {draft.phase !== 'queued' && (
        <div className="space-y-2">
          <label className="flex items-center gap-2 text-xs text-slate-600">
            Draft a
            <select value={kind} onChange={(e) => setKind(e.target.value as DraftKindChoice)} disabled={busy} data-testid="cs-draft-kind" className="rounded border border-slate-300 px-1 py-0.5 text-xs">
              <option value="reply">reply</option>
              <option value="follow_up">follow-up (no answer yet)</option>
              <option value="re_engage">re-engagement (gone quiet)</option>
            </select>
          </label>
          {!draft.draft && (
            <TextInput label="Guidance for the draft (optional)" value={steer} onValue={setSteer} maxLength={500} placeholder="e.g. propose a call next week" data-testid="cs-draft-steer" disabled={busy} />
          )}
          <div className="flex flex-wrap gap-2">
            {draft.draft && (
              <Button variant="primary" busy={draft.phase === 'queueing'} disabled={busy || !draft.body.trim() || (draft.saveState === 'saved' && draft.quality?.verdict === 'blocked')} onClick={() => void draft.queue()} data-testid="cs-draft-queue">
                Queue for approval
              </Button>
            )}
            <Button variant={draft.draft ? 'secondary' : 'primary'} busy={draft.phase === 'generating'} disabled={busy} onClick={() => void draft.generate(steer, kind)} data-testid="cs-draft-generate">
              {draft.draft ? 'Draft again' : KIND_LABEL[kind]}
            </Button>
          </div>
        </div>
      )}

      {status && (
        <p role="status" data-testid="cs-status" className={`flex items-center gap-2 rounded-md px-3 py-2 text-xs ${draft.phase === 'queued' ? 'bg-emerald-50 text-emerald-900' : 'bg-sky-50 text-sky-900'}`}>
          {busy && <Spinner className="size-3" />}
          {status}
        </p>
      )}
      <ErrorNote>{draft.error}</ErrorNote>
    </div>
  );
}

function useElapsedSeconds(running: boolean): number {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    if (!running) return;
    const started = Date.now();
    setSeconds(0);
    const id = setInterval(() => setSeconds(Math.floor((Date.now() - started) / 1000)), 1000);
    return () => clearInterval(id);
  }, [running]);
  return seconds;
}

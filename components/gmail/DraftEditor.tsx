import type { ReactNode } from 'react';
import type { DraftView } from '../../lib/protocol/responses';
import { TextArea } from '../ui/Field';
import { mailbox } from '../ui/format';

const SAVE_LABEL = { saved: 'Saved', dirty: 'Unsaved changes', saving: 'Saving…' } as const;

/** The draft as it will be queued: headers read-only (edit those in the approval panel), body editable. */
export function DraftEditor({
  draft,
  body,
  saveState,
  readOnly,
  onBody,
  children,
}: {
  draft: DraftView;
  body: string;
  saveState: keyof typeof SAVE_LABEL;
  readOnly: boolean;
  onBody: (value: string) => void;
  /** Actions on the body (e.g. insert into Gmail's reply box), shown right under it. */
  children?: ReactNode;
}) {
  const m = draft.message;
  return (
    <div className="space-y-3" data-testid="cs-draft">
      <dl className="grid grid-cols-[3.5rem_minmax(0,1fr)] gap-x-2 gap-y-0.5 rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-xs">
        <dt className="text-slate-500">To</dt>
        <dd data-testid="cs-draft-to" className="font-medium break-words text-slate-900">
          {m.to.map(mailbox).join(', ')}
        </dd>
        <dt className="text-slate-500">Cc</dt>
        <dd data-testid="cs-draft-cc" className="break-words text-slate-700">
          {m.cc.map(mailbox).join(', ')}
        </dd>
        <dt className="text-slate-500">Subject</dt>
        <dd data-testid="cs-draft-subject" className="break-words text-slate-900">
          {m.subject}
        </dd>
      </dl>
      <TextArea
        label="Reply"
        aside={<span className="text-[11px] text-slate-500">{readOnly ? 'Queued' : SAVE_LABEL[saveState]}</span>}
        value={body}
        onValue={onBody}
        readOnly={readOnly}
        rows={9}
        spellCheck
        data-testid="cs-draft-body"
      />
      {children}
      {draft.evidence.length > 0 && (
        <details className="rounded-md border border-slate-200 text-xs" open>
          <summary className="cursor-pointer px-3 py-1.5 font-medium text-slate-700 select-none">Why it says what it says ({draft.evidence.length})</summary>
          <ul data-testid="cs-draft-evidence" className="space-y-2 border-t border-slate-200 px-3 py-2">
            {draft.evidence.map((e, i) => (
              <li key={i} className="space-y-0.5">
                <p className="text-slate-800">{e.claim}</p>
                <p className="border-l-2 border-slate-200 pl-2 break-words text-slate-500 italic">{e.source}</p>
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

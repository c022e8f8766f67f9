import type { Note } from '../../lib/crm/model';
import { formatIsoDate } from '../ui/format';
import { Empty } from './PanelSection';
import { excerpt, plainText } from './plain-text';

/** The newest notes on the record, as plain text. */
export function RecentNotes({ notes }: { notes: Note[] }) {
  if (notes.length === 0) return <Empty>No notes yet.</Empty>;
  return (
    <ol className="space-y-2">
      {notes.map((n) => (
        <li key={n.id} className="space-y-0.5 border-l-2 border-slate-200 pl-2 text-xs">
          {n.createdAt && <time className="block text-slate-500">{formatIsoDate(n.createdAt)}</time>}
          <p className="break-words text-slate-700">{excerpt(plainText(n.body)) || '(empty note)'}</p>
        </li>
      ))}
    </ol>
  );
}

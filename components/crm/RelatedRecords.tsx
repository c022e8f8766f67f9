import type { ObjectType } from '../../lib/crm/model';
import type { RecordPage } from '../../lib/sites/crm/record-url';
import { TYPE_LABEL } from './labels';
import { relatedHref } from './related-link';

/** Records associated with this one, linked to their pages in the same CRM. */
export function RelatedRecords({ related, page }: { related: { type: ObjectType; id: string }[]; page: RecordPage }) {
  return (
    <ul data-testid="cs-crm-related" className="flex flex-wrap gap-1.5">
      {related.map((r) => {
        const href = relatedHref(location.href, page, r.type, r.id);
        const label = (
          <>
            <span className="text-slate-500">{TYPE_LABEL[r.type]}</span> <span className="font-mono text-[11px]">{r.id}</span>
          </>
        );
        return (
          <li key={`${r.type}:${r.id}`} className="rounded-md bg-slate-100 px-2 py-0.5 text-xs text-slate-800">
            {href ? (
              <a href={href} className="hover:underline">
                {label}
              </a>
            ) : (
              label
            )}
          </li>
        );
      })}
    </ul>
  );
}

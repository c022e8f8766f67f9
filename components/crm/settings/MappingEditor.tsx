import { useId, useState, type ChangeEvent } from 'react';
import { RECORD_SCHEMA, type ObjectType } from '../../../lib/crm/model';
import { Button } from '../../ui/Button';
import { trusted } from '../../ui/trusted';
import { OBJECT_TYPES, TYPE_PLURAL, type MappingRow, type MappingRows, type RemoteCrm } from './crm-form';
import { SelectField } from './SelectField';

const TYPE_OPTIONS = OBJECT_TYPES.map((t) => ({ value: t, label: TYPE_PLURAL[t] }));
/** Model fields that are ids, timestamps or associations: never a mapped property. */
const NOT_MAPPED = new Set(['id', 'updatedAt', 'properties', 'companyId', 'contactIds']);
const ourFields = (type: ObjectType) => Object.keys(RECORD_SCHEMA[type].shape).filter((f) => !NOT_MAPPED.has(f));

const HINT: Record<RemoteCrm, string> = {
  hubspot: "HubSpot property names (e.g. jobtitle, or your own countersign_score). Fields left out use HubSpot's standard properties.",
  salesforce: 'Salesforce field API names (e.g. Title, or your own Countersign_Score__c).',
  pipedrive: 'Pipedrive custom-field keys (the 40-character hashes under Settings → Data fields). Map domain to keep company domains in a custom field.',
};
const INPUT =
  'block w-full min-w-0 rounded-md border-0 bg-white px-2 py-1 font-mono text-xs text-slate-900 shadow-xs ring-1 ring-slate-300 ring-inset placeholder:font-sans placeholder:text-slate-400 focus:ring-2 focus:ring-indigo-600 focus:outline-none';

/** Per object type, rows of "our field → the CRM's property" (saved in settings.crm.<crm>.mapping). */
export function MappingEditor({ crm, rows, onChange }: { crm: RemoteCrm; rows: MappingRows; onChange: (rows: MappingRows) => void }) {
  const [type, setType] = useState<ObjectType>('contact');
  const listId = useId();
  const current = rows[type];
  const setRows = (next: MappingRow[]) => onChange({ ...rows, [type]: next });
  const edit = (i: number, patch: Partial<MappingRow>) => setRows(current.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  return (
    <div className="space-y-2" data-testid="cs-crm-mapping">
      <div className="flex items-end gap-2">
        <div className="w-36">
          <SelectField label="Field mapping for" value={type} options={TYPE_OPTIONS} onValue={setType} data-testid="cs-crm-mapping-type" />
        </div>
        <Button size="sm" variant="ghost" onClick={() => setRows([...current, { field: '', property: '' }])} data-testid="cs-crm-mapping-add">
          + Add field
        </Button>
      </div>
      <datalist id={listId}>
        {ourFields(type).map((f) => (
          <option key={f} value={f} />
        ))}
      </datalist>
      {current.length === 0 ? (
        <p className="text-xs text-slate-500">No {type} fields mapped.</p>
      ) : (
        <ul className="space-y-1.5">
          {current.map((row, i) => (
            <li key={i} className="grid grid-cols-[1fr_auto_1fr_auto] items-center gap-1.5" data-testid="cs-crm-mapping-row">
              <input
                aria-label="Our field"
                list={listId}
                value={row.field}
                placeholder="our field"
                spellCheck={false}
                className={INPUT}
                onChange={trusted((e: ChangeEvent<HTMLInputElement>) => edit(i, { field: e.target.value }))}
                data-testid="cs-crm-mapping-field"
              />
              <span aria-hidden="true" className="text-xs text-slate-500">
                →
              </span>
              <input
                aria-label="CRM property"
                value={row.property}
                placeholder="CRM property"
                spellCheck={false}
                className={INPUT}
                onChange={trusted((e: ChangeEvent<HTMLInputElement>) => edit(i, { property: e.target.value }))}
                data-testid="cs-crm-mapping-property"
              />
              <button
                type="button"
                aria-label="Remove this row"
                className="grid size-6 place-items-center rounded text-slate-500 hover:bg-rose-50 hover:text-rose-700"
                onClick={trusted(() => setRows(current.filter((_, j) => j !== i)))}
                data-testid="cs-crm-mapping-remove"
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <p className="text-xs text-slate-500">{HINT[crm]}</p>
    </div>
  );
}

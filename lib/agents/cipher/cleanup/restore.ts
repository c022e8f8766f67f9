import type { CrmRef, ObjectType, RecordOf } from '../../../crm/model';
import type { LocalCrmDb } from '../../../crm/local/db';

/**
 * What rollback needs beyond CrmAdapter to restore a record exactly: write it back under its own
 * id (re-creating it if it was deleted or merged away, `updatedAt` included) and take an
 * association off. CrmAdapter has neither (see the report on this module); without them rollback
 * re-creates records under new ids (kept as a mapping) and lists associations it could not remove.
 */
export interface CrmRestoreOps {
  restore<T extends ObjectType>(type: T, record: RecordOf<T>): Promise<void>;
  dissociate(from: CrmRef, to: CrmRef): Promise<void>;
}

const lower = (s: string | null | undefined) => (s ? s.trim().toLowerCase() : null);
const refKey = (ref: Pick<CrmRef, 'type' | 'id'>) => `${ref.type}:${ref.id}`;

/**
 * Restore operations for the local CRM, written against its database (the local adapter has no
 * such methods yet). Keeps the adapter's derived index keys (emailKey, domainKey) in step.
 */
export function localRestoreOps(db: LocalCrmDb): CrmRestoreOps {
  return {
    async restore(type, record) {
      if (type === 'contact') await db.contacts.put({ ...(record as RecordOf<'contact'>), emailKey: lower((record as RecordOf<'contact'>).email) });
      else if (type === 'company') await db.companies.put({ ...(record as RecordOf<'company'>), domainKey: lower((record as RecordOf<'company'>).domain) });
      else await db.deals.put(record as RecordOf<'deal'>);
    },
    async dissociate(from, to) {
      // Local associations are stored one way but read both ways: take off either direction.
      await db.associations.bulkDelete([
        [refKey(from), refKey(to)],
        [refKey(to), refKey(from)],
      ]);
    },
  };
}

import { z } from 'zod';
import { ObjectType, type CrmAdapter, type CrmKind, type RecordOf } from '../../../crm/model';
import { sha256Hex } from '../../../gates/content-hash';
import { canonicalJson, type FieldDiff } from '../sync/diff';

/**
 * A cleanup plan: what Cipher (or a person) wants done to existing CRM records. Field choices
 * name, per field, the id of the record whose value the merged record keeps (as duplicate
 * detection suggests them); `properties.<name>` picks a vendor property.
 */
export const CleanupAction = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('merge'),
    type: ObjectType,
    winnerId: z.string().min(1),
    loserIds: z.array(z.string().min(1)).min(1),
    fieldChoices: z.record(z.string(), z.string()).default({}),
  }),
  z.object({ kind: z.literal('update'), type: ObjectType, id: z.string().min(1), patch: z.record(z.string(), z.unknown()) }),
  z.object({ kind: z.literal('delete'), type: ObjectType, id: z.string().min(1) }),
]);
export type CleanupAction = z.input<typeof CleanupAction>;

export const CleanupPlan = z.object({ actions: z.array(CleanupAction).min(1) });
export type CleanupPlan = z.input<typeof CleanupPlan>;

export const ASSOCIATED_TYPES: readonly ObjectType[] = ['contact', 'company', 'deal'];

type AnyRecord = RecordOf<ObjectType>;
/** Associated ids by type, sorted. */
export type Associations = Record<ObjectType, string[]>;

/** A record as read: its fields and what it is associated with. */
export interface RecordState {
  id: string;
  record: AnyRecord | null;
  associations: Associations;
}

/** One field the merged record takes, and from which record. */
export interface FieldChoice {
  field: string;
  from: string;
  before: unknown;
  after: unknown;
}

/** One action of the plan as reviewed: every record it touches, before and after. */
export type CleanupItem =
  | {
      key: string;
      kind: 'merge';
      type: ObjectType;
      winnerId: string;
      loserIds: string[];
      /** Winner and losers as read for the preview. */
      before: RecordState[];
      /** Fields the winner takes from the chosen records (only those that change it). */
      choices: FieldChoice[];
      /** Associations the winner gains from the losers. */
      gains: Associations;
      /** True: the CRM merges itself and may also fill the winner's empty fields from the losers. */
      crmMerge: boolean;
      /** Problems that stop this action (a record not found, a choice naming a record outside the group). */
      problems: string[];
    }
  | { key: string; kind: 'update'; type: ObjectType; id: string; before: RecordState[]; diff: FieldDiff[]; problems: string[] }
  | { key: string; kind: 'delete'; type: ObjectType; id: string; before: RecordState[]; problems: string[] };

export interface CleanupProposal {
  crm: CrmKind;
  items: CleanupItem[];
  counts: { merges: number; mergedAway: number; updates: number; deletes: number; blocked: number };
}

/** SHA-256 of the proposal's canonical form: the value an approval binds. Synchronous. */
export const cleanupHash = (proposal: CleanupProposal): string => sha256Hex(canonicalJson({ v: 1, kind: 'cleanup', proposal }));

const emptyAssociations = (): Associations => ({ contact: [], company: [], deal: [] });

/** Fresh read of one record and its associations of every type. */
export async function readState(adapter: CrmAdapter, type: ObjectType, id: string): Promise<RecordState> {
  const record = await adapter.get(type, id);
  const associations = emptyAssociations();
  if (record) {
    for (const to of ASSOCIATED_TYPES) {
      const ids = await adapter.associations({ crm: adapter.kind, type, id }, to);
      associations[to] = ids.filter((other) => !(to === type && other === id)).sort();
    }
  }
  return { id, record, associations };
}

export { emptyAssociations };

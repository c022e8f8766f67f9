import Dexie, { type EntityTable } from 'dexie';
import type { CrmCompany, CrmContact, CrmDeal, Note, Pipeline } from '../model';

/** Stored contact: the model plus a lower-cased email, the natural key we index. */
export type LocalContact = CrmContact & { emailKey: string | null };
export type LocalCompany = CrmCompany & { domainKey: string | null };
export type LocalNote = Note & { refKeys: string[] };
export interface LocalAssociation {
  from: string;
  to: string;
}

export type LocalCrmDb = Dexie & {
  contacts: EntityTable<LocalContact, 'id'>;
  companies: EntityTable<LocalCompany, 'id'>;
  deals: EntityTable<CrmDeal, 'id'>;
  notes: EntityTable<LocalNote, 'id'>;
  pipelines: EntityTable<Pipeline, 'id'>;
  associations: Dexie.Table<LocalAssociation, [string, string]>;
};

export const LOCAL_CRM_DB = 'countersign-local-crm';

/** The pipeline a new local CRM starts with; the rep can rename stages later. */
export const DEFAULT_PIPELINE: Pipeline = {
  id: 'default',
  label: 'Sales',
  stages: [
    { id: 'lead', label: 'Lead in', order: 0, probability: 0.1, closed: null },
    { id: 'qualified', label: 'Qualified', order: 1, probability: 0.2, closed: null },
    { id: 'demo', label: 'Demo', order: 2, probability: 0.4, closed: null },
    { id: 'proposal', label: 'Proposal', order: 3, probability: 0.6, closed: null },
    { id: 'negotiation', label: 'Negotiation', order: 4, probability: 0.8, closed: null },
    { id: 'won', label: 'Won', order: 5, probability: 1, closed: 'won' },
    { id: 'lost', label: 'Lost', order: 6, probability: 0, closed: 'lost' },
  ],
};

/**
 * The built-in CRM, in its own database: it is a system of record like any connected CRM, so it
 * keeps its own schema versions, apart from Countersign's working data.
 */
export function openLocalCrmDb(name = LOCAL_CRM_DB): LocalCrmDb {
  const db = new Dexie(name) as LocalCrmDb;
  db.version(1).stores({
    contacts: 'id, emailKey, companyId, updatedAt',
    companies: 'id, domainKey, updatedAt',
    deals: 'id, companyId, pipelineId, stageId, updatedAt',
    notes: 'id, *refKeys',
    pipelines: 'id',
    associations: '[from+to], from, to',
  });
  db.on('populate', (tx) => {
    void tx.table('pipelines').add(DEFAULT_PIPELINE);
  });
  return db;
}

import type { CrmCompany, CrmContact, CrmDeal, ObjectType, Pipeline } from '../../../crm/model';
import type { Evidence } from '../model';

/**
 * Reading CRM records for evidence: every value used is cited by its field path, so a rep can open
 * it. Paths: "contact:<id>.title", "company:<id>.employees", "deal:<id>.properties.<key>".
 */
export type CrmRecord = CrmContact | CrmCompany | CrmDeal;

export const fieldRef = (type: ObjectType, id: string, field: string) => `${type}:${id}.${field}`;
export const propertyRef = (type: ObjectType, id: string, key: string) => `${type}:${id}.properties.${key}`;

export const crmEvidence = (ref: string, value: string | number): Evidence => ({ source: 'crm', ref, quote: String(value).slice(0, 500) });

/** Properties whose key matches, with a non-empty value, in key order (deterministic). */
export function propertiesMatching(record: CrmRecord, key: RegExp): { key: string; value: string }[] {
  return Object.entries(record.properties)
    .filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].trim() !== '' && key.test(e[0]))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, value]) => ({ key: k, value }));
}

/** How CRMs write a yes in a text property. */
export const isYes = (value: string) => /^(?:true|yes|1|y|opted[ _-]?out|unsubscribed)$/i.test(value.trim());

export interface DealStatus {
  status: 'won' | 'lost' | 'open';
  evidence: Evidence;
}

/**
 * Whether a deal is won, lost or open, from what its CRM records: HubSpot's hs_is_closed_won /
 * hs_is_closed, Salesforce's IsWon / IsClosed, Pipedrive's status, else the stage's closed mark
 * from the pipelines (the local CRM and any vendor that keeps it on the stage).
 */
export function dealStatus(deal: CrmDeal, pipelines: readonly Pipeline[]): DealStatus {
  const p = deal.properties;
  const cite = (key: string) => crmEvidence(propertyRef('deal', deal.id, key), p[key] ?? '');
  for (const [wonKey, closedKey] of [['hs_is_closed_won', 'hs_is_closed'], ['IsWon', 'IsClosed']] as const) {
    if (p[wonKey] !== undefined && p[wonKey] !== null && isYes(p[wonKey])) return { status: 'won', evidence: cite(wonKey) };
    if (p[closedKey] !== undefined && p[closedKey] !== null && isYes(p[closedKey])) return { status: 'lost', evidence: cite(closedKey) };
  }
  const status = p.status?.trim().toLowerCase();
  if (status === 'won' || status === 'lost') return { status, evidence: cite('status') };
  const stageEvidence = crmEvidence(fieldRef('deal', deal.id, 'stageId'), deal.stageId ?? '');
  if (deal.stageId) {
    const candidates = pipelines.filter((pl) => deal.pipelineId === null || pl.id === deal.pipelineId);
    const stage = candidates.flatMap((pl) => pl.stages).find((s) => s.id === deal.stageId);
    if (stage?.closed) return { status: stage.closed, evidence: { ...stageEvidence, quote: deal.stageId } };
  }
  return { status: 'open', evidence: stageEvidence };
}

/** The words of a record's value for a reader: "Northwind (deal:7)". */
export const dealName = (deal: CrmDeal) => (deal.name ? `"${deal.name}"` : `deal ${deal.id}`);

export { enrichContact, mergeEnrichment, mergeCompanyEnrichment, ENRICHED_PROPERTIES } from './enrich';
export type { ContactEnrichment, EnrichInput } from './enrich';
export { splitPersonName } from './names';
export type { PersonName } from './names';

export { findDuplicates, DedupeInputError, DEDUPE_FIELDS } from './find-duplicates';
export type { DedupeContact, DedupeField, DedupeOptions, DuplicateCluster, DuplicatePair, DuplicateReason } from './find-duplicates';
export { canonicalEmail, companyDomain, companyKey, jaroWinkler, nameTokens, phoneKey, plainEmail } from './normalise';
export { parseContactsCsv, ContactsCsvError } from './contacts-csv';

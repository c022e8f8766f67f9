export { qualityReport, type QualityContext } from './report';
export { GenericIndex, type GenericIndexOptions, type StoredDraft } from './generic-index';
export * from './model';

export { CleanupAction, CleanupPlan, cleanupHash, type CleanupItem, type CleanupProposal, type FieldChoice, type RecordState } from './plan';
export { previewCleanup, approveCleanup, denyCleanup, loadCleanup, type CleanupChange } from './preview';
export { executeCleanup, snapshotId, type CleanupItemResult } from './execute';
export { rollbackCleanup, rollbackIdMap, type RollbackOptions, type RollbackRecordResult } from './rollback';
export { localRestoreOps, type CrmRestoreOps } from './restore';

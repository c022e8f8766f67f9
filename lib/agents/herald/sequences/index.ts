// Herald's self-pausing outreach sequences: the public surface for the background and the UI.
export * from './model';
export { createSequence, enrol, nextDueAt, HERALD, type EnrolResult } from './sequences';
export { runDue, type DraftGate, type DraftStepInput, type RunDeps, type RunReport } from './run-due';
export { applyTriage, type TriageApplied, type TriageForSequences } from './triage-stops';
export { recordSend, windowStats, breaches, describeBreach, MONITOR, type Breach, type MonitorOptions, type SendRecord, type SendRecorded, type WindowStats } from './monitoring';
export { resumeSequence, pauseSequence, pauseOverdueReviews, type Review } from './review';
export { stepDueAt, nextWindowOpening, inWindow, addBusinessDays, localParts } from './business-time';

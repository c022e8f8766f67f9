import type { AgentMap as AgentMapView } from '../contract/agent-map';
import type { FieldSource } from '../agents/cipher/sync/provenance';
import type { PipelineStats } from '../agents/cipher/pipeline/stats';
import type { DeliverabilityStats } from '../agents/sentinel/deliverability';
import type { AlertLevel } from '../agents/sentinel/model';
import type { AgentName, ChatLink, ChatMessageRow } from '../db/schema';
import type { Actor, AlertRow, ApprovalRow, AuditRow, CrmChangeRow, DraftRow, EnrolmentRow, OverrideRow, SequenceRow, SuppressionRow } from '../db/schema';
import type { LeadScore } from '../agents/scout/score/score';
import type { Prioritised } from '../agents/scout/score/prioritise';
import type { ResearchBrief } from '../agents/scout/research/model';
import type { ChainCheck } from '../audit/log';
import type { ApprovalContract } from '../contract/contract';
import type { QualityReport } from '../agents/herald/quality/model';
import type { ThreadSnapshot } from '../mail/thread';
import type { SettingsView } from '../settings/schema';
import type { ConnectionCheck, CrmCompany, CrmContact, CrmDeal, CrmRef, Note, ObjectType } from '../crm/model';
import type { ImportReport } from '../crm/local/csv';

/** What a CRM record page's docked panel shows. */
export type CrmRecordView =
  | { status: 'not_connected'; ref: CrmRef; message: string }
  | {
      status: 'ok';
      ref: CrmRef;
      title: string;
      subtitle: string;
      record: CrmContact | CrmCompany | CrmDeal;
      stage: { pipeline: string; stage: string; pipelineId: string | null; stageId: string | null; stages: { id: string; label: string }[] } | null;
      related: { type: ObjectType; id: string }[];
      notes: Note[];
      /** Cached Gmail threads with this contact (or this company's domain), newest first. */
      gmail: { threadId: string; subject: string; lastFrom: string; lastDate: string; messages: number }[];
    };

export type DraftView = Pick<DraftRow, 'id' | 'threadId' | 'message' | 'evidence' | 'status' | 'updatedAt'> & {
  /** Herald's quality report of this version: what blocks queueing, and the warnings the approver will see. */
  quality: QualityReport | null;
};
export type ApprovalView = Omit<ApprovalRow, 'kind'> & {
  /** The inbound message this replies to, for context in review. */
  replyingTo: { from: string; date: string; text: string; html: string | null } | null;
};
/** Scout on a thread's correspondent: the score with its factors and flags, and the research brief. */
export interface ScoutLeadView {
  contactKey: string;
  email: string;
  name: string;
  company: string;
  score: Pick<LeadScore, 'score' | 'computed' | 'factors' | 'flags' | 'overridden'>;
  /** Set when nothing may be sent to this address. */
  suppression: (SuppressionRow & { description: string }) | null;
  /** Whether the CRM was read for this answer (flags from it are otherwise as last seen). */
  crm: LeadCrmStatus;
  brief: ResearchBrief;
}
export interface LeadCrmStatus {
  /** "HubSpot", "The local CRM"… */
  system: string;
  state: 'read' | 'failed';
  checkedAt: number;
  message: string | null;
}
export type SuppressionView = SuppressionRow & { description: string };

/** A sequence as the approval panel shows it: its state, contacts by state, and its rates. */
export interface SequenceView extends SequenceRow {
  contacts: Record<EnrolmentRow['state'], number>;
  /** Over the sequence's monitoring window (see SequenceThresholds). */
  stats: { sends: number; hardBounceRate: number; optOutRate: number; complaintRate: number; replyRate: number };
  /** Steps waiting in the approval queue. */
  awaitingApproval: number;
}
/** A CRM cleanup as the side panel shows it: every affected record and what happens to it. */
export interface CleanupView {
  id: string;
  state: CrmChangeRow['state'];
  crm: CrmChangeRow['crm'];
  /** What the approver binds to (SHA-256 of the proposal). */
  proposalHash: string;
  approved: boolean;
  counts: { merges: number; mergedAway: number; updates: number; deletes: number; blocked: number };
  createdAt: number;
  results: { applied: number; failed: number; conflict: number; skipped: number };
  items: { key: string; kind: 'merge' | 'update' | 'delete'; keep: string; remove: string[]; changes: string[]; problems: string[] }[];
  /** Set when the approval contract needs a second, different approver before this runs. */
  secondApproval?: SecondApprovalNeeded;
}

/** A CRM sync change set as the side panel shows it: a field-level diff per record, with results. */
export interface SyncView {
  id: string;
  state: CrmChangeRow['state'];
  crm: CrmChangeRow['crm'];
  proposalHash: string;
  approved: boolean;
  createdAt: number;
  /** The change set whose conflicting records this one re-proposes. */
  reproposalOf: string | null;
  /** Set when the approval contract needs a second, different approver before this is applied. */
  secondApproval?: SecondApprovalNeeded;
  counts: { creates: number; updates: number; unchanged: number; missing: number; notes: number };
  results: { applied: number; failed: number; conflict: number; skipped: number; pending: number };
  records: {
    key: string;
    kind: 'contact' | 'company' | 'deal' | 'note';
    /** "Dana Whitfield · dana@northwind.example", "Note on dana@…" */
    label: string;
    id: string | null;
    action: 'create' | 'update' | 'unchanged' | 'missing' | 'add_note';
    diff: { field: string; before: unknown; after: unknown }[];
    sources: FieldSource[];
    result:
      | { status: 'sending' | 'applied' | 'failed' | 'conflict' | 'skipped'; detail: string; id?: string; reproposedIn?: string | null }
      | null;
  }[];
}

/** A stage change as panels show it (proposed by an agent or a CRM page, or made by the rep). */
export interface StageChangeView {
  id: string;
  state: CrmChangeRow['state'];
  crm: CrmChangeRow['crm'];
  proposalHash: string;
  dealId: string;
  dealName: string | null;
  from: { stageId: string | null; label: string | null };
  to: { stageId: string; label: string };
  proposedBy: Actor;
  createdAt: number;
  appliedAt: number | null;
  undoneAt: number | null;
  /** Whether undo is offered (applied, not yet undone). */
  undoable: boolean;
}

/** The side panel's pipeline view: stats (charts) per pipeline, the deals, and recent stage changes. */
export interface PipelineView {
  crm: CrmChangeRow['crm'];
  pipelines: { id: string; label: string; stages: { id: string; label: string; closed: 'won' | 'lost' | null }[] }[];
  stats: PipelineStats[];
  deals: { id: string; name: string | null; amount: number | null; currency: string | null; pipelineId: string | null; stageId: string | null; updatedAt: string | null }[];
  /** Deals beyond this many were not read (the stats cover the deals read). */
  truncated: boolean;
  changes: StageChangeView[];
  readAt: number;
}

/** One of the rep's sent emails, offered as an example of their voice. */
export interface VoiceCandidate {
  id: string;
  subject: string;
  date: string;
  to: string;
  excerpt: string;
}
export interface SequenceRunView {
  queued: number;
  stopped: number;
  paused: string[];
  errors: { enrolmentId: string; error: string }[];
}

export type Status = {
  gmailConnected: boolean;
  modelConfigured: boolean;
  pending: number;
  degradedHooks: string[];
  /** The system of record and whether Sentinel's last check reached it (null: not checked yet). */
  crm: { kind: CrmChangeRow['crm']; ok: boolean | null };
  /** Open alerts at badge level or above, and whether sending is held. */
  alerts: { open: number; held: boolean };
};

/** An alert as panels show it. */
export type AlertView = AlertRow;

/** The latest result of one health check (healthy when level is null). */
export interface HealthView {
  key: string;
  level: AlertLevel | null;
  title: string;
  detail: string;
  source: string;
  checkedAt: number;
}

/** "Time saved": per prospect handled, from opening the thread to the approved send, and the human actions it took. */
export interface TimeSavedView {
  prospects: number;
  medianMinutes: number | null;
  medianActions: number | null;
  items: { contact: string; threadId: string; openedAt: number; sentAt: number; minutes: number; actions: number }[];
}

/** The operator view: alerts (holds first), health, deliverability, the queue and time saved. */
export interface OperatorView {
  alerts: AlertView[];
  hold: { held: boolean; alertIds: string[] };
  health: HealthView[];
  lastCheckAt: number | null;
  deliverability: DeliverabilityStats;
  queue: { pending: number; approved: number; sending: number; failed: number; oldestPendingAt: number | null };
  timeSaved: TimeSavedView;
}

/** The approval contract (lib/contract) with its plain-words description. */
export interface ContractView {
  contract: ApprovalContract;
  lines: string[];
}

/** Set on a bulk change set's approval answer when the contract needs a second, different approver. */
export interface SecondApprovalNeeded {
  firstApprover: string;
  records: number;
  overRecords: number;
}

/** The answer type of each request. */
/** The operator chat (lib/chat): a turn is the rep's message and the agent's answer, both kept locally. */
export interface ChatTurnView {
  conversationId: string;
  messages: ChatMessageRow[];
}
export interface ChatHistoryView {
  conversationId: string | null;
  messages: ChatMessageRow[];
}
/** A command palette run: the tool's data, and the records and proposals it links. */
export interface PaletteRunView {
  tool: string;
  agent: AgentName;
  data: unknown;
  sources: ChatLink[];
  proposals: ChatLink[];
}

export interface Responses {
  'thread.open': { snapshot: ThreadSnapshot; fromCache: boolean };
  'thread.refresh': { snapshot: ThreadSnapshot; changed: boolean };
  'draft.generate': DraftView;
  'draft.update': DraftView;
  'draft.queue': { approvalId: string; contentHash: string };
  'gmail.degraded': { recorded: true };
  'approvals.list': ApprovalView[];
  'approval.approve': ApprovalView;
  'approval.deny': ApprovalView;
  'approval.edit': ApprovalView;
  'approval.retry': ApprovalView;
  'audit.list': AuditRow[];
  'audit.verify': ChainCheck;
  'audit.export': { filename: string; mime: 'application/json' | 'text/csv'; content: string };
  'settings.get': SettingsView;
  'settings.update': SettingsView;
  'gmail.connect': SettingsView;
  'gmail.disconnect': SettingsView;
  'status.get': Status;
  'operator.view': OperatorView;
  'sentinel.check': OperatorView;
  'alert.acknowledge': AlertView;
  'hold.set': OperatorView;
  'audit.search': AuditRow[];
  'crm.record': CrmRecordView;
  'crm.test': ConnectionCheck[];
  'crm.connect': SettingsView;
  'crm.disconnect': SettingsView;
  'crm.import': ImportReport;
  'crm.export': { filename: string; csv: string };
  'scout.lead': ScoutLeadView;
  'sequence.list': SequenceView[];
  'sequence.create': SequenceView;
  'sequence.enrol': { enrolled: number; skipped: string[] };
  'sequence.pause': SequenceView;
  'sequence.resume': SequenceView;
  'sequence.run': SequenceRunView;
  'voice.candidates': VoiceCandidate[];
  'cleanup.scan': CleanupView | null;
  'cleanup.list': CleanupView[];
  'cleanup.approve': CleanupView;
  'cleanup.deny': CleanupView;
  'cleanup.rollback': CleanupView;
  'sync.propose': SyncView | null;
  'sync.list': SyncView[];
  'sync.approve': SyncView;
  'sync.deny': SyncView;
  'sync.resume': SyncView;
  'pipeline.view': PipelineView;
  'pipeline.change': StageChangeView;
  'pipeline.propose': StageChangeView;
  'pipeline.approve': StageChangeView;
  'pipeline.deny': StageChangeView;
  'pipeline.undo': StageChangeView;
  'scout.today': Prioritised;
  'scout.override': OverrideRow;
  'scout.override.revoke': OverrideRow;
  'suppression.list': SuppressionView[];
  'suppression.add': { suppression: SuppressionView; added: boolean; held: string[] };
  'suppression.remove': SuppressionView;
  'contract.get': ContractView;
  'contract.update': ContractView;
  'contract.export': { filename: string; mime: 'application/json'; content: string };
  'contract.import': ContractView;
  'agents.map': { map: AgentMapView; recent: Record<string, AuditRow[]> };
  'chat.send': ChatTurnView;
  'chat.history': ChatHistoryView;
  'chat.clear': { cleared: number };
  'chat.stop': { stopped: boolean };
  'palette.run': PaletteRunView;
}

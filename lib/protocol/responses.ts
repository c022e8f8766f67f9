import type { ApprovalRow, AuditRow, DraftRow } from '../db/schema';
import type { ChainCheck } from '../audit/log';
import type { ThreadSnapshot } from '../mail/thread';
import type { SettingsView } from '../settings/schema';

export type DraftView = Pick<DraftRow, 'id' | 'threadId' | 'message' | 'evidence' | 'status' | 'updatedAt'>;
export type ApprovalView = Omit<ApprovalRow, 'kind'> & {
  /** The inbound message this replies to, for context in review. */
  replyingTo: { from: string; date: string; text: string; html: string | null } | null;
};
export type Status = { gmailConnected: boolean; modelConfigured: boolean; pending: number; degradedHooks: string[] };

/** The answer type of each request. */
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
  'audit.export': { filename: string; json: string };
  'settings.get': SettingsView;
  'settings.update': SettingsView;
  'gmail.connect': SettingsView;
  'gmail.disconnect': SettingsView;
  'status.get': Status;
}

import type { RequestType } from './messages';
import type { SenderContext } from './sender';

type Kind = SenderContext['kind'];

/**
 * The one table of who may ask for what, enforced before any handler runs.
 * Approve, deny and edit exist only for the approval panel: an extension page, which no content
 * script or web page can impersonate.
 */
export const SENDER_POLICY: Record<RequestType, readonly Kind[]> = {
  'thread.open': ['gmail-content'],
  'thread.refresh': ['gmail-content'],
  'draft.generate': ['gmail-content'],
  'draft.update': ['gmail-content'],
  'draft.queue': ['gmail-content'],
  'gmail.degraded': ['gmail-content'],
  'approvals.list': ['approval-panel'],
  'approval.approve': ['approval-panel'],
  'approval.deny': ['approval-panel'],
  'approval.edit': ['approval-panel'],
  'approval.retry': ['approval-panel'],
  'audit.list': ['approval-panel'],
  'audit.verify': ['approval-panel'],
  'audit.export': ['approval-panel'],
  'audit.search': ['approval-panel'],
  'operator.view': ['approval-panel'],
  'sentinel.check': ['approval-panel', 'popup'],
  'alert.acknowledge': ['approval-panel'],
  'hold.set': ['approval-panel', 'popup'],
  'settings.get': ['popup', 'approval-panel'],
  'settings.update': ['popup', 'approval-panel'],
  'gmail.connect': ['popup', 'approval-panel'],
  'gmail.disconnect': ['popup', 'approval-panel'],
  'status.get': ['popup', 'approval-panel', 'gmail-content', 'crm-content'],
  'crm.record': ['crm-content'],
  'crm.test': ['popup', 'approval-panel'],
  'crm.connect': ['popup', 'approval-panel'],
  'crm.disconnect': ['popup', 'approval-panel'],
  'crm.import': ['approval-panel'],
  'crm.export': ['approval-panel'],
  'scout.lead': ['gmail-content', 'crm-content', 'approval-panel'],
  'scout.today': ['approval-panel', 'popup'],
  'scout.override': ['approval-panel', 'popup'],
  'scout.override.revoke': ['approval-panel', 'popup'],
  'suppression.list': ['approval-panel', 'popup'],
  'suppression.add': ['approval-panel', 'popup'],
  'suppression.remove': ['approval-panel', 'popup'],
  'sequence.list': ['approval-panel'],
  'sequence.create': ['approval-panel'],
  'sequence.enrol': ['approval-panel'],
  'sequence.pause': ['approval-panel'],
  'sequence.resume': ['approval-panel'],
  'sequence.run': ['approval-panel'],
  'voice.candidates': ['approval-panel', 'popup'],
  'cleanup.scan': ['approval-panel'],
  'cleanup.list': ['approval-panel'],
  'cleanup.approve': ['approval-panel'],
  'cleanup.deny': ['approval-panel'],
  'cleanup.rollback': ['approval-panel'],
  'sync.propose': ['approval-panel'],
  'sync.list': ['approval-panel'],
  'sync.approve': ['approval-panel'],
  'sync.deny': ['approval-panel'],
  'sync.resume': ['approval-panel'],
  'pipeline.view': ['approval-panel'],
  'pipeline.change': ['approval-panel'],
  // A CRM page may only ask: the move waits for a person in the approval panel.
  'pipeline.propose': ['crm-content', 'approval-panel'],
  'pipeline.approve': ['approval-panel'],
  'pipeline.deny': ['approval-panel'],
  'pipeline.undo': ['approval-panel'],
  'contract.get': ['approval-panel', 'popup'],
  'contract.update': ['approval-panel'],
  'contract.export': ['approval-panel'],
  'contract.import': ['approval-panel'],
  'agents.map': ['approval-panel'],
  'chat.send': ['approval-panel'],
  'chat.history': ['approval-panel'],
  'chat.clear': ['approval-panel'],
  'chat.stop': ['approval-panel'],
  'palette.run': ['approval-panel'],
};

const LABEL: Record<Kind, string> = {
  'approval-panel': 'the approval panel',
  popup: 'the popup',
  'gmail-content': 'the Gmail page',
  'crm-content': 'a CRM page',
  unknown: 'an unknown sender',
};

export function mayRequest(sender: SenderContext, type: RequestType): { ok: true } | { ok: false; message: string } {
  if (SENDER_POLICY[type].includes(sender.kind)) return { ok: true };
  const why = sender.kind === 'unknown' ? ` (${sender.reason})` : '';
  return {
    ok: false,
    message: `Refused: ${LABEL[sender.kind]}${why} may not make a '${type}' request. Allowed from: ${SENDER_POLICY[type].map((k) => LABEL[k]).join(', ')}.`,
  };
}

import { appendAudit, auditedTransaction, humanActor, verifyAuditLog } from '../audit/log';
import { draftReply } from '../agents/herald/draft-reply';
import type { ApprovalRow, DraftRow } from '../db/schema';
import { approve, deny, edit, retry } from '../gates/email-gate';
import { contentHash } from '../gates/content-hash';
import { authorizeGmail, type IdentityApi } from '../mail/oauth';
import { conflict, notFound, UserFacingError } from '../protocol/errors';
import type { Handlers } from '../protocol/router';
import type { ApprovalView, DraftView } from '../protocol/responses';
import type { ApprovalRow as Row } from '../db/schema';
import { asUserError, type Services } from './services';
import { createCrmHandlers, type CrmServices } from './crm';
import { createScoutHandlers } from './scout';
import { createSequenceHandlers } from './sequences';
import { createCleanupHandlers } from './cipher';
import { createSyncHandlers } from './crm-sync';
import { createPipelineHandlers } from './pipeline';
import { createChatHandlers } from './chat';
import { createContractHandlers } from './contract';
import { draftQuality } from '../agents/herald/draft-quality';
import type { QualityReport } from '../agents/herald/quality/model';
import { badgeCount, outboundHold } from '../agents/sentinel/alerts';
import { createSentinelHandlers, type SentinelRunner } from './sentinel';
import { exportAudit, searchAudit } from './audit-export';
import { THREAD_OPENED } from './time-saved';

const draftView = ({ id, threadId, message, evidence, status, updatedAt }: DraftRow, quality: QualityReport | null): DraftView => ({ id, threadId, message, evidence, status, updatedAt, quality });

/** Recent sent emails offered to choose the rep's voice from. */
const VOICE_CANDIDATES = 30;

export interface HandlerHooks {
  identity: IdentityApi;
  /** Called after an approval is durable: wakes the outbox without holding the reply. */
  kickOutbox(): void;
  degraded: Set<string>;
  /** Sentinel's runner (lib/background/sentinel.ts): checks, latest health, badge and notifications. */
  sentinel: SentinelRunner;
}

export function createHandlers(s: Services, hooks: HandlerHooks, crm: CrmServices): Handlers {
  const { db } = s;

  async function approvalView(row: ApprovalRow): Promise<ApprovalView> {
    const { kind: _kind, ...rest } = row;
    const thread = row.threadId ? (await db.threads.get(row.threadId))?.snapshot : undefined;
    const last = thread?.messages.filter((m) => m.from.email.toLowerCase() !== row.message.from.email.toLowerCase()).at(-1);
    return {
      ...rest,
      replyingTo: last ? { from: last.from.name ? `${last.from.name} <${last.from.email}>` : last.from.email, date: last.date, text: last.text, html: last.html } : null,
    };
  }

  /** Threads whose first opening is already in the audit log (a cache: the log is the truth). */
  const openedLogged = new Set<string>();
  /**
   * The first time the rep opens a thread in Gmail, for "time saved": logged once per thread, as
   * the Gmail page reporting it. Never fails the open.
   */
  async function logFirstOpen(threadId: string): Promise<void> {
    if (openedLogged.has(threadId)) return;
    try {
      await auditedTransaction(db, [], async () => {
        const seen = await db.audit.where('subjectId').equals(threadId).filter((e) => e.action === THREAD_OPENED).count();
        if (!seen) await appendAudit(db, { actor: { type: 'system', id: 'gmail-page' }, action: THREAD_OPENED, subjectId: threadId, at: s.now() });
      });
      openedLogged.add(threadId);
    } catch (e) {
      console.warn(`Countersign: could not log the opening of thread ${threadId}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  async function loadDraft(draftId: string): Promise<DraftRow> {
    const d = await db.drafts.get(draftId);
    if (!d) throw notFound('That draft');
    return d;
  }

  return {
    ...createCrmHandlers(crm, db, hooks.identity),
    ...createScoutHandlers(s, crm),
    ...createSequenceHandlers(s),
    ...createCleanupHandlers(crm, db, s.now),
    ...createSyncHandlers(crm, db, s.settings, s.now),
    ...createPipelineHandlers(crm, db, s.now),
    ...createSentinelHandlers(s, hooks.sentinel, hooks.kickOutbox),
    ...createChatHandlers(s, crm, hooks),
    ...createContractHandlers(db, s.now),

    'thread.open': async (req) => {
      await logFirstOpen(req.threadId);
      try {
        const cached = await s.threads.cached(req.threadId);
        if (cached) return { snapshot: cached, fromCache: true };
        return { snapshot: (await s.threads.refresh(req.threadId)).snapshot, fromCache: false };
      } catch (e) {
        throw asUserError(e);
      }
    },

    'thread.refresh': async (req) => {
      try {
        return await s.threads.refresh(req.threadId);
      } catch (e) {
        throw asUserError(e);
      }
    },

    'draft.generate': async (req) => {
      const d = await draftReply(s.runtime.agent('herald'), req.threadId, req.steer, req.kind);
      return draftView(d, await draftQuality(db, d, s.now()));
    },

    'draft.update': async (req) => {
      const next = await auditedTransaction(db, ['drafts'], async () => {
        const d = await loadDraft(req.draftId);
        if (d.status !== 'draft') throw conflict(`That draft is already ${d.status}; edit it in the approval panel.`);
        const next: DraftRow = { ...d, message: { ...d.message, subject: req.subject, body: req.body }, updatedAt: Date.now() };
        await db.drafts.put(next);
        await appendAudit(db, { actor: humanActor(), action: 'email.draft_edited', subjectId: d.id, contentHash: contentHash(next.message) });
        return next;
      });
      return draftView(next, await draftQuality(db, next, s.now()));
    },

    'draft.queue': async (req) => {
      const d = await loadDraft(req.draftId);
      const row = await s.runtime.agent('herald').call<Row>('approval.queue', { draftId: d.id, agent: 'herald' });
      return { approvalId: row.id, contentHash: row.contentHash };
    },

    'voice.candidates': async () => {
      const rep = (await s.settings.gmailToken())?.account?.toLowerCase() ?? '';
      const sent = await db.messages.filter((r) => r.message.labelIds.includes('SENT') || (!!rep && r.message.from.email.toLowerCase() === rep)).toArray();
      return sent
        .map((r) => r.message)
        .filter((m) => (m.body ?? m.text).trim().length > 0)
        .sort((a, b) => Date.parse(b.date) - Date.parse(a.date))
        .slice(0, VOICE_CANDIDATES)
        .map((m) => ({ id: m.id, subject: m.subject, date: m.date, to: m.to.map((a) => a.email).join(', '), excerpt: (m.body ?? m.text).trim().slice(0, 300) }));
    },

    'gmail.degraded': async (req) => {
      // An empty report is a thread read with every hook working: Gmail's page works again.
      if (req.hooks.length === 0) hooks.degraded.clear();
      for (const h of req.hooks) hooks.degraded.add(h);
      return { recorded: true as const };
    },

    'approvals.list': async () => {
      const rows = await db.approvals.orderBy('updatedAt').reverse().toArray();
      return Promise.all(rows.map(approvalView));
    },

    'approval.approve': async (req) => {
      const row = await approve(db, req.approvalId, req.contentHash, humanActor());
      hooks.kickOutbox();
      return approvalView(row);
    },

    'approval.deny': async (req) => approvalView(await deny(db, req.approvalId, req.reason, humanActor())),

    'approval.edit': async (req) =>
      approvalView(await edit(db, req.approvalId, { to: req.to, cc: req.cc, subject: req.subject, body: req.body }, humanActor())),

    'approval.retry': async (req) => {
      const row = await retry(db, req.approvalId, humanActor());
      hooks.kickOutbox();
      return approvalView(row);
    },

    'audit.list': async (req) => db.audit.orderBy('seq').reverse().limit(req.limit).toArray(),

    'audit.verify': () => verifyAuditLog(db),

    'audit.export': (req) => exportAudit(db, req.format, s.now()),

    'audit.search': (req) => searchAudit(db, req.query, req.limit),

    'settings.get': () => s.settings.view(),

    'settings.update': (req) => s.settings.update(req.patch),

    'gmail.connect': async () => {
      const { gmail: g } = await s.settings.get();
      const token = await authorizeGmail(hooks.identity, g.clientId);
      await s.settings.setGmailToken({ ...token, account: null });
      try {
        const profile = await s.gmail.getProfile();
        await s.settings.setGmailToken({ ...token, account: profile.emailAddress });
      } catch (e) {
        await s.settings.setGmailToken(null);
        throw e instanceof UserFacingError ? e : new UserFacingError('upstream', `Connected to Google, but Gmail did not answer: ${e instanceof Error ? e.message : String(e)}`);
      }
      return s.settings.view();
    },

    'gmail.disconnect': async () => {
      await s.settings.setGmailToken(null);
      return s.settings.view();
    },

    'status.get': async () => {
      await hooks.sentinel.ready();
      const [view, pending, open, hold] = await Promise.all([s.settings.view(), db.approvals.where('state').equals('pending').count(), badgeCount(db), outboundHold(db)]);
      return {
        gmailConnected: view.secrets.gmailConnected,
        modelConfigured: Boolean(view.model.baseUrl && view.model.model),
        pending,
        degradedHooks: [...hooks.degraded],
        crm: { kind: view.crm.active, ok: hooks.sentinel.crmOk() },
        alerts: { open, held: hold.held },
      };
    },
  };
}

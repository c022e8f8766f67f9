import { appendAudit, auditedTransaction, systemActor } from '../audit/log';
import type { ApprovalRow, CountersignDb } from '../db/schema';
import { contentHash } from './content-hash';
import { describeSuppression, suppressedRecipients } from './suppression';

/** What the outbox needs from a mail provider. Errors say whether a retry can help. */
export interface MailTransport {
  /** The provider's id of a message already sent with this Message-ID header, or null. */
  findSent(messageIdHeader: string): Promise<string | null>;
  send(approval: ApprovalRow): Promise<{ id: string }>;
}

export interface TransportErrorInfo {
  retryable: boolean;
  userMessage: string;
}

export const MAX_ATTEMPTS = 6;
const backoffMs = (attempt: number) => Math.min(15 * 60_000, 5_000 * 2 ** (attempt - 1));
const actor = systemActor('outbox');

/**
 * The durable outbox. An approved item is claimed (state 'sending', attempts+1) in IndexedDB
 * before any network call, and marked 'sent' after. A worker that dies in between leaves the item
 * in 'sending'; the next run asks the provider whether the message (by its Message-ID) went out
 * before sending, so a restart neither loses the approval nor sends twice.
 */
export class Outbox {
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly db: CountersignDb,
    private readonly transport: MailTransport,
    private readonly describeError: (e: unknown) => TransportErrorInfo,
    private readonly now: () => number = Date.now,
    /** Told after an item is durably 'sent' (for monitoring); its failure never undoes the send. */
    private readonly onSent?: (row: ApprovalRow) => Promise<void>,
    /**
     * Whether sending is held (Sentinel's hold-level alerts, lib/agents/sentinel/alerts
     * outboundHold). Read inside the claim's transaction, so an item is never claimed while a hold
     * stands: it stays 'approved' (attempts unchanged) until a person lifts the hold and the outbox
     * runs again. It reads the alerts table.
     */
    private readonly isHeld?: () => Promise<boolean>,
  ) {}

  /** Items to work on now: approved and due, plus any left 'sending' by a worker that died. */
  async due(): Promise<ApprovalRow[]> {
    const rows = await this.db.approvals.where('state').anyOf('approved', 'sending').toArray();
    return rows.filter((r) => !this.inFlight.has(r.id) && (r.state === 'sending' || (r.nextAttemptAt ?? 0) <= this.now()));
  }

  /** Earliest time a retry is scheduled, for the alarm. */
  async nextWake(): Promise<number | null> {
    const rows = await this.db.approvals.where('state').equals('approved').toArray();
    const times = rows.map((r) => r.nextAttemptAt).filter((t): t is number => t !== null);
    return times.length ? Math.min(...times) : null;
  }

  async runDue(): Promise<void> {
    if (await this.held()) return;
    for (const row of await this.due()) await this.process(row.id);
  }

  /** Whether sending is held now (see the constructor's isHeld). */
  async held(): Promise<boolean> {
    return this.isHeld ? this.isHeld() : false;
  }

  async process(approvalId: string): Promise<void> {
    if (this.inFlight.has(approvalId)) return;
    this.inFlight.add(approvalId);
    try {
      const claimed = await this.claim(approvalId);
      if (!claimed) return;
      let providerId: string | null;
      try {
        providerId = await this.transport.findSent(claimed.messageIdHeader);
        if (providerId === null) providerId = (await this.transport.send(claimed)).id;
      } catch (e) {
        await this.fail(claimed, this.describeError(e));
        return;
      }
      await this.markSent(claimed, providerId);
      await this.onSent?.(claimed).catch((e: unknown) => console.warn(`Countersign: after-send hook failed for ${claimed.id}: ${e instanceof Error ? e.message : String(e)}`));
    } finally {
      this.inFlight.delete(approvalId);
    }
  }

  /**
   * approved|sending → sending, after checking that sending is not held (held: nothing changes,
   * the item waits) and re-checking that the approval binds the content and that no
   * recipient was suppressed since (then → failed, for a human to look at).
   */
  private claim(approvalId: string): Promise<ApprovalRow | null> {
    return auditedTransaction(this.db, ['approvals', 'suppressions', ...(this.isHeld ? ['alerts'] : [])], async () => {
      const row = await this.db.approvals.get(approvalId);
      if (!row || (row.state !== 'approved' && row.state !== 'sending')) return null;
      // A hold stops everything, a resumed send too: the item waits, untouched, for the hold to lift.
      if (this.isHeld && (await this.isHeld())) return null;
      const fresh = contentHash(row.message);
      if (!row.approvedHash || row.approvedHash !== fresh) {
        await this.db.approvals.put({ ...row, state: 'pending', approvedHash: null, approvedAt: null, updatedAt: this.now() });
        await appendAudit(this.db, {
          actor,
          action: 'email.send_refused',
          subjectId: row.id,
          at: this.now(),
          contentHash: fresh,
          detail: { approvedHash: row.approvedHash, why: 'the content no longer matches what was approved' },
        });
        return null;
      }
      const suppressed = await suppressedRecipients(this.db, row.message);
      if (suppressed.length) {
        const why = suppressed.map(describeSuppression).join('; ');
        const interrupted = row.state === 'sending' ? ' An earlier attempt was interrupted: check Sent mail, it may have gone out before the suppression.' : '';
        await this.db.approvals.put({ ...row, state: 'failed', nextAttemptAt: null, lastError: `Not sent: ${why}. Edit the recipients or deny this item.${interrupted}`, updatedAt: this.now() });
        await appendAudit(this.db, {
          actor,
          action: 'email.send_refused',
          subjectId: row.id,
          at: this.now(),
          contentHash: fresh,
          detail: { why: 'a recipient is on the suppression list', suppressed: suppressed.map((s) => ({ email: s.email, reason: s.reason })) },
        });
        return null;
      }
      const resumed = row.state === 'sending';
      const next: ApprovalRow = { ...row, state: 'sending', attempts: row.attempts + 1, updatedAt: this.now() };
      await this.db.approvals.put(next);
      await appendAudit(this.db, {
        actor,
        action: resumed ? 'email.send_resumed' : 'email.send_started',
        subjectId: row.id,
        at: this.now(),
        contentHash: fresh,
        detail: { attempt: next.attempts, messageId: row.messageIdHeader },
      });
      return next;
    });
  }

  private markSent(row: ApprovalRow, providerId: string): Promise<void> {
    return auditedTransaction(this.db, ['approvals'], async () => {
      await this.db.approvals.update(row.id, { state: 'sent', gmailMessageId: providerId, lastError: null, updatedAt: this.now() });
      await appendAudit(this.db, {
        actor,
        action: 'email.sent',
        subjectId: row.id,
        at: this.now(),
        contentHash: row.approvedHash,
        detail: { gmailMessageId: providerId, attempt: row.attempts },
      });
    });
  }

  private fail(row: ApprovalRow, info: TransportErrorInfo): Promise<void> {
    const retry = info.retryable && row.attempts < MAX_ATTEMPTS;
    return auditedTransaction(this.db, ['approvals'], async () => {
      await this.db.approvals.update(row.id, {
        state: retry ? 'approved' : 'failed',
        nextAttemptAt: retry ? this.now() + backoffMs(row.attempts) : null,
        lastError: info.userMessage,
        updatedAt: this.now(),
      });
      await appendAudit(this.db, {
        actor,
        action: 'email.send_failed',
        subjectId: row.id,
        at: this.now(),
        contentHash: row.approvedHash,
        detail: { error: info.userMessage, attempt: row.attempts, willRetry: retry },
      });
    });
  }
}

import { describe, expect, it } from 'vitest';
import { freshDb, queueChecked, seedDraft } from '../../../../test/fixtures';
import { humanActor, verifyAuditLog } from '../../../audit/log';
import { approve } from '../../../gates/email-gate';
import { constructed } from './constructed.test-helper';
import { triageInbound } from './record';

const NOW = Date.UTC(2026, 0, 2, 9);
const DANA = 'dana@northwind-logistics.com';
const herald = { type: 'agent', id: 'herald' } as const;

const unsubscribe = constructed({ from: `Dana Whitfield <${DANA}>`, body: 'Please unsubscribe me.' });

/** A constructed RFC 3464 delivery status notification for a failed recipient. */
const hardBounce = (recipient: string) =>
  [
    'From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.net>',
    'To: sam.rep@example.com',
    'Subject: Undelivered Mail Returned to Sender',
    'Date: Fri, 2 Jan 2026 09:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain',
    '',
    `Your message to ${recipient} could not be delivered.`,
    '--b1',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.net',
    '',
    `Final-Recipient: rfc822; ${recipient}`,
    'Action: failed',
    'Status: 5.1.1',
    'Diagnostic-Code: smtp; 550 5.1.1 user unknown',
    '--b1--',
    '',
  ].join('\r\n');

/** A constructed RFC 5965 feedback report naming the complainant. */
const complaint = (recipient: string) =>
  [
    'From: Feedback Loop <fbl@isp.example>',
    'To: abuse@example.com',
    'Subject: FW: Pricing for 40 seats',
    'Date: Fri, 2 Jan 2026 09:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=feedback-report; boundary="b2"',
    '',
    '--b2',
    'Content-Type: text/plain',
    '',
    'This is an email abuse report.',
    '--b2',
    'Content-Type: message/feedback-report',
    '',
    'Feedback-Type: abuse',
    'User-Agent: isp-fbl/1.0',
    'Version: 1',
    `Original-Rcpt-To: ${recipient}`,
    '--b2--',
    '',
  ].join('\r\n');

describe('Scout triage on sync (triageInbound)', () => {
  it('stores the triage once per Gmail message, audited as Scout; an opt-out suppresses the sender in the same step', async () => {
    const db = freshDb();
    const first = await triageInbound(db, { messageId: 'm1', threadId: 't1', from: 'Dana@Northwind-Logistics.com', raw: unsubscribe }, NOW);
    expect(first).toMatchObject({ recorded: true, suppressed: { email: DANA, reason: 'opt_out' }, row: { messageId: 'm1', from: DANA, result: { class: 'unsubscribe' } } });
    expect(await db.suppressions.get(DANA)).toMatchObject({ reason: 'opt_out', by: { type: 'agent', id: 'scout' }, evidence: { source: 'triage', ref: 'm1' }, at: NOW });
    const again = await triageInbound(db, { messageId: 'm1', threadId: 't1', from: DANA, raw: unsubscribe }, NOW + 1000);
    expect(again.recorded).toBe(false);
    const audit = await db.audit.orderBy('seq').toArray();
    expect(audit.map((e) => [e.action, e.actor])).toEqual([
      ['triage.classified', { type: 'agent', id: 'scout' }],
      ['suppression.added', { type: 'agent', id: 'scout' }],
    ]);
    expect(audit[0]?.detail).toMatchObject({ class: 'unsubscribe', threadId: 't1' });
    expect((await verifyAuditLog(db)).ok).toBe(true);
  });

  it('a hard bounce suppresses the failed recipient, not the MAILER-DAEMON that reported it', async () => {
    const db = freshDb();
    const out = await triageInbound(db, { messageId: 'b1', threadId: 't1', from: 'MAILER-DAEMON@mx.example.net', raw: hardBounce('gone@northwind-logistics.com') }, NOW);
    expect(out.row.result).toMatchObject({ class: 'bounce', bounce: { type: 'hard' } });
    expect(out.suppressed).toEqual({ email: 'gone@northwind-logistics.com', reason: 'hard_bounce' });
    expect(await db.suppressions.get('mailer-daemon@mx.example.net')).toBeUndefined();
  });

  it('a spam complaint suppresses the complainant the report names', async () => {
    const db = freshDb();
    const out = await triageInbound(db, { messageId: 'c1', threadId: 't2', from: 'fbl@isp.example', raw: complaint(DANA) }, NOW);
    expect(out.row.result.class).toBe('complaint');
    expect(out.suppressed).toEqual({ email: DANA, reason: 'complaint' });
    expect(await db.suppressions.get('fbl@isp.example')).toBeUndefined();
  });

  it('an ordinary reply is classified and suppresses nothing', async () => {
    const db = freshDb();
    const out = await triageInbound(db, { messageId: 'r1', threadId: 't1', from: DANA, raw: constructed({ body: 'Sounds good, can we talk Thursday at 2pm?' }) }, NOW);
    expect(out).toMatchObject({ recorded: true, suppressed: null });
    expect(await db.suppressions.count()).toBe(0);
  });

  const LEE_BODY = 'Hi Lee,\n\nThanks for the call. Pricing for the pilot is attached; shall we review it Thursday?\n\nSam';
  it('an opt-out holds pending and approved outbox items to that address for a human, with the reason', async () => {
    const db = freshDb();
    const pending = await queueChecked(db, (await seedDraft(db)).id, herald);
    const approved = await queueChecked(db, (await seedDraft(db, { cc: [{ name: '', email: DANA }], to: [{ name: 'Lee', email: 'lee@northwind-logistics.com' }], body: LEE_BODY })).id, herald);
    await approve(db, approved.id, approved.contentHash, humanActor());
    const other = await queueChecked(db, (await seedDraft(db, { to: [{ name: 'Lee', email: 'lee@northwind-logistics.com' }], body: LEE_BODY })).id, herald);

    const out = await triageInbound(db, { messageId: 'm1', threadId: 't1', from: DANA, raw: unsubscribe }, NOW);
    expect(out.held.sort()).toEqual([pending.id, approved.id].sort());
    for (const id of [pending.id, approved.id]) {
      expect(await db.approvals.get(id)).toMatchObject({ state: 'failed', lastError: expect.stringMatching(/^Held: dana@northwind-logistics\.com opted out on 2026-01-02/) });
    }
    expect((await db.approvals.get(other.id))?.state).toBe('pending');
    const held = await db.audit.where('action').equals('email.held').toArray();
    expect(held.map((e) => e.subjectId).sort()).toEqual([pending.id, approved.id].sort());
    expect((await verifyAuditLog(db)).ok).toBe(true);
  });
});

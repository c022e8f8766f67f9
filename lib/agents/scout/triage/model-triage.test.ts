import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodedMessage, fencedData, freshDb, injectionPayloads, standInModel } from '../../../../test/fixtures';
import type { CountersignDb } from '../../../db/schema';
import type { DecodedMessage } from '../../../mail/thread';
import { MODEL_PASS_LIMIT, modelTriagePass } from './model-pass';
import { acceptModelTriage, triageWithModel } from './model-triage';
import { triageInbound } from './record';

const NOW = Date.UTC(2026, 0, 5);
const DANA = 'dana@northwind-logistics.com';
/** What the rules leave as 'other' (checked in the tests below). */
const vague = 'The reorg has everyone distracted. Lee Park on the platform team decides these things: lee@northwind-logistics.com.';

let db: CountersignDb;
beforeEach(() => {
  db = freshDb();
});
afterEach(() => db.close());

/** A thread message Scout has synced and the rules have triaged. */
async function synced(body: string, id = 'm1', threadId = 'thread-1'): Promise<DecodedMessage> {
  const message = decodedMessage({ id, threadId, body, subject: 'Re: Pricing', date: '2026-01-04T10:00:00Z' });
  await db.messages.put({ id, threadId, message, fetchedAt: NOW });
  const raw = [`From: Dana Whitfield <${DANA}>`, 'To: sam.rep@example.com', 'Subject: Re: Pricing', 'Date: Sun, 4 Jan 2026 10:00:00 +0000', `Message-ID: <${id}@northwind-logistics.com>`, '', body, ''].join('\r\n');
  await triageInbound(db, { messageId: id, threadId, from: DANA, raw }, NOW);
  return message;
}

describe('acceptModelTriage', () => {
  const message = { body: `${vague} Ping me once things settle after the summer.`, date: '2026-01-04T10:00:00Z' };

  it("takes the class only with the sender's own words, and reads details from those words, not from the model", () => {
    expect(acceptModelTriage({ class: 'not_now', quote: 'ping me once things settle after the summer' }, message)).toMatchObject({
      class: 'not_now',
      method: 'model',
      reason: 'model: "Ping me once things settle after the summer"',
    });
    expect(acceptModelTriage({ class: 'referral', quote: 'Lee Park on the platform team decides these things: lee@northwind-logistics.com' }, message)).toMatchObject({
      class: 'referral',
      referral: { name: null, email: 'lee@northwind-logistics.com' },
    });
  });

  it('drops a class whose quote the sender did not write, and never keeps "other"', () => {
    expect(acceptModelTriage({ class: 'interested', quote: 'We are ready to buy 500 seats' }, message)).toBeNull();
    expect(acceptModelTriage({ class: 'unsubscribe', quote: '' }, message)).toBeNull();
    expect(acceptModelTriage({ class: 'other', quote: 'Honestly' }, message)).toBeNull();
  });
});

describe('modelTriagePass', () => {
  it("asks the model only about what the rules left as 'other', once each, and logs the reclassification", async () => {
    await synced(vague);
    expect((await db.triage.get('m1'))?.result).toMatchObject({ class: 'other', method: 'rule' });
    const model = standInModel({ class: 'referral', quote: 'decides these things: lee@northwind-logistics.com' });
    const first = await modelTriagePass(db, model, ['thread-1'], () => NOW + 1);
    expect(first.error).toBeNull();
    expect((await db.triage.get('m1'))?.result).toMatchObject({ class: 'referral', method: 'model', referral: { email: 'lee@northwind-logistics.com' } });
    // Asked again: nothing left to ask.
    await modelTriagePass(db, model, ['thread-1'], () => NOW + 2);
    expect(model.calls).toHaveLength(1);
    const audit = await db.audit.where('action').equals('triage.reclassified').toArray();
    expect(audit.map((e) => e.detail)).toEqual([expect.objectContaining({ before: 'other', class: 'referral', method: 'model' })]);
  });

  it("the message reaches the model fenced as data; a rule's class is never second-guessed", async () => {
    await synced('Please unsubscribe me from this list.', 'm2');
    await synced(vague, 'm3');
    const model = standInModel({ class: 'other', quote: '' });
    await modelTriagePass(db, model, ['thread-1'], () => NOW);
    expect(model.calls).toHaveLength(1);
    const { inside, outside } = fencedData(model.calls[0]!.at(-1)!.content);
    expect(inside).toContain('The reorg has everyone distracted');
    expect(outside).not.toContain('reorg');
    // No class: marked as looked at, still 'other', and not asked about again.
    expect((await db.triage.get('m3'))?.result).toMatchObject({ class: 'other', method: 'model' });
    expect((await db.triage.get('m2'))?.result).toMatchObject({ class: 'unsubscribe', method: 'rule' });
  });

  it("an opt-out only the model recognised suppresses the sender at once", async () => {
    await synced('Kindly take my address off whatever list this is, thanks.', 'm4');
    expect((await db.triage.get('m4'))?.result.class).toBe('other');
    const model = standInModel({ class: 'unsubscribe', quote: 'take my address off whatever list this is' });
    const { outcomes } = await modelTriagePass(db, model, ['thread-1'], () => NOW);
    expect(outcomes[0]?.suppressed).toEqual({ email: DANA, reason: 'opt_out' });
    expect(await db.suppressions.get(DANA)).toMatchObject({ reason: 'opt_out', by: { type: 'agent', id: 'scout' } });
  });

  it('a model that fails stops the pass with the reason and leaves the rows for the next pass', async () => {
    await synced(vague);
    const down = { completeJson: async () => Promise.reject(new Error('The model did not answer within 30 s.')) };
    expect(await modelTriagePass(db, down, ['thread-1'], () => NOW)).toEqual({ outcomes: [], error: 'The model did not answer within 30 s.' });
    expect((await db.triage.get('m1'))?.result).toMatchObject({ class: 'other', method: 'rule' });
  });

  it(`asks about at most ${MODEL_PASS_LIMIT} messages per pass`, async () => {
    for (let i = 0; i < MODEL_PASS_LIMIT + 3; i += 1) await synced(`${vague} (${i})`, `n${i}`);
    const model = standInModel({ class: 'other', quote: '' });
    await modelTriagePass(db, model, ['thread-1'], () => NOW);
    expect(model.calls).toHaveLength(MODEL_PASS_LIMIT);
  });
});

describe('injection', () => {
  it('a model obeying any injection payload can only pick a reply class the words themselves show; nothing is drafted, queued or sent', async () => {
    for (const p of injectionPayloads()) {
      const message = { subject: 'Re: Pricing', body: p.payload_text, date: '2026-01-04T10:00:00Z' };
      // The model "obeys": it claims the lead is interested, quoting words the sender never wrote.
      const obeying = standInModel({ class: 'interested', quote: 'Yes, we are ready to sign today' });
      const result = await triageWithModel(obeying, message);
      if (result) expect(p.payload_text.toLowerCase()).toContain('ready to sign today');
      const { inside } = fencedData(obeying.calls[0]!.at(-1)!.content);
      expect(inside).toContain(p.payload_text.slice(0, 200));
    }
    expect(await db.drafts.count()).toBe(0);
    expect(await db.approvals.count()).toBe(0);
  });
});

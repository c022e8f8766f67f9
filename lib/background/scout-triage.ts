import { triageInbound } from '../agents/scout/triage/record';
import { applyTriage } from '../agents/herald/sequences';
import type { CountersignDb } from '../db/schema';
import { base64UrlToBytes } from '../mail/mime-parse';
import type { NewMessageHook } from '../mail/thread-sync';
import type { SettingsStore } from '../settings/store';
import { loadContract } from '../contract/store';

/**
 * The thread-sync hook that hands each new inbound message to Scout's triage. The rep's own
 * messages (labelled SENT or from the connected account) are not triaged: only replies act.
 * What no rule classifies is handed to `leftForModel` (which must not wait for the model).
 */
export function triageOnSync(db: CountersignDb, settings: Pick<SettingsStore, 'gmailToken'>, now: () => number, leftForModel: (threadId: string) => void = () => {}): NewMessageHook {
  return async ({ threadId, raw, message }) => {
    const rep = (await settings.gmailToken())?.account?.trim().toLowerCase();
    if (message.labelIds.includes('SENT') || (rep && message.from.email.trim().toLowerCase() === rep)) return;
    let bytes: Uint8Array | string;
    try {
      bytes = base64UrlToBytes(raw);
    } catch {
      bytes = ''; // undecodable: triage records it as 'other' with the reason
    }
    const { row, recorded, suppressed } = await triageInbound(db, { messageId: message.id, threadId, from: message.from.email, raw: bytes }, now());
    // A reply, bounce, opt-out or out-of-office that arrives stops or pauses the sender's sequences
    // at once. Only on its first triage: a message read again later is old news to a new enrolment.
    const writtenAt = Date.parse(message.date);
    if (recorded) await applyTriage(db, { messageId: row.messageId, threadId, from: row.from, result: row.result, recipient: suppressed?.email, writtenAt: Number.isNaN(writtenAt) ? null : writtenAt }, now(), { thresholds: (await loadContract(db)).thresholds.autoPause });
    if (row.result.class === 'other' && row.result.method === 'rule') leftForModel(threadId);
  };
}

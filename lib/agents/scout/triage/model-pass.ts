import type { CountersignDb } from '../../../db/schema';
import type { ModelClient } from '../../../llm/client';
import { triageWithModel } from './model-triage';
import { recordModelTriage, type TriageOutcome } from './record';

/** Messages asked about per pass: a burst of new mail must not become a burst of model calls. */
export const MODEL_PASS_LIMIT = 20;

/**
 * Asks the model about the messages of `threadIds` the rules left as 'other' and no model has
 * looked at yet. The triage rows are the queue: a pass cut short (worker stopped, model down)
 * leaves the rest for the next one. A model error stops the pass and is returned, not thrown.
 */
export async function modelTriagePass(db: CountersignDb, model: ModelClient, threadIds: readonly string[], now: () => number): Promise<{ outcomes: TriageOutcome[]; error: string | null }> {
  const rows = threadIds.length ? await db.triage.where('threadId').anyOf([...threadIds]).toArray() : [];
  const pending = rows.filter((r) => r.result.class === 'other' && r.result.method === 'rule').slice(0, MODEL_PASS_LIMIT);
  const outcomes: TriageOutcome[] = [];
  for (const row of pending) {
    const stored = await db.messages.get(row.messageId);
    if (!stored) continue;
    let result;
    try {
      result = await triageWithModel(model, stored.message);
    } catch (e) {
      return { outcomes, error: e instanceof Error ? e.message : String(e) };
    }
    const outcome = await recordModelTriage(db, row.messageId, result, now());
    if (outcome) outcomes.push(outcome);
  }
  return { outcomes, error: null };
}

import type { DraftRow } from '../../db/schema';
import type { DraftKind, DraftReplyOutput } from '../../llm/draft-reply';
import type { AgentContext } from '../runtime';

/** Herald's reply job: read the thread, ask the model, save a draft. It cannot send. */
export async function draftReply(herald: AgentContext, threadId: string, steer?: string, kind: DraftKind = 'reply'): Promise<DraftRow> {
  await herald.call('thread.read', { threadId });
  const out = await herald.call<DraftReplyOutput>('model.draftReply', { threadId, steer, kind });
  return herald.call<DraftRow>('draft.save', { threadId, body: out.body, evidence: out.evidence, agent: 'herald' });
}

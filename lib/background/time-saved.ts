import type { AuditRow, CountersignDb } from '../db/schema';
import type { TimeSavedView } from '../protocol/responses';

/**
 * "Time saved": for each prospect handled (a thread the rep opened in Gmail whose reply went out
 * through Countersign), the minutes from first opening the thread to the approved send and the
 * number of human actions it took in between. The first send per thread counts: later sends in the
 * same thread have no "opened" moment of their own (thread.opened is logged once per thread).
 *
 * Human actions: every audit entry by a person about the approval, its draft or the thread in that
 * span (approve, edit in review, draft edits, deny, retry…), plus one for the "Queue for approval"
 * click, which is logged as Herald's 'email.queued' (a sequence step is queued by the scheduler,
 * not by a click, and does not count).
 */

export const THREAD_OPENED = 'thread.opened';
const MAX_ITEMS = 50;

export function median(xs: readonly number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export async function timeSaved(db: CountersignDb, limit = MAX_ITEMS): Promise<TimeSavedView> {
  const sent = (await db.approvals.where('state').equals('sent').toArray()).filter((a) => a.threadId !== null);
  if (!sent.length) return { prospects: 0, medianMinutes: null, medianActions: null, items: [] };
  const subjects = [...new Set(sent.flatMap((a) => [a.id, a.draftId, a.threadId!]))];
  const [entries, steps] = await Promise.all([
    db.audit.where('subjectId').anyOf(subjects).toArray(),
    db.sequenceSteps.where('approvalId').anyOf(sent.map((a) => a.id)).toArray(),
  ]);
  const bySubject = new Map<string, AuditRow[]>();
  for (const e of entries) bySubject.set(e.subjectId, [...(bySubject.get(e.subjectId) ?? []), e]);
  const sequenceSends = new Set(steps.map((s) => s.approvalId));

  const sentAt = (id: string, fallback: number) => bySubject.get(id)?.find((e) => e.action === 'email.sent')?.at ?? fallback;
  // The first send per thread.
  const firstPerThread = new Map<string, { approval: (typeof sent)[number]; at: number }>();
  for (const a of sent) {
    const at = sentAt(a.id, a.updatedAt);
    const prev = firstPerThread.get(a.threadId!);
    if (!prev || at < prev.at) firstPerThread.set(a.threadId!, { approval: a, at });
  }

  const items: TimeSavedView['items'] = [];
  for (const [threadId, { approval: a, at }] of firstPerThread) {
    const opened = (bySubject.get(threadId) ?? []).filter((e) => e.action === THREAD_OPENED).map((e) => e.at);
    if (!opened.length) continue;
    const openedAt = Math.min(...opened);
    if (openedAt > at) continue;
    const inSpan = (e: AuditRow) => e.at >= openedAt && e.at <= at;
    const about = [...(bySubject.get(a.id) ?? []), ...(bySubject.get(a.draftId) ?? []), ...(bySubject.get(threadId) ?? [])].filter(inSpan);
    const human = about.filter((e) => e.actor.type === 'human').length;
    const queueClick = !sequenceSends.has(a.id) && about.some((e) => e.action === 'email.queued' && e.subjectId === a.id) ? 1 : 0;
    const to = a.message.to[0];
    items.push({
      contact: to ? (to.name ? `${to.name} <${to.email}>` : to.email) : '',
      threadId,
      openedAt,
      sentAt: at,
      minutes: Math.round(((at - openedAt) / 60_000) * 10) / 10,
      actions: human + queueClick,
    });
  }
  items.sort((x, y) => y.sentAt - x.sentAt);
  return {
    prospects: items.length,
    medianMinutes: median(items.map((i) => i.minutes)),
    medianActions: median(items.map((i) => i.actions)),
    items: items.slice(0, limit),
  };
}

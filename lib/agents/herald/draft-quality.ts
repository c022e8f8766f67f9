import type { CountersignDb, DraftRow } from '../../db/schema';
import { findQuote } from '../scout/extract-model';
import { GenericIndex, qualityReport, type ProspectFacts, type QualityReport, type SourcedText } from './quality';

/**
 * The quality gate applied to a stored draft: who it goes to and what is known about them come
 * from the rep's own data (the thread's inbound messages, Scout's lead record), never from the
 * model. The model's evidence counts only where its source is words the prospect or the CRM
 * actually gave us.
 */

/** Drafts compared against for near-copies: the most recent, to bound memory and start-up time. */
export const HISTORY_LIMIT = 5_000;

const lower = (s: string) => s.trim().toLowerCase();

/** What is known about the draft's first recipient, each fact with where it came from. */
export async function prospectFactsFor(db: CountersignDb, draft: Pick<DraftRow, 'message' | 'threadId'>): Promise<ProspectFacts> {
  const to = draft.message.to[0] ?? { name: '', email: '' };
  const key = lower(to.email);
  const lead = key ? await db.leads.get(key) : undefined;
  const snapshot = draft.threadId ? (await db.threads.get(draft.threadId))?.snapshot : undefined;
  const rep = lower(draft.message.from.email);
  const facts: SourcedText[] = [];
  for (const m of snapshot?.messages ?? []) {
    if (lower(m.from.email) === rep || m.labelIds.includes('SENT')) continue;
    const who = m.from.name || m.from.email;
    if (m.subject) facts.push({ text: m.subject, source: `subject of ${who}'s message ${m.id}` });
    const body = m.body ?? m.text;
    if (body.trim()) facts.push({ text: body, source: `${who}'s message ${m.id}` });
    if (m.signature?.trim()) facts.push({ text: m.signature, source: `${who}'s signature ${m.id}` });
  }
  for (const s of lead?.signals ?? []) if (s.evidence.quote.trim()) facts.push({ text: s.evidence.quote, source: `${s.evidence.source} ${s.evidence.ref}` });
  for (const f of lead?.flags ?? []) if (f.evidence.quote.trim()) facts.push({ text: f.evidence.quote, source: `${f.evidence.source} ${f.evidence.ref}` });
  const name = to.name || lead?.name || '';
  return { email: key, name: name || undefined, company: lead?.company || undefined, facts };
}

/** The model's evidence whose source is really in the facts; the rest backs nothing. */
export function groundedEvidence(evidence: DraftRow['evidence'], facts: readonly SourcedText[]): SourcedText[] {
  return evidence.flatMap((e) => (facts.some((f) => findQuote(f.text, e.source) !== null) ? [{ text: e.claim, source: e.source }] : []));
}

const indexes = new WeakMap<CountersignDb, Promise<GenericIndex>>();

/**
 * The near-copy index over this database's recent drafts, built once per worker life and kept
 * current by `rememberDraft` (drafts are only written through the email gate).
 */
export function draftHistory(db: CountersignDb): Promise<GenericIndex> {
  let index = indexes.get(db);
  if (!index) {
    index = (async () => {
      const rows = await db.drafts.orderBy('updatedAt').reverse().limit(HISTORY_LIMIT).toArray();
      return GenericIndex.from(rows.filter((d) => d.status !== 'discarded').map(storedDraft));
    })();
    indexes.set(db, index);
    index.catch(() => indexes.delete(db));
  }
  return index;
}

export async function rememberDraft(db: CountersignDb, draft: DraftRow): Promise<void> {
  (await draftHistory(db)).add(storedDraft(draft));
}

const storedDraft = (d: DraftRow) => ({ id: d.id, to: lower(d.message.to[0]?.email ?? ''), subject: d.message.subject, body: d.message.body, createdAt: d.createdAt });

/** The quality report of a stored draft, against the rep's other drafts. */
export async function draftQuality(db: CountersignDb, draft: DraftRow, now: number): Promise<QualityReport> {
  const prospect = await prospectFactsFor(db, draft);
  const history = await draftHistory(db);
  return qualityReport(
    { subject: draft.message.subject, body: draft.message.body, evidence: groundedEvidence(draft.evidence, prospect.facts) },
    { prospect, history, now, draftId: draft.id },
  );
}

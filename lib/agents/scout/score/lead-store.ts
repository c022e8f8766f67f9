import type { Signal } from '../model';
import { evidenceHolds } from './evidence';
import type { CountersignDb, LeadRow, OverrideRow } from '../../../db/schema';
import { DecodedMessage } from '../../../mail/thread';
import type { Flag } from '../model';
import { lower, type LeadContext, type LeadCrm } from './context';
import { extractSignals } from './extract';
import { extractFlags } from './flags';
import type { Icp } from './icp';
import { prioritise, type Prioritised, type ScoredLead } from './prioritise';
import { isActiveOverride, scoreLead } from './score';

export interface UpsertResult {
  lead: LeadRow;
  /** False when the context said nothing new: the row was left as it was (same updatedAt). */
  changed: boolean;
}

const fromCrm = (s: { evidence: { source: string } }) => s.evidence.source === 'crm';

/**
 * Extracts a lead's signals and flags from its context and stores them, replacing what the
 * previous extraction found. Idempotent: the same context leaves the row untouched. When the CRM
 * was not looked up (`ctx.crm` undefined), what the CRM said before is kept. Signals a model
 * extracted (`modelSignals`, already checked against the lead's words) are added where the rules
 * found nothing of that key; without new ones, the stored model signals whose evidence still holds
 * are kept. Durable when it returns (one Dexie transaction).
 */
export async function upsertLead(db: CountersignDb, ctx: LeadContext, icp: Icp, modelSignals?: readonly Signal[]): Promise<UpsertResult> {
  const contactKey = lower(ctx.lead.email);
  let signals = extractSignals(ctx, icp);
  let flags = extractFlags(ctx, icp);
  const threadIds = [...new Set(ctx.messages.map((m) => m.threadId))];
  return db.transaction('rw', db.leads, async () => {
    const existing = await db.leads.get(contactKey);
    if (existing && ctx.crm === undefined) {
      const keptSignals = existing.signals.filter((s) => fromCrm(s));
      const keptFit = new Set(keptSignals.filter((s) => s.group === 'fit').map((s) => s.key));
      signals = [...keptSignals, ...signals.filter((s) => !(s.group === 'fit' && keptFit.has(s.key)))];
      const keptFlags = existing.flags.filter((f) => fromCrm(f));
      const kinds = new Set(keptFlags.map((f) => f.kind));
      flags = [...keptFlags, ...flags.filter((f: Flag) => !kinds.has(f.kind))];
    }
    const fromModel = (modelSignals ?? existing?.signals.filter((x) => x.extractedBy === 'model') ?? []).filter((x) => evidenceHolds(x.evidence, ctx));
    const ruled = new Set(signals.map((x) => `${x.group}:${x.key}`));
    signals = [...signals, ...fromModel.filter((x) => !ruled.has(`${x.group}:${x.key}`))];
    const next: LeadRow = {
      contactKey,
      email: ctx.lead.email.trim(),
      name: ctx.lead.name.trim() || existing?.name || '',
      company: ctx.crm?.company?.name?.trim() || existing?.company || '',
      signals,
      flags,
      threadIds: [...new Set([...(existing?.threadIds ?? []), ...threadIds])].sort(),
      updatedAt: ctx.now,
    };
    if (existing && sameContent(existing, next)) return { lead: existing, changed: false };
    await db.leads.put(next);
    return { lead: next, changed: true };
  });
}

function sameContent(a: LeadRow, b: LeadRow): boolean {
  const { updatedAt: _a, ...restA } = a;
  const { updatedAt: _b, ...restB } = b;
  return JSON.stringify(restA) === JSON.stringify(restB);
}

/**
 * A lead's context from what Countersign has cached: the messages of the lead's known threads
 * (plus `threadIds`), their triage and the lead's suppression row. CRM records come from the
 * caller (undefined: not looked up this time).
 */
export async function loadLeadContext(
  db: CountersignDb,
  input: { email: string; name?: string; repEmail: string; threadIds?: readonly string[]; crm?: LeadCrm; now: number },
): Promise<LeadContext> {
  const contactKey = lower(input.email);
  return db.transaction('r', [db.leads, db.messages, db.triage, db.suppressions], async () => {
    const lead = await db.leads.get(contactKey);
    const threads = [...new Set([...(lead?.threadIds ?? []), ...(input.threadIds ?? [])])];
    const rows = threads.length ? await db.messages.where('threadId').anyOf(threads).toArray() : [];
    const messages = rows.map((r) => DecodedMessage.safeParse(r.message)).flatMap((p) => (p.success ? [p.data] : []));
    const ids = messages.map((m) => m.id);
    const triage = ids.length ? await db.triage.where('messageId').anyOf(ids).toArray() : [];
    const fromLead = await db.triage.where('from').equals(contactKey).toArray();
    const byId = new Map([...triage, ...fromLead].map((t) => [t.messageId, t]));
    return {
      lead: { email: input.email, name: input.name ?? lead?.name ?? '' },
      repEmail: input.repEmail,
      messages,
      crm: input.crm,
      triage: [...byId.values()],
      suppression: (await db.suppressions.get(contactKey)) ?? null,
      now: input.now,
    };
  });
}

/** Every lead with its score at `now` (overrides applied), read in one transaction. */
export async function listScoredLeads(db: CountersignDb, icp: Icp, now: number): Promise<ScoredLead[]> {
  const [leads, overrides] = await db.transaction('r', [db.leads, db.overrides], () => Promise.all([db.leads.toArray(), db.overrides.toArray()]));
  const byLead = new Map<string, OverrideRow[]>();
  for (const o of overrides) {
    if (!isActiveOverride(o, now)) continue;
    const list = byLead.get(o.contactKey);
    if (list) list.push(o);
    else byLead.set(o.contactKey, [o]);
  }
  return leads.map((lead) => ({ lead, result: scoreLead(lead, icp, now, byLead.get(lead.contactKey) ?? []) }));
}

/** The "today" list: flagged leads for judgement, then the rest by score. */
export async function todayList(db: CountersignDb, icp: Icp, now: number): Promise<Prioritised> {
  return prioritise(await listScoredLeads(db, icp, now));
}

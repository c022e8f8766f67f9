import { humanActor } from '../audit/log';
import { buildBrief } from '../agents/scout/research/brief';
import { extractSignalsWithModel } from '../agents/scout/extract-model';
import { lower } from '../agents/scout/score/context';
import { loadLeadContext, todayList, upsertLead } from '../agents/scout/score/lead-store';
import { activeOverrides, addOverride, revokeOverride } from '../agents/scout/score/overrides';
import { scoreLead } from '../agents/scout/score/score';
import type { SuppressionRow } from '../db/schema';
import { addSuppression, describeSuppression, removeSuppression } from '../gates/suppression';
import type { Address } from '../mail/outgoing';
import type { ThreadSnapshot } from '../mail/thread';
import { UserFacingError } from '../protocol/errors';
import type { Handlers } from '../protocol/router';
import type { SuppressionView } from '../protocol/responses';
import type { Services } from './services';
import type { CrmServices } from './crm';
import { lookupLeadCrm, type LeadCrmLookup } from '../agents/scout/score/crm-lookup';
import { CrmApiError } from '../crm/http';
import type { CrmKind } from '../crm/model';
import type { LeadCrmStatus } from '../protocol/responses';

type ScoutRequest = 'scout.lead' | 'scout.today' | 'scout.override' | 'scout.override.revoke' | 'suppression.list' | 'suppression.add' | 'suppression.remove';

/** Automated messages whose sender is a mail system, not the lead. */
const AUTOMATED = new Set(['bounce', 'complaint']);
/** The brief without the model's synthesis, which is asked for only on the rep's click. */
export const FACTS_ONLY = 'The facts from your own data. Ask for a summary to have the model write one, each claim citing its facts.';

/** How long a CRM reading of a lead is reused: opening the same thread twice costs no API calls. */
export const CRM_TTL_MS = 5 * 60_000;
const CRM_LABEL: Record<CrmKind, string> = { local: 'The local CRM', hubspot: 'HubSpot', salesforce: 'Salesforce', pipedrive: 'Pipedrive' };

const suppressionView = (row: SuppressionRow): SuppressionView => ({ ...row, description: describeSuppression(row) });

/**
 * Scout's requests: a lead's score and brief, the "today" list, overrides, and the suppression
 * list. Scout reads and scores; changing a score or the suppression list is a person's act (the
 * sender policy keeps these to extension pages) and is audited.
 */
export function createScoutHandlers(s: Services, crm: CrmServices): Pick<Handlers, ScoutRequest> {
  const { db } = s;
  const crmReadings = new Map<string, { at: number; lookup: LeadCrmLookup }>();

  /**
   * What the active CRM says about the lead, read-only. A CRM that fails leaves the score on
   * what it said last time (kept on the lead) and says so; it never blocks the lead card.
   */
  async function readCrm(email: string, ownerId: string): Promise<{ lookup: LeadCrmLookup | undefined; status: LeadCrmStatus }> {
    const adapter = await crm.active();
    const system = CRM_LABEL[adapter.kind];
    const key = `${adapter.kind}:${lower(email)}`;
    const now = s.now();
    const cached = crmReadings.get(key);
    if (cached && now - cached.at < CRM_TTL_MS) return { lookup: cached.lookup, status: { system, state: 'read', checkedAt: cached.at, message: null } };
    try {
      const lookup = await lookupLeadCrm(adapter, email, ownerId || null);
      crmReadings.set(key, { at: now, lookup });
      return { lookup, status: { system, state: 'read', checkedAt: now, message: null } };
    } catch (e) {
      const why = e instanceof CrmApiError ? e.userMessage : e instanceof Error ? e.message : String(e);
      return { lookup: undefined, status: { system, state: 'failed', checkedAt: now, message: `${system} could not be read (${why}); CRM flags are as last seen.` } };
    }
  }

  /** The person on the other side of the thread: the last sender who is neither the rep nor a mail system. */
  async function correspondentOf(snapshot: ThreadSnapshot, repEmail: string): Promise<Address | null> {
    const rep = lower(repEmail);
    const automated = new Set((await db.triage.where('threadId').equals(snapshot.id).toArray()).filter((t) => AUTOMATED.has(t.result.class)).map((t) => t.messageId));
    const inbound = snapshot.messages.filter((m) => !m.labelIds.includes('SENT') && lower(m.from.email) !== rep && !automated.has(m.id));
    const last = inbound.at(-1);
    if (last) return last.from;
    return snapshot.messages.at(-1)?.to.find((a) => lower(a.email) !== rep) ?? null;
  }

  return {
    'scout.lead': async (req) => {
      const repEmail = (await s.settings.gmailToken())?.account ?? '';
      let who: Address | null;
      if (req.threadId) {
        who = await correspondentOf(await s.readThread(req.threadId), repEmail);
        void s.modelTriage(req.threadId); // what a stopped worker left unasked; a no-op otherwise
        if (!who) throw new UserFacingError('not_found', 'This thread has nobody in it but you: there is no lead to score.');
      } else {
        who = { email: req.email ?? '', name: req.name ?? '' };
      }
      const now = s.now();
      const { icp, crm: crmSettings } = await s.settings.get();
      const { lookup, status } = await readCrm(who.email, crmSettings.ownerId);
      const ctx = await loadLeadContext(db, { email: who.email, name: who.name || undefined, repEmail, threadIds: req.threadId ? [req.threadId] : [], crm: lookup, now });
      // On the rep's click, the model may add signals, each quoting the lead's own words (checked).
      const model = req.synthesise ? await s.configuredModel() : null;
      const modelSignals = model ? await extractSignalsWithModel(model, { leadEmail: who.email, messages: ctx.messages }).catch(() => undefined) : undefined;
      const { lead } = await upsertLead(db, ctx, icp, modelSignals);
      const { score, computed, factors, flags, overridden } = scoreLead(lead, icp, now, await activeOverrides(db, now, lead.contactKey));
      const research = { lead: { email: lead.email, name: lead.name }, repEmail, messages: ctx.messages, crm: lookup, now };
      const brief = await buildBrief(research, model);
      if (!req.synthesise) brief.partial = FACTS_ONLY;
      return {
        contactKey: lead.contactKey,
        email: lead.email,
        name: lead.name,
        company: lead.company,
        score: { score, computed, factors, flags, overridden },
        suppression: ctx.suppression ? suppressionView(ctx.suppression) : null,
        crm: status,
        brief,
      };
    },

    'scout.today': async () => todayList(db, (await s.settings.get()).icp, s.now()),

    'scout.override': async ({ type: _type, ...input }) => addOverride(db, input, humanActor(), s.now()),

    'scout.override.revoke': async (req) => revokeOverride(db, req.overrideId, req.reason, humanActor(), s.now()),

    'suppression.list': async () => (await db.suppressions.orderBy('at').reverse().toArray()).map(suppressionView),

    'suppression.add': async (req) => {
      const { row, added, held } = await addSuppression(db, { email: req.email, reason: 'manual', evidence: null, by: humanActor(), at: s.now(), note: req.note });
      return { suppression: suppressionView(row), added, held };
    },

    'suppression.remove': async (req) => suppressionView(await removeSuppression(db, req.email, req.reason, humanActor(), s.now())),
  };
}

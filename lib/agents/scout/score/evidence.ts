import type { OverrideRow } from '../../../db/schema';
import type { Evidence } from '../model';
import { lower, type LeadContext } from './context';
import type { CrmRecord } from './crm-fields';

/**
 * Whether a piece of evidence is what it claims to be in this context: the message exists, was
 * written by the lead, and the quote is in its new text (or subject or an attachment's name); the
 * CRM field holds the quoted value; the triage reason is the one recorded. Use it to check anything
 * not produced by these rules (a model's signals) before it may count.
 */
export function evidenceHolds(evidence: Evidence, ctx: LeadContext, overrides: readonly OverrideRow[] = []): boolean {
  const { source, ref, quote } = evidence;
  switch (source) {
    case 'message':
    case 'signature': {
      const m = ctx.messages.find((x) => x.id === ref);
      if (!m || lower(m.from.email) !== lower(ctx.lead.email)) return false;
      if (source === 'signature') return m.signature.includes(quote);
      return m.body.includes(quote) || m.subject.startsWith(quote) || m.attachments.some((a) => a.filename === quote || a.mimeType === quote);
    }
    case 'crm':
      return crmValue(ctx, ref)?.includes(quote) ?? false;
    case 'domain':
      return ref === (ctx.lead.email.split('@')[1] ?? '').toLowerCase() && quote === ref;
    case 'triage':
      return ctx.triage.some((t) => t.messageId === ref && t.result.reason.startsWith(quote));
    case 'settings':
      return ctx.suppression !== null && ref === `suppressions/${ctx.suppression.email}` && quote === ctx.suppression.reason;
    case 'override':
      return overrides.some((o) => o.id === ref && o.reason === quote);
  }
}

/** The text of a CRM field path ("contact:42.title", "deal:7.properties.hs_is_closed_won"), or null. */
export function crmValue(ctx: LeadContext, ref: string): string | null {
  const match = /^(contact|company|deal):([^.]+)\.(.+)$/.exec(ref);
  if (!match || !ctx.crm) return null;
  const [, type, id, path] = match as unknown as [string, 'contact' | 'company' | 'deal', string, string];
  const record: CrmRecord | null | undefined =
    type === 'contact' ? (ctx.crm.contact?.id === id ? ctx.crm.contact : null) : type === 'company' ? (ctx.crm.company?.id === id ? ctx.crm.company : null) : ctx.crm.deals.find((d) => d.id === id);
  if (!record) return null;
  if (path.startsWith('properties.')) return record.properties[path.slice('properties.'.length)] ?? null;
  const value: unknown = (record as unknown as Record<string, unknown>)[path];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}

import { listScoredLeads } from '../../scout/score/lead-store';
import { FLAG_LABELS } from '../../scout/score/prioritise';
import { isActiveFlag } from '../../scout/score/score';
import type { Icp } from '../../scout/score/icp';
import type { ApprovalRow, CountersignDb } from '../../../db/schema';
import type { DecodedMessage } from '../../../mail/thread';
import { enrichContact } from '../enrich';
import type { NeverLog } from './never-log';
import type { FieldSource } from './provenance';
import type { LocalChange, NoteChange, SyncInput, SyncProposal } from './sync';

/** The CRM properties Scout's score and flags are written to (create them in the CRM, or map them in settings). */
export const SCORE_PROPERTY = 'countersign_score';
export const FLAGS_PROPERTY = 'countersign_flags';
const OURS = [`properties.${SCORE_PROPERTY}`, `properties.${FLAGS_PROPERTY}`];

/** Most contacts and notes one proposal carries: a change set a person can actually review. */
export const MAX_CONTACTS = 200;
export const MAX_NOTES = 200;
/** Longest email text copied into a CRM note. */
const NOTE_BODY_CHARS = 4_000;

/** Mail systems and role senders are not people to put in a CRM. */
const AUTOMATED = /^(?:no-?reply|do-?not-?reply|mailer-daemon|postmaster|bounces?|notifications?|notify|alerts?|daemon|auto-?reply)(?:[+._-].*)?@/i;

export interface SourceInput {
  /** The rep's own address (never a contact). */
  repEmail: string | null;
  neverLog: NeverLog;
  icp: Icp;
  now: number;
}

const lower = (s: string) => s.trim().toLowerCase();

/** Note keys already in a change set (proposed, applied or denied: a denied note is not offered again). */
async function notedKeys(db: CountersignDb): Promise<Set<string>> {
  const rows = await db.crmChanges.where('kind').equals('sync').toArray();
  const keys = new Set<string>();
  for (const row of rows) {
    const proposal = row.proposal as SyncProposal;
    for (const n of proposal.notes ?? []) {
      const result = row.results[n.key] as { status?: string } | undefined;
      // A note that failed for good in an older set may be offered again.
      if (result?.status !== 'failed') keys.add(n.key);
    }
  }
  return keys;
}

function noteFor(approval: ApprovalRow, rep: string | null): NoteChange[] {
  const { message } = approval;
  const sentAt = new Date(approval.updatedAt).toISOString().slice(0, 16).replace('T', ' ');
  const text = message.body.length > NOTE_BODY_CHARS ? `${message.body.slice(0, NOTE_BODY_CHARS)}\n[…]` : message.body;
  const body = [`Email sent ${sentAt} UTC${rep ? ` by ${rep}` : ''} (approved in Countersign)`, `Subject: ${message.subject}`, '', text].join('\n');
  return message.to.map((to) => ({
    type: 'note' as const,
    key: `note:approval:${approval.id}:${lower(to.email)}`,
    contact: { email: lower(to.email) },
    body,
    label: `Sent email "${message.subject}" → ${to.email}`,
    sources: [{ field: 'note', source: 'approved_email' as const, evidence: `Approved and sent: ${message.subject}`, threadId: approval.threadId ?? undefined }],
  }));
}

/**
 * What Cipher would sync from the rep's own data: the people Scout met in Gmail threads (with
 * what their signatures and domains say, fill-only), Scout's score and flags as properties,
 * companies by domain, and a note for each approved email that went out. Never-logged and
 * automated addresses are left out. Nothing here reads or writes the CRM; proposeSync diffs it
 * against a fresh read.
 */
export async function localSyncChanges(db: CountersignDb, input: SourceInput): Promise<SyncInput[]> {
  const rep = input.repEmail ? lower(input.repEmail) : null;
  const keep = (email: string) => !!email && email !== rep && !AUTOMATED.test(email) && !input.neverLog(email);
  const scored = (await listScoredLeads(db, input.icp, input.now))
    .filter((l) => keep(lower(l.lead.email)))
    .sort((a, b) => b.lead.updatedAt - a.lead.updatedAt)
    .slice(0, MAX_CONTACTS);

  const contacts: LocalChange[] = [];
  const companies = new Map<string, LocalChange>();
  for (const { lead, result } of scored) {
    const full = await db.leads.get(lead.contactKey);
    const messages: DecodedMessage[] = full ? (await db.messages.where('threadId').anyOf(full.threadIds).toArray()).map((r) => r.message) : [];
    const e = enrichContact({ email: lead.email, displayName: lead.name, messages });
    const flags = result.flags.filter((f) => isActiveFlag(f, input.now)).map((f) => FLAG_LABELS[f.kind]);
    const firstThread = full?.threadIds[0];
    const sources: FieldSource[] = [
      { field: 'email', source: 'thread', evidence: lead.name ? `${lead.name} <${lead.email}>` : lead.email, ...(firstThread ? { threadId: firstThread } : {}) },
      ...e.sources,
      ...(e.company ? [{ field: 'companyId', source: 'domain' as const, evidence: `${lower(lead.email)} → ${e.company.domain}` }] : []),
      { field: OURS[0]!, source: 'score', evidence: `Scout's score ${result.score}${result.overridden ? ' (set by a person)' : ''}` },
      { field: OURS[1]!, source: 'score', evidence: flags.length ? `Scout's flags: ${flags.join(', ')}` : "Scout's flags: none" },
    ];
    contacts.push({
      type: 'contact',
      match: { email: lower(lead.email) },
      patch: { ...e.contact, email: lower(lead.email), properties: { ...e.contact.properties, [SCORE_PROPERTY]: String(result.score), [FLAGS_PROPERTY]: flags.length ? flags.join('; ') : null } },
      fillOnly: true,
      overwrite: OURS,
      ...(e.company ? { link: { companyDomain: e.company.domain } } : {}),
      label: lead.name ? `${lead.name} · ${lower(lead.email)}` : lower(lead.email),
      sources,
    });
    if (e.company && !companies.has(e.company.domain)) {
      companies.set(e.company.domain, {
        type: 'company',
        match: { domain: e.company.domain },
        patch: { domain: e.company.domain, ...(e.company.name ? { name: e.company.name } : {}) },
        fillOnly: true,
        label: e.company.name ? `${e.company.name} · ${e.company.domain}` : e.company.domain,
        sources: e.sources.filter((s) => s.field.startsWith('company.')).map((s) => ({ ...s, field: s.field.slice('company.'.length) })),
      });
    }
  }

  const done = await notedKeys(db);
  const sent = await db.approvals.where('state').equals('sent').toArray();
  const notes = sent
    .sort((a, b) => b.updatedAt - a.updatedAt)
    .flatMap((a) => noteFor(a, rep))
    .filter((n) => keep(n.contact.email) && !done.has(n.key))
    .slice(0, MAX_NOTES);

  return [...companies.values(), ...contacts, ...notes];
}

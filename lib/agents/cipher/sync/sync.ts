import { appendAudit, auditedTransaction, systemActor } from '../../../audit/log';
import { syncRecords, type SyncOptions } from '../../../crm/batch-sync';
import { CrmApiError } from '../../../crm/http';
import type { CrmAdapter, ObjectType, RecordOf, RecordPatch, Upsert } from '../../../crm/model';
import type { Actor, CountersignDb, CrmChangeRow, CrmSnapshotRow } from '../../../db/schema';
import { conflict, notFound } from '../../../protocol/errors';
import { diffRecord, fieldValue, patchOf, proposalHash, sameValue, type FieldDiff } from './diff';
import { approveChange, denyChange, storeProposal } from '../change-set';
import type { FieldSource } from './provenance';
import type { NeverLog } from './never-log';

/** What every local change may carry besides its patch: where its values came from, and how to write them. */
interface ChangeMeta {
  /** Where each proposed value came from, shown to the approver (part of what they approve). */
  sources?: FieldSource[];
  /** What the approver sees for the record ("Dana Whitfield · dana@…"). */
  label?: string;
  /**
   * Only fill fields the CRM has no value for (enrichment never overwrites what a person typed
   * in the CRM); the fields in `overwrite` (our own score and flags) are written regardless.
   */
  fillOnly?: boolean;
  overwrite?: string[];
  /** Link a contact to the company with this domain: found in the CRM, or created in the same change set. */
  link?: { companyDomain: string };
}

/** A change Cipher wants in the CRM, from local data (a thread, an enrichment, an import). */
export type LocalChange = {
  [T in ObjectType]: ChangeMeta & {
    type: T;
    /** The CRM id when known. */
    id?: string;
    /** Natural key to find the record when the id is not known. */
    match?: { email?: string; domain?: string };
    patch: RecordPatch<T>;
  };
}[ObjectType];

/** A note to add to a contact's CRM record (e.g. an approved email that was sent). */
export interface NoteChange {
  type: 'note';
  /** Stable key: the same note is never proposed twice (e.g. `note:approval:<id>`). */
  key: string;
  contact: { email: string; id?: string };
  body: string;
  sources?: FieldSource[];
  label?: string;
}

export type SyncInput = LocalChange | NoteChange;

/** A note in a sync proposal. */
export interface SyncNoteProposal {
  key: string;
  contactEmail: string;
  /** The contact's CRM id at preview (null: not found then, e.g. created by this same change set). */
  contactId: string | null;
  body: string;
  sources: FieldSource[];
  label: string;
}

/** A companyId value that names a company this change set creates, resolved to its id when applied. */
export interface NewCompanyRef {
  newCompany: string;
}
const isNewCompanyRef = (v: unknown): v is NewCompanyRef => typeof v === 'object' && v !== null && typeof (v as NewCompanyRef).newCompany === 'string';

export type SyncAction = 'create' | 'update' | 'unchanged' | 'missing';

/** One record in a sync proposal: what was read, and exactly what would be written. */
export interface SyncRecordProposal {
  /** Stable key within the change set; `results` are keyed by it. */
  key: string;
  type: ObjectType;
  /** The CRM id as found at preview (null: to be created). */
  id: string | null;
  match: { email?: string; domain?: string } | null;
  action: SyncAction;
  /** Only the fields that differ, before → after. */
  diff: FieldDiff[];
  /** The record's `updatedAt` as read for the preview. */
  updatedAt: string | null;
  /** The change as asked for, kept so a conflicting record can be re-proposed as it was meant. */
  requested: RecordPatch<ObjectType>;
  /** More than one CRM record matched the natural key; the first was taken. */
  ambiguous?: number;
  label?: string;
  sources?: FieldSource[];
  /** How the change was asked to be written, kept so a re-proposal is built the same way. */
  write?: Pick<ChangeMeta, 'fillOnly' | 'overwrite' | 'link'>;
}

export interface SyncProposal {
  records: SyncRecordProposal[];
  notes: SyncNoteProposal[];
  counts: { creates: number; updates: number; unchanged: number; missing: number; notes: number };
  /** Changes left out because their address or domain is on the never-log list. */
  neverLogged: number;
  /** The change set this one re-proposes records from (they changed in the CRM after its preview). */
  reproposalOf: string | null;
}

export type SyncRecordResult =
  | { status: 'sending'; at: number }
  | { status: 'applied'; id: string; created: boolean; diff: FieldDiff[]; at: number; alreadyInPlace?: boolean }
  | { status: 'failed'; error: string; retryable: boolean; at: number }
  | { status: 'conflict'; reason: string; reproposedIn: string | null; at: number }
  | { status: 'skipped'; reason: string; at: number };

export interface ApplySyncOptions extends Pick<SyncOptions, 'sleep' | 'maxRounds'> {
  newId?: () => string;
  /** The never-log list as it is now: a record or note added to it since the preview is skipped. */
  neverLog?: NeverLog;
}

export interface ProposeSyncOptions {
  reproposalOf?: string | null;
  newId?: () => string;
  /** Changes about these addresses/domains are left out (counted in `neverLogged`). */
  neverLog?: NeverLog;
  /** Leave out records that already hold every proposed value (a proposal of what would change, only). */
  dropUnchanged?: boolean;
}

const DONE = new Set(['applied', 'skipped', 'conflict']);
/** Who writes an approved sync: the executor, not the agent that proposed it. */
const EXECUTOR = systemActor('cipher.sync');
const lower = (s: string | undefined | null) => (s ?? '').trim().toLowerCase();

/** Which natural key a change carries (explicit match first, else the patch's email/domain). */
function naturalKey(change: Pick<LocalChange, 'type' | 'match' | 'patch'>): { email?: string; domain?: string } | null {
  const patch = change.patch as Record<string, unknown>;
  if (change.type === 'contact') {
    const email = change.match?.email ?? (typeof patch.email === 'string' ? patch.email : undefined);
    return email ? { email } : null;
  }
  if (change.type === 'company') {
    const domain = change.match?.domain ?? (typeof patch.domain === 'string' ? patch.domain : undefined);
    return domain ? { domain } : null;
  }
  return null;
}

/** Fresh read of the record a change refers to: by id, else by natural key. */
async function readTarget(adapter: CrmAdapter, type: ObjectType, id: string | null, match: { email?: string; domain?: string } | null): Promise<{ record: RecordOf<ObjectType> | null; hits: number }> {
  if (id) return { record: await adapter.get(type, id), hits: 1 };
  if (!match) return { record: null, hits: 0 };
  const hits = await adapter.search(type, match);
  // A search is loose on some CRMs; keep exact natural-key hits only.
  const exact = hits.filter((r) =>
    match.email ? lower((r as RecordOf<'contact'>).email) === lower(match.email) : lower((r as RecordOf<'company'>).domain) === lower(match.domain),
  );
  return { record: exact[0] ?? null, hits: exact.length };
}

const isEmpty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
/** Companies first: a contact in the same change set may be linked to a company it creates. */
const TYPE_ORDER: Record<ObjectType, number> = { company: 0, contact: 1, deal: 2 };
const changeEmail = (c: LocalChange) => (c.type === 'contact' ? (c.match?.email ?? (c.patch as { email?: string | null }).email ?? null) : null);

async function buildProposal(adapter: CrmAdapter, input: SyncInput[], opts: ProposeSyncOptions): Promise<SyncProposal> {
  const excluded = (email: string | null | undefined) => !!opts.neverLog && !!email && opts.neverLog(email);
  const changes = input.filter((c): c is LocalChange => c.type !== 'note');
  const noteChanges = input.filter((c): c is NoteChange => c.type === 'note');
  const neverLogged = changes.filter((c) => excluded(changeEmail(c))).length + noteChanges.filter((n) => excluded(n.contact.email)).length;
  const records: SyncRecordProposal[] = [];
  const ordered = changes.map((change, index) => ({ change, index })).sort((a, b) => TYPE_ORDER[a.change.type] - TYPE_ORDER[b.change.type] || a.index - b.index);
  const createdDomains = new Set<string>();
  for (const { change, index } of ordered) {
    if (excluded(changeEmail(change))) continue;
    const match = naturalKey(change);
    const { record, hits } = await readTarget(adapter, change.type, change.id ?? null, change.id ? null : match);
    const base = {
      key: `${index}:${change.type}:${change.id ?? record?.id ?? match?.email ?? match?.domain ?? 'new'}`,
      type: change.type,
      match,
      requested: change.patch,
      ...(change.label ? { label: change.label } : {}),
      ...(change.sources?.length ? { sources: change.sources } : {}),
      ...(change.fillOnly || change.link ? { write: { ...(change.fillOnly ? { fillOnly: true, overwrite: change.overwrite ?? [] } : {}), ...(change.link ? { link: change.link } : {}) } } : {}),
    };
    if (change.id && !record) {
      records.push({ ...base, id: change.id, action: 'missing', diff: [], updatedAt: null });
      continue;
    }
    let patch = change.patch as RecordPatch<ObjectType> & { companyId?: string | null };
    let pendingCompany: string | null = null;
    if (change.type === 'contact' && change.link && patch.companyId === undefined) {
      const domain = lower(change.link.companyDomain);
      const company = (await readTarget(adapter, 'company', null, { domain })).record;
      if (company) patch = { ...patch, companyId: company.id };
      else if (createdDomains.has(domain)) pendingCompany = domain;
    }
    let diff = diffRecord(record, patch);
    if (pendingCompany && isEmpty(fieldValue(record, 'companyId'))) {
      diff = [...diff, { field: 'companyId', before: null, after: { newCompany: pendingCompany } satisfies NewCompanyRef }].sort((a, b) => a.field.localeCompare(b.field));
    }
    if (change.fillOnly && record) diff = diff.filter((d) => isEmpty(d.before) || change.overwrite?.includes(d.field));
    const action: SyncAction = !record ? 'create' : diff.length ? 'update' : 'unchanged';
    if (change.type === 'company' && action === 'create' && match?.domain) createdDomains.add(lower(match.domain));
    if (action === 'unchanged' && opts.dropUnchanged) continue;
    const sources = base.sources?.filter((s) => diff.some((d) => d.field === s.field));
    records.push({ ...base, ...(sources ? { sources } : {}), id: record?.id ?? null, action, diff, updatedAt: record?.updatedAt ?? null, ...(hits > 1 ? { ambiguous: hits } : {}) });
  }
  const notes: SyncNoteProposal[] = [];
  for (const n of noteChanges) {
    if (excluded(n.contact.email)) continue;
    const email = lower(n.contact.email);
    const contactId = n.contact.id ?? (await readTarget(adapter, 'contact', null, { email })).record?.id ?? null;
    notes.push({ key: n.key, contactEmail: email, contactId, body: n.body, sources: n.sources ?? [], label: n.label ?? `Note on ${email}` });
  }
  const count = (a: SyncAction) => records.filter((r) => r.action === a).length;
  return {
    records,
    notes,
    counts: { creates: count('create'), updates: count('update'), unchanged: count('unchanged'), missing: count('missing'), notes: notes.length },
    neverLogged,
    reproposalOf: opts.reproposalOf ?? null,
  };
}

async function loadSync(db: CountersignDb, id: string): Promise<CrmChangeRow & { proposal: SyncProposal }> {
  const row = await db.crmChanges.get(id);
  if (!row || row.kind !== 'sync') throw notFound('That CRM sync');
  return row as CrmChangeRow & { proposal: SyncProposal };
}

/**
 * Reads every record the changes touch, fresh from the CRM, and stores a change set for review:
 * a field-level diff per record (only fields that differ, with the `updatedAt` read) and counts.
 * Nothing is written to the CRM.
 */
export async function proposeSync(
  db: CountersignDb,
  adapter: CrmAdapter,
  changes: SyncInput[],
  proposedBy: Actor,
  now: number,
  opts: ProposeSyncOptions = {},
): Promise<CrmChangeRow & { proposal: SyncProposal }> {
  const proposal = await buildProposal(adapter, changes, opts);
  const hash = proposalHash(proposal);
  return storeProposal(db, {
    kind: 'sync',
    crm: adapter.kind,
    proposal,
    hash,
    proposedBy,
    now,
    detail: { counts: proposal.counts, neverLogged: proposal.neverLogged, reproposalOf: proposal.reproposalOf },
    newId: opts.newId,
  });
}

/** A human approves exactly the change set they were shown (`shownHash`). */
export const approveSync = (db: CountersignDb, id: string, shownHash: string, actor: Actor, now = Date.now()): Promise<CrmChangeRow> =>
  approveChange(db, 'sync', (x) => loadSync(db, x), (row) => proposalHash(row.proposal), id, shownHash, actor, now);

/** A human turns a proposed (or approved, not yet applied) sync down, with a reason. */
export const denySync = (db: CountersignDb, id: string, reason: string, actor: Actor, now = Date.now()): Promise<CrmChangeRow> =>
  denyChange(db, 'sync', (x) => loadSync(db, x), id, reason, actor, now);

type Verdict =
  | { kind: 'write'; upsert: Upsert<ObjectType>; before: RecordOf<ObjectType> | null }
  | { kind: 'in_place'; id: string; before: RecordOf<ObjectType> }
  | { kind: 'conflict'; reason: string };

/** True when every diffed field already holds its approved value. */
const inPlace = (record: RecordOf<ObjectType>, diff: FieldDiff[]) => diff.every((d) => sameValue(fieldValue(record, d.field), d.after));

/**
 * Re-reads one record just before writing it. Already holding the approved values (a write that
 * landed before a failure, or the same edit made by someone else): done. Changed since the
 * preview (its `updatedAt` or a diffed field's value): a conflict, never overwritten.
 */
async function recheck(adapter: CrmAdapter, rec: SyncRecordProposal, prior: SyncRecordResult | undefined): Promise<Verdict> {
  const patch = patchOf(rec.diff);
  if (rec.action === 'update') {
    const current = await adapter.get(rec.type, rec.id!);
    if (!current) return { kind: 'conflict', reason: 'The record was deleted in the CRM after the preview.' };
    if (inPlace(current, rec.diff)) return { kind: 'in_place', id: current.id, before: current };
    const moved = rec.diff.filter((d) => !sameValue(fieldValue(current, d.field), d.before)).map((d) => d.field);
    if (moved.length) return { kind: 'conflict', reason: `Changed in the CRM after the preview: ${moved.join(', ')}.` };
    if (current.updatedAt !== rec.updatedAt) return { kind: 'conflict', reason: 'The record was edited in the CRM after the preview.' };
    return { kind: 'write', upsert: { id: rec.id!, patch }, before: current };
  }
  // A create: someone (or an earlier, interrupted attempt) may have created it since the preview.
  const key = rec.match;
  let existing: RecordOf<ObjectType> | null = null;
  if (key) existing = (await readTarget(adapter, rec.type, null, key)).record;
  else if (prior && (prior.status === 'sending' || prior.status === 'failed')) {
    // No natural key (deals): an attempt may have landed before we could record its id. Look
    // for a record with exactly the approved values before creating another.
    const name = rec.diff.find((d) => d.field === 'name')?.after;
    if (typeof name === 'string' && name) existing = (await adapter.search(rec.type, { name })).find((r) => inPlace(r, rec.diff)) ?? null;
  }
  if (existing) {
    if (inPlace(existing, rec.diff)) return { kind: 'in_place', id: existing.id, before: existing };
    return { kind: 'conflict', reason: 'A record with this key was created in the CRM after the preview.' };
  }
  return { kind: 'write', upsert: { patch }, before: null };
}

function snapshot(row: CrmChangeRow, type: ObjectType, recordId: string, record: unknown, now: number): CrmSnapshotRow {
  return { id: `${row.id}:${type}:${recordId}`, changeId: row.id, crm: row.crm, type, recordId, record, associations: {}, takenAt: now };
}

/**
 * Applies an approved sync, batch by batch in the CRM's batch size. Before each batch every record
 * is re-read: one that changed since the preview is not written but re-proposed in a new change
 * set. The rest go through syncRecords (retries), and each record's result is saved, with its
 * audit entry (before → after), as its batch completes. Calling it again resumes the records not
 * yet done; creates are recorded (and re-found by key) so none is made twice.
 */
export async function applySync(db: CountersignDb, adapter: CrmAdapter, id: string, now: number, opts: ApplySyncOptions = {}): Promise<CrmChangeRow & { proposal: SyncProposal }> {
  const existing = await loadSync(db, id);
  if (existing.state === 'applied') return existing; // nothing left to do: applying again is a no-op
  const start = await auditedTransaction(db, ['crmChanges'], async () => {
    const row = await loadSync(db, id);
    if (row.crm !== adapter.kind) throw conflict(`This sync was proposed for ${row.crm}, not ${adapter.kind}.`);
    if (!['approved', 'applying', 'partial'].includes(row.state)) throw conflict(`This sync is ${row.state}; only an approved sync can be applied.`);
    if (!row.approvedHash || row.approvedHash !== row.proposalHash || proposalHash(row.proposal) !== row.approvedHash) {
      throw conflict('This sync no longer matches what was approved. Review it again.');
    }
    if (row.state !== 'applying') {
      const next = { ...row, state: 'applying' as const, updatedAt: now };
      await db.crmChanges.put(next);
      await appendAudit(db, { actor: EXECUTOR, action: 'crm.sync.applying', subjectId: id, contentHash: row.approvedHash, at: now });
      return next;
    }
    return row;
  });
  const records = start.proposal.records;
  const results = () => db.crmChanges.get(id).then((r) => (r?.results ?? {}) as Record<string, SyncRecordResult>);

  // Records with nothing to write are settled first.
  await saveResults(db, id, now, async (row) => {
    const res = row.results as Record<string, SyncRecordResult>;
    for (const note of start.proposal.notes ?? []) {
      if (res[note.key] && DONE.has(res[note.key]!.status)) continue;
      if (opts.neverLog?.(note.contactEmail)) res[note.key] = { status: 'skipped', reason: 'On your never-log list (added after the preview): not written.', at: now };
    }
    for (const rec of records) {
      if (res[rec.key] && DONE.has(res[rec.key]!.status)) continue;
      if (opts.neverLog && recordEmails(rec).some((e) => opts.neverLog!(e))) {
        res[rec.key] = { status: 'skipped', reason: 'On your never-log list (added after the preview): not written.', at: now };
        continue;
      }
      if (rec.action === 'unchanged') res[rec.key] = { status: 'skipped', reason: 'Already as proposed.', at: now };
      if (rec.action === 'missing') res[rec.key] = { status: 'skipped', reason: 'The record was not found in the CRM at preview.', at: now };
    }
  });

  const types = [...new Set(records.map((r) => r.type))].sort((a, b) => TYPE_ORDER[a] - TYPE_ORDER[b]);
  for (const type of types) {
    const current = await results();
    const pending = records.filter((r) => r.type === type && (r.action === 'create' || r.action === 'update') && !DONE.has(current[r.key]?.status ?? ''));
    const size = Math.max(1, adapter.capabilities.batchSize);
    for (let at = 0; at < pending.length; at += size) {
      const before = await results();
      const verdicts = new Map<string, Verdict>();
      // A link to a company this change set created is resolved to that company's id first.
      const chunk: SyncRecordProposal[] = [];
      for (const raw of pending.slice(at, at + size)) {
        const rec = await resolveLinks(adapter, raw, records, before);
        chunk.push(rec);
        verdicts.set(rec.key, rec.diff.some((d) => isNewCompanyRef(d.after)) ? { kind: 'conflict', reason: 'The company it was to be linked to was not created.' } : await recheck(adapter, rec, before[rec.key]));
      }
      const writes = chunk.filter((r) => verdicts.get(r.key)!.kind === 'write');
      // Settle conflicts and records already in place; mark the writes as being sent.
      await saveResults(db, id, now, async (row) => {
        const res = row.results as Record<string, SyncRecordResult>;
        for (const rec of chunk) {
          const v = verdicts.get(rec.key)!;
          if (v.kind === 'conflict') {
            res[rec.key] = { status: 'conflict', reason: v.reason, reproposedIn: null, at: now };
            await appendAudit(db, { actor: EXECUTOR, action: 'crm.sync.record_conflict', subjectId: id, at: now, detail: { key: rec.key, type: rec.type, recordId: rec.id, reason: v.reason } });
          } else if (v.kind === 'in_place') {
            res[rec.key] = { status: 'applied', id: v.id, created: false, diff: rec.diff, at: now, alreadyInPlace: true };
            await appendAudit(db, { actor: EXECUTOR, action: 'crm.sync.record_applied', subjectId: id, at: now, detail: { key: rec.key, type: rec.type, recordId: v.id, created: false, alreadyInPlace: true, changes: rec.diff } });
          } else {
            res[rec.key] = { status: 'sending', at: now };
            if (v.before) await db.crmSnapshots.put(snapshot(row, rec.type, v.before.id, v.before, now));
          }
        }
      });
      if (writes.length === 0) continue;
      const report = await syncRecords(adapter, type, writes.map((r) => (verdicts.get(r.key) as Extract<Verdict, { kind: 'write' }>).upsert), {
        sleep: opts.sleep,
        maxRounds: opts.maxRounds,
      });
      await saveResults(db, id, now, async (row) => {
        const res = row.results as Record<string, SyncRecordResult>;
        for (const [i, rec] of writes.entries()) {
          const r = report.results[i]!;
          if (r.ok) {
            res[rec.key] = { status: 'applied', id: r.id, created: r.created, diff: rec.diff, at: now };
            if (r.created) await db.crmSnapshots.put(snapshot(row, rec.type, r.id, null, now));
            await appendAudit(db, { actor: EXECUTOR, action: 'crm.sync.record_applied', subjectId: id, at: now, detail: { key: rec.key, type: rec.type, recordId: r.id, created: r.created, changes: rec.diff } });
          } else {
            res[rec.key] = { status: 'failed', error: r.error, retryable: r.retryable, at: now };
            await appendAudit(db, { actor: EXECUTOR, action: 'crm.sync.record_failed', subjectId: id, at: now, detail: { key: rec.key, type: rec.type, recordId: rec.id, error: r.error, retryable: r.retryable } });
          }
        }
      });
    }
  }

  await applyNotes(db, adapter, id, start, now);

  // Conflicts go to a new change set for review, linked both ways.
  const settled = await results();
  const unlinked = records.filter((r) => settled[r.key]?.status === 'conflict' && !(settled[r.key] as { reproposedIn: string | null }).reproposedIn);
  if (unlinked.length) {
    const again = await proposeSync(
      db,
      adapter,
      unlinked.map((r) => ({ type: r.type, ...(r.id ? { id: r.id } : {}), ...(r.match ? { match: r.match } : {}), patch: r.requested, label: r.label, sources: r.sources, ...r.write }) as LocalChange),
      start.proposedBy,
      now,
      { reproposalOf: id, newId: opts.newId },
    );
    await saveResults(db, id, now, async (row) => {
      const res = row.results as Record<string, SyncRecordResult>;
      for (const r of unlinked) res[r.key] = { ...(res[r.key] as Extract<SyncRecordResult, { status: 'conflict' }>), reproposedIn: again.id };
      await appendAudit(db, { actor: EXECUTOR, action: 'crm.sync.reproposed', subjectId: id, at: now, detail: { into: again.id, keys: unlinked.map((r) => r.key) } });
    });
  }

  return auditedTransaction(db, ['crmChanges'], async () => {
    const row = await loadSync(db, id);
    const res = row.results as Record<string, SyncRecordResult>;
    const keys = [...records.map((r) => r.key), ...(row.proposal.notes ?? []).map((n) => n.key)];
    const allApplied = keys.every((k) => res[k]?.status === 'applied' || res[k]?.status === 'skipped');
    const state = allApplied ? 'applied' : 'partial';
    const tally = (s: SyncRecordResult['status']) => keys.filter((k) => res[k]?.status === s).length;
    const next = { ...row, state, updatedAt: now } as CrmChangeRow & { proposal: SyncProposal };
    await db.crmChanges.put(next);
    await appendAudit(db, {
      actor: EXECUTOR,
      action: allApplied ? 'crm.sync.applied' : 'crm.sync.partial',
      subjectId: id,
      contentHash: row.approvedHash,
      at: now,
      detail: { applied: tally('applied'), skipped: tally('skipped'), failed: tally('failed') + tally('sending'), conflicts: tally('conflict') },
    });
    return next;
  });
}

/** Every address a record concerns (for the never-log check). */
function recordEmails(rec: SyncRecordProposal): string[] {
  const out = [rec.match?.email, ...rec.diff.filter((d) => d.field === 'email').flatMap((d) => [d.before, d.after])];
  return out.filter((e): e is string => typeof e === 'string' && e.length > 0);
}

/** Replaces a `{ newCompany: domain }` link with the id of the company created for that domain (this change set's result, else the CRM's). */
async function resolveLinks(adapter: CrmAdapter, rec: SyncRecordProposal, records: SyncRecordProposal[], results: Record<string, SyncRecordResult>): Promise<SyncRecordProposal> {
  if (!rec.diff.some((d) => isNewCompanyRef(d.after))) return rec;
  const diff: FieldDiff[] = [];
  for (const d of rec.diff) {
    if (!isNewCompanyRef(d.after)) {
      diff.push(d);
      continue;
    }
    const domain = d.after.newCompany;
    const made = records.find((r) => r.type === 'company' && lower(r.match?.domain) === domain);
    const result = made ? results[made.key] : undefined;
    const id = result?.status === 'applied' ? result.id : (await readTarget(adapter, 'company', null, { domain })).record?.id;
    diff.push(id ? { ...d, after: id } : d);
  }
  return { ...rec, diff };
}

const plain = (s: string) => s.replace(/<[^>]*>/g, ' ').replace(/&nbsp;/g, ' ').replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * Adds the approved notes. Each note's contact is the one this change set created or found (by
 * address); a note whose text is already on the contact (an earlier attempt that landed) is not
 * added twice.
 */
async function applyNotes(db: CountersignDb, adapter: CrmAdapter, id: string, start: CrmChangeRow & { proposal: SyncProposal }, now: number): Promise<void> {
  const notes = start.proposal.notes ?? [];
  for (const note of notes) {
    const res = (await db.crmChanges.get(id))?.results as Record<string, SyncRecordResult>;
    if (res[note.key] && DONE.has(res[note.key]!.status)) continue;
    const fail = (error: string, retryable: boolean) =>
      saveResults(db, id, now, async (row) => {
        row.results[note.key] = { status: 'failed', error, retryable, at: now } satisfies SyncRecordResult;
        await appendAudit(db, { actor: EXECUTOR, action: 'crm.sync.record_failed', subjectId: id, at: now, detail: { key: note.key, type: 'note', error, retryable } });
      });
    try {
      const created = start.proposal.records.find((r) => r.type === 'contact' && lower(r.match?.email) === note.contactEmail);
      const createdResult = created ? res[created.key] : undefined;
      const contactId =
        (createdResult?.status === 'applied' ? createdResult.id : null) ?? note.contactId ?? (await readTarget(adapter, 'contact', null, { email: note.contactEmail })).record?.id ?? null;
      if (!contactId) {
        await fail(`No contact ${note.contactEmail} in the CRM to attach the note to.`, false);
        continue;
      }
      const ref = { crm: adapter.kind, type: 'contact' as const, id: contactId };
      const existing = (await adapter.notes(ref)).find((n) => plain(n.body) === plain(note.body));
      const diff = [{ field: 'note', before: null, after: note.body }];
      if (existing) {
        await saveResults(db, id, now, async (row) => {
          row.results[note.key] = { status: 'applied', id: existing.id, created: false, diff, at: now, alreadyInPlace: true } satisfies SyncRecordResult;
          await appendAudit(db, { actor: EXECUTOR, action: 'crm.sync.record_applied', subjectId: id, at: now, detail: { key: note.key, type: 'note', recordId: existing.id, contactId, alreadyInPlace: true, changes: diff } });
        });
        continue;
      }
      await saveResults(db, id, now, async (row) => {
        row.results[note.key] = { status: 'sending', at: now } satisfies SyncRecordResult;
      });
      const added = await adapter.addNote(ref, note.body);
      await saveResults(db, id, now, async (row) => {
        row.results[note.key] = { status: 'applied', id: added.id, created: true, diff, at: now } satisfies SyncRecordResult;
        await appendAudit(db, { actor: EXECUTOR, action: 'crm.sync.record_applied', subjectId: id, at: now, detail: { key: note.key, type: 'note', recordId: added.id, contactId, created: true, changes: diff } });
      });
    } catch (e) {
      if (e instanceof CrmApiError) await fail(e.userMessage, e.retryable);
      else await fail(e instanceof Error ? e.message : String(e), true);
    }
  }
}

/** One transaction: mutate the row's results (and write audit entries), then store it. */
async function saveResults(db: CountersignDb, id: string, now: number, fn: (row: CrmChangeRow) => Promise<void>): Promise<void> {
  await auditedTransaction(db, ['crmChanges', 'crmSnapshots'], async () => {
    const row = await loadSync(db, id);
    const next: CrmChangeRow = { ...row, results: { ...row.results }, updatedAt: now };
    await fn(next);
    await db.crmChanges.put(next);
  });
}

/** A per-record report of a sync, for the panel. */
export function syncReport(
  row: CrmChangeRow & { proposal: SyncProposal },
): { key: string; type: ObjectType | 'note'; id: string | null; action: SyncAction | 'add_note'; result: SyncRecordResult | null }[] {
  const res = row.results as Record<string, SyncRecordResult>;
  const records = row.proposal.records.map((r) => {
    const result = res[r.key] ?? null;
    return { key: r.key, type: r.type, id: result?.status === 'applied' ? result.id : r.id, action: r.action, result };
  });
  const notes = (row.proposal.notes ?? []).map((n) => {
    const result = res[n.key] ?? null;
    return { key: n.key, type: 'note' as const, id: result?.status === 'applied' ? result.id : null, action: 'add_note' as const, result };
  });
  return [...records, ...notes];
}

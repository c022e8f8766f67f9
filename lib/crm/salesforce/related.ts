import { CrmApiError } from '../http';
import type { CrmRef, Note, ObjectType } from '../model';
import type { SalesforceClient } from './client';
import { SF_OBJECT, type SalesforceFieldMapping } from './mapping';
import { ContentDocumentLinkCreate, ContentNoteCreate, CreateResponse, NOTE_FIELDS, OpportunityContactRoleCreate } from './schemas';
import { byLength, eq, inList, recordId, select, type Condition } from './soql';

/**
 * Associations, which in Salesforce are lookup fields (Contact.AccountId, Opportunity.AccountId)
 * and OpportunityContactRole rows (contacts on a deal), and notes, which are ContentNote records
 * shared with a record through ContentDocumentLink.
 */

/** Contact ids per deal, from OpportunityContactRole, oldest role first. */
export async function contactsOfDeals(client: SalesforceClient, dealIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(dealIds.map((id) => [id, []]));
  for (const group of byLength([...new Set(dealIds)])) {
    const soql = select({ fields: ['Id', 'OpportunityId', 'ContactId'], from: 'OpportunityContactRole', where: [inList('OpportunityId', group)], orderBy: 'Id' });
    for (const row of await client.query('deal contact roles', soql, ['Id', 'OpportunityId', 'ContactId'])) {
      const [deal, contact] = [row.fields.OpportunityId, row.fields.ContactId];
      const list = typeof deal === 'string' ? out.get(deal) : undefined;
      if (list && typeof contact === 'string' && !list.includes(contact)) list.push(contact);
    }
  }
  return out;
}

export async function associatedIds(client: SalesforceClient, mapping: SalesforceFieldMapping, ref: CrmRef, toType: ObjectType): Promise<string[]> {
  const id = recordId(ref.id);
  const column = async (object: string, field: string, where: Condition) => {
    const rows = await client.query(`associations ${ref.type}→${toType}`, select({ fields: ['Id', field], from: object, where: [where], orderBy: 'Id' }), ['Id', field]);
    return [...new Set(rows.map((r) => r.fields[field]).filter((v): v is string => typeof v === 'string' && v !== ''))];
  };
  const pair = `${ref.type}→${toType}`;
  if (pair === 'contact→company' || pair === 'deal→company') {
    const field = mapping[ref.type].companyId;
    return field ? column(SF_OBJECT[ref.type], field, eq('Id', id)) : [];
  }
  if (pair === 'company→contact' || pair === 'company→deal') {
    const field = mapping[toType].companyId;
    return field ? column(SF_OBJECT[toType], 'Id', eq(field, id)) : [];
  }
  if (pair === 'contact→deal') return column('OpportunityContactRole', 'OpportunityId', eq('ContactId', id));
  if (pair === 'deal→contact') return column('OpportunityContactRole', 'ContactId', eq('OpportunityId', id));
  return [];
}

/** Links two records: sets the lookup field, or adds an OpportunityContactRole unless one exists. */
export async function associate(client: SalesforceClient, mapping: SalesforceFieldMapping, from: CrmRef, to: CrmRef): Promise<void> {
  const byType = new Map([from, to].map((r) => [r.type, recordId(r.id)]));
  const company = byType.get('company');
  const contact = byType.get('contact');
  const deal = byType.get('deal');
  if (byType.size !== 2) {
    throw new CrmApiError('salesforce', 'client', `associate ${from.type}↔${to.type}`, `Salesforce does not link one ${from.type} to another.`, false);
  }
  if (company) {
    const [type, id] = contact ? (['contact', contact] as const) : (['deal', deal!] as const);
    const field = mapping[type].companyId;
    if (!field) throw new CrmApiError('salesforce', 'client', `associate: no companyId mapping for ${type}`, `The Salesforce field mapping has no account field for ${type}s.`, false);
    await client.call(`link ${type} to account`, { method: 'PATCH', path: `${client.data}/sobjects/${SF_OBJECT[type]}/${id}`, body: { [field]: company }, idempotent: true });
    return;
  }
  const existing = await client.query('find contact role', select({ fields: ['Id'], from: 'OpportunityContactRole', where: [eq('OpportunityId', deal!), eq('ContactId', contact!)], limit: 1 }), ['Id']);
  if (existing.length > 0) return;
  // Not idempotent; a failure with an unknown outcome surfaces, and a second attempt finds the role first.
  const body = OpportunityContactRoleCreate.parse({ OpportunityId: deal, ContactId: contact });
  await client.call('add contact role', { method: 'POST', path: `${client.data}/sobjects/OpportunityContactRole`, body, schema: CreateResponse, idempotent: false });
}

/** ContentNote bodies are HTML; plain text is escaped and kept line by line. */
function noteHtml(text: string): string {
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  return text
    .split(/\r?\n/)
    .map((line) => `<p>${escape(line)}</p>`)
    .join('');
}

function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Notes shared with a record; `body` is Salesforce's TextPreview (the first 255 characters). */
export async function notesOf(client: SalesforceClient, ref: CrmRef): Promise<Note[]> {
  const links = await client.query('note links', select({ fields: ['Id', 'ContentDocumentId'], from: 'ContentDocumentLink', where: [eq('LinkedEntityId', recordId(ref.id))] }), ['Id', 'ContentDocumentId']);
  const ids = [...new Set(links.map((l) => l.fields.ContentDocumentId).filter((v): v is string => typeof v === 'string'))];
  const notes: Note[] = [];
  for (const group of byLength(ids)) {
    const rows = await client.query('notes', select({ fields: NOTE_FIELDS, from: 'ContentNote', where: [inList('Id', group)] }), NOTE_FIELDS);
    for (const r of rows) {
      const preview = typeof r.fields.TextPreview === 'string' ? r.fields.TextPreview : null;
      notes.push({ id: r.id, body: preview ?? String(r.fields.Title ?? ''), createdAt: typeof r.fields.CreatedDate === 'string' ? r.fields.CreatedDate : null, attachedTo: [ref] });
    }
  }
  return notes.sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''));
}

/**
 * Creates the note, then shares it with the record. If sharing fails the note is deleted again,
 * so a failed addNote leaves nothing behind and can simply be repeated (no orphan, no duplicate).
 */
export async function addNote(client: SalesforceClient, ref: CrmRef, body: string, now: () => number): Promise<Note> {
  const target = recordId(ref.id);
  const title = (body.split(/\r?\n/).find((l) => l.trim()) ?? '').trim().slice(0, 255) || 'Note';
  const note = ContentNoteCreate.parse({ Title: title, Content: base64Utf8(noteHtml(body)) });
  const created = await client.call('add note', { method: 'POST', path: `${client.data}/sobjects/ContentNote`, body: note, schema: CreateResponse, idempotent: false });
  try {
    const link = ContentDocumentLinkCreate.parse({ ContentDocumentId: created.id, LinkedEntityId: target, ShareType: 'V' });
    await client.call('attach note', { method: 'POST', path: `${client.data}/sobjects/ContentDocumentLink`, body: link, schema: CreateResponse, idempotent: false });
  } catch (e) {
    try {
      await client.call('remove unattached note', { method: 'DELETE', path: `${client.data}/sobjects/ContentNote/${created.id}`, idempotent: true });
    } catch (cleanup) {
      throw new CrmApiError('salesforce', 'server', `attach note failed (${String(e)}); removing note ${created.id} failed too (${String(cleanup)})`, `The note was saved in Salesforce (${created.id}) but could not be attached to the ${ref.type}; delete or attach it in Salesforce.`, false, undefined, { cause: e });
    }
    throw e;
  }
  return { id: created.id, body, createdAt: new Date(now()).toISOString(), attachedTo: [ref] };
}

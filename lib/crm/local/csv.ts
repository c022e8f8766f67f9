import Papa from 'papaparse';
import { RECORD_SCHEMA, type ObjectType, type RecordOf } from '../model';
import type { LocalCrmDb } from './db';

/** Model fields per type, in export order. Any other column is a vendor-style property. */
export const CSV_FIELDS = {
  contact: ['id', 'email', 'firstName', 'lastName', 'title', 'phone', 'companyId', 'ownerId', 'updatedAt'],
  company: ['id', 'name', 'domain', 'industry', 'employees', 'ownerId', 'updatedAt'],
  deal: ['id', 'name', 'amount', 'currency', 'pipelineId', 'stageId', 'closeDate', 'ownerId', 'companyId', 'contactIds', 'updatedAt'],
} as const satisfies Record<ObjectType, readonly string[]>;

const NUMERIC = new Set(['employees', 'amount']);
const normalise = (h: string) => h.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Header spellings people's CSVs use, mapped to our fields. */
const ALIASES: Record<string, string> = {
  emailaddress: 'email', email: 'email', mail: 'email',
  firstname: 'firstName', first: 'firstName', givenname: 'firstName',
  lastname: 'lastName', last: 'lastName', surname: 'lastName', familyname: 'lastName',
  title: 'title', jobtitle: 'title', position: 'title',
  phone: 'phone', phonenumber: 'phone', mobile: 'phone', telephone: 'phone',
  companyname: 'name', website: 'domain', domain: 'domain', industry: 'industry',
  employees: 'employees', numberofemployees: 'employees', headcount: 'employees',
  dealname: 'name', amount: 'amount', value: 'amount', currency: 'currency',
  pipeline: 'pipelineId', pipelineid: 'pipelineId', stage: 'stageId', stageid: 'stageId',
  closedate: 'closeDate', expectedclosedate: 'closeDate', owner: 'ownerId', ownerid: 'ownerId',
  companyid: 'companyId', contactids: 'contactIds', id: 'id', updatedat: 'updatedAt', name: 'name',
};

export interface RowError {
  line: number;
  message: string;
}
export interface ImportReport {
  created: number;
  updated: number;
  errors: RowError[];
}

/** Which field each header feeds, or a property of that header's own name. */
function columnTargets(type: ObjectType, headers: string[]): { field: string | null; header: string }[] {
  const fields = new Set<string>(CSV_FIELDS[type]);
  return headers.map((header) => {
    const exact = fields.has(header) ? header : null;
    const alias = ALIASES[normalise(header)];
    return { header, field: exact ?? (alias && fields.has(alias) ? alias : null) };
  });
}

function toRecord(type: ObjectType, targets: { field: string | null; header: string }[], cells: string[]): { ok: true; value: Record<string, unknown> } | { ok: false; message: string } {
  if (cells.length !== targets.length) return { ok: false, message: `expected ${targets.length} columns, found ${cells.length}` };
  const record: Record<string, unknown> = { properties: {} as Record<string, string | null> };
  for (const [i, { field, header }] of targets.entries()) {
    const raw = cells[i] ?? '';
    if (!field) {
      (record.properties as Record<string, string | null>)[header] = raw === '' ? null : raw;
    } else if (NUMERIC.has(field)) {
      if (raw.trim() === '') record[field] = null;
      else if (Number.isFinite(Number(raw))) record[field] = Number(raw);
      else return { ok: false, message: `${field} "${raw}" is not a number` };
    } else if (field === 'contactIds') record[field] = raw ? raw.split(';').map((s) => s.trim()).filter(Boolean) : [];
    else if (field === 'domain') record[field] = raw.trim() ? raw.trim().replace(/^https?:\/\//i, '').replace(/^www\./i, '').replace(/\/.*$/, '').toLowerCase() : null;
    else record[field] = raw === '' ? null : raw;
  }
  if (type === 'contact' && typeof record.email === 'string' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(record.email)) return { ok: false, message: `email "${record.email}" is not an email address` };
  if (type === 'contact' && !record.email && !record.firstName && !record.lastName) return { ok: false, message: 'a contact needs an email or a name' };
  return { ok: true, value: record };
}

/**
 * Imports a CSV (header row first) into the local CRM. Rows are matched to existing records by
 * id, then by email (contacts) or domain (companies). A row that cannot be read is reported with
 * its line number and skipped; every other row is imported.
 */
export async function importCsv(db: LocalCrmDb, type: ObjectType, text: string, now = Date.now()): Promise<ImportReport> {
  const errors: RowError[] = [];
  const rows: { line: number; cells: string[] }[] = [];
  let offset = 0;
  let line = 1;
  Papa.parse<string[]>(text, {
    skipEmptyLines: true,
    step: (result) => {
      const end = result.meta.cursor;
      const startLine = line + countNewlines(text, offset, firstNonNewline(text, offset));
      line += countNewlines(text, offset, end);
      offset = end;
      for (const e of result.errors) errors.push({ line: startLine, message: e.message });
      if (result.errors.length === 0) rows.push({ line: startLine, cells: result.data });
    },
  });
  const [head, ...body] = rows;
  if (!head) return { created: 0, updated: 0, errors: errors.length ? errors : [{ line: 1, message: 'the file has no header row' }] };
  const targets = columnTargets(type, head.cells);
  if (type === 'contact' && !targets.some((t) => t.field === 'email')) errors.push({ line: head.line, message: 'no email column: contacts are matched by email' });

  const table = type === 'contact' ? db.contacts : type === 'company' ? db.companies : db.deals;
  const keyField = type === 'contact' ? 'email' : type === 'company' ? 'domain' : null;
  const seen = new Map<string, number>();
  const byId = new Map((await table.toArray()).map((r) => [r.id, r as RecordOf<ObjectType>]));
  const byKey = new Map<string, RecordOf<ObjectType>>();
  if (keyField) for (const r of byId.values()) { const k = (r as Record<string, unknown>)[keyField]; if (typeof k === 'string') byKey.set(k.toLowerCase(), r); }

  const puts: Record<string, unknown>[] = [];
  let created = 0;
  let updated = 0;
  for (const { line: at, cells } of body) {
    const parsed = toRecord(type, targets, cells);
    if (!parsed.ok) { errors.push({ line: at, message: parsed.message }); continue; }
    const rec = parsed.value;
    const key = keyField && typeof rec[keyField] === 'string' ? (rec[keyField] as string).toLowerCase() : null;
    const dupKey = (rec.id as string | null) ?? key;
    if (dupKey && seen.has(dupKey)) { errors.push({ line: at, message: `duplicate of line ${seen.get(dupKey)}` }); continue; }
    if (dupKey) seen.set(dupKey, at);
    const base = (rec.id ? byId.get(rec.id as string) : undefined) ?? (key ? byKey.get(key) : undefined);
    const merged: Record<string, unknown> = { ...base, ...Object.fromEntries(Object.entries(rec).filter(([, v]) => v !== null || !base)), properties: { ...base?.properties, ...(rec.properties as object) } };
    
    merged.id = (base?.id ?? rec.id ?? crypto.randomUUID()) as string;
    merged.updatedAt = (rec.updatedAt as string | null) ?? new Date(now).toISOString();
    const valid = RECORD_SCHEMA[type].safeParse(merged);
    if (!valid.success) { errors.push({ line: at, message: valid.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') }); continue; }
    const value = valid.data as Record<string, unknown>;
    if (type === 'contact') value.emailKey = typeof value.email === 'string' ? value.email.toLowerCase() : null;
    if (type === 'company') value.domainKey = typeof value.domain === 'string' ? value.domain.toLowerCase() : null;
    puts.push(value);
    if (base) updated += 1;
    else created += 1;
  }
  const writable = table as unknown as { bulkPut(rows: Record<string, unknown>[]): Promise<unknown> };
  for (let i = 0; i < puts.length; i += 2000) await writable.bulkPut(puts.slice(i, i + 2000));
  errors.sort((a, b) => a.line - b.line);
  return { created, updated, errors };
}

/** Every record of a type as CSV: model fields first, then each property as its own column. */
export async function exportCsv(db: LocalCrmDb, type: ObjectType): Promise<string> {
  const table = type === 'contact' ? db.contacts : type === 'company' ? db.companies : db.deals;
  const records = (await table.orderBy('id').toArray()) as RecordOf<ObjectType>[];
  const propertyKeys = [...new Set(records.flatMap((r) => Object.keys(r.properties)))].sort();
  const fields = CSV_FIELDS[type] as readonly string[];
  const data = records.map((r) => {
    const row = r as unknown as Record<string, unknown>;
    return [
      ...fields.map((f) => (f === 'contactIds' ? ((row[f] as string[]) ?? []).join(';') : row[f] === null || row[f] === undefined ? '' : String(row[f]))),
      ...propertyKeys.map((k) => r.properties[k] ?? ''),
    ];
  });
  return Papa.unparse({ fields: [...fields, ...propertyKeys], data }, { newline: '\n' });
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

function firstNonNewline(text: string, from: number): number {
  let i = from;
  while (i < text.length && (text[i] === '\n' || text[i] === '\r')) i++;
  return i;
}

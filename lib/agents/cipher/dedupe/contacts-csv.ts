/**
 * A contacts CSV (header row first) as DedupeContacts, for `npm run dedupe`. Parsed with Papa Parse,
 * as lib/crm/local/csv.ts does, and headers matched by the same rule (case and punctuation ignored)
 * against its contact aliases plus the columns a dedupe file has that an import does not: a
 * company name and a single full-name column. (csv.ts keeps its header table private, and there
 * "name" means a company's name, so the table is repeated here rather than imported.)
 */
import Papa from 'papaparse';
import type { DedupeContact } from './find-duplicates';

export class ContactsCsvError extends Error {}

type Column = 'id' | 'email' | 'firstName' | 'lastName' | 'name' | 'company' | 'companyId' | 'phone' | 'updatedAt';
const normalise = (h: string) => h.toLowerCase().replace(/[^a-z0-9]/g, '');
const ALIASES: Record<string, Column> = {
  id: 'id', contactid: 'id', recordid: 'id',
  email: 'email', emailaddress: 'email', mail: 'email',
  firstname: 'firstName', first: 'firstName', givenname: 'firstName',
  lastname: 'lastName', last: 'lastName', surname: 'lastName', familyname: 'lastName',
  name: 'name', fullname: 'name', contactname: 'name',
  company: 'company', companyname: 'company', organisation: 'company', organization: 'company', account: 'company', accountname: 'company',
  companyid: 'companyId', accountid: 'companyId',
  phone: 'phone', phonenumber: 'phone', mobile: 'phone', telephone: 'phone', tel: 'phone',
  updatedat: 'updatedAt', lastmodified: 'updatedAt', modifiedat: 'updatedAt', updated: 'updatedAt',
};

/** Rows without an id column are numbered by line ("line-2" is the first data row). */
export function parseContactsCsv(text: string): DedupeContact[] {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' });
  // One column (or an empty file) has no delimiter to detect: that is not an error in itself.
  const error = parsed.errors.find((e) => e.code !== 'UndetectableDelimiter');
  if (error) throw new ContactsCsvError(`row ${(error.row ?? 0) + 1}: ${error.message}`);
  const [head, ...rows] = parsed.data;
  if (!head) throw new ContactsCsvError('the file is empty: expected a header row naming the columns');
  const columns = head.map((h) => ALIASES[normalise(h)] ?? null);
  const seen = new Map<Column, string>();
  for (const [i, c] of columns.entries()) {
    if (!c) continue;
    if (seen.has(c)) throw new ContactsCsvError(`header: columns "${seen.get(c)}" and "${head[i]}" both name ${c}`);
    seen.set(c, head[i]!);
  }
  if (!['email', 'firstName', 'lastName', 'name', 'phone'].some((c) => seen.has(c as Column))) {
    throw new ContactsCsvError(`header: no email, name or phone column among "${head.join('", "')}" (the first row must name the columns)`);
  }
  const ids = new Map<string, number>();
  return rows.map((cells, r) => {
    const line = r + 2;
    if (cells.length !== head.length) throw new ContactsCsvError(`row ${line}: expected ${head.length} columns, found ${cells.length}`);
    const value: Partial<Record<Column, string>> = {};
    for (const [i, c] of columns.entries()) {
      const v = cells[i]!.trim();
      if (c && v) value[c] = v;
    }
    const id = value.id ?? `line-${line}`;
    if (ids.has(id)) throw new ContactsCsvError(`row ${line}: id "${id}" already used on row ${ids.get(id)}`);
    ids.set(id, line);
    let { firstName, lastName } = value;
    if (value.name && !firstName && !lastName) {
      const words = value.name.split(/\s+/);
      lastName = words.length > 1 ? words.pop() : undefined;
      firstName = words.join(' ');
    }
    return {
      id,
      email: value.email ?? null,
      firstName: firstName ?? null,
      lastName: lastName ?? null,
      company: value.company ?? null,
      companyId: value.companyId ?? null,
      phone: value.phone ?? null,
      updatedAt: value.updatedAt ?? null,
    };
  });
}

import { CrmApiError } from '../http';
import { RecordId } from './schemas';

/**
 * The only way SOQL is written in this adapter. Values never enter a query except through
 * `literal()`, which applies SOQL's quoted string escapes (backslash first, then quotes and
 * control characters) — https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_quotedstringescapes.htm
 * and https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_reservedcharacters.htm.
 * Field and object names come from configuration and are checked to be API names. Conditions
 * are branded, so a raw string cannot be passed where a condition is expected.
 */
export type Condition = string & { readonly __soqlCondition: unique symbol };

const ESCAPES: Record<string, string> = { '\\': '\\\\', "'": "\\'", '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };
const OTHER_CONTROL = /[\u0000-\u001f\u007f]/;

/** A quoted SOQL string literal. Control characters without a SOQL escape are dropped. */
export function literal(value: string): string {
  let out = '';
  for (const ch of value) {
    const escaped = ESCAPES[ch];
    if (escaped !== undefined) out += escaped;
    else if (!OTHER_CONTROL.test(ch)) out += ch;
  }
  return `'${out}'`;
}

/** A LIKE pattern matching values that contain `value`: its own % and _ are escaped (LIKE-only escapes). */
export function containsPattern(value: string): string {
  const inner = literal(value).slice(1, -1).replace(/%/g, '\\%').replace(/_/g, '\\_');
  return `'%${inner}%'`;
}

/** Letters, digits and underscores, starting with a letter (custom names end in __c; namespaces add ns__). */
export const isApiName = (name: string) => /^[A-Za-z][A-Za-z0-9_]{0,79}$/.test(name);

/** A field or object API name from configuration; anything else is refused before a query is built. */
export function apiName(name: string): string {
  if (!isApiName(name)) throw new CrmApiError('salesforce', 'client', `not a Salesforce API name: ${JSON.stringify(name)}`, `"${name}" is not a Salesforce field or object API name; check the Salesforce field mapping in settings.`, false);
  return name;
}

/** A record id, checked (15 or 18 letters and digits) before it goes into a query or a path. */
export function recordId(id: string): string {
  if (!RecordId.safeParse(id).success) throw new CrmApiError('salesforce', 'client', `not a Salesforce record id: ${JSON.stringify(id)}`, `"${id}" is not a Salesforce record id.`, false);
  return id;
}

const cond = (s: string) => s as Condition;
export const eq = (field: string, value: string): Condition => cond(`${apiName(field)} = ${literal(value)}`);
export const after = (field: string, value: string): Condition => cond(`${apiName(field)} > ${literal(value)}`);
export const like = (field: string, value: string): Condition => cond(`${apiName(field)} LIKE ${containsPattern(value)}`);
export const inList = (field: string, values: readonly string[]): Condition => cond(`${apiName(field)} IN (${values.map(literal).join(', ')})`);
/** Conditions joined with OR, in parentheses (SOQL refuses AND and OR mixed without them). */
export const anyOf = (conditions: readonly Condition[]): Condition => cond(conditions.length === 1 ? conditions[0]! : `(${conditions.join(' OR ')})`);

export interface Select {
  fields: readonly string[];
  from: string;
  /** Joined with AND. */
  where?: readonly Condition[];
  orderBy?: string;
  limit?: number;
}

export function select(q: Select): string {
  const parts = [`SELECT ${[...new Set(q.fields)].map(apiName).join(', ')} FROM ${apiName(q.from)}`];
  if (q.where && q.where.length > 0) parts.push(`WHERE ${q.where.join(' AND ')}`);
  if (q.orderBy) parts.push(`ORDER BY ${apiName(q.orderBy)} ASC`);
  if (q.limit !== undefined) parts.push(`LIMIT ${Math.max(1, Math.floor(q.limit))}`);
  return parts.join(' ');
}

/**
 * Splits values into groups whose quoted length stays under `budget` characters, so an IN list
 * or OR chain keeps the request URI well below Salesforce's URI length limit.
 */
export function byLength(values: readonly string[], budget = 4000, cost: (v: string) => number = (v) => literal(v).length + 2): string[][] {
  const groups: string[][] = [];
  let current: string[] = [];
  let used = 0;
  for (const v of values) {
    const c = cost(v);
    if (current.length > 0 && used + c > budget) {
      groups.push(current);
      current = [];
      used = 0;
    }
    current.push(v);
    used += c;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

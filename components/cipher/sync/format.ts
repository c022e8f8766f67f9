import type { FieldSource } from '../../../lib/agents/cipher/sync/provenance';

const FIELD: Record<string, string> = {
  email: 'Email',
  firstName: 'First name',
  lastName: 'Last name',
  title: 'Title',
  phone: 'Phone',
  companyId: 'Company',
  domain: 'Domain',
  name: 'Name',
  note: 'Note',
  'properties.countersign_score': 'Countersign score',
  'properties.countersign_flags': 'Countersign flags',
  'properties.linkedin_url': 'LinkedIn',
  'properties.website': 'Website',
};

/** "properties.countersign_score" → "Countersign score"; unknown vendor properties by their own name. */
export const fieldLabel = (field: string) => FIELD[field] ?? field.replace(/^properties\./, '');

export const SOURCE_LABEL: Record<FieldSource['source'], string> = {
  thread: 'from your Gmail thread',
  signature: 'from their email signature',
  domain: 'from their email domain',
  score: 'from Scout',
  approved_email: 'from an email you approved',
};

/** A diff value as text: empty as "—", a link to a company this sync creates by its domain. */
export function formatValue(value: unknown, max = 200): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'object' && value !== null && 'newCompany' in value) return `the new company ${String((value as { newCompany: string }).newCompany)}`;
  const text = Array.isArray(value) ? value.join(', ') : typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

import { z } from 'zod';
import type { ChatToolSpec } from '../../lib/chat/catalog';

/** One form field of a palette command, from the simple fields of the tool's zod input. */
export interface PaletteField {
  name: string;
  label: string;
  kind: 'text' | 'number' | 'choice';
  options: string[];
  required: boolean;
  defaultValue: string;
}

interface JsonProp {
  type?: string;
  enum?: unknown[];
  description?: string;
  default?: unknown;
}

const words = (name: string) => name.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase());

export function paletteFields(spec: Pick<ChatToolSpec, 'input'>): PaletteField[] {
  const schema = z.toJSONSchema(spec.input, { io: 'input' }) as { properties?: Record<string, JsonProp>; required?: string[] };
  return Object.entries(schema.properties ?? {}).flatMap(([name, p]): PaletteField[] => {
    const base = { name, label: p.description ?? words(name), required: (schema.required ?? []).includes(name), defaultValue: p.default === undefined ? '' : String(p.default) };
    if (Array.isArray(p.enum)) return [{ ...base, kind: 'choice', options: p.enum.map(String) }];
    if (p.type === 'string') return [{ ...base, kind: 'text', options: [] }];
    if (p.type === 'number' || p.type === 'integer') return [{ ...base, kind: 'number', options: [] }];
    return []; // not a simple field: the tool's default applies
  });
}

/** The form's values as the tool's input: empty fields left out (the schema's defaults apply). */
export function paletteInput(fields: PaletteField[], values: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = (values[f.name] ?? f.defaultValue).trim();
    if (v === '') continue;
    out[f.name] = f.kind === 'number' ? Number(v) : v;
  }
  return out;
}

import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020.js';
import fs from 'node:fs';
import { specPath } from './paths';

/**
 * Server-Sent Events (`text/event-stream`) for the stand-ins, and the check Prism cannot make:
 * Prism validates an SSE body as one JSON document, so each event is validated here instead,
 * against the vendor spec's own schema (read in place, never copied).
 */

/** One event's data (multi-line data joined with \n); comments and other fields are ignored. */
export function parseSse(body: string): { data: string }[] {
  const events: { data: string }[] = [];
  let data: string[] = [];
  for (const line of body.split(/\r\n|\r|\n/)) {
    if (line === '') {
      if (data.length) events.push({ data: data.join('\n') });
      data = [];
    } else if (line === 'data' || line.startsWith('data:')) {
      data.push(line.slice(5).replace(/^ /, ''));
    }
  }
  return events; // an event the body does not close with a blank line is never dispatched (SSE spec)
}

/** OpenAPI 3.0's `nullable: true` (which JSON Schema ignores) as `anyOf [schema, null]`, on a deep copy. */
function translateNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(translateNullable);
  if (!node || typeof node !== 'object') return node;
  const nullable = (node as { nullable?: unknown }).nullable === true;
  const copy = Object.fromEntries(Object.entries(node).filter(([key]) => !(nullable && key === 'nullable')).map(([key, value]) => [key, translateNullable(value)]));
  return nullable ? { anyOf: [copy, { type: 'null' }] } : copy;
}

const specs = new Map<string, Ajv2020>();
const validators = new Map<string, ValidateFunction>();

/**
 * Validates values against `#/components/schemas/<schemaName>` of a spec in shared/specs
 * (compiled once per spec and schema). Returns `instancePath: message` lines, none when valid.
 */
export function specSchemaValidator(specFile: string, schemaName: string): (value: unknown) => string[] {
  const key = `${specFile}#${schemaName}`;
  let validate = validators.get(key);
  if (!validate) {
    let ajv = specs.get(specFile);
    if (!ajv) {
      const spec = JSON.parse(fs.readFileSync(specPath(specFile), 'utf8')) as { components: unknown };
      ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
      ajv.addSchema({ $id: specFile, components: translateNullable(spec.components) });
      specs.set(specFile, ajv);
    }
    validate = ajv.getSchema(`${specFile}#/components/schemas/${schemaName}`);
    if (!validate) throw new Error(`${specFile} has no schema ${schemaName}`);
    validators.set(key, validate);
  }
  const compiled = validate;
  return (value) =>
    compiled(value) ? [] : (compiled.errors ?? []).map((e) => `${e.instancePath || '(root)'}: ${e.message ?? e.keyword}${e.keyword === 'enum' ? ` ${JSON.stringify(e.params.allowedValues)}` : ''}`);
}

/**
 * Checks a streamed Chat Completion as OpenAI sends it: every event but the last is a JSON
 * `chat.completion.chunk` valid against the spec, all with one id, and the last is `[DONE]`.
 */
export function checkOpenAiStream(body: string): string[] {
  const validate = specSchemaValidator('openai-openapi.json', 'CreateChatCompletionStreamResponse');
  const events = parseSse(body);
  const problems: string[] = [];
  const ids = new Set<unknown>();
  events.forEach(({ data }, i) => {
    if (data === '[DONE]') {
      if (i < events.length - 1) problems.push(`event ${i}: data: [DONE] before the end of the stream`);
      return;
    }
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch {
      problems.push(`event ${i}: data is not JSON: ${data.slice(0, 80)}`);
      return;
    }
    for (const error of validate(chunk)) problems.push(`event ${i}: ${error}`);
    ids.add((chunk as { id?: unknown } | null)?.id);
  });
  if (events.at(-1)?.data !== '[DONE]') problems.push('the stream does not end with data: [DONE]');
  if (ids.size > 1) problems.push(`the chunks carry different ids: ${[...ids].map((id) => JSON.stringify(id)).join(', ')}`);
  return problems;
}

/** An SSE body: each chunk as a `data:` event, then `data: [DONE]`. */
export function sseBody(chunks: unknown[]): string {
  return chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join('') + 'data: [DONE]\n\n';
}

/** The parts of a ChatCompletion (`object: 'chat.completion'`) the chunks are made from. */
export interface ChatCompletionLike {
  id: string;
  created: number;
  model: string;
  service_tier?: string | null;
  system_fingerprint?: string;
  choices: {
    index: number;
    message: { content?: string | null; refusal?: string | null; tool_calls?: { id: string; type: string; function: { name: string; arguments: string } }[] };
    finish_reason: string;
  }[];
  usage?: unknown;
}

/** Splits text the way a model streams it: a few characters, or one short word, per piece. */
function pieces(text: string, size: number): string[] {
  return text.match(new RegExp(`\\s*\\S{1,${size}}|\\s+`, 'gu')) ?? [];
}

/**
 * The `chat.completion.chunk` sequence OpenAI streams for `completion`: per choice, a first delta
 * with the role, the content (and refusal) in small pieces, each tool call opened with its id,
 * type and name and then its arguments in fragments, and a last empty delta with the
 * finish_reason. With `includeUsage` (`stream_options.include_usage`), every chunk carries
 * `usage: null` and a final chunk with no choices carries the usage.
 */
export function completionToChunks(completion: ChatCompletionLike, options: { pieceSize?: number; includeUsage?: boolean } = {}): unknown[] {
  const { pieceSize = 4, includeUsage = false } = options;
  const head = {
    id: completion.id,
    object: 'chat.completion.chunk',
    created: completion.created,
    model: completion.model,
    ...(completion.service_tier !== undefined ? { service_tier: completion.service_tier } : {}),
    ...(completion.system_fingerprint !== undefined ? { system_fingerprint: completion.system_fingerprint } : {}),
  };
  const chunk = (index: number, delta: unknown, finishReason: string | null = null) => ({
    ...head,
    choices: [{ index, delta, logprobs: null, finish_reason: finishReason }],
    ...(includeUsage ? { usage: null } : {}),
  });
  const chunks: unknown[] = [];
  for (const { index, message, finish_reason } of completion.choices) {
    const content = message.content ?? null;
    chunks.push(chunk(index, { role: 'assistant', content: content === null ? null : '', refusal: null }));
    for (const piece of pieces(content ?? '', pieceSize)) chunks.push(chunk(index, { content: piece }));
    for (const piece of pieces(message.refusal ?? '', pieceSize)) chunks.push(chunk(index, { refusal: piece }));
    (message.tool_calls ?? []).forEach((call, i) => {
      chunks.push(chunk(index, { tool_calls: [{ index: i, id: call.id, type: call.type, function: { name: call.function.name, arguments: '' } }] }));
      for (const piece of pieces(call.function.arguments, pieceSize)) chunks.push(chunk(index, { tool_calls: [{ index: i, function: { arguments: piece } }] }));
    });
    chunks.push(chunk(index, {}, finish_reason));
  }
  if (includeUsage && completion.usage !== undefined) chunks.push({ ...head, choices: [], usage: completion.usage });
  return chunks;
}

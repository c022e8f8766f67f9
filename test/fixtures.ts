import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDb, type CountersignDb, type DraftRow } from '../lib/db/schema';
import type { LeadContext } from '../lib/agents/scout/score/context';
import type { HealthProbes } from '../lib/agents/sentinel/health';
import type { ChatMessage, ModelClient, ToolChatMessage } from '../lib/llm/client';
import type { DecodedMessage } from '../lib/mail/thread';
import type { OutgoingMessage } from '../lib/mail/outgoing';
import type { StorageArea } from '../lib/settings/store';
import { draftQuality } from '../lib/agents/herald/draft-quality';
import { queueDraft } from '../lib/gates/email-gate';
import type { Actor, ApprovalRow } from '../lib/db/schema';

let counter = 0;
/** A fresh, isolated database (fake-indexeddb gives each name its own store). */
export function freshDb(): CountersignDb {
  counter += 1;
  return openDb(`test-${process.pid}-${counter}-${Math.random().toString(36).slice(2)}`);
}

/**
 * An in-memory storage.local with its structured-clone semantics, as the settings store uses it.
 * `data` is the stored state, for tests that inspect or corrupt it.
 */
export function memoryStorage(): StorageArea & { data: Record<string, unknown> } {
  const data: Record<string, unknown> = {};
  return {
    data,
    get: async (key) => (key in data ? { [key]: structuredClone(data[key]) } : {}),
    set: async (items) => void Object.assign(data, structuredClone(items)),
  };
}

export const sampleMessage = (over: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  from: { name: 'Sam Rep', email: 'sam.rep@example.com' },
  to: [{ name: 'Dana Whitfield', email: 'dana@northwind-logistics.com' }],
  cc: [],
  bcc: [],
  subject: 'Re: Pricing for 40 seats',
  body: 'Hi Dana,\n\nFor 40 seats the pilot would start on the 1st. Shall we book 20 minutes on Thursday?\n\nSam',
  threadId: '18c2f1a9b7e4d3c0',
  inReplyTo: '<dana-1@northwind-logistics.com>',
  references: ['<dana-1@northwind-logistics.com>'],
  ...over,
});

/** A saved draft ready to queue. */
export async function seedDraft(db: CountersignDb, over: Partial<OutgoingMessage> = {}): Promise<DraftRow> {
  const now = Date.now();
  const draft: DraftRow = {
    id: `draft-${Math.random().toString(36).slice(2)}`,
    threadId: '18c2f1a9b7e4d3c0',
    agent: 'herald',
    message: sampleMessage(over),
    evidence: [],
    status: 'draft',
    createdAt: now,
    updatedAt: now,
  };
  await db.drafts.add(draft);
  return draft;
}

/** A decoded Gmail message as ThreadSync caches it; `body` is the new text only. */
export const decodedMessage = (over: Partial<DecodedMessage> & Pick<DecodedMessage, 'id'>): DecodedMessage => ({
  threadId: 'thread-1',
  messageId: `<${over.id}@mail.example.com>`,
  inReplyTo: null,
  references: [],
  from: { name: 'Dana Whitfield', email: 'dana@northwind-logistics.com' },
  to: [{ name: 'Sam Rep', email: 'sam.rep@example.com' }],
  cc: [],
  replyTo: [],
  date: '2024-03-04T10:00:00.000Z',
  subject: 'Re: Countersign for Northwind',
  text: over.body ?? '',
  html: null,
  snippet: '',
  labelIds: ['INBOX'],
  body: '',
  quoted: '',
  signature: '',
  attachments: [],
  ...over,
});

/** The prompt-injection payloads in ../shared/fixtures/injections (never edited). */
export function injectionPayloads(): { id: string; goal_id: string; payload_text: string }[] {
  const shared = process.env.SHARED_DIR ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared');
  return readFileSync(path.join(shared, 'fixtures/injections/injections.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as { id: string; goal_id: string; payload_text: string });
}

/** A lead's context for Scout: Dana (the lead) and Sam (the rep), no messages yet, at a fixed time. */
export const leadContext = (over: Partial<LeadContext> = {}): LeadContext => ({
  lead: { email: 'dana@northwind-logistics.com', name: 'Dana Whitfield' },
  repEmail: 'sam.rep@example.com',
  messages: [],
  triage: [],
  suppression: null,
  now: Date.parse('2024-03-06T12:00:00Z'),
  ...over,
});

/**
 * A stand-in for the model: answers every call with `answer(messages)` (or `answer` itself),
 * checked against the caller's schema as the real client does, and records each prompt. A thrown
 * error is the model failing.
 */
export function standInModel(answer: unknown): ModelClient & { calls: ChatMessage[][] } {
  const calls: ChatMessage[][] = [];
  return {
    calls,
    async completeJson(_name, schema, messages) {
      calls.push(messages);
      return schema.parse(typeof answer === 'function' ? (answer as (m: ChatMessage[]) => unknown)(messages) : answer);
    },
  };
}

/** A prompt's fenced data (`<cs-uuid>…</cs-uuid>`) and everything outside it. */
export function fencedData(content: string): { fence: string; inside: string; outside: string } {
  const fence = /<(cs-[0-9a-f-]{36})>/.exec(content)?.[1];
  if (!fence) throw new Error('no data fence in the prompt');
  const [before, rest] = content.split(`<${fence}>`) as [string, string];
  const [inside, after] = rest.split(`</${fence}>`) as [string, string];
  return { fence, inside, outside: `${before}${after}` };
}

/** Queues a stored draft the way the background does: Herald's quality report first, then the gate. */
export async function queueChecked(db: CountersignDb, draftId: string, actor: Actor): Promise<ApprovalRow> {
  const draft = await db.drafts.get(draftId);
  if (!draft) return queueDraft(db, draftId, actor, { subject: '', body: '', report: { verdict: 'ok', blocking: [], warnings: [], sentences: [], metrics: { words: 0, readingGrade: 0, personalisationShare: 0, callsToAction: 0, links: 0 }, generic: null } });
  const report = await draftQuality(db, draft, Date.now());
  return queueDraft(db, draftId, actor, { subject: draft.message.subject, body: draft.message.body, report });
}

/** One scripted answer of a tool-calling model: tool calls (name, arguments) or the final content. */
export type ToolStep = { call: [name: string, args: unknown][] } | { content: string };

/**
 * A stand-in for a model with tool calling (the operator chat): answers each completeWithTools
 * call with the next step of `script` (then a plain "Done."), and records what it was offered
 * and sent. completeJson answers `json` (routing, drafts) like standInModel.
 */
export function standInToolModel(script: ToolStep[], json: unknown = {}) {
  const calls: { tools: string[]; messages: ToolChatMessage[] }[] = [];
  let serial = 0;
  const model: ModelClient & { calls: typeof calls } = {
    calls,
    async completeJson(_name, schema, messages) {
      return schema.parse(typeof json === 'function' ? (json as (m: ChatMessage[]) => unknown)(messages) : json);
    },
    async completeWithTools(_name, _answer, messages, tools) {
      calls.push({ tools: tools.map((t) => t.name), messages: structuredClone(messages) });
      const step = script.shift() ?? { content: 'Done.' };
      if ('content' in step) return { content: step.content, toolCalls: [] };
      return { content: null, toolCalls: step.call.map(([name, args]) => ({ id: `call_${++serial}`, name, arguments: typeof args === 'string' ? args : JSON.stringify(args) })) };
    },
  };
  return model;
}

/** Sentinel's health probes with everything fine (CRM checks pass, nothing degraded or pending); `over` replaces some. */
export function healthyProbes(over: Partial<HealthProbes> = {}): HealthProbes {
  const ok = (operation: string) => ({ operation, ok: true, detail: 'fine' });
  return {
    crm: async () => [ok('auth'), ok('read'), ok('write'), ok('rate limit')],
    model: async () => 'ok',
    gmailToken: async () => ({ configured: true, expiresAt: Number.MAX_SAFE_INTEGER }),
    degradedHooks: async () => [],
    storageEstimate: async () => ({ usage: 1, quota: 100 }),
    outboxStats: async () => ({ oldestPendingAt: null }),
    backgroundErrors: async () => [],
    ...over,
  };
}

import OpenAI, { APIConnectionTimeoutError, APIConnectionError, APIError } from 'openai';
import { z } from 'zod';
import { UserFacingError } from '../protocol/errors';
import type { Settings } from '../settings/schema';

export type ChatMessage = { role: 'system' | 'user' | 'assistant'; content: string };

export interface ModelClient {
  /** One chat completion whose answer must be JSON matching `schema`. */
  completeJson<S extends z.ZodType>(name: string, schema: S, messages: ChatMessage[]): Promise<z.infer<S>>;
  /**
   * One chat completion that may call tools (the operator chat, lib/chat/chat.ts). The answer is
   * either tool calls or content, requested as JSON matching `answer`; the caller checks both.
   */
  completeWithTools?(name: string, answer: z.ZodType, messages: ToolChatMessage[], tools: ToolDefinition[]): Promise<ToolTurn>;
}

export interface ToolCall {
  id: string;
  name: string;
  /** JSON text, as the model wrote it (parsed and checked by the caller). */
  arguments: string;
}
export type ToolChatMessage = ChatMessage | { role: 'assistant'; content: string | null; toolCalls: ToolCall[] } | { role: 'tool'; toolCallId: string; content: string };
export interface ToolDefinition {
  name: string;
  description: string;
  /** JSON schema of the tool's input. */
  parameters: Record<string, unknown>;
}
export interface ToolTurn {
  content: string | null;
  toolCalls: ToolCall[];
}

/**
 * A client for OpenAI or any OpenAI-compatible server (Ollama, vLLM, LM Studio): base URL, model
 * and key come from settings. Structured output is requested as a JSON schema derived from the
 * zod schema, and the answer is parsed with that same zod schema: a model that ignores the format
 * gets a clear error, never a half-read draft.
 */
export function createModelClient(model: Settings['model'], apiKey: string | null, fetchImpl?: typeof fetch): ModelClient {
  const client = new OpenAI({
    baseURL: model.baseUrl,
    // Local servers take no key; the SDK insists on a string.
    apiKey: apiKey ?? 'no-key',
    dangerouslyAllowBrowser: true, // runs only in the background service worker, never in a page
    timeout: model.timeoutMs,
    maxRetries: 1,
    fetch: fetchImpl,
  });
  const where = new URL(model.baseUrl).host;

  return {
    async completeWithTools(name, answer, messages, tools) {
      try {
        const completion = await client.chat.completions.create({
          model: model.model,
          temperature: 0.2,
          messages: messages.map((m) =>
            m.role === 'tool'
              ? { role: 'tool' as const, tool_call_id: m.toolCallId, content: m.content }
              : 'toolCalls' in m
                ? { role: 'assistant' as const, content: m.content, tool_calls: m.toolCalls.map((c) => ({ id: c.id, type: 'function' as const, function: { name: c.name, arguments: c.arguments } })) }
                : m,
          ),
          tools: tools.map((t) => ({ type: 'function' as const, function: { name: t.name, description: t.description, parameters: t.parameters } })),
          tool_choice: 'auto',
          response_format: { type: 'json_schema', json_schema: { name, strict: true, schema: z.toJSONSchema(answer, { target: 'draft-7' }) as Record<string, unknown> } },
        });
        const message = completion.choices[0]?.message;
        if (message?.refusal) throw new UserFacingError('model', `The model declined: ${message.refusal}`);
        const toolCalls = (message?.tool_calls ?? []).flatMap((c) => (c.type === 'function' ? [{ id: c.id, name: c.function.name, arguments: c.function.arguments }] : []));
        return { content: message?.content ?? null, toolCalls };
      } catch (e) {
        throw describeModelError(e, where, model.timeoutMs);
      }
    },

    async completeJson(name, schema, messages) {
      let content: string | null | undefined;
      try {
        const completion = await client.chat.completions.create({
          model: model.model,
          messages,
          temperature: 0.4,
          response_format: {
            type: 'json_schema',
            json_schema: { name, strict: true, schema: z.toJSONSchema(schema, { target: 'draft-7' }) as Record<string, unknown> },
          },
        });
        const choice = completion.choices[0];
        if (choice?.message.refusal) throw new UserFacingError('model', `The model declined: ${choice.message.refusal}`);
        content = choice?.message.content;
      } catch (e) {
        throw describeModelError(e, where, model.timeoutMs);
      }
      if (!content) throw new UserFacingError('model', `The model at ${where} returned an empty answer. Try again.`);
      let json: unknown;
      try {
        json = JSON.parse(content);
      } catch {
        throw new UserFacingError('model', `The model at ${where} did not answer in JSON (it said: "${content.slice(0, 80)}…"). Try again, or pick a model that supports structured output.`);
      }
      const parsed = schema.safeParse(json);
      if (!parsed.success) {
        const fields = parsed.error.issues.map((i) => `${i.path.join('.') || 'answer'}: ${i.message}`).join('; ');
        throw new UserFacingError('model', `The model's answer did not have the expected shape (${fields}). Try again.`);
      }
      return parsed.data;
    },
  };
}

export function describeModelError(e: unknown, where: string, timeoutMs: number): Error {
  if (e instanceof UserFacingError) return e;
  if (e instanceof APIConnectionTimeoutError) {
    return new UserFacingError('model', `The model at ${where} did not answer within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}. Try again, or raise the timeout in settings.`, { cause: e });
  }
  if (e instanceof APIError && e.status !== undefined) {
    if (e.status === 429) return new UserFacingError('model', `The model at ${where} is rate-limiting requests (HTTP 429). Wait a moment and try again.`, { cause: e });
    if (e.status === 401 || e.status === 403) return new UserFacingError('model', `The model at ${where} refused the API key (HTTP ${e.status}). Check the key in settings.`, { cause: e });
    if (e.status === 404) return new UserFacingError('model', `The model at ${where} does not know that model name (HTTP 404). Check the model in settings.`, { cause: e });
    return new UserFacingError('model', `The model at ${where} failed (HTTP ${e.status}). Try again.`, { cause: e });
  }
  if (e instanceof APIConnectionError) {
    return new UserFacingError('model', `Could not reach the model at ${where}. Is the server running and the base URL right?`, { cause: e });
  }
  return new UserFacingError('model', `The model call failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
}

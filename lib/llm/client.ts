import OpenAI, { APIConnectionTimeoutError, APIConnectionError, APIError } from 'openai';
import type { ChatCompletion, ChatCompletionCreateParamsStreaming } from 'openai/resources/chat';
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
  completeWithTools?(name: string, answer: z.ZodType, messages: ToolChatMessage[], tools: ToolDefinition[], options?: ToolTurnOptions): Promise<ToolTurn>;
}

export interface ToolTurnOptions {
  /**
   * Streams the turn (`stream: true`): called with each fragment of the answer's content as the
   * model writes it. The returned turn is the same as unstreamed: the whole content, the calls.
   */
  onContent?(fragment: string): void;
  /** Cuts the call (the rep pressed Stop); the call then rejects. */
  signal?: AbortSignal;
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

  /**
   * A streamed tool turn: content fragments go to `onContent` as they arrive; tool calls are
   * assembled from their deltas (by index). The timeout is per fragment, not per answer: a
   * stream that goes quiet for `timeoutMs` is cut and reported like an unanswered request.
   */
  async function streamTurn(params: Omit<ChatCompletionCreateParamsStreaming, 'stream'>, onContent: (fragment: string) => void, stop?: AbortSignal): Promise<ToolTurn> {
    const quiet = new AbortController();
    const signal = stop ? AbortSignal.any([quiet.signal, stop]) : quiet.signal;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => quiet.abort(), model.timeoutMs);
    };
    let content = '';
    let refusal = '';
    const calls = new Map<number, ToolCall>();
    let chunks = 0;
    const cut = () => new UserFacingError('model', 'Stopped before the model finished.');
    const wentQuiet = (cause?: unknown) => new UserFacingError('model', `The model at ${where} stopped answering for ${seconds(model.timeoutMs)}. Try again, or raise the timeout in settings.`, { cause });
    try {
      arm();
      const { data: stream, response } = await client.chat.completions.create({ ...params, stream: true }, { signal }).withResponse();
      // A server that ignores `stream` and answers one JSON completion: taken as it is, whole.
      if (!response.headers.get('content-type')?.includes('text/event-stream')) {
        const whole = (await response.json().catch(() => null)) as ChatCompletion | null;
        if (!whole) throw new UserFacingError('model', `The model at ${where} answered neither a stream nor a JSON completion. Check the base URL in settings.`);
        const turn = toolTurn(whole);
        if (turn.content) onContent(turn.content);
        return turn;
      }
      for await (const chunk of stream) {
        arm();
        chunks += 1;
        const delta = chunk.choices[0]?.delta;
        if (!delta) continue;
        if (delta.refusal) refusal += delta.refusal;
        if (delta.content) {
          content += delta.content;
          onContent(delta.content);
        }
        for (const c of delta.tool_calls ?? []) {
          const call = calls.get(c.index) ?? { id: '', name: '', arguments: '' };
          if (c.id) call.id = c.id;
          if (c.function?.name) call.name += c.function.name;
          if (c.function?.arguments) call.arguments += c.function.arguments;
          calls.set(c.index, call);
        }
      }
      // The SDK ends the iteration quietly when the signal aborts.
      if (stop?.aborted) throw cut();
      if (quiet.signal.aborted) throw wentQuiet();
    } catch (e) {
      if (stop?.aborted && !(e instanceof UserFacingError)) throw cut();
      if (quiet.signal.aborted && !(e instanceof UserFacingError)) throw wentQuiet(e);
      throw describeModelError(e, where, model.timeoutMs);
    } finally {
      clearTimeout(timer);
    }
    if (chunks === 0) throw new UserFacingError('model', `The model at ${where} sent an empty stream. Try again.`);
    if (refusal) throw new UserFacingError('model', `The model declined: ${refusal}`);
    const toolCalls = [...calls.entries()].sort(([a], [b]) => a - b).map(([, c]) => c).filter((c) => c.name);
    return { content: content || null, toolCalls };
  }

  return {
    async completeWithTools(name, answer, messages, tools, options) {
      const params = {
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
        tool_choice: 'auto' as const,
        response_format: { type: 'json_schema' as const, json_schema: { name, strict: true, schema: z.toJSONSchema(answer, { target: 'draft-7' }) as Record<string, unknown> } },
      };
      if (options?.onContent) return await streamTurn(params, options.onContent, options.signal);
      try {
        return toolTurn(await client.chat.completions.create(params, { signal: options?.signal }));
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

/** The content and function calls of a whole (unstreamed) completion. */
function toolTurn(completion: ChatCompletion): ToolTurn {
  const message = completion.choices?.[0]?.message;
  if (message?.refusal) throw new UserFacingError('model', `The model declined: ${message.refusal}`);
  const toolCalls = (message?.tool_calls ?? []).flatMap((c) => (c.type === 'function' ? [{ id: c.id, name: c.function.name, arguments: c.function.arguments }] : []));
  return { content: message?.content ?? null, toolCalls };
}

export function describeModelError(e: unknown, where: string, timeoutMs: number): Error {
  if (e instanceof UserFacingError) return e;
  if (e instanceof APIConnectionTimeoutError) {
    return new UserFacingError('model', `The model at ${where} did not answer within ${seconds(timeoutMs)}. Try again, or raise the timeout in settings.`, { cause: e });
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

const seconds = (ms: number) => (ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`);

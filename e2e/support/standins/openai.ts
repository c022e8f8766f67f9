import type { ContractLog } from '../contract';
import { completionToChunks, sseBody, type ChatCompletionLike } from '../sse';
import type { StandinRequest, StandinResponse } from '../upstream';
import { never } from './hold';

/**
 * Scripted OpenAI Chat Completions (POST https://api.openai.com/v1/chat/completions) and the model
 * list (GET /v1/models, Sentinel's probe), answered
 * behind Prism. Each answer is a full ChatCompletion, so the client is held to the real shape;
 * a `stream: true` request gets the same completion as `chat.completion.chunk` events (SSE).
 */
export interface ChatRequest { path: string; authorization?: string; headers: Record<string, string | string[] | undefined>; body: ChatRequestBody | undefined; rawBody: string }
export interface ChatRequestBody { model?: string; messages?: { role: string; content: unknown }[]; response_format?: unknown; stream?: boolean; [key: string]: unknown }

/** What a default handler may return: the assistant's content string, or a full stand-in response. */
export type ChatReply = string | StandinResponse;
export type ChatHandler = (request: ChatRequest) => ChatReply | Promise<ChatReply>;

type Scripted = { kind: 'content'; content: string } | { kind: 'response'; response: StandinResponse } | { kind: 'hang' };

/** OpenAI's error body (https://platform.openai.com/docs/guides/error-codes). */
export function openaiError(message: string, type: string, code: string | null = null, param: string | null = null): { error: { message: string; type: string; param: string | null; code: string | null } } {
  return { error: { message, type, param, code } };
}

/**
 * A 200 ChatCompletion answer to a `stream: true` request, as OpenAI streams it. Anything else
 * (error statuses, which OpenAI answers in JSON even when asked to stream) is left as it is.
 */
function streamed(answer: StandinResponse, request: ChatRequestBody): StandinResponse {
  const completion = answer.body as (ChatCompletionLike & { object?: unknown }) | undefined;
  if (answer.status !== 200 || completion?.object !== 'chat.completion') return answer;
  const includeUsage = (request.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
  return { ...answer, headers: { ...answer.headers, 'content-type': 'text/event-stream' }, body: sseBody(completionToChunks(completion, { includeUsage })) };
}

export class OpenAIStandin {
  readonly requests: ChatRequest[] = [];
  /** Computes the reply when nothing is queued. Default: a fixed JSON object. */
  handler: ChatHandler = () => JSON.stringify({ ok: true });
  /** What GET /models lists. */
  models: string[] = ['gpt-4o-mini'];
  /** GET /models calls (kept apart from the chat requests). */
  modelListCalls = 0;
  private readonly queue: Scripted[] = [];
  private serial = 0;

  constructor(private readonly log: ContractLog) {}

  /** Queues the assistant message content (typically a JSON string) for the next completion. */
  respondWith(content: string): void {
    this.queue.push({ kind: 'content', content });
  }

  /** The next call fails with `status` (429 gets a Retry-After header unless headers say otherwise). */
  failNext(status: number, body?: unknown, headers?: Record<string, string>): void {
    const fallback =
      status === 429 ? openaiError('Rate limit reached for requests', 'requests', 'rate_limit_exceeded')
      : status === 401 ? openaiError('Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key')
      : openaiError(`The server had an error while processing your request (HTTP ${status}).`, 'server_error');
    this.queue.push({ kind: 'response', response: { status, body: body ?? fallback, headers: { ...(status === 429 ? { 'retry-after': '1' } : {}), ...headers }, injected: true } });
  }

  /** The next call never answers (client timeouts). */
  hangNext(): void {
    this.queue.push({ kind: 'hang' });
  }

  /** The next completion is well-formed but its content is not JSON. */
  malformedNext(content = 'Sure! Here is the draft you asked for: {"subject": "Re: '): void {
    this.queue.push({ kind: 'content', content });
  }

  readonly handle = async (req: StandinRequest): Promise<StandinResponse> => {
    // GET /models: Sentinel's reachability and latency probe (ListModelsResponse).
    if (req.method === 'GET' && req.path === '/models') {
      this.modelListCalls += 1;
      const next = this.queue[0]?.kind === 'hang' || this.queue[0]?.kind === 'response' ? this.queue.shift() : undefined;
      if (next?.kind === 'hang') return never();
      if (next?.kind === 'response') return next.response;
      return { status: 200, body: { object: 'list', data: this.models.map((id) => ({ id, object: 'model', created: 1_715_367_049, owned_by: 'system' })) } };
    }
    let body: ChatRequestBody | undefined;
    try { body = JSON.parse(req.body) as ChatRequestBody; } catch { body = undefined; }
    const request: ChatRequest = { path: req.path, authorization: req.headers.authorization, headers: req.headers, body, rawBody: req.body };
    this.requests.push(request);
    if (req.method !== 'POST' || req.path !== '/chat/completions') {
      this.violation(req, `the OpenAI stand-in has no script for ${req.method} ${req.path}`);
      return { status: 404, body: openaiError(`Unknown request URL: ${req.method} /v1${req.path}.`, 'invalid_request_error', 'unknown_url'), injected: true };
    }
    const next = this.queue.shift();
    if (next?.kind === 'hang') return never();
    let answer: StandinResponse;
    if (next?.kind === 'response') answer = next.response;
    else {
      const reply = next?.kind === 'content' ? next.content : await this.handler(request);
      answer = typeof reply === 'string' ? { status: 200, body: this.completion(body?.model ?? 'gpt-4o-mini', reply), headers: { 'x-request-id': `req_${this.serial}` } } : reply;
    }
    return body?.stream ? streamed(answer, body) : answer;
  };

  /** A ChatCompletion resource carrying `content` as the assistant message. */
  completion(model: string, content: string): unknown {
    this.serial += 1;
    const promptTokens = 50 + this.serial;
    const completionTokens = Math.max(1, Math.ceil(content.length / 4));
    return {
      id: `chatcmpl-standin${String(this.serial).padStart(6, '0')}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model,
      choices: [{ index: 0, message: { role: 'assistant', content, refusal: null, annotations: [] }, finish_reason: 'stop', logprobs: null }],
      usage: {
        prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens,
        prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
      },
      service_tier: 'default',
    };
  }

  private violation(req: StandinRequest, message: string): void {
    this.log.record({ vendor: 'openai', request: `${req.method} ${req.path}`, source: 'standin', location: ['request'], severity: 'Error', message });
  }
}

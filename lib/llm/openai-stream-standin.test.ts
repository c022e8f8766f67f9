import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { ContractLog } from '../../e2e/support/contract';
import { checkOpenAiStream, parseSse, sseBody, specSchemaValidator } from '../../e2e/support/sse';
import { OpenAIStandin } from '../../e2e/support/standins/openai';
import type { StandinRequest, StandinResponse } from '../../e2e/support/upstream';

// The e2e OpenAI stand-in's streamed answers (stream: true), held to the vendor spec's chunk schema.

type Chunk = {
  id: string;
  object: string;
  choices: { index: number; delta: { role?: string; content?: string | null; tool_calls?: { index: number; id?: string; type?: string; function?: { name?: string; arguments?: string } }[] }; finish_reason: string | null }[];
  usage?: unknown;
};

const chatRequest = (body: Record<string, unknown>): StandinRequest => ({
  method: 'POST',
  path: '/chat/completions',
  query: new URLSearchParams(),
  headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' },
  body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], stream: true, ...body }),
});

const chunksOf = (body: string): Chunk[] => parseSse(body).filter((e) => e.data !== '[DONE]').map((e) => JSON.parse(e.data) as Chunk);

/** Puts the deltas back together the way a client does (tool calls by index). */
function reassemble(chunks: Chunk[]) {
  let content = '';
  const calls: { id: string; name: string; arguments: string }[] = [];
  let finish: string | null = null;
  for (const choice of chunks.flatMap((c) => c.choices)) {
    content += choice.delta.content ?? '';
    for (const call of choice.delta.tool_calls ?? []) {
      const into = (calls[call.index] ??= { id: '', name: '', arguments: '' });
      into.id += call.id ?? '';
      into.name += call.function?.name ?? '';
      into.arguments += call.function?.arguments ?? '';
    }
    finish = choice.finish_reason ?? finish;
  }
  return { content, calls, finish };
}

/** A stand-in, its log, and the streamed answer to one request. */
async function streamed(script: (standin: OpenAIStandin) => void, body: Record<string, unknown> = {}) {
  const log = new ContractLog();
  const standin = new OpenAIStandin(log);
  script(standin);
  const answer = await standin.handle(chatRequest(body));
  expect(log.violations).toEqual([]);
  expect(standin.requests).toHaveLength(1);
  expect(standin.requests[0]!.body?.stream).toBe(true);
  return answer;
}

const sseText = (answer: StandinResponse): string => {
  expect(answer.status).toBe(200);
  expect(answer.headers?.['content-type']).toBe('text/event-stream');
  expect(typeof answer.body).toBe('string');
  return answer.body as string;
};

const toolCompletion = {
  id: 'chatcmpl-tools',
  object: 'chat.completion',
  created: 1_715_367_049,
  model: 'gpt-4o-mini',
  choices: [{
    index: 0,
    finish_reason: 'tool_calls',
    logprobs: null,
    message: {
      role: 'assistant',
      content: null,
      refusal: null,
      tool_calls: [
        { id: 'call_1', type: 'function', function: { name: 'leads.today', arguments: JSON.stringify({ owner: 'me', limit: 10, note: 'Chicago — "pilot" 👍' }) } },
        { id: 'call_2', type: 'function', function: { name: 'crm.lookup', arguments: JSON.stringify({ email: 'dana@example.com' }) } },
      ],
    },
  }],
};

describe('OpenAI stand-in: streamed completions', () => {
  it.each([
    ['plain content', 'Dana asked for pricing and a pilot: follow up with her today.'],
    ['JSON with escapes and unicode', JSON.stringify({ text: 'Dana said "yes" — 👍\nok', sources: [] })],
  ])('%s: valid chunks, several content pieces, reassembled exactly', async (_, content) => {
    const body = sseText(await streamed((s) => (s.handler = () => content)));
    expect(checkOpenAiStream(body)).toEqual([]);
    const chunks = chunksOf(body);
    expect(chunks[0]!.choices[0]!.delta).toEqual({ role: 'assistant', content: '', refusal: null });
    expect(chunks.filter((c) => c.choices[0]?.delta.content).length).toBeGreaterThanOrEqual(5);
    expect(chunks.at(-1)!.choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
    expect(reassemble(chunks)).toEqual({ content, calls: [], finish: 'stop' });
  });

  it('queued content (respondWith, malformedNext) streams too', async () => {
    const body = sseText(await streamed((s) => s.malformedNext()));
    expect(checkOpenAiStream(body)).toEqual([]);
    expect(reassemble(chunksOf(body)).content).toBe('Sure! Here is the draft you asked for: {"subject": "Re: ');
  });

  it('two tool calls: each opened with id, type and name, then argument fragments only', async () => {
    const body = sseText(await streamed((s) => (s.handler = () => ({ status: 200, body: toolCompletion }))));
    expect(checkOpenAiStream(body)).toEqual([]);
    const chunks = chunksOf(body);
    const { content, calls, finish } = reassemble(chunks);
    expect(content).toBe('');
    expect(finish).toBe('tool_calls');
    expect(calls).toEqual(toolCompletion.choices[0]!.message.tool_calls.map((c) => ({ id: c.id, name: c.function.name, arguments: c.function.arguments })));
    const deltas = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    expect(deltas.filter((d) => d.id)).toEqual([
      { index: 0, id: 'call_1', type: 'function', function: { name: 'leads.today', arguments: '' } },
      { index: 1, id: 'call_2', type: 'function', function: { name: 'crm.lookup', arguments: '' } },
    ]);
    const fragments = deltas.filter((d) => !d.id);
    expect(fragments.length).toBeGreaterThan(4);
    for (const d of fragments) expect(Object.keys(d).sort()).toEqual(['function', 'index']);
    expect(chunks.every((c) => c.id === 'chatcmpl-tools' && c.object === 'chat.completion.chunk')).toBe(true);
  });

  it('stream_options.include_usage: usage null on every chunk, then a last chunk with no choices and the usage', async () => {
    const body = sseText(await streamed((s) => s.respondWith('{"ok":true}'), { stream_options: { include_usage: true } }));
    expect(checkOpenAiStream(body)).toEqual([]);
    const chunks = chunksOf(body);
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: expect.any(Number), total_tokens: expect.any(Number) } });
  });

  it('errors stay JSON, as OpenAI answers them', async () => {
    const answer = await streamed((s) => s.failNext(429));
    expect(answer).toMatchObject({ status: 429, body: { error: { code: 'rate_limit_exceeded' } } });
  });
});

describe('checkOpenAiStream', () => {
  const good = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, delta: { content: 'Hi' }, logprobs: null, finish_reason: null }] };

  it('accepts finish_reason: null and logprobs: null (the spec says nullable: true, OpenAPI 3.0 style)', () => {
    expect(specSchemaValidator('openai-openapi.json', 'CreateChatCompletionStreamResponse')(good)).toEqual([]);
    expect(checkOpenAiStream(sseBody([good]))).toEqual([]);
  });

  it('reports a chunk that breaks the schema', () => {
    const broken = { ...good, object: 'chat.completion', choices: [{ index: 0, delta: { content: 42 }, logprobs: null, finish_reason: 'nope' }] };
    const problems = checkOpenAiStream(sseBody([good, broken]));
    expect(problems.join('\n')).toMatch(/event 1: \/object: /);
    expect(problems.join('\n')).toMatch(/event 1: \/choices\/0\/finish_reason: .*"stop"/);
    expect(problems.join('\n')).toMatch(/event 1: \/choices\/0\/delta\/content: /);
    expect(problems.some((p) => p.startsWith('event 0'))).toBe(false);
  });

  it('reports a stream without [DONE], data that is not JSON, and chunks with different ids', () => {
    expect(checkOpenAiStream(sseBody([good]).replace('data: [DONE]\n\n', ''))).toEqual(['the stream does not end with data: [DONE]']);
    expect(checkOpenAiStream('data: {"id":\n\ndata: [DONE]\n\n')).toEqual(['event 0: data is not JSON: {"id":']);
    expect(checkOpenAiStream(sseBody([good, { ...good, id: 'chatcmpl-2' }]))).toEqual(['the chunks carry different ids: "chatcmpl-1", "chatcmpl-2"']);
  });

  it('parseSse ignores comments and other fields, joins multi-line data, and drops an unterminated event', () => {
    expect(parseSse(': keep-alive\n\nevent: x\ndata: a\ndata:b\nid: 1\n\r\ndata: c')).toEqual([{ data: 'a\nb' }]);
  });
});

describe('the OpenAI SDK reads the stand-in stream', () => {
  /** An SDK client whose fetch goes straight to the stand-in's handler (no network, no Prism). */
  function sdkClient(standin: OpenAIStandin): OpenAI {
    return new OpenAI({
      apiKey: 'sk-test',
      maxRetries: 0,
      fetch: async (input, init) => {
        const url = new URL(input instanceof Request ? input.url : String(input));
        const answer = await standin.handle({
          method: init?.method ?? 'GET',
          path: url.pathname.replace(/^\/v1(?=\/)/, ''),
          query: url.searchParams,
          headers: Object.fromEntries(new Headers(init?.headers).entries()),
          body: typeof init?.body === 'string' ? init.body : '',
        });
        const body = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
        return new Response(body, { status: answer.status, headers: { 'content-type': 'application/json', ...answer.headers } });
      },
    });
  }

  it('content: iterating create({ stream: true }) gives the content back', async () => {
    const log = new ContractLog();
    const standin = new OpenAIStandin(log);
    const content = JSON.stringify({ text: 'Dana said "yes" — 👍\nok', sources: [] });
    standin.respondWith(content);
    const stream = await sdkClient(standin).chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], stream: true });
    let text = '';
    let pieces = 0;
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta.content;
      if (delta) { text += delta; pieces += 1; }
    }
    expect(text).toBe(content);
    expect(pieces).toBeGreaterThan(5);
    expect(log.violations).toEqual([]);
  });

  it('tool calls: the SDK stream helper assembles the same completion', async () => {
    const log = new ContractLog();
    const standin = new OpenAIStandin(log);
    standin.handler = () => ({ status: 200, body: toolCompletion });
    const final = await sdkClient(standin).chat.completions.stream({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }).finalChatCompletion();
    expect(final.choices[0]!.finish_reason).toBe('tool_calls');
    expect(final.choices[0]!.message.tool_calls).toEqual(toolCompletion.choices[0]!.message.tool_calls);
    expect(log.violations).toEqual([]);
  });
});

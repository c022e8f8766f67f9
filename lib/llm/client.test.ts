import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkOpenAiStream, completionToChunks, parseSse, sseBody, type ChatCompletionLike } from '../../e2e/support/sse';
import { json, localServer } from '../../test/http';
import { createModelClient } from './client';

const Out = z.object({ body: z.string(), evidence: z.array(z.object({ claim: z.string(), source: z.string() })) });
const completion = (content: string) => ({
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'test-model',
  choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop', logprobs: null }],
});

describe('model client (OpenAI-compatible endpoint)', () => {
  let server: Awaited<ReturnType<typeof localServer>>;
  beforeAll(async () => {
    server = await localServer();
  });
  afterAll(() => server.close());
  const client = (timeoutMs = 5_000) => createModelClient({ baseUrl: `${server.url}/v1`, model: 'llama3.1', timeoutMs }, null);
  const ask = (timeoutMs?: number) => client(timeoutMs).completeJson('draft_reply', Out, [{ role: 'user', content: 'hi' }]);

  it('asks for structured output with a JSON schema, at the configured base URL and model, and parses the answer', async () => {
    server.next(json(200, completion(JSON.stringify({ body: 'Hello Dana', evidence: [] }))));
    expect(await ask()).toEqual({ body: 'Hello Dana', evidence: [] });
    const req = server.requests.at(-1)!;
    expect(req.url).toBe('/v1/chat/completions');
    const body = JSON.parse(req.body);
    expect(body.model).toBe('llama3.1');
    expect(body.response_format.type).toBe('json_schema');
    expect(body.response_format.json_schema.schema.required).toEqual(['body', 'evidence']);
    expect(req.headers.authorization).toBe('Bearer no-key');
  });

  it('a timeout gives a clear message naming the endpoint and the limit', async () => {
    server.next(() => {}, () => {}); // never answers (the client retries once)
    await expect(ask(300)).rejects.toThrow(/The model at 127\.0\.0\.1:\d+ did not answer within 300 ms/);
  });

  it('429 says the endpoint is rate-limiting', async () => {
    const limited = json(429, { error: { message: 'Rate limit', type: 'requests', code: 'rate_limit_exceeded' } }, { 'retry-after': '0' });
    server.next(limited, limited);
    await expect(ask()).rejects.toThrow(/rate-limiting requests \(HTTP 429\)/);
  });

  it('malformed JSON content is refused with a clear message', async () => {
    server.next(json(200, completion('Sure! Here is your draft: Hello Dana')));
    await expect(ask()).rejects.toThrow(/did not answer in JSON/);
  });

  it('JSON of the wrong shape names the missing field', async () => {
    server.next(json(200, completion(JSON.stringify({ text: 'Hello' }))));
    await expect(ask()).rejects.toThrow(/body: .*expected string/i);
  });

  it('an unreachable endpoint says so', async () => {
    const c = createModelClient({ baseUrl: 'http://127.0.0.1:9/v1', model: 'x', timeoutMs: 2_000 }, 'sk-test');
    await expect(c.completeJson('x', Out, [{ role: 'user', content: 'hi' }])).rejects.toThrow(/Could not reach the model at 127.0.0.1:9/);
  });
});

describe('model client: a streamed tool turn (stream: true, Server-Sent Events)', () => {
  let server: Awaited<ReturnType<typeof localServer>>;
  beforeAll(async () => {
    server = await localServer();
  });
  afterAll(() => server.close());
  const Answer = z.object({ text: z.string(), sources: z.array(z.unknown()) });
  const client = (timeoutMs = 5_000) => createModelClient({ baseUrl: `${server.url}/v1`, model: 'llama3.1', timeoutMs }, null);
  const turn = (onContent: (f: string) => void, timeoutMs?: number) =>
    client(timeoutMs).completeWithTools!('chat_answer', Answer, [{ role: 'user', content: 'who needs a follow-up?' }], [{ name: 'leads.today', description: 'Today', parameters: { type: 'object', properties: {} } }], { onContent });
  const streamed = (message: ChatCompletionLike['choices'][number]['message'], finish = 'stop'): ChatCompletionLike => ({ id: 'chatcmpl-s1', created: 1, model: 'llama3.1', choices: [{ index: 0, message, finish_reason: finish }] });
  /** SSE headers, then the chunks one write each (checked against the OpenAI spec first). */
  const sse = (chunks: unknown[]) => {
    const body = sseBody(chunks);
    expect(checkOpenAiStream(body)).toEqual([]);
    return parseSse(body).map((e) => `data: ${e.data}\n\n`);
  };

  it('hands each content fragment over as it arrives, before the stream ends, and returns the whole content', async () => {
    const content = JSON.stringify({ text: 'Dana asked for pricing: follow up today.', sources: [] });
    const events = sse(completionToChunks(streamed({ content })));
    let heard!: () => void;
    const firstFragment = new Promise<void>((r) => (heard = r));
    server.next((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(events.slice(0, 4).join(''));
      // The rest is held until the client has handed on a fragment: proof it streams.
      void firstFragment.then(() => res.end(events.slice(4).join('')));
    });
    const fragments: string[] = [];
    const result = await turn((f) => {
      fragments.push(f);
      heard();
    });
    expect(result).toEqual({ content, toolCalls: [] });
    expect(fragments.length).toBeGreaterThan(5);
    expect(fragments.join('')).toBe(content);
    expect(JSON.parse(server.requests.at(-1)!.body)).toMatchObject({ stream: true, tool_choice: 'auto', response_format: { type: 'json_schema' } });
  });

  it('assembles tool calls from their deltas, in order', async () => {
    const tool_calls = [
      { id: 'call_a', type: 'function', function: { name: 'leads.today', arguments: '{}' } },
      { id: 'call_b', type: 'function', function: { name: 'lead.explain', arguments: JSON.stringify({ query: 'Dana Whitfield at Northwind' }) } },
    ];
    const events = sse(completionToChunks(streamed({ content: null, tool_calls }, 'tool_calls')));
    server.next((_req, res) => res.writeHead(200, { 'content-type': 'text/event-stream' }).end(events.join('')));
    const fragments: string[] = [];
    expect(await turn((f) => fragments.push(f))).toEqual({ content: null, toolCalls: tool_calls.map((c) => ({ id: c.id, name: c.function.name, arguments: c.function.arguments })) });
    expect(fragments).toEqual([]);
  });

  it('a stream that goes quiet is cut after the timeout, with a clear message', async () => {
    const events = sse(completionToChunks(streamed({ content: '{"text":"Dana' })));
    server.next((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(events.slice(0, 3).join('')); // and then nothing
    });
    const fragments: string[] = [];
    await expect(turn((f) => fragments.push(f), 400)).rejects.toThrow(/The model at 127\.0\.0\.1:\d+ stopped answering for 400 ms/);
    expect(fragments.length).toBeGreaterThan(0);
  });

  it('Stop cuts the stream at once (not after the timeout) with its own message', async () => {
    const events = sse(completionToChunks(streamed({ content: '{"text":"Dana asked for pricing"}' })));
    server.next((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(events.slice(0, 3).join('')); // and then nothing
    });
    const stop = new AbortController();
    const started = Date.now();
    const call = client(60_000).completeWithTools!('chat_answer', Answer, [{ role: 'user', content: 'hi' }], [], { onContent: () => stop.abort(), signal: stop.signal });
    await expect(call).rejects.toThrow(/^Stopped before the model finished\.$/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a refusal, an error status, an empty stream and a body that is neither are clear errors', async () => {
    server.next((_req, res) => res.writeHead(200, { 'content-type': 'text/event-stream' }).end(sse(completionToChunks(streamed({ content: null, refusal: 'I cannot help with that.' }))).join('')));
    await expect(turn(() => {})).rejects.toThrow(/The model declined: I cannot help with that\./);
    const limited = json(429, { error: { message: 'Rate limit', type: 'requests', code: 'rate_limit_exceeded' } }, { 'retry-after': '0' });
    server.next(limited, limited);
    await expect(turn(() => {})).rejects.toThrow(/rate-limiting requests \(HTTP 429\)/);
    server.next((_req, res) => res.writeHead(200, { 'content-type': 'text/event-stream' }).end('data: [DONE]\n\n'));
    await expect(turn(() => {})).rejects.toThrow(/sent an empty stream/);
    server.next((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('Bad gateway, try later'));
    await expect(turn(() => {})).rejects.toThrow(/answered neither a stream nor a JSON completion/);
  });

  it('a server that ignores stream: true and answers one JSON completion is taken whole', async () => {
    const content = JSON.stringify({ text: 'Hi', sources: [] });
    server.next(json(200, completion(content)));
    const fragments: string[] = [];
    expect(await turn((f) => fragments.push(f))).toEqual({ content, toolCalls: [] });
    expect(fragments).toEqual([content]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
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

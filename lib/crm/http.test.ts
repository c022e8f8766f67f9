import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { json, localServer } from '../../test/http';
import { CrmApiError, CrmHttp } from './http';

const Thing = z.object({ id: z.string(), name: z.string() });

describe('CRM HTTP layer', () => {
  let server: Awaited<ReturnType<typeof localServer>>;
  const waits: number[] = [];
  beforeAll(async () => {
    server = await localServer();
  });
  afterAll(() => server.close());
  const http = () =>
    new CrmHttp({
      crm: 'hubspot',
      baseUrl: server.url,
      auth: async () => ({ Authorization: 'Bearer pat-na1-secret-token' }),
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
  const get = () => http().request('getThing', { method: 'GET', path: '/things/1', schema: Thing, idempotent: true });

  it('waits out a 429 as Retry-After says, then succeeds', async () => {
    waits.length = 0;
    server.next(json(429, { message: 'You have reached your ten_secondly_rolling limit.', policyName: 'TEN_SECONDLY_ROLLING' }, { 'retry-after': '2' }), json(200, { id: '1', name: 'Acme' }));
    expect((await get()).data).toEqual({ id: '1', name: 'Acme' });
    expect(waits).toEqual([2000]);
  });

  it('retries an idempotent call through a 5xx burst with backoff', async () => {
    waits.length = 0;
    server.next(json(502, {}), json(503, {}), json(200, { id: '1', name: 'Acme' }));
    expect((await get()).data.name).toBe('Acme');
    expect(waits).toEqual([500, 1000]);
  });

  it('never repeats a non-idempotent create after a 5xx (it may have happened), but does after a 429', async () => {
    const create = () => http().request('create', { method: 'POST', path: '/things', body: { name: 'Acme' }, schema: Thing, idempotent: false });
    server.next(json(503, {}));
    await expect(create()).rejects.toMatchObject({ kind: 'server', retryable: true });
    server.next(json(429, {}, { 'retry-after': '0' }), json(201, { id: '9', name: 'Acme' }));
    expect((await create()).data.id).toBe('9');
  });

  it('gives up after the attempt limit with a retryable error, so the caller keeps the write', async () => {
    const limited = json(503, {});
    server.next(limited, limited, limited, limited, limited, limited);
    await expect(get()).rejects.toMatchObject({ kind: 'server', retryable: true, userMessage: expect.stringMatching(/HubSpot is having trouble \(HTTP 503\)/) });
  });

  it('a vendor-specific rate-limit answer (isRateLimited) is waited out like a 429, keeping its real status', async () => {
    waits.length = 0;
    const limited = new CrmHttp({
      crm: 'salesforce',
      baseUrl: server.url,
      auth: async () => ({ Authorization: 'Bearer 00D-secret-session' }),
      sleep: async (ms) => void waits.push(ms),
      isRateLimited: (res, body) => res.status === 403 && Array.isArray(body) && body[0]?.errorCode === 'REQUEST_LIMIT_EXCEEDED',
      rateLimitWaitMs: () => 1234,
    });
    const overLimit = json(403, [{ errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'ConcurrentPerOrgLongTxn Limit exceeded.' }]);
    server.next(overLimit, json(200, { id: '1', name: 'Acme' }));
    expect((await limited.request('getThing', { method: 'GET', path: '/things/1', schema: Thing, idempotent: false })).data.name).toBe('Acme');
    expect(waits).toEqual([1234]);
    server.next(overLimit, overLimit, overLimit, overLimit, overLimit, overLimit);
    await expect(limited.request('getThing', { method: 'GET', path: '/things/1', schema: Thing, idempotent: true })).rejects.toMatchObject({ kind: 'rate_limit', status: 403, retryable: true });
    server.next(json(403, [{ errorCode: 'INSUFFICIENT_ACCESS', message: 'no' }]));
    await expect(limited.request('getThing', { method: 'GET', path: '/things/1', schema: Thing, idempotent: true })).rejects.toMatchObject({ kind: 'auth', status: 403 });
  });

  it('401 asks the rep to reconnect and is not retried', async () => {
    server.next(json(401, { message: 'Authentication credentials not found. pat-na1-secret-token' }));
    const error = await get().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmApiError);
    expect(error).toMatchObject({ kind: 'auth', userMessage: expect.stringMatching(/reconnect HubSpot/) });
    expect(String((error as Error).message)).not.toContain('pat-na1-secret-token');
  });

  it('an answer of the wrong shape names the field', async () => {
    server.next(json(200, { id: 1, name: 'Acme' }));
    await expect(get()).rejects.toMatchObject({ kind: 'invalid_response', userMessage: expect.stringMatching(/\(id: .*expected string/i) });
  });
});

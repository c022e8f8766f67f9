import type { BrowserContext, Route } from '@playwright/test';
import type { ContractLog } from './contract';
import { INJECTED_HEADER } from './upstream';

export interface ForwardOptions {
  vendor: string;
  /** Real vendor URLs to intercept (context.route globs). */
  urls: string[];
  prismPort: number;
  /** Maps the real URL to the path+query as the spec's paths are written. */
  toSpecPath: (url: URL) => string;
  log: ContractLog;
  /** Spec defects the vendor's documentation contradicts: not counted (say why at the call site). */
  knownSpecGap?: (violation: { location: string[]; code?: string | number; message: string }) => boolean;
  /**
   * Checks a `text/event-stream` response body, which Prism cannot (it validates it as one JSON
   * document); returns the problems. An SSE answer without a checker is recorded as unchecked.
   */
  eventStream?: (body: string) => string[];
}

// Hop-by-hop and framing headers: fetch() refuses or recomputes them.
const DROP_REQUEST = new Set(['host', 'connection', 'keep-alive', 'content-length', 'transfer-encoding', 'upgrade', 'expect', 'accept-encoding', 'proxy-connection']);
const DROP_RESPONSE = new Set(['connection', 'keep-alive', 'content-length', 'transfer-encoding', 'content-encoding', 'date', 'sl-violations', INJECTED_HEADER]);
const UNDECLARED_STATUS = 'Unable to match the returned status code';
const SSE_AS_JSON = 'Response body must be object';

/**
 * Answers the vendor's real URLs (from pages and from the extension's service worker alike) by
 * forwarding each request to Prism, which validates it, forwards it to the scripted stand-in and
 * validates the stand-in's answer. Every `sl-violations` entry lands in the test's ContractLog.
 * Returns a function that aborts forwards still in flight (a held or hung stand-in).
 */
export async function forwardThroughPrism(context: BrowserContext, options: ForwardOptions): Promise<() => void> {
  const inFlight = new Set<AbortController>();
  const handler = async (route: Route): Promise<void> => {
    const request = route.request();
    const url = new URL(request.url());
    const label = `${request.method()} ${url.href}`;
    if (request.method() === 'OPTIONS') {
      // CORS preflight (content-script or web-page callers): the vendors allow it; specs don't list OPTIONS.
      await route.fulfill({ status: 204, headers: { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*', 'access-control-allow-methods': '*' } }).catch(() => {});
      return;
    }
    const headers: Record<string, string> = { 'accept-encoding': 'identity' };
    for (const [name, value] of Object.entries(await request.allHeaders())) {
      if (!name.startsWith(':') && !DROP_REQUEST.has(name)) headers[name] = value;
    }
    const body = request.postDataBuffer();
    const abort = new AbortController();
    inFlight.add(abort);
    let response: Response;
    let payload: Buffer;
    try {
      response = await fetch(`http://127.0.0.1:${options.prismPort}${options.toSpecPath(url)}`, {
        method: request.method(),
        headers,
        body: body && !['GET', 'HEAD'].includes(request.method()) ? new Uint8Array(body) : undefined,
        redirect: 'manual',
        signal: abort.signal,
      });
      payload = Buffer.from(await response.arrayBuffer());
    } catch (error) {
      if (!abort.signal.aborted) {
        options.log.record({ vendor: options.vendor, request: label, source: 'harness', location: [], severity: 'Error', message: `forwarding to Prism failed: ${String(error)}` });
      }
      await route.abort('failed').catch(() => {});
      return;
    } finally {
      inFlight.delete(abort);
    }
    const injected = response.headers.has(INJECTED_HEADER);
    const eventStream = response.headers.get('content-type')?.startsWith('text/event-stream') ?? false;
    const reported = response.headers.get('sl-violations');
    if (reported) {
      for (const v of JSON.parse(reported) as { location?: string[]; severity: string; code?: string | number; message: string }[]) {
        if (injected && v.message.startsWith(UNDECLARED_STATUS)) continue; // a scripted error status the spec does not list
        // Prism validates an SSE body as one JSON document, so it always finds this: the events are checked below instead.
        if (eventStream && v.location?.join('.') === 'response.body' && v.message === SSE_AS_JSON) continue;
        if (options.knownSpecGap?.({ location: v.location ?? [], code: v.code, message: v.message })) continue;
        options.log.record({ vendor: options.vendor, request: label, source: 'prism', location: v.location ?? [], severity: v.severity, code: v.code, message: v.message });
      }
    }
    if (eventStream) {
      let problems: string[];
      try {
        problems = options.eventStream?.(payload.toString('utf8')) ?? ['a text/event-stream answer nobody checked: Prism cannot validate SSE, and no eventStream checker was given'];
      } catch (error) {
        problems = [`the event-stream check failed: ${String(error)}`];
      }
      for (const message of problems) options.log.record({ vendor: options.vendor, request: label, source: 'harness', location: ['response', 'body'], severity: 'Error', message });
    }
    const out: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      if (!DROP_RESPONSE.has(name)) out[name] = value;
    });
    // The page or worker may have given up meanwhile (timeout, worker stopped): nothing to answer.
    await route.fulfill({ status: response.status, headers: out, body: payload }).catch(() => {});
  };
  for (const glob of options.urls) await context.route(glob, handler);
  return () => {
    for (const abort of inFlight) abort.abort();
    inFlight.clear();
  };
}

// Plain forwarding, for stand-ins that check requests themselves (test/standins/*).
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'content-length', 'transfer-encoding', 'content-encoding', 'host']);
const passHeaders = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).filter(([k]) => !k.startsWith(':') && !HOP_BY_HOP.has(k)));

/** Answers `glob` (the CRM's real API URL) with `send`, which gets the same request aimed at a stand-in. */
export async function answerApi(context: BrowserContext, glob: string, send: (url: URL, init: RequestInit) => Promise<Response>): Promise<void> {
  await context.route(glob, async (route) => {
    const req = route.request();
    const body = req.postDataBuffer();
    const res = await send(new URL(req.url()), { method: req.method(), headers: passHeaders(await req.allHeaders()), body: body && req.method() !== 'GET' ? new Uint8Array(body) : undefined });
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => !HOP_BY_HOP.has(k) && (headers[k] = v));
    await route.fulfill({ status: res.status, headers, body: Buffer.from(await res.arrayBuffer()) }).catch(() => {});
  });
}

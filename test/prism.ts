import { rm } from 'node:fs/promises';
import { freePort, startPrism, type PrismTarget, type RunningPrism } from '../e2e/support/prism';
import { INJECTED_HEADER, Upstream, type StandinHandler } from '../e2e/support/upstream';

/**
 * Prism in proxy mode for Vitest: the same start code as the e2e harness (e2e/support/prism.ts) and
 * the same node:http stand-in server (e2e/support/upstream.ts), so a client under unit test meets
 * the vendor's spec both ways: Prism validates every request, forwards it to the scripted stand-in
 * and validates the stand-in's answer, listing any violation in the `sl-violations` header.
 */

export interface PrismViolation {
  /** The client's call, e.g. "GET /api/v2/persons/search?term=…". */
  request: string;
  location: string[];
  severity: string;
  code?: string | number;
  message: string;
}

export interface ValidatingProxy {
  /** Prism's own URL: requests go here, with paths as the spec writes them. */
  url: string;
  upstream: Upstream;
  prism: RunningPrism;
  stop(): Promise<void>;
}

const UNDECLARED_STATUS = 'Unable to match the returned status code';

/**
 * Starts a stand-in on a free port and `prism proxy SPEC` in front of it. `specFile` is a file in
 * ../shared/specs (or $SHARED_DIR/specs), read in place.
 */
export async function startValidatingProxy(name: string, specFile: string, handler: StandinHandler): Promise<ValidatingProxy> {
  const upstreamPort = await freePort();
  const upstream = await Upstream.listen(name, upstreamPort);
  upstream.handler = handler;
  const port = await freePort();
  // startPrism only reads `vendor` (log file name) and `spec`; its vendor union lists the e2e
  // vendors, so a unit-test target is widened here. The pid keeps parallel test files' logs apart.
  const target = { vendor: `${name}-${process.pid}`, spec: specFile, portEnv: '', upstreamEnv: '' } as unknown as PrismTarget;
  let prism: RunningPrism;
  try {
    prism = await startPrism(target, port, upstreamPort);
  } catch (error) {
    await upstream.close();
    throw error;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    upstream,
    prism,
    async stop() {
      await stopPrism(prism);
      await upstream.close();
      // The log matters when Prism fails to start (startPrism then names it); a clean run drops it.
      await rm(prism.log, { force: true });
    },
  };
}

export async function stopPrism(prism: RunningPrism): Promise<void> {
  const child = prism.process;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/**
 * Reads and strips Prism's `sl-violations` (and the stand-in's injected-status marker) from a
 * response. A status the stand-in injected on purpose (a 429, a 401, a 503 the spec does not
 * declare) excuses only Prism's "undeclared status" finding; everything else is returned.
 */
export function takeViolations(request: string, res: Response): { violations: PrismViolation[]; res: Response } {
  const reported = res.headers.get('sl-violations');
  const injected = res.headers.has(INJECTED_HEADER);
  const violations: PrismViolation[] = [];
  if (reported) {
    for (const v of JSON.parse(reported) as { location?: string[]; severity: string; code?: string | number; message: string }[]) {
      if (injected && v.message.startsWith(UNDECLARED_STATUS)) continue;
      violations.push({ request, location: v.location ?? [], severity: v.severity, code: v.code, message: v.message });
    }
  }
  if (!reported && !injected) return { violations, res };
  const headers = new Headers(res.headers);
  headers.delete('sl-violations');
  headers.delete(INJECTED_HEADER);
  return { violations, res: new Response(res.body, { status: res.status, statusText: res.statusText, headers }) };
}

export const formatViolation = (v: PrismViolation): string =>
  `${v.request} ${v.severity} ${v.location.join('.')}${v.code === undefined ? '' : ` (${v.code})`}: ${v.message}`;

/**
 * A fetch for the client under test that sends each call to the Prism serving its spec: `routes`
 * maps a path prefix of the real URL (e.g. "/api/v2") to a Prism URL, the rest of the path being
 * what the spec's paths say. Every violation lands in `log`; a call no route covers throws.
 */
export function prismFetch(routes: { prefix: string; prism: string }[], log: PrismViolation[]): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const route = routes.find((r) => url.pathname === r.prefix || url.pathname.startsWith(`${r.prefix}/`));
    if (!route) throw new Error(`no Prism route for ${url.pathname}`);
    const target = `${route.prism}${url.pathname.slice(route.prefix.length)}${url.search}`;
    const { violations, res } = takeViolations(`${init?.method ?? 'GET'} ${url.pathname}${url.search}`, await fetch(target, init));
    log.push(...violations);
    return res;
  };
}

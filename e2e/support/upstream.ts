import http from 'node:http';

/** A request as the scripted stand-in sees it (after Prism forwarded it). */
export interface StandinRequest {
  method: string;
  /** Path as written in the spec, e.g. /gmail/v1/users/me/profile or /chat/completions. */
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface StandinResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** A deliberately injected error status the spec may not declare (see forwarder). */
  injected?: boolean;
}

export type StandinHandler = (req: StandinRequest) => Promise<StandinResponse> | StandinResponse;

/** Header the forwarder reads (then strips) to excuse Prism's "undeclared status" warning. */
export const INJECTED_HEADER = 'x-standin-injected';

/**
 * The node:http server Prism forwards to. It lives for the whole worker (Prism knows its port);
 * each test plugs in its own handler and `reset()` drops whatever a test left hanging.
 */
export class Upstream {
  handler: StandinHandler | null = null;
  private readonly server: http.Server;
  private readonly open = new Set<http.ServerResponse>();

  private constructor(readonly name: string, server: http.Server) {
    this.server = server;
  }

  static async listen(name: string, port: number): Promise<Upstream> {
    const server = http.createServer();
    const upstream = new Upstream(name, server);
    server.on('request', (req, res) => void upstream.serve(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    return upstream;
  }

  private async serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    this.open.add(res);
    res.once('close', () => this.open.delete(res));
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://upstream');
    const request: StandinRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
    let answer: StandinResponse;
    try {
      answer = this.handler ? await this.handler(request) : { status: 503, body: { error: `no ${this.name} stand-in installed for this test` } };
    } catch (error) {
      answer = { status: 500, body: { error: `${this.name} stand-in threw: ${error instanceof Error ? error.stack : String(error)}` } };
    }
    if (res.destroyed || res.writableEnded) return;
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=UTF-8', ...answer.headers };
    if (answer.injected) headers[INJECTED_HEADER] = '1';
    res.writeHead(answer.status, headers);
    res.end(answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
  }

  /** Between tests: forget the handler and cut any response a test left hanging. */
  reset(): void {
    this.handler = null;
    for (const res of this.open) res.destroy();
    this.open.clear();
  }

  async close(): Promise<void> {
    this.reset();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { repoRoot, runDir, specPath } from './paths';

/**
 * One Prism proxy per vendor spec, started once per run by global-setup. Prism forwards every
 * request to the scripted stand-in on `upstreamPort` (served inside the test worker) and reports
 * request and response contract violations in the `sl-violations` header.
 */
export interface PrismTarget {
  vendor: 'gmail' | 'openai';
  spec: string;
  /** Env var carrying Prism's port to the workers. */
  portEnv: string;
  /** Env var carrying the stand-in upstream port to the workers. */
  upstreamEnv: string;
}

export const prismTargets: readonly PrismTarget[] = [
  { vendor: 'gmail', spec: 'gmail-v1-openapi.json', portEnv: 'E2E_PRISM_GMAIL_PORT', upstreamEnv: 'E2E_UPSTREAM_GMAIL_PORT' },
  { vendor: 'openai', spec: 'openai-openapi.json', portEnv: 'E2E_PRISM_OPENAI_PORT', upstreamEnv: 'E2E_UPSTREAM_OPENAI_PORT' },
];

export function envPort(name: string): number {
  const value = Number(process.env[name]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} is not set: run the e2e tests through playwright.config.ts (its globalSetup starts Prism)`);
  return value;
}

export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function canConnect(port: number): Promise<boolean> {
  return await new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

export interface RunningPrism { target: PrismTarget; port: number; process: ChildProcess; startupMs: number; log: string }

export async function startPrism(target: PrismTarget, port: number, upstreamPort: number, timeoutMs = 60_000): Promise<RunningPrism> {
  const spec = specPath(target.spec);
  if (!fs.existsSync(spec)) throw new Error(`spec not found: ${spec} (set SHARED_DIR to the shared/ folder)`);
  fs.mkdirSync(runDir, { recursive: true });
  const log = path.join(runDir, `prism-${target.vendor}.log`);
  const out = fs.openSync(log, 'w');
  const started = Date.now();
  const child = spawn(
    path.join(repoRoot, 'node_modules/.bin/prism'),
    ['proxy', spec, `http://127.0.0.1:${upstreamPort}`, '--host', '127.0.0.1', '--port', String(port), '--errors=false'],
    // Prism's shebang is `env node`: put the pinned Node 24 first on PATH.
    { stdio: ['ignore', out, out], env: { ...process.env, PATH: `${path.join(repoRoot, 'node_modules/.bin')}:${process.env.PATH ?? ''}` } },
  );
  fs.closeSync(out);
  let exited: number | null = null;
  child.once('exit', (code) => { exited = code ?? -1; });
  while (!(await canConnect(port))) {
    if (exited !== null) throw new Error(`Prism (${target.vendor}) exited with ${exited}; see ${log}`);
    if (Date.now() - started > timeoutMs) { child.kill(); throw new Error(`Prism (${target.vendor}) did not listen within ${timeoutMs} ms; see ${log}`); }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { target, port, process: child, startupMs: Date.now() - started, log };
}

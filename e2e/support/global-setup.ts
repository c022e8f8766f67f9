import { freePort, prismTargets, startPrism, type RunningPrism } from './prism';

/** Starts one Prism proxy per vendor spec for the whole run; workers read the ports from env. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const planned = await Promise.all(prismTargets.map(async (target) => ({ target, port: await freePort(), upstream: await freePort() })));
  const started = Date.now();
  const results = await Promise.allSettled(planned.map(({ target, port, upstream }) => startPrism(target, port, upstream)));
  const running = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const stop = async (): Promise<void> => { await Promise.all(running.map(stopPrism)); };
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) { await stop(); throw failed.reason; }
  for (const { target, port, upstream } of planned) {
    process.env[target.portEnv] = String(port);
    process.env[target.upstreamEnv] = String(upstream);
  }
  console.log(`[e2e] Prism ready in ${Date.now() - started} ms (${running.map((p) => `${p.target.vendor} ${p.startupMs} ms`).join(', ')})`);
  return stop;
}

async function stopPrism(prism: RunningPrism): Promise<void> {
  if (prism.process.exitCode !== null || prism.process.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => prism.process.once('exit', () => resolve()));
  prism.process.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
  if (prism.process.exitCode === null && prism.process.signalCode === null) prism.process.kill('SIGKILL');
}

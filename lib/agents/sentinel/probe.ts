/** A probe that did not answer in time. A hanging endpoint is a finding, never a hang. */
export class ProbeTimeout extends Error {
  constructor(
    readonly probe: string,
    readonly ms: number,
  ) {
    super(`${probe} did not answer within ${ms} ms`);
    this.name = 'ProbeTimeout';
  }
}

/**
 * Runs `fn` with a deadline. The abort signal is handed to the probe so it can cancel its request;
 * the deadline holds whether or not it does.
 */
export function withTimeout<T>(probe: string, ms: number, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new ProbeTimeout(probe, ms);
      controller.abort(err);
      reject(err);
    }, ms);
  });
  const run = Promise.resolve().then(() => fn(controller.signal));
  // The loser of the race may still settle later: keep its rejection from going unhandled.
  run.catch(() => undefined);
  return Promise.race([run, deadline]).finally(() => clearTimeout(timer));
}

export const errorMessage = (e: unknown): string => (e instanceof Error ? e.message : String(e));

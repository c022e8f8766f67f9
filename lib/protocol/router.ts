import { z } from 'zod';
import { UserFacingError } from './errors';
import { Request, type Envelope, type RequestOf, type RequestType } from './messages';
import { mayRequest } from './policy';
import type { SenderContext } from './sender';

export type Handlers = { [T in RequestType]: (req: RequestOf<T>, sender: SenderContext) => Promise<unknown> };

/**
 * Parse, check the sender against the policy table, then dispatch. Nothing reaches a handler
 * unparsed or from a context that may not ask; every outcome is an envelope, never a throw.
 */
export async function route(raw: unknown, sender: SenderContext, handlers: Handlers, log: (e: unknown) => void): Promise<Envelope<unknown>> {
  const parsed = Request.safeParse(raw);
  if (!parsed.success) {
    const type = typeof raw === 'object' && raw !== null && 'type' in raw ? String((raw as { type: unknown }).type).slice(0, 60) : 'unknown';
    return { ok: false, error: { code: 'invalid_request', message: `Malformed '${type}' message: ${z.prettifyError(parsed.error).replace(/\n/g, ' ')}` } };
  }
  const req = parsed.data;
  const allowed = mayRequest(sender, req.type);
  if (!allowed.ok) return { ok: false, error: { code: 'forbidden', message: allowed.message } };
  try {
    const handler = handlers[req.type] as (r: Request, s: SenderContext) => Promise<unknown>;
    return { ok: true, data: await handler(req, sender) };
  } catch (e) {
    if (e instanceof UserFacingError) return { ok: false, error: { code: e.code, message: e.message } };
    log(e);
    return { ok: false, error: { code: 'internal', message: 'Something went wrong inside Countersign; nothing was lost. Details are in the background console.' } };
  }
}

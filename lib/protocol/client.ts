import { browser } from 'wxt/browser';
import type { Envelope, ErrorCode, RequestOf, RequestType } from './messages';
import type { Responses } from './responses';

export class RequestError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RequestError';
  }
}

/** Typed request to the background. Rejects with a RequestError carrying the user-facing message. */
export async function request<T extends RequestType>(req: RequestOf<T> | (Omit<RequestOf<T>, never> & { type: T })): Promise<Responses[T]> {
  let envelope: Envelope<Responses[T]> | undefined;
  try {
    envelope = (await browser.runtime.sendMessage(req)) as Envelope<Responses[T]> | undefined;
  } catch (e) {
    throw new RequestError('internal', `Countersign's background is not reachable (${e instanceof Error ? e.message : String(e)}). Reload the page.`);
  }
  if (!envelope) throw new RequestError('internal', 'Countersign did not answer. Reload the page.');
  if (!envelope.ok) throw new RequestError(envelope.error.code, envelope.error.message);
  return envelope.data;
}

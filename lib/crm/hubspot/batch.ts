import { CrmApiError } from '../http';
import type { ItemResult } from '../model';
import type { BatchResponse, StandardError } from './schemas';

/**
 * Splits items into chunks of at most `size`, never putting two items with the same key in one
 * chunk (HubSpot rejects a whole batch that names the same record twice); a repeat goes to a
 * later chunk, so it is applied after the first, in input order.
 */
export function chunkUnique<T>(items: T[], size: number, keyOf: (item: T) => string | null): T[][] {
  const chunks: { items: T[]; keys: Set<string> }[] = [];
  let open = 0;
  for (const item of items) {
    const key = keyOf(item);
    let i = open;
    while (i < chunks.length && (chunks[i]!.items.length >= size || (key !== null && chunks[i]!.keys.has(key)))) i++;
    if (i === chunks.length) chunks.push({ items: [], keys: new Set() });
    const chunk = chunks[i]!;
    chunk.items.push(item);
    if (key !== null) chunk.keys.add(key);
    while (open < chunks.length && chunks[open]!.items.length >= size) open++;
  }
  return chunks.map((c) => c.items);
}

/** One input of a batch call: its index in the caller's list, and what identifies it in answers. */
export interface SentItem {
  index: number;
  /** Sent as `objectWriteTraceId`; HubSpot echoes it on results and names it on 207 errors. */
  traceId: string;
  /** Lower-cased values an answer may name the item by when no trace id comes back (record id, email). */
  keys: string[];
}

export type BatchKind = 'upsert' | 'update' | 'create';

const RETRYABLE_CATEGORY = /RATE_LIMIT|INTERNAL|TIMEOUT|UNAVAILABLE/i;

export function describeError(e: StandardError): string {
  const details = (e.errors ?? []).map((d) => [d.message, d.in && `(${d.in})`].filter(Boolean).join(' ')).filter(Boolean);
  return [e.message ?? e.category ?? 'HubSpot rejected this item', ...details].join('; ');
}

/**
 * A batch answer (200, or 207 multi-status) → one ItemResult per sent item, by the caller's
 * index. HubSpot does not promise results in input order, so results are matched by trace id,
 * else by record id or key value; errors by the trace ids or ids in their `context`.
 */
export function mapBatchResults(kind: BatchKind, sent: SentItem[], response: BatchResponse, resultKeys: (r: BatchResponse['results'][number]) => string[]): ItemResult[] {
  const byTrace = new Map(sent.map((s) => [s.traceId, s]));
  const byKey = new Map(sent.flatMap((s) => s.keys.map((k) => [k.toLowerCase(), s] as const)));
  const done = new Map<number, ItemResult>();
  for (const r of response.results) {
    const item = (r.objectWriteTraceId && byTrace.get(r.objectWriteTraceId)) || resultKeys(r).map((k) => byKey.get(k.toLowerCase())).find(Boolean);
    if (!item || done.has(item.index)) continue;
    done.set(item.index, { index: item.index, ok: true, id: r.id, created: kind === 'create' ? true : kind === 'upsert' ? r.new === true : false });
  }
  const unattributed: StandardError[] = [];
  for (const e of response.errors ?? []) {
    const named = [...(e.context?.objectWriteTraceId ?? []).map((t) => byTrace.get(t)), ...(e.context?.ids ?? []).map((id) => byKey.get(id.toLowerCase()))].filter(
      (s): s is SentItem => s !== undefined,
    );
    if (named.length === 0) unattributed.push(e);
    for (const item of named) if (!done.has(item.index)) done.set(item.index, { index: item.index, ok: false, error: describeError(e), retryable: RETRYABLE_CATEGORY.test(e.category ?? '') });
  }
  return sent.map((s) => {
    const found = done.get(s.index);
    if (found) return found;
    if (unattributed.length > 0) {
      return { index: s.index, ok: false, error: unattributed.map(describeError).join(' | '), retryable: unattributed.every((e) => RETRYABLE_CATEGORY.test(e.category ?? '')) };
    }
    // No word on this item. Repeating an upsert or update is harmless; a create might duplicate.
    return kind === 'create'
      ? { index: s.index, ok: false, error: 'HubSpot did not report on this new record; check HubSpot before retrying so it is not created twice.', retryable: false }
      : { index: s.index, ok: false, error: 'HubSpot did not report on this item; Countersign will retry it.', retryable: true };
  });
}

/**
 * A whole chunk failed. Upserts and updates are safe to repeat, so the error's own retryability
 * stands. A create that failed with a 5xx, timeout or network error may still have happened
 * (only a 429 promises it did not), so it is not marked retryable: a blind retry could duplicate.
 */
export function chunkFailure(kind: BatchKind, sent: SentItem[], error: unknown): ItemResult[] {
  if (!(error instanceof CrmApiError)) throw error;
  const ambiguous = kind === 'create' && ['server', 'network', 'timeout', 'invalid_response'].includes(error.kind);
  const message = ambiguous ? `${error.userMessage} HubSpot may have created it anyway: check HubSpot before retrying.` : error.userMessage;
  const retryable = kind === 'create' ? error.kind === 'rate_limit' : error.retryable;
  return sent.map((s) => ({ index: s.index, ok: false as const, error: message, retryable }));
}

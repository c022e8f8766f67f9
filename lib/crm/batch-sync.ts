import { CrmApiError } from './http';
import type { CrmAdapter, ItemResult, ObjectType, Upsert } from './model';

export interface SyncReport {
  /** One final result per input, by input index. */
  results: ItemResult[];
  rounds: number;
}

export interface SyncOptions {
  /** Rounds over the still-pending items before giving up on them (they stay reported, retryable). */
  maxRounds?: number;
  sleep?: (ms: number) => Promise<void>;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Writes records through an adapter in the CRM's batch size. A batch that fails as a whole with
 * a retryable error (rate limit or outage outlasting the HTTP layer's own retries), and items
 * reported retryable inside a batch, go round again; nothing is dropped: every input ends with
 * exactly one result. Re-sending is safe because writes are upserts by id or natural key.
 */
export async function syncRecords<T extends ObjectType>(adapter: CrmAdapter, type: T, items: Upsert<T>[], opts: SyncOptions = {}): Promise<SyncReport> {
  const final = new Map<number, ItemResult>();
  let pending = items.map((_, i) => i);
  const size = Math.max(1, adapter.capabilities.batchSize);
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let round = 0;
  while (pending.length > 0 && round < (opts.maxRounds ?? 5)) {
    round += 1;
    const retry: number[] = [];
    for (let start = 0; start < pending.length; start += size) {
      const chunk = pending.slice(start, start + size);
      try {
        const { results } = await adapter.batchUpsert(type, chunk.map((i) => items[i]!));
        for (const r of results) {
          const index = chunk[r.index];
          if (index === undefined) continue;
          if (!r.ok && r.retryable) retry.push(index);
          else final.set(index, { ...r, index });
        }
        // An adapter that answered for fewer items than it was given: the rest go round again.
        for (const [k, index] of chunk.entries()) if (!results.some((r) => r.index === k) && !retry.includes(index)) retry.push(index);
      } catch (e) {
        if (!(e instanceof CrmApiError) || !e.retryable) {
          const message = e instanceof CrmApiError ? e.userMessage : e instanceof Error ? e.message : String(e);
          for (const index of chunk) final.set(index, { index, ok: false, error: message, retryable: false });
        } else retry.push(...chunk);
      }
      opts.onProgress?.(final.size, items.length);
    }
    pending = retry;
    if (pending.length) await sleep(1000 * round);
  }
  for (const index of pending) final.set(index, { index, ok: false, error: 'Still failing after several rounds; kept for the next sync.', retryable: true });
  return { results: items.map((_, i) => final.get(i)!), rounds: round };
}

import { CrmApiError } from '../../../crm/http';
import type { BatchResult, CrmAdapter, ObjectType, Upsert } from '../../../crm/model';

/**
 * Wraps an adapter so its writes break after `n` items: the first `n` items written (across
 * calls) go through; then, in 'report' mode, the rest of that batch is reported failed per item
 * (a CRM answering a partial failure); in 'throw' mode, the batch call throws after writing the
 * items it let through (a connection lost after the CRM applied part of the batch). Later calls
 * pass once `heal()` is called.
 */
export function failingAfter(inner: CrmAdapter, n: number, mode: 'report' | 'throw'): CrmAdapter & { heal(): void; written: number } {
  let healed = false;
  const state = { written: 0 };
  const batchUpsert = async <T extends ObjectType>(type: T, items: Upsert<T>[]): Promise<BatchResult> => {
    if (healed) return inner.batchUpsert(type, items);
    const allowed = Math.max(0, n - state.written);
    const head = items.slice(0, allowed);
    const done = head.length ? (await inner.batchUpsert(type, head)).results : [];
    state.written += head.length;
    if (head.length === items.length) return { results: done };
    if (mode === 'throw') throw new CrmApiError(inner.kind, 'client', 'connection reset after partial apply', 'The CRM stopped answering part-way through.', false);
    return { results: [...done, ...items.slice(allowed).map((_, i) => ({ index: allowed + i, ok: false as const, error: 'CRM refused the item (stand-in fault).', retryable: false }))] };
  };
  return new Proxy(inner, {
    get(target, prop) {
      if (prop === 'batchUpsert') return batchUpsert;
      if (prop === 'heal') return () => void (healed = true);
      if (prop === 'written') return state.written;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  }) as CrmAdapter & { heal(): void; written: number };
}

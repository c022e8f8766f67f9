import type { CrmAdapter, ObjectType, RecordOf } from './model';

/** Every record of a type, page by page, up to `limit`; `truncated` when the CRM holds more. */
export async function listAll<T extends ObjectType>(adapter: CrmAdapter, type: T, limit: number): Promise<{ items: RecordOf<T>[]; truncated: boolean }> {
  const items: RecordOf<T>[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: RecordOf<T>[]; next: string | null } = await adapter.list(type, cursor, 500);
    items.push(...page.items);
    cursor = page.next;
  } while (cursor && items.length < limit);
  return { items: items.slice(0, limit), truncated: cursor !== null || items.length > limit };
}

/**
 * The conversation list's rows and the thread id each carries. Pure, like adapter.ts. Rows of
 * Gmail before ~2018 carry no id in the DOM at all (InboxSDK read them from Gmail's own data), so
 * a row without one has `threadId: null`: unknown, never guessed.
 */
import { isGmailThreadId, isShown, permIdToHex } from './adapter';
import { queryHook } from './hooks';

export interface ListRow {
  row: Element;
  threadId: string | null;
}

function rowThreadId(row: Element): string | null {
  const carrier = queryHook(row, 'threadListRowId')[0];
  if (!carrier) return null;
  const legacy = (carrier.getAttribute('data-legacy-thread-id') ?? '').trim().toLowerCase();
  if (isGmailThreadId(legacy)) return legacy;
  // data-thread-id="#thread-f:DECIMAL"
  return permIdToHex((carrier.getAttribute('data-thread-id') ?? '').replace(/^#/, ''));
}

/** Rows of the shown conversation list, in page order. */
export function readThreadList(doc: ParentNode): ListRow[] {
  return queryHook(doc, 'threadListRow', isShown).map((row) => ({ row, threadId: rowThreadId(row) }));
}

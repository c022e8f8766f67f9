import type { Page } from '@playwright/test';

/**
 * page.evaluate for functions with inner named functions: tsx (esbuild, keepNames) rewrites them to
 * call a `__name` helper that exists only in Node, so the page gets a no-op one in the same scope.
 */
export function inPage<A, R>(page: Page, fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> {
  return page.evaluate(`(() => { const __name = (f) => f; return (${fn.toString()})(${JSON.stringify(arg)}); })()`) as Promise<R>;
}

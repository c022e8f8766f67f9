import type { SyntheticEvent } from 'react';

/**
 * Runs `handler` only for events the browser generated from real input. A script on the host
 * page can reach an open shadow root and dispatch synthetic clicks, inputs or keys; those carry
 * `isTrusted === false` and must do nothing.
 */
export function trusted<E extends SyntheticEvent>(handler: (event: E) => void): (event: E) => void {
  return (event) => {
    if (!event.nativeEvent.isTrusted) return;
    handler(event);
  };
}

import type { SyntheticEvent } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { trusted } from './trusted';

const event = (isTrusted: boolean) => ({ nativeEvent: { isTrusted } }) as unknown as SyntheticEvent;

describe('trusted', () => {
  it('runs the handler for events the browser generated from real input', () => {
    const handler = vi.fn();
    trusted(handler)(event(true));
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('ignores events a page script synthesised', () => {
    const handler = vi.fn();
    trusted(handler)(event(false));
    expect(handler).not.toHaveBeenCalled();
  });
});

import type { ErrorCode } from './messages';

/** An error whose message is written for the person using Countersign. */
export class UserFacingError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'UserFacingError';
  }
}

export const forbidden = (message: string) => new UserFacingError('forbidden', message);
export const notFound = (what: string) => new UserFacingError('not_found', `${what} was not found.`);
export const conflict = (message: string) => new UserFacingError('conflict', message);

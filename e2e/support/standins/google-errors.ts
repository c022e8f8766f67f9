const REASONS: Record<number, [reason: string, status: string, message: string]> = {
  400: ['badRequest', 'INVALID_ARGUMENT', 'Invalid argument'],
  401: ['authError', 'UNAUTHENTICATED', 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.'],
  403: ['insufficientPermissions', 'PERMISSION_DENIED', 'Request had insufficient authentication scopes.'],
  404: ['notFound', 'NOT_FOUND', 'Requested entity was not found.'],
  429: ['rateLimitExceeded', 'RESOURCE_EXHAUSTED', 'Quota exceeded for quota metric \'Queries\' and limit \'Queries per minute per user\'.'],
  500: ['backendError', 'INTERNAL', 'Internal error encountered.'],
  503: ['backendError', 'UNAVAILABLE', 'The service is currently unavailable.'],
};

/** The JSON error body Google APIs send (https://cloud.google.com/apis/design/errors). */
export function googleError(code: number, message?: string): { error: { code: number; message: string; errors: { message: string; domain: string; reason: string }[]; status: string } } {
  const [reason, status, fallback] = REASONS[code] ?? ['unknown', 'UNKNOWN', `HTTP ${code}`];
  const text = message ?? fallback;
  return { error: { code, message: text, errors: [{ message: text, domain: 'global', reason }], status } };
}

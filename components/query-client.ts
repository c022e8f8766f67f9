import { QueryClient } from '@tanstack/react-query';

/** One client per extension page. Requests go to our own background, so failures are real: retry once. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: 1, refetchOnWindowFocus: true, staleTime: 500 },
      mutations: { retry: false },
    },
  });
}

/** Query keys shared by every page, so a mutation anywhere invalidates the right views. */
export const keys = {
  approvals: ['approvals'] as const,
  audit: ['audit'] as const,
  settings: ['settings'] as const,
  status: ['status'] as const,
  scoutToday: ['scout', 'today'] as const,
  suppressions: ['suppressions'] as const,
  sequences: ['sequences'] as const,
  cleanups: ['cleanups'] as const,
  syncs: ['syncs'] as const,
  pipeline: ['pipeline'] as const,
  /** Sentinel's operator view (alerts, health, deliverability, queue, time saved). */
  operator: ['operator'] as const,
  /** Under `audit`, so whatever invalidates the log refreshes a search too. */
  auditSearch: (query: string) => ['audit', 'search', query] as const,
};

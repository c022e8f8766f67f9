import type { z } from 'zod';
import { CrmApiError, type RequestSpec } from '../http';
import type { ConnectionCheck, ObjectType } from '../model';
import { HS_TYPE } from './mapping';
import type { HubspotRateLimits } from './rate-limit';
import { CollectionResponse, DailyUsageResponse, OAuthTokenInfo, PrivateAppTokenInfo } from './schemas';

export interface ConnectionDeps {
  call: <S extends z.ZodType>(op: string, spec: RequestSpec<S>) => Promise<z.output<S>>;
  auth: () => Promise<Record<string, string>>;
  limits: HubspotRateLimits;
}

const TYPES: ObjectType[] = ['contact', 'company', 'deal'];
const WRITE_SCOPES = TYPES.map((t) => `crm.objects.${HS_TYPE[t]}.write`);

const bearer = (headers: Record<string, string>): string | null => {
  const value = Object.entries(headers).find(([k]) => k.toLowerCase() === 'authorization')?.[1] ?? '';
  return /^Bearer\s+(\S+)$/i.exec(value)?.[1] ?? null;
};
const message = (e: unknown) => (e instanceof CrmApiError ? e.userMessage : e instanceof Error ? e.message : String(e));

/**
 * "Test connection" without changing data: auth and read are one `limit=1` list per type; write
 * permission comes from the token's granted scopes (private apps: POST
 * /oauth/v2/private-apps/get/access-token-info; OAuth: GET /oauth/v1/access-tokens/{token}); when
 * HubSpot will not say, write is reported as unknown until the first write rather than guessed.
 * Rate-limit headroom comes from the X-HubSpot-RateLimit-* headers of these calls, plus the daily
 * usage endpoint for private apps (whose `resetsAt` also times the wait after a DAILY 429).
 */
export async function checkHubspotConnection(deps: ConnectionDeps): Promise<ConnectionCheck[]> {
  const readable: ObjectType[] = [];
  const problems: string[] = [];
  for (const type of TYPES) {
    try {
      await deps.call(`check read ${type}`, { method: 'GET', path: `/crm/v3/objects/${HS_TYPE[type]}`, query: { limit: 1 }, schema: CollectionResponse, idempotent: true });
      readable.push(type);
    } catch (e) {
      if (e instanceof CrmApiError && e.kind === 'auth' && e.status !== 403) {
        return [
          { operation: 'auth', ok: false, detail: e.userMessage },
          { operation: 'read', ok: false, detail: 'Not checked: HubSpot did not accept the sign-in.' },
          { operation: 'write', ok: false, detail: 'Not checked: HubSpot did not accept the sign-in.' },
          rateLimitCheck(deps.limits, null),
        ];
      }
      problems.push(`${HS_TYPE[type]}: ${message(e)}`);
    }
  }
  const checks: ConnectionCheck[] = [
    { operation: 'auth', ok: true, detail: 'HubSpot accepted the access token.' },
    {
      operation: 'read',
      ok: problems.length === 0,
      detail: problems.length === 0 ? 'Contacts, companies and deals can be read.' : `Can read: ${readable.map((t) => HS_TYPE[t]).join(', ') || 'nothing'}. ${problems.join(' ')}`,
    },
  ];
  const token = bearer(await deps.auth());
  const scopes = token ? await tokenScopes(deps, token) : null;
  if (scopes === null) {
    checks.push({ operation: 'write', ok: false, detail: 'Unknown until the first write: HubSpot did not say which scopes this token has.' });
  } else {
    const missing = WRITE_SCOPES.filter((s) => !scopes.includes(s));
    checks.push({ operation: 'write', ok: missing.length === 0, detail: missing.length === 0 ? 'The token may write contacts, companies and deals.' : `The token lacks ${missing.join(', ')}: add the scope in HubSpot and reconnect.` });
  }
  const usage = token?.startsWith('pat-') ? await dailyUsage(deps) : null;
  checks.push(rateLimitCheck(deps.limits, usage));
  return checks;
}

async function tokenScopes(deps: ConnectionDeps, token: string): Promise<string[] | null> {
  try {
    if (token.startsWith('pat-')) {
      const info = await deps.call('private app token info', { method: 'POST', path: '/oauth/v2/private-apps/get/access-token-info', body: { tokenKey: token }, schema: PrivateAppTokenInfo, idempotent: true });
      return info.scopes;
    }
    const info = await deps.call('oauth token info', { method: 'GET', path: `/oauth/v1/access-tokens/${encodeURIComponent(token)}`, schema: OAuthTokenInfo, idempotent: true });
    return info.scopes;
  } catch {
    return null;
  }
}

async function dailyUsage(deps: ConnectionDeps): Promise<{ used: number; limit: number; resetsAt: string | null } | null> {
  try {
    const res = await deps.call('daily api usage', { method: 'GET', path: '/account-info/v3/api-usage/daily/private-apps', schema: DailyUsageResponse, idempotent: true });
    const day = res.results[0];
    if (!day) return null;
    deps.limits.noteDailyReset(day.resetsAt);
    return { used: day.currentUsage, limit: day.usageLimit, resetsAt: day.resetsAt ?? null };
  } catch {
    return null;
  }
}

function rateLimitCheck(limits: HubspotRateLimits, usage: { used: number; limit: number; resetsAt: string | null } | null): ConnectionCheck {
  const h = limits.headroom();
  if (h.blockedUntil) return { operation: 'rate limit', ok: false, detail: `The daily API limit is used up; calls resume after ${h.blockedUntil}.` };
  const parts: string[] = [];
  if (h.interval) parts.push(`${h.interval.remaining} of ${h.interval.max} requests left in the ${Math.round(h.interval.intervalMs / 1000)} s window`);
  const daily = usage ? { remaining: usage.limit - usage.used, max: usage.limit } : h.daily;
  if (daily) parts.push(`${daily.remaining} of ${daily.max} left today${usage?.resetsAt ? ` (resets ${usage.resetsAt})` : ''}`);
  if (parts.length === 0) return { operation: 'rate limit', ok: true, detail: 'HubSpot sent no rate-limit headers.' };
  const ok = (h.interval?.remaining ?? 1) > 0 && (daily?.remaining ?? 1) > 0;
  return { operation: 'rate limit', ok, detail: `${parts.join('; ')}.` };
}

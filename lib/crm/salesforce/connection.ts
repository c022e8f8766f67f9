import { CrmApiError } from '../http';
import type { ConnectionCheck, ObjectType } from '../model';
import type { SalesforceClient } from './client';
import { SF_OBJECT } from './mapping';
import { DescribeResponse, LimitsResponse, UserInfo } from './schemas';
import { select } from './soql';

const TYPES: ObjectType[] = ['contact', 'company', 'deal'];
const message = (e: unknown) => (e instanceof CrmApiError ? e.userMessage : e instanceof Error ? e.message : String(e));
const notChecked = (operation: string, limited?: CrmApiError): ConnectionCheck => ({
  operation,
  ok: false,
  detail: limited ? 'Not checked: the org has no API requests left for now.' : 'Not checked: Salesforce did not accept the sign-in.',
});

/**
 * "Test connection" without changing data:
 * - auth: GET /services/oauth2/userinfo (who is connected, to which org);
 * - read: a `LIMIT 1` SOQL query per object;
 * - write: the object describe's createable/updateable, which reflect the user's permissions;
 * - rate limit: GET /limits (DailyApiRequests); without "View Setup and Configuration" that
 *   answers 403, and the Sforce-Limit-Info header of the calls above gives the same numbers.
 */
export async function checkSalesforceConnection(client: SalesforceClient): Promise<ConnectionCheck[]> {
  const checks: ConnectionCheck[] = [];
  try {
    const me = await client.call('userinfo', { method: 'GET', path: '/services/oauth2/userinfo', schema: UserInfo, idempotent: true });
    checks.push({ operation: 'auth', ok: true, detail: `Connected as ${me.preferred_username ?? me.email ?? me.user_id} (org ${me.organization_id}).` });
  } catch (e) {
    if (e instanceof CrmApiError && e.kind === 'auth' && e.status !== 403) return [{ operation: 'auth', ok: false, detail: e.userMessage }, notChecked('read'), notChecked('write'), rateLimitCheck(client)];
    if (e instanceof CrmApiError && e.kind === 'rate_limit') return [{ operation: 'auth', ok: false, detail: e.userMessage }, notChecked('read', e), notChecked('write', e), rateLimitCheck(client)];
    checks.push({ operation: 'auth', ok: true, detail: `Signed in, but Salesforce would not say as whom (${message(e)}).` });
  }
  const readable: string[] = [];
  const readProblems: string[] = [];
  const writable: string[] = [];
  const writeProblems: string[] = [];
  for (const type of TYPES) {
    const object = SF_OBJECT[type];
    try {
      await client.query(`check read ${object}`, select({ fields: ['Id'], from: object, limit: 1 }), ['Id'], 1);
      readable.push(object);
    } catch (e) {
      readProblems.push(`${object}: ${message(e)}`);
    }
    try {
      const d = await client.call(`describe ${object}`, { method: 'GET', path: `${client.data}/sobjects/${object}/describe`, schema: DescribeResponse, idempotent: true });
      const missing = [d.createable ? null : 'create', d.updateable ? null : 'edit'].filter(Boolean);
      if (missing.length === 0) writable.push(object);
      else writeProblems.push(`cannot ${missing.join(' or ')} ${object}`);
    } catch (e) {
      writeProblems.push(`${object}: ${message(e)}`);
    }
  }
  checks.push({
    operation: 'read',
    ok: readProblems.length === 0,
    detail: readProblems.length === 0 ? 'Contacts, accounts and opportunities can be read.' : `Can read: ${readable.join(', ') || 'nothing'}. ${readProblems.join(' ')}`,
  });
  checks.push({
    operation: 'write',
    ok: writeProblems.length === 0,
    detail: writeProblems.length === 0 ? 'The connected user may create and edit contacts, accounts and opportunities.' : `Can write: ${writable.join(', ') || 'nothing'}; ${writeProblems.join('; ')}. Ask your Salesforce admin for these permissions.`,
  });
  try {
    const limits = await client.call('limits', { method: 'GET', path: `${client.data}/limits`, schema: LimitsResponse, idempotent: true });
    client.limits.noteDaily(limits.DailyApiRequests.Max, limits.DailyApiRequests.Remaining);
  } catch (e) {
    if (!(e instanceof CrmApiError) || e.kind === 'invalid_response') throw e;
    // 403 without "View Setup and Configuration": the headers of the calls above say the same.
  }
  checks.push(rateLimitCheck(client));
  return checks;
}

function rateLimitCheck(client: SalesforceClient): ConnectionCheck {
  const h = client.limits.headroom();
  if (h.blockedUntil) return { operation: 'rate limit', ok: false, detail: `The org's API request limit is used up; calls resume after ${h.blockedUntil}.` };
  if (!h.daily) return { operation: 'rate limit', ok: true, detail: 'Salesforce reported no API usage.' };
  const { remaining, max } = h.daily;
  const ok = remaining > 0;
  return { operation: 'rate limit', ok, detail: `${remaining.toLocaleString('en-US')} of ${max.toLocaleString('en-US')} API requests left in the rolling 24 hours.` };
}

import type { z } from 'zod';
import { CrmApiError, CrmHttp, type RequestSpec } from '../http';
import type { SalesforceAuth } from './oauth';
import { isLimitError, SalesforceLimits, type RateLimitOptions } from './rate-limit';
import { queryResponse, type SObjectRow } from './schemas';

export const DEFAULT_API_VERSION = 'v62.0';

export interface SalesforceClientOptions {
  auth: SalesforceAuth;
  /** REST API version, e.g. v62.0 (Winter '25). */
  apiVersion?: string;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  maxAttempts?: number;
  timeoutMs?: number;
  rateLimits?: RateLimitOptions;
}

/**
 * Every Salesforce REST call goes through here, and through CrmHttp: JSON, zod-checked answers,
 * waits on API limits, retries of idempotent calls. Added on top, once per call: when Salesforce
 * answers 401 (INVALID_SESSION_ID: the access token expired), the token is renewed with the refresh
 * token and the call is sent once more (a 401 means Salesforce did not act on it); a second 401
 * asks the rep to reconnect.
 */
export class SalesforceClient {
  readonly limits: SalesforceLimits;
  /** Path prefix of the versioned REST API on the instance. */
  readonly data: string;
  private readonly http: CrmHttp;

  constructor(private readonly opts: SalesforceClientOptions) {
    const version = opts.apiVersion ?? DEFAULT_API_VERSION;
    if (!/^v\d{2,3}\.0$/.test(version)) throw new Error(`Salesforce API version looks like v62.0, not ${version}`);
    this.data = `/services/data/${version}`;
    this.limits = new SalesforceLimits(opts.rateLimits);
    const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    this.http = new CrmHttp({
      crm: 'salesforce',
      baseUrl: () => opts.auth.instanceUrl(),
      auth: () => opts.auth.headers(),
      fetch: opts.fetch,
      timeoutMs: opts.timeoutMs,
      maxAttempts: opts.maxAttempts,
      sleep: this.limits.guardSleep(sleep),
      // Salesforce says "over the API limit" with 403 REQUEST_LIMIT_EXCEEDED, not 429.
      isRateLimited: (res, body) => res.status === 403 && isLimitError(body) !== null,
      rateLimitWaitMs: this.limits.waitMs,
      onResponse: this.limits.onResponse,
    });
  }

  async call<S extends z.ZodType>(op: string, spec: RequestSpec<S>): Promise<z.output<S>> {
    this.limits.preflight();
    const seen = (await this.opts.auth.headers()).Authorization ?? '';
    try {
      return (await this.http.request(op, spec)).data;
    } catch (e) {
      if (!(e instanceof CrmApiError && e.kind === 'auth' && e.status === 401)) throw e;
      await this.opts.auth.refresh(seen);
    }
    try {
      return (await this.http.request(op, spec)).data;
    } catch (e) {
      if (!(e instanceof CrmApiError && e.kind === 'auth' && e.status === 401)) throw e;
      throw new CrmApiError('salesforce', 'auth', `${op}: still refused after renewing the token (${e.message})`, 'Salesforce refused the renewed sign-in: reconnect Salesforce in Countersign settings.', false, 401, { cause: e });
    }
  }

  /**
   * Runs a SOQL query and follows `nextRecordsUrl` until Salesforce says done (or `max` rows are
   * in). The locator is only ever a path under this API version's /query/, never a URL we follow blindly.
   */
  async query(op: string, soql: string, fields: readonly string[], max = Infinity): Promise<SObjectRow[]> {
    const schema = queryResponse(fields);
    const rows: SObjectRow[] = [];
    let page = await this.call(op, { method: 'GET', path: `${this.data}/query`, query: { q: soql }, schema, idempotent: true });
    rows.push(...page.records);
    while (!page.done && rows.length < max) {
      const next = page.nextRecordsUrl ?? '';
      if (!next.startsWith(`${this.data}/query/`) || !/^[A-Za-z0-9/._-]+$/.test(next)) {
        throw new CrmApiError('salesforce', 'invalid_response', `${op}: unexpected nextRecordsUrl ${JSON.stringify(next)}`, `Salesforce answered in an unexpected shape (nextRecordsUrl: ${next ? 'not a query locator' : 'missing while done is false'}).`, false);
      }
      page = await this.call(`${op} (more)`, { method: 'GET', path: next, schema, idempotent: true });
      rows.push(...page.records);
    }
    return rows.slice(0, max);
  }
}

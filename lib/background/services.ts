import { AGENTS } from '../agents/agents';
import { AgentRuntime } from '../agents/runtime';
import { TOOLS, type ToolDeps } from '../agents/tools';
import type { CountersignDb } from '../db/schema';
import { Outbox, type MailTransport } from '../gates/outbox';
import { createModelClient } from '../llm/client';
import { buildMime } from '../mail/mime-build';
import { GmailApiError, GmailClient } from '../mail/gmail-api';
import type { ThreadSnapshot } from '../mail/thread';
import { ThreadSync } from '../mail/thread-sync';
import { UserFacingError } from '../protocol/errors';
import { SECRET, SettingsStore, type StorageArea } from '../settings/store';
import { outboundHold } from '../agents/sentinel/alerts';
import { triageOnSync } from './scout-triage';
import { createSequenceRunner } from './sequences';
import { recordSend } from '../agents/herald/sequences';
import { loadContract } from '../contract/store';
import { modelTriagePass } from '../agents/scout/triage/model-pass';
import type { ModelClient } from '../llm/client';

/** A model server on this machine (Ollama, LM Studio…) may need no API key. */
const LOCAL_MODEL = /^https?:\/\/(localhost|127\.0\.0\.1)(:\d+)?(\/|$)/;

export interface Platform {
  storage: StorageArea;
  fetch: typeof fetch;
  now(): number;
}

/**
 * The background's object graph, built once per service-worker life. Everything privileged
 * (database, secrets, model, Gmail) is reachable only from here.
 */
export function createServices(db: CountersignDb, platform: Platform) {
  const settings = new SettingsStore(platform.storage, db);

  const gmail = new GmailClient({
    fetch: (...args) => platform.fetch(...args),
    getAccessToken: async () => {
      const token = await settings.gmailToken();
      if (!token) throw new UserFacingError('not_configured', 'Connect Gmail in Countersign settings first.');
      if (token.expiresAt <= platform.now()) throw new UserFacingError('upstream', 'Gmail sign-in expired: reconnect Gmail in Countersign settings.');
      return token.accessToken;
    },
  });

  const now = () => platform.now();

  async function model(): Promise<ModelClient> {
    const [s, key] = await Promise.all([settings.get(), settings.secret('model.apiKey')]);
    return createModelClient(s.model, key, (...args) => platform.fetch(...args));
  }
  /** The model when one is set up (a key, or a server on this machine that needs none), else null. */
  async function configuredModel(): Promise<ModelClient | null> {
    const view = await settings.view();
    return view.secrets.modelApiKeySet || LOCAL_MODEL.test(view.model.baseUrl) ? model() : null;
  }

  /**
   * Sentinel's look at the model endpoint: GET {baseUrl}/models with the key, cancelled by the
   * signal (the probe's deadline). Null when no model is set up. Its errors name the host and the
   * HTTP status only: never the key, the request headers or the answer's body.
   */
  async function modelProbe(): Promise<((signal: AbortSignal) => Promise<void>) | null> {
    const view = await settings.view();
    if (!view.secrets.modelApiKeySet && !LOCAL_MODEL.test(view.model.baseUrl)) return null;
    const key = await settings.secret(SECRET.modelApiKey);
    const url = `${view.model.baseUrl.replace(/\/+$/, '')}/models`;
    const where = new URL(view.model.baseUrl).host;
    return async (signal) => {
      let response: Response;
      try {
        response = await platform.fetch(url, { method: 'GET', headers: { Accept: 'application/json', ...(key ? { Authorization: `Bearer ${key}` } : {}) }, signal });
      } catch (e) {
        if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error(`The model at ${where} did not answer in time`);
        throw new Error(`Could not reach the model at ${where} (${e instanceof Error ? e.name : 'network error'}).`);
      }
      await response.body?.cancel().catch(() => undefined);
      if (response.status === 401 || response.status === 403) throw new Error(`The model at ${where} refused the API key (HTTP ${response.status}).`);
      if (!response.ok) throw new Error(`The model at ${where} answered HTTP ${response.status}.`);
    };
  }

  const modelTriageRunning = new Set<string>();
  /**
   * Scout's model pass over a thread's messages no rule classified. Runs in the background and
   * never throws: the triage rows are its queue, so a pass cut short is picked up by the next.
   */
  function modelTriage(threadId: string): Promise<void> {
    if (modelTriageRunning.has(threadId)) return Promise.resolve();
    modelTriageRunning.add(threadId);
    return (async () => {
      const client = await configuredModel();
      if (!client) return;
      const { error } = await modelTriagePass(db, client, [threadId], now);
      if (error) console.warn(`Scout: model triage paused for thread ${threadId}: ${error}`);
    })()
      .catch((e: unknown) => console.warn(`Scout: model triage failed for thread ${threadId}: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => modelTriageRunning.delete(threadId));
  }

  // Every new inbound message is triaged by Scout as it arrives: opt-outs and bounces act at once.
  const threads = new ThreadSync(db, gmail, now, triageOnSync(db, settings, now, (threadId) => void modelTriage(threadId)));

  /** The thread as Herald's tools read it: the cached snapshot when there is one, else loaded. */
  async function readThread(threadId: string): Promise<ThreadSnapshot> {
    try {
      return (await threads.cached(threadId)) ?? (await threads.refresh(threadId)).snapshot;
    } catch (e) {
      throw asUserError(e);
    }
  }

  const deps: ToolDeps = {
    db,
    now,
    readThread,
    model,
    async sender() {
      const [s, token] = await Promise.all([settings.get(), settings.gmailToken()]);
      if (!token?.account) throw new UserFacingError('not_configured', 'Connect Gmail in Countersign settings first.');
      return { email: token.account, name: s.rep.name, signature: s.rep.signature };
    },
    async voice() {
      const { rep } = await settings.get();
      const rows = await db.messages.bulkGet(rep.voiceMessageIds);
      return rows.flatMap((r) => (r && (r.message.body ?? r.message.text).trim() ? [(r.message.body ?? r.message.text).trim()] : []));
    },
    async sendApproved(approvalId) {
      const row = await db.approvals.get(approvalId);
      if (!row) throw new UserFacingError('not_found', 'That approval item was not found.');
      const raw = buildMime(row.message, { messageId: row.messageIdHeader, date: new Date(platform.now()) });
      return gmail.sendMessage(raw, row.message.threadId);
    },
  };

  const runtime = new AgentRuntime(deps, AGENTS, TOOLS);

  const transport: MailTransport = {
    findSent: (messageIdHeader) => gmail.findByRfc822MessageId(messageIdHeader),
    send: (row) => runtime.execute<{ id: string }>('email.send', row, { approvalId: row.id }),
  };
  const outbox = new Outbox(db, transport, (e) => {
    if (e instanceof GmailApiError) return { retryable: e.retryable, userMessage: e.userMessage };
    if (e instanceof UserFacingError) return { retryable: false, userMessage: e.message };
    return { retryable: true, userMessage: `Sending failed: ${e instanceof Error ? e.message : String(e)}` };
  }, now, async (row) => {
    // Herald's monitoring counts the send at once (a missed call is caught up by the next run).
    await recordSend(db, { approvalId: row.id, mailbox: row.message.from.email, to: row.message.to[0]?.email ?? '' }, now(), { thresholds: (await loadContract(db)).thresholds.autoPause });
  }, async () => (await outboundHold(db)).held);

  const sequences = createSequenceRunner({ db, settings, runtime, now });
  return { db, settings, gmail, threads, runtime, outbox, readThread, now, model, configuredModel, modelProbe, modelTriage, sequences };
}

export type Services = ReturnType<typeof createServices>;

export function asUserError(e: unknown): Error {
  if (e instanceof GmailApiError) return new UserFacingError('upstream', e.userMessage, { cause: e });
  return e instanceof Error ? e : new Error(String(e));
}

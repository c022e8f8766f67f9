import type { CountersignDb } from '../db/schema';
import { displayName, LocalCrmAdapter } from '../crm/local/adapter';
import { exportCsv, importCsv } from '../crm/local/csv';
import { openLocalCrmDb } from '../crm/local/db';
import type { CrmAdapter, CrmKind, CrmRef, ObjectType, RecordOf } from '../crm/model';
import { CrmApiError } from '../crm/http';
import { UserFacingError } from '../protocol/errors';
import type { Handlers } from '../protocol/router';
import type { CrmRecordView } from '../protocol/responses';
import { SECRET, type SettingsStore } from '../settings/store';
import { authorizeSalesforce } from '../crm/salesforce/oauth';
import type { IdentityApi } from '../mail/oauth';

const LABEL: Record<CrmKind, string> = { local: 'the local CRM', hubspot: 'HubSpot', salesforce: 'Salesforce', pipedrive: 'Pipedrive' };

/** Builds the adapter for a connected CRM, or null when it is not connected. */
export type RemoteAdapterFactory = (kind: Exclude<CrmKind, 'local'>, settings: SettingsStore) => Promise<CrmAdapter | null>;

/** CRM access for the background: the local CRM always, a connected CRM when configured. */
export function createCrmServices(settings: SettingsStore, remote: RemoteAdapterFactory, localDbName?: string) {
  const localDb = openLocalCrmDb(localDbName);
  const local = new LocalCrmAdapter(localDb);
  return {
    settings,
    localDb,
    local,
    async adapter(kind: CrmKind): Promise<CrmAdapter | null> {
      return kind === 'local' ? local : remote(kind, settings);
    },
    /** The CRM a stored change set was proposed for: it must still be connected to continue `what`. */
    async forChange(row: { crm: CrmKind }, what: string): Promise<CrmAdapter> {
      const adapter = await this.adapter(row.crm);
      if (!adapter) throw new UserFacingError('not_configured', `Connect ${row.crm} again to continue ${what}.`);
      return adapter;
    },
    /** The system of record chosen in settings. */
    async active(): Promise<CrmAdapter> {
      const { crm } = await settings.get();
      return (await this.adapter(crm.active)) ?? local;
    },
  };
}
export type CrmServices = ReturnType<typeof createCrmServices>;

export const asUser = (e: unknown) => (e instanceof CrmApiError ? new UserFacingError('upstream', e.userMessage, { cause: e }) : e);

export function createCrmHandlers(
  crm: CrmServices,
  db: CountersignDb,
  identity?: IdentityApi,
): Pick<Handlers, 'crm.record' | 'crm.test' | 'crm.import' | 'crm.export' | 'crm.connect' | 'crm.disconnect'> {
  return {
    'crm.connect': async () => {
      if (!identity) throw new UserFacingError('not_configured', 'Sign-in is not available in this context.');
      const { salesforce } = (await crm.settings.get()).crm;
      if (!salesforce.clientId) throw new UserFacingError('not_configured', "Set your Salesforce connected app's consumer key in settings first.");
      try {
        const token = await authorizeSalesforce(identity, { clientId: salesforce.clientId, loginUrl: salesforce.loginUrl });
        await crm.settings.putSecret(SECRET.crm.salesforce, JSON.stringify(token));
      } catch (e) {
        throw asUser(e);
      }
      return crm.settings.view();
    },
    'crm.disconnect': async (req) => {
      await crm.settings.putSecret(SECRET.crm[req.crm], null);
      return crm.settings.view();
    },
    'crm.record': async (req) => {
      const ref: CrmRef = { crm: req.crm, type: req.objectType, id: req.id };
      const adapter = await crm.adapter(req.crm);
      if (!adapter) return { status: 'not_connected', ref, message: `Connect ${LABEL[req.crm]} in Countersign settings to see this record's context.` };
      try {
        return await recordView(adapter, ref, db);
      } catch (e) {
        throw asUser(e);
      }
    },
    'crm.test': async (req) => {
      const adapter = await crm.adapter(req.crm);
      if (!adapter) throw new UserFacingError('not_configured', `${LABEL[req.crm]} is not connected yet.`);
      try {
        return await adapter.checkConnection();
      } catch (e) {
        throw asUser(e);
      }
    },
    'crm.import': (req) => importCsv(crm.localDb, req.objectType, req.csv),
    'crm.export': async (req) => ({
      filename: `countersign-${req.objectType}s-${new Date().toISOString().slice(0, 10)}.csv`,
      csv: await exportCsv(crm.localDb, req.objectType),
    }),
  };
}

async function recordView(adapter: CrmAdapter, ref: CrmRef, db: CountersignDb): Promise<CrmRecordView> {
  const record = await adapter.get(ref.type, ref.id);
  if (!record) throw new UserFacingError('not_found', `${LABEL[ref.crm]} has no ${ref.type} ${ref.id} (or this account cannot see it).`);
  const [notes, related, stage] = await Promise.all([adapter.notes(ref), relatedRefs(adapter, ref), stageOf(adapter, ref.type, record)]);
  return {
    status: 'ok',
    ref,
    title: displayName(ref.type, record) || `${ref.type} ${ref.id}`,
    subtitle: subtitleOf(ref.type, record),
    record,
    stage,
    related,
    notes: notes.slice(0, 10),
    gmail: await gmailContext(db, ref.type, record),
  };
}

async function relatedRefs(adapter: CrmAdapter, ref: CrmRef) {
  const others = (['contact', 'company', 'deal'] as const).filter((t) => t !== ref.type);
  const lists = await Promise.all(others.map(async (t) => (await adapter.associations(ref, t)).slice(0, 10).map((id) => ({ type: t as ObjectType, id }))));
  return lists.flat();
}

async function stageOf(adapter: CrmAdapter, type: ObjectType, record: RecordOf<ObjectType>) {
  if (type !== 'deal') return null;
  const deal = record as RecordOf<'deal'>;
  const pipeline = (await adapter.pipelines()).find((p) => p.id === deal.pipelineId) ?? null;
  const stage = pipeline?.stages.find((s) => s.id === deal.stageId);
  return {
    pipeline: pipeline?.label ?? deal.pipelineId ?? '',
    stage: stage?.label ?? deal.stageId ?? '',
    pipelineId: deal.pipelineId,
    stageId: deal.stageId,
    stages: [...(pipeline?.stages ?? [])].sort((a, b) => a.order - b.order).map((s) => ({ id: s.id, label: s.label })),
  };
}

function subtitleOf(type: ObjectType, record: RecordOf<ObjectType>): string {
  if (type === 'contact') {
    const c = record as RecordOf<'contact'>;
    return [c.title, c.email].filter(Boolean).join(' · ');
  }
  if (type === 'company') {
    const c = record as RecordOf<'company'>;
    return [c.domain, c.industry].filter(Boolean).join(' · ');
  }
  const d = record as RecordOf<'deal'>;
  return d.amount !== null ? `${d.amount.toLocaleString('en-US')} ${d.currency ?? ''}`.trim() : '';
}

/** Threads in the local Gmail cache that involve the contact's address or the company's domain. */
async function gmailContext(db: CountersignDb, type: ObjectType, record: RecordOf<ObjectType>) {
  const email = type === 'contact' ? (record as RecordOf<'contact'>).email?.toLowerCase() : null;
  const domain = type === 'company' ? (record as RecordOf<'company'>).domain?.toLowerCase() : null;
  if (!email && !domain) return [];
  const matches = (addr: string) => (email ? addr.toLowerCase() === email : addr.toLowerCase().endsWith(`@${domain}`));
  const threads = await db.threads.toArray();
  return threads
    .filter((t) => t.snapshot.messages.some((m) => [m.from, ...m.to, ...m.cc].some((a) => matches(a.email))))
    .sort((a, b) => b.updatedAt - a.updatedAt)
    .slice(0, 5)
    .map((t) => {
      const last = t.snapshot.messages.at(-1);
      return { threadId: t.id, subject: t.snapshot.subject, lastFrom: last ? last.from.name || last.from.email : '', lastDate: last?.date ?? '', messages: t.snapshot.messages.length };
    });
}

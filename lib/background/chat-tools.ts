import type { z } from 'zod';
import { draftReply } from '../agents/herald/draft-reply';
import { todayList } from '../agents/scout/score/lead-store';
import { activeOverrides } from '../agents/scout/score/overrides';
import { FLAG_LABELS, type LaneEntry } from '../agents/scout/score/prioritise';
import { scoreLead } from '../agents/scout/score/score';
import type { ApprovalRow, ChatLink, LeadRow, ThreadRow } from '../db/schema';
import { chatToolSpec, type ChatToolResult } from '../chat/catalog';
import type { CHAT_TOOL_SPECS } from '../chat/catalog';
import type { OperatorPort } from '../chat/tools';
import { notFound, UserFacingError } from '../protocol/errors';
import type { Handlers } from '../protocol/router';
import type { Responses } from '../protocol/responses';
import type { SenderContext } from '../protocol/sender';
import { proposeDuplicateMerges } from './cipher';
import type { CrmServices } from './crm';
import { createPipelineHandlers } from './pipeline';
import { createSyncHandlers } from './crm-sync';
import { createSentinelHandlers, type SentinelRunner } from './sentinel';
import type { Services } from './services';

type Spec = (typeof CHAT_TOOL_SPECS)[number];
type InputOf<N extends Spec['name']> = z.output<Extract<Spec, { name: N }>['input']>;

/** The background asks these handlers as the approval panel would (they are read or propose only). */
const PANEL: SenderContext = { kind: 'approval-panel', url: 'chrome-extension://countersign/sidepanel.html' };

const lower = (s: string | null | undefined) => (s ?? '').toLowerCase();
const leadLink = (l: Pick<LeadRow, 'contactKey' | 'name' | 'company'>): ChatLink => ({ kind: 'lead', id: l.contactKey, label: [l.name || l.contactKey, l.company].filter(Boolean).join(' · ') });
const threadLink = (t: ThreadRow): ChatLink => ({ kind: 'thread', id: t.id, label: t.snapshot.subject || '(no subject)' });

/**
 * The chat tools' behaviour (lib/chat/catalog.ts declares them). Reads go to the local database
 * and the active CRM; proposals go through the same paths the side panel uses (Herald's draft
 * and the approval gate, Cipher's cleanup preview and sync proposal), so they land as pending.
 */
export function createOperatorPort(s: Services, crm: CrmServices, sentinel: SentinelRunner, kickOutbox: () => void): OperatorPort {
  const { db } = s;
  let handlers: Pick<Handlers, 'pipeline.view' | 'sync.propose' | 'operator.view'> | null = null;
  const h = () =>
    (handlers ??= {
      ...createPipelineHandlers(crm, db, s.now),
      ...createSyncHandlers(crm, db, s.settings, s.now),
      ...createSentinelHandlers(s, sentinel, kickOutbox),
    });

  async function findLeads(query: string): Promise<LeadRow[]> {
    const q = lower(query.trim());
    const rows = await db.leads.filter((l) => lower(l.email).includes(q) || lower(l.name).includes(q) || (!!l.company && lower(l.company).includes(q))).limit(20).toArray();
    return rows.sort((a, b) => Number(lower(b.name) === q || lower(b.email) === q) - Number(lower(a.name) === q || lower(a.email) === q) || b.updatedAt - a.updatedAt);
  }

  async function threadsFor(emails: string[], company: string | null): Promise<ThreadRow[]> {
    const keys = new Set(emails.map(lower));
    const domain = company ? lower(company).replace(/[^a-z0-9]/g, '') : '';
    const rows = await db.threads.filter((t) => t.snapshot.messages.some((m) => [m.from, ...m.to, ...m.cc].some((a) => keys.has(lower(a.email)) || (!!domain && lower(a.email).split('@')[1]?.replace(/[^a-z0-9]/g, '').startsWith(domain))))).toArray();
    return rows.sort((a, b) => b.updatedAt - a.updatedAt);
  }

  const lane = (e: LaneEntry) => ({ name: e.name, email: e.email, company: e.company, score: e.score, flags: e.flags.map((f) => `${FLAG_LABELS[f.kind]}: ${f.detail}`), why: e.why });

  const tools: { [N in Spec['name']]: (input: InputOf<N>) => Promise<ChatToolResult> } = {
    'leads.today': async ({ limit }) => {
      const today = await todayList(db, (await s.settings.get()).icp, s.now());
      const judgement = today.needsJudgement.slice(0, limit);
      const ranked = today.ranked.filter((e) => e.actionable).slice(0, limit);
      return {
        data: { needsJudgement: judgement.map(lane), followUps: ranked.map(lane), totals: { needsJudgement: today.needsJudgement.length, ranked: today.ranked.length } },
        sources: [...judgement, ...ranked].map((e) => leadLink(e)),
        proposals: [],
      };
    },

    'lead.explain': async ({ query }) => {
      const [lead, ...others] = await findLeads(query);
      if (!lead) throw new UserFacingError('not_found', `No scored lead matches "${query}".`);
      const now = s.now();
      const result = scoreLead(lead, (await s.settings.get()).icp, now, await activeOverrides(db, now, lead.contactKey));
      const threads = (await db.threads.bulkGet(lead.threadIds)).filter((t): t is ThreadRow => !!t);
      return {
        data: {
          lead: { name: lead.name, email: lead.email, company: lead.company },
          score: result.score,
          computed: result.computed,
          overridden: result.overridden ? { value: result.overridden.value, reason: result.overridden.reason } : null,
          factors: result.factors.map((f) => ({ group: f.group, label: f.label, points: f.points, evidence: { source: f.evidence.source, quote: f.evidence.quote } })),
          flags: result.flags.map((f) => ({ flag: FLAG_LABELS[f.kind], detail: f.detail, quote: f.evidence.quote })),
          otherMatches: others.slice(0, 5).map((o) => `${o.name} <${o.email}>`),
        },
        sources: [leadLink(lead), ...threads.map(threadLink)],
        proposals: [],
      };
    },

    'threads.search': async ({ query, limit }) => {
      const words = lower(query).split(/\s+/).filter(Boolean);
      const rows = await db.threads
        .filter((t) => {
          const hay = lower([t.snapshot.subject, ...t.snapshot.messages.flatMap((m) => [m.from.name, m.from.email, m.text])].join('\n'));
          return words.every((w) => hay.includes(w));
        })
        .toArray();
      const hits = rows.sort((a, b) => b.updatedAt - a.updatedAt).slice(0, limit);
      return {
        data: hits.map((t) => {
          const last = t.snapshot.messages.at(-1);
          return { threadId: t.id, subject: t.snapshot.subject, from: last ? `${last.from.name} <${last.from.email}>` : '', date: last?.date ?? '', excerpt: (last?.text ?? '').slice(0, 300) };
        }),
        sources: hits.map(threadLink),
        proposals: [],
      };
    },

    'draft.propose': async ({ who, threadId, kind, steer }) => {
      let thread = threadId;
      if (!thread && who) {
        const leads = await findLeads(who);
        const threads = await threadsFor(leads.length ? leads.slice(0, 3).map((l) => l.email) : [who], leads.length ? null : who);
        thread = threads[0]?.id;
      }
      if (!thread) throw new UserFacingError('not_found', who ? `No thread with "${who}" is cached: open one in Gmail first.` : 'Say who the draft is for, or give a thread id.');
      const herald = s.runtime.agent('herald');
      const draft = await draftReply(herald, thread, steer, kind);
      const row = await herald.call<ApprovalRow>('approval.queue', { draftId: draft.id, agent: 'herald' });
      const to = row.message.to.map((a) => a.name || a.email).join(', ');
      return {
        data: { queued: true, state: row.state, approvalId: row.id, to, subject: row.message.subject, body: row.message.body.slice(0, 1500), note: 'Pending in the approval queue: nothing is sent until the rep approves it.' },
        sources: [{ kind: 'thread', id: thread, label: row.message.subject }],
        proposals: [{ kind: 'approval', id: row.id, label: `Draft to ${to}: ${row.message.subject}` }],
      };
    },

    'pipeline.stats': async () => {
      const view = (await h()['pipeline.view']({ type: 'pipeline.view' }, PANEL)) as Responses['pipeline.view'];
      const names = new Map(view.deals.map((d) => [d.id, d.name]));
      const ageing = view.stats.flatMap((p) => p.ageing).slice(0, 10);
      return {
        data: {
          crm: view.crm,
          truncated: view.truncated,
          pipelines: view.stats.map((p) => ({ pipeline: p.label, stages: p.stages.map((st) => ({ stage: st.label, deals: st.count, value: st.value })), ageing: p.ageing.length })),
          ageingDeals: ageing.map((a) => ({ dealId: a.dealId, name: a.name, daysSinceUpdate: a.daysSinceUpdate })),
        },
        sources: ageing.map((a) => ({ kind: 'deal' as const, id: a.dealId, label: a.name ?? names.get(a.dealId) ?? `Deal ${a.dealId}` })),
        proposals: [],
      };
    },

    'duplicates.propose': async ({ company }) => {
      const view = await proposeDuplicateMerges(crm, db, s.now(), company ?? undefined);
      if (!view) return { data: { duplicates: 0, company: company ?? null, note: 'No duplicates found: nothing proposed.' }, sources: [], proposals: [] };
      return {
        data: { proposed: true, state: view.state, counts: view.counts, merges: view.items.slice(0, 10).map((i) => ({ keep: i.keep, remove: i.remove })), note: 'A proposal in the CRM tab: nothing is merged until the rep approves it.' },
        sources: [],
        proposals: [{ kind: 'cleanup', id: view.id, label: `Cleanup: ${view.counts.merges} merge${view.counts.merges === 1 ? '' : 's'}${company ? ` at ${company}` : ''}` }],
      };
    },

    'sync.propose': async () => {
      const view = (await h()['sync.propose']({ type: 'sync.propose' }, PANEL)) as Responses['sync.propose'];
      if (!view) return { data: { proposed: false, note: 'The CRM already matches local data: nothing to sync.' }, sources: [], proposals: [] };
      return {
        data: { proposed: true, state: view.state, counts: view.counts, note: 'A change set in the CRM tab: nothing is written until the rep approves it.' },
        sources: [],
        proposals: [{ kind: 'sync', id: view.id, label: `CRM sync: ${view.counts.creates} to create, ${view.counts.updates} to update` }],
      };
    },

    'health.read': async () => {
      const view = (await h()['operator.view']({ type: 'operator.view' }, PANEL)) as Responses['operator.view'];
      const { rates, ...counts } = view.deliverability.total;
      return {
        data: {
          held: view.hold.held,
          alerts: view.alerts.filter((a) => a.state !== 'closed').map((a) => ({ title: a.title, level: a.level, state: a.state, detail: a.detail.slice(0, 300) })),
          health: view.health.map((c) => ({ check: c.title, level: c.level ?? 'healthy', detail: c.detail.slice(0, 300) })),
          deliverability: { ...counts, rates },
          queue: view.queue,
        },
        sources: [],
        proposals: [],
      };
    },
  };

  return {
    async run(name, input) {
      const spec = chatToolSpec(name);
      if (!spec) throw notFound(`The tool '${name}'`);
      return (tools[name as Spec['name']] as (i: unknown) => Promise<ChatToolResult>)(input);
    },
  };
}

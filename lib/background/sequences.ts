import { humanActor } from '../audit/log';
import { draftQuality, rememberDraft } from '../agents/herald/draft-quality';
import {
  createSequence,
  enrol,
  pauseSequence,
  resumeSequence,
  runDue,
  windowStats,
  type DraftedStep,
  type RunReport,
} from '../agents/herald/sequences';
import type { DraftRow, SequenceRow } from '../db/schema';
import { queueDraft, saveDraft } from '../gates/email-gate';
import { UserFacingError } from '../protocol/errors';
import type { Handlers } from '../protocol/router';
import type { SequenceRunView, SequenceView } from '../protocol/responses';
import type { AgentRuntime } from '../agents/runtime';
import type { ToolDeps } from '../agents/tools';
import type { CountersignDb } from '../db/schema';
import type { SettingsStore } from '../settings/store';
import type { Services } from './services';
import { loadContract } from '../contract/store';

/** What the runner needs from the background's services (typed here: Services includes the runner). */
export interface SequenceServices {
  db: CountersignDb;
  settings: SettingsStore;
  runtime: AgentRuntime<ToolDeps>;
  now(): number;
}

type SequenceRequest = 'sequence.list' | 'sequence.create' | 'sequence.enrol' | 'sequence.pause' | 'sequence.resume' | 'sequence.run';

const share = (n: number, of: number) => (of ? n / of : 0);

/**
 * Herald's sequences in the background: a person creates, enrols, pauses and resumes (the sender
 * policy keeps these to the approval panel); the alarm and "queue due steps now" run `runDue`,
 * which drafts each due step with Herald and queues it for approval after the quality gate.
 * Nothing here sends.
 */
export function createSequenceRunner(s: SequenceServices) {
  const { db } = s;

  async function view(row: SequenceRow): Promise<SequenceView> {
    const [enrolments, stats, waiting] = await Promise.all([
      db.enrolments.where('sequenceId').equals(row.id).toArray(),
      loadContract(db).then((c) => windowStats(db, { sequenceId: row.id }, c.thresholds.autoPause.windowSends)),
      db.sequenceSteps.where('state').equals('queued').filter((st) => st.sequenceId === row.id).count(),
    ]);
    const contacts = { active: 0, paused_ooo: 0, stopped: 0, done: 0 };
    for (const e of enrolments) contacts[e.state] += 1;
    const sends = stats.sends.length;
    return {
      ...row,
      contacts,
      stats: {
        sends,
        hardBounceRate: share(stats.counts.hard_bounce, sends),
        optOutRate: share(stats.counts.opt_out, sends),
        complaintRate: share(stats.counts.complaint, sends),
        replyRate: share(stats.counts.reply, sends),
      },
      awaitingApproval: waiting,
    };
  }

  async function load(id: string): Promise<SequenceRow> {
    const row = await db.sequences.get(id);
    if (!row) throw new UserFacingError('not_found', 'That sequence was not found.');
    return row;
  }

  async function mailbox(): Promise<{ name: string; email: string }> {
    const [token, settings] = await Promise.all([s.settings.gmailToken(), s.settings.get()]);
    if (!token?.account) throw new UserFacingError('not_configured', 'Connect Gmail in Countersign settings first: sequences go out from your mailbox.');
    return { name: settings.rep.name, email: token.account };
  }

  let running: Promise<RunReport> | null = null;
  /** One run at a time; a run asked for while one is going gets that run's report. */
  function run(): Promise<RunReport> {
    running ??= (async () => {
      const herald = s.runtime.agent('herald');
      // Caps and auto-pause thresholds come from the approval contract (lib/contract).
      const { thresholds } = await loadContract(db);
      const report = await runDue(
        db,
        {
          draftStep: (input) => herald.call<DraftedStep>('model.draftStep', { enrolmentId: input.enrolment.id, stepIndex: input.stepIndex }),
          gate: { saveDraft, queueDraft },
          quality: async ({ drafted, enrolment, sequence }) => {
            const { contact } = enrolment;
            const draft: DraftRow = {
              id: `check-${enrolment.id}`,
              threadId: contact.threadId ?? '',
              agent: 'herald',
              message: { from: sequence.mailbox, to: [{ name: contact.name, email: contact.email }], cc: [], bcc: [], subject: drafted.subject, body: drafted.body, threadId: contact.threadId, inReplyTo: null, references: [] },
              evidence: drafted.evidence,
              status: 'draft',
              createdAt: s.now(),
              updatedAt: s.now(),
            };
            return draftQuality(db, draft, s.now());
          },
          // What was queued joins the near-copy history at once: the next contact's step is compared with it.
          onQueued: async (approvalId) => {
            const approval = await db.approvals.get(approvalId);
            const draft = approval?.draftId ? await db.drafts.get(approval.draftId) : undefined;
            if (draft) await rememberDraft(db, draft);
          },
          caps: thresholds.caps,
          thresholds: thresholds.autoPause,
        },
        s.now(),
      );
      return report;
    })().finally(() => {
      running = null;
    });
    return running;
  }

  const handlers: Pick<Handlers, SequenceRequest> = {
    'sequence.list': async () => Promise.all((await db.sequences.orderBy('id').toArray()).sort((a, b) => b.createdAt - a.createdAt).map(view)),

    'sequence.create': async ({ type: _type, contacts, ...input }) => {
      const row = await createSequence(db, { ...input, mailbox: await mailbox() }, humanActor(), s.now());
      if (contacts.length) await enrol(db, row.id, contacts, humanActor(), s.now());
      return view(await load(row.id));
    },

    'sequence.enrol': async (req) => {
      const result = await enrol(db, req.sequenceId, req.contacts, humanActor(), s.now());
      return { enrolled: result.enrolled.length, skipped: result.skipped };
    },

    'sequence.pause': async (req) => view(await pauseSequence(db, req.sequenceId, { reviewer: humanActor(), note: req.note }, s.now())),

    'sequence.resume': async (req) => view(await resumeSequence(db, req.sequenceId, { reviewer: humanActor(), note: req.note }, s.now())),

    'sequence.run': async (): Promise<SequenceRunView> => {
      const report = await run();
      return { queued: report.queued.length, stopped: report.stopped.length, paused: report.paused.map(String), errors: report.errors };
    },
  };
  return { handlers, run };
}

export function createSequenceHandlers(s: Pick<Services, 'sequences'>): Pick<Handlers, SequenceRequest> {
  return s.sequences.handlers;
}

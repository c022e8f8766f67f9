import { z } from 'zod';
import type { CountersignDb, ContactRow, DraftRow } from '../db/schema';
import { queueDraft, saveDraft, newId } from '../gates/email-gate';
import { contentHash } from '../gates/content-hash';
import type { OutgoingMessage } from '../mail/outgoing';
import type { ThreadSnapshot } from '../mail/thread';
import { replyHeaders } from '../mail/reply';
import type { ModelClient } from '../llm/client';
import { DraftKind, DraftReplyOutput, draftReplyPrompt } from '../llm/draft-reply';
import { BoundaryError, type Tool } from './runtime';
import { draftQuality, prospectFactsFor, rememberDraft } from './herald/draft-quality';
import { DraftedStep } from './herald/sequences/model';
import { draftStepPrompt } from '../llm/draft-step';
import { UserFacingError } from '../protocol/errors';
import { clearCondition, raiseAlert } from './sentinel/alerts';
import { ALERT_LEVELS, type AlertLevel } from './sentinel/model';
import { CHAT_TOOLS, type OperatorPort } from '../chat/tools';

/** What tools may use. Built once by the background (lib/background/services.ts). */
export interface ToolDeps {
  db: CountersignDb;
  readThread(threadId: string): Promise<ThreadSnapshot>;
  model(): Promise<ModelClient>;
  /** The connected mailbox and the rep's name and signature. */
  sender(): Promise<{ email: string; name: string; signature: string }>;
  /** The rep's own sent emails chosen in settings as their voice (new text only, no quotes). */
  voice(): Promise<string[]>;
  /** Sends an approved, claimed outbox item; only email.send calls it. */
  sendApproved(approvalId: string): Promise<{ id: string }>;
  /** The background's clock (tests set it); Date.now when absent. */
  now?(): number;
  /** The operator chat's read and propose tools (lib/chat/tools.ts); set only for the chat's runtime. */
  operator?: OperatorPort;
}

const tool = <I extends z.ZodType, O>(t: Tool<I, O, ToolDeps>) => t as unknown as Tool<z.ZodType, unknown, ToolDeps>;
const threadId = z.string().regex(/^[0-9a-f]{1,32}$/);

export const TOOLS = [
  tool({
    name: 'thread.read',
    effect: 'read',
    description: 'Read a Gmail thread (cached, or from the Gmail API).',
    input: z.object({ threadId }),
    run: (d, i) => d.readThread(i.threadId),
  }),
  tool({
    name: 'contacts.read',
    effect: 'read',
    description: 'Look up local contacts by email.',
    input: z.object({ emails: z.array(z.string()).max(100) }),
    run: (d, i): Promise<(ContactRow | undefined)[]> => d.db.contacts.where('email').anyOf(i.emails).toArray(),
  }),
  tool({
    name: 'model.draftReply',
    effect: 'read',
    description: 'Ask the model for a reply body and its evidence. Inbound text is passed as data.',
    input: z.object({ threadId, steer: z.string().max(500).optional(), kind: DraftKind.default('reply') }),
    run: async (d, i) => {
      const [thread, me, model, voice] = await Promise.all([d.readThread(i.threadId), d.sender(), d.model(), d.voice()]);
      return model.completeJson('draft_reply', DraftReplyOutput, draftReplyPrompt(thread, me, i.steer, voice, i.kind));
    },
  }),
  tool({
    name: 'model.draftStep',
    effect: 'read',
    description: "Ask the model for one sequence step (subject, body, evidence) from the rep's instructions and what is known about the recipient.",
    input: z.object({ enrolmentId: z.string().min(1), stepIndex: z.number().int().min(0) }),
    run: async (d, i) => {
      const enrolment = await d.db.enrolments.get(i.enrolmentId);
      const sequence = enrolment ? await d.db.sequences.get(enrolment.sequenceId) : undefined;
      const step = sequence?.steps[i.stepIndex];
      if (!enrolment || !sequence || !step) throw new UserFacingError('not_found', 'That sequence step was not found.');
      const { contact } = enrolment;
      const prospect = await prospectFactsFor(d.db, { threadId: contact.threadId ?? '', message: { from: sequence.mailbox, to: [{ name: contact.name, email: contact.email }] } as OutgoingMessage });
      const brief = { instructions: step.instructions, stepIndex: i.stepIndex, steps: sequence.steps.length, contact, facts: prospect.facts };
      const [model, voice] = await Promise.all([d.model(), d.voice()]);
      return model.completeJson('draft_step', DraftedStep, draftStepPrompt(brief, sequence.mailbox, voice));
    },
  }),
  tool({
    name: 'draft.save',
    effect: 'propose',
    description: 'Save a reply draft. Recipients, subject and threading come from the thread, never from the model.',
    input: z.object({ threadId, body: z.string().min(1).max(20_000), evidence: DraftReplyOutput.shape.evidence, agent: z.enum(['herald']) }),
    run: async (d, i): Promise<DraftRow> => {
      const [thread, me] = await Promise.all([d.readThread(i.threadId), d.sender()]);
      const reply = replyHeaders(thread, me.email);
      const body = me.signature ? `${i.body.trimEnd()}\n\n${me.signature}` : i.body;
      const message: OutgoingMessage = {
        from: { name: me.name, email: me.email },
        to: reply.to,
        cc: reply.cc,
        bcc: [],
        subject: reply.subject,
        body,
        threadId: reply.threadId,
        inReplyTo: reply.inReplyTo,
        references: reply.references,
      };
      const now = Date.now();
      return saveDraft(d.db, { id: newId(), threadId: i.threadId, agent: i.agent, message, evidence: i.evidence, status: 'draft', createdAt: now, updatedAt: now });
    },
  }),
  tool({
    name: 'approval.queue',
    effect: 'propose',
    description: 'Put a draft in the approval queue (state pending) after the quality gate. Only a human in the approval panel can approve it.',
    input: z.object({ draftId: z.string(), agent: z.enum(['herald']) }),
    run: async (d, i) => {
      const draft = await d.db.drafts.get(i.draftId);
      if (!draft) throw new UserFacingError('not_found', 'That draft was not found.');
      const report = await draftQuality(d.db, draft, Date.now());
      const row = await queueDraft(d.db, i.draftId, { type: 'agent', id: i.agent }, { subject: draft.message.subject, body: draft.message.body, report });
      await rememberDraft(d.db, draft);
      return row;
    },
  }),
  tool({
    name: 'outbox.stats',
    effect: 'read',
    description: 'Counts of outbox items by state and the age of the oldest pending one.',
    input: z.object({}),
    run: async (d) => {
      const rows = await d.db.approvals.toArray();
      const byState: Record<string, number> = {};
      for (const r of rows) byState[r.state] = (byState[r.state] ?? 0) + 1;
      const pending = rows.filter((r) => r.state === 'pending').map((r) => r.createdAt);
      return { byState, oldestPendingAt: pending.length ? Math.min(...pending) : null };
    },
  }),
  tool({
    name: 'alert.raise',
    effect: 'propose',
    description:
      "Raise (or refresh, or escalate) the alert for a condition key. Level 'hold' holds all sending until a person acknowledges it: that is the only stop Sentinel has. Only a person can acknowledge an alert.",
    input: z.object({
      key: z.string().min(1).max(200),
      level: z.enum(ALERT_LEVELS as [AlertLevel, ...AlertLevel[]]),
      title: z.string().min(1).max(300),
      detail: z.string().max(2000),
      source: z.string().min(1).max(100).optional(),
      agent: z.enum(['sentinel']),
    }),
    run: (d, i) => raiseAlert(d.db, { key: i.key, level: i.level, title: i.title, detail: i.detail, source: i.source ?? i.agent }, (d.now ?? Date.now)(), { type: 'agent', id: i.agent }),
  }),
  tool({
    name: 'alert.clear',
    effect: 'propose',
    description: "Record that a condition is gone. Its alert stays visible until a person has acknowledged it; this never closes an unseen alert.",
    input: z.object({ key: z.string().min(1).max(200), agent: z.enum(['sentinel']) }),
    run: async (d, i) => (await clearCondition(d.db, i.key, (d.now ?? Date.now)(), { type: 'agent', id: i.agent })) ?? null,
  }),
  // Execute tools: runtime.execute() runs them for a verified approval; no agent can call them.
  tool({
    name: 'email.send',
    effect: 'execute',
    description: 'Send an approved email through Gmail.',
    input: z.object({ approvalId: z.string() }),
    run: async (d, i) => {
      const row = await d.db.approvals.get(i.approvalId);
      if (!row || row.state !== 'sending' || row.approvedHash !== contentHash(row.message)) {
        throw new BoundaryError(`email.send refused: ${i.approvalId} is not an approved message claimed for sending`);
      }
      return d.sendApproved(i.approvalId);
    },
  }),
  tool({
    name: 'contact.upsert',
    effect: 'execute',
    description: 'Write a contact record.',
    input: z.object({ email: z.email(), name: z.string(), company: z.string() }),
    run: async (d, i) => {
      const existing = await d.db.contacts.where('email').equals(i.email).first();
      const row: ContactRow = { id: existing?.id ?? newId(), ...i, updatedAt: Date.now() };
      await d.db.contacts.put(row);
      return row;
    },
  }),
  tool({
    name: 'contact.delete',
    effect: 'execute',
    description: 'Delete a contact record.',
    input: z.object({ id: z.string() }),
    run: (d, i) => d.db.contacts.delete(i.id),
  }),
  // The operator chat's tools (read or propose), allowed per agent in agents.ts like every other tool.
  ...CHAT_TOOLS,
];

import { z } from 'zod';
import { Address } from '../mail/outgoing';
import { CrmKind, ObjectType } from '../crm/model';
import { SettingsPatch } from '../settings/schema';
import { OverrideInput } from '../agents/scout/score/overrides';
import { EnrolContact, SendWindow, SequenceStep, TimeZone } from '../agents/herald/sequences/model';

/**
 * Every request a page or content script may make of the background. One discriminated union,
 * parsed at the boundary (lib/protocol/router.ts) before any handler runs.
 */
const id = z.string().min(1).max(100);
/** A CRM record, pipeline or stage id (HubSpot numbers, Salesforce 18-char ids, Pipedrive numbers, local UUIDs). */
const crmId = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'Not a CRM id');
const gmailThreadId = z.string().regex(/^[0-9a-f]{1,32}$/, 'Gmail thread ids are hexadecimal');

export const Request = z.discriminatedUnion('type', [
  // Gmail content script
  /** Answers from the IndexedDB cache at once when it can; thread.refresh then asks Gmail. */
  z.object({ type: z.literal('thread.open'), threadId: gmailThreadId }),
  z.object({ type: z.literal('thread.refresh'), threadId: gmailThreadId }),
  z.object({ type: z.literal('draft.generate'), threadId: gmailThreadId, steer: z.string().max(500).optional(), kind: z.enum(['reply', 'follow_up', 're_engage']).default('reply') }),
  z.object({
    type: z.literal('draft.update'),
    draftId: id,
    subject: z.string().max(998),
    body: z.string().max(100_000),
  }),
  z.object({ type: z.literal('draft.queue'), draftId: id }),
  z.object({ type: z.literal('gmail.degraded'), hooks: z.array(z.string().max(100)).max(50) }),
  // Approval panel (extension page) only
  z.object({ type: z.literal('approvals.list') }),
  z.object({ type: z.literal('approval.approve'), approvalId: id, contentHash: z.string().regex(/^[0-9a-f]{64}$/) }),
  z.object({ type: z.literal('approval.deny'), approvalId: id, reason: z.string().trim().min(1, 'A reason is required').max(2000) }),
  z.object({
    type: z.literal('approval.edit'),
    approvalId: id,
    to: z.array(Address).min(1),
    cc: z.array(Address),
    subject: z.string().max(998),
    body: z.string().max(100_000),
  }),
  z.object({ type: z.literal('approval.retry'), approvalId: id }),
  z.object({ type: z.literal('audit.list'), limit: z.number().int().min(1).max(5000).default(500) }),
  z.object({ type: z.literal('audit.verify') }),
  z.object({ type: z.literal('audit.export'), format: z.enum(['json', 'csv']).default('json') }),
  /** Audit entries whose action, actor, subject or detail contains the text (newest first). */
  z.object({ type: z.literal('audit.search'), query: z.string().trim().max(200).default(''), limit: z.number().int().min(1).max(5000).default(500) }),
  // Sentinel and the operator view (the approval panel; the popup reads status.get)
  z.object({ type: z.literal('operator.view') }),
  /** Run Sentinel's checks now (the alarm runs them on a schedule anyway). */
  z.object({ type: z.literal('sentinel.check') }),
  /** A person has seen an alert; a hold lifts only this way. */
  z.object({ type: z.literal('alert.acknowledge'), alertId: id, note: z.string().trim().max(1000).default('') }),
  /** A person holds (or releases their own hold on) all sending. */
  z.object({ type: z.literal('hold.set'), held: z.boolean(), note: z.string().trim().max(1000).default('') }),
  // Settings (popup and approval panel)
  z.object({ type: z.literal('settings.get') }),
  z.object({ type: z.literal('settings.update'), patch: SettingsPatch }),
  z.object({ type: z.literal('gmail.connect') }),
  z.object({ type: z.literal('gmail.disconnect') }),
  // CRM record pages (content script) and CRM settings (extension pages)
  z.object({ type: z.literal('crm.record'), crm: z.enum(['hubspot', 'salesforce', 'pipedrive']), objectType: ObjectType, id: z.string().regex(/^[A-Za-z0-9-]{1,40}$/) }),
  z.object({ type: z.literal('crm.test'), crm: CrmKind }),
  /** Salesforce's OAuth sign-in (HubSpot and Pipedrive take a pasted token via settings.update). */
  z.object({ type: z.literal('crm.connect'), crm: z.literal('salesforce') }),
  z.object({ type: z.literal('crm.disconnect'), crm: z.enum(['hubspot', 'salesforce', 'pipedrive']) }),
  z.object({ type: z.literal('crm.import'), objectType: ObjectType, csv: z.string().max(50_000_000) }),
  z.object({ type: z.literal('crm.export'), objectType: ObjectType }),
  // Scout. A lead's score and brief: Gmail and CRM pages read them; only extension pages may
  // see the whole list or change a score (a page must never be able to steer Scout).
  // `synthesise` asks the model for a cited synthesis (a paid, slow call): only on the rep's click.
  z
    .object({
      type: z.literal('scout.lead'),
      /** The lead is the thread's correspondent… */
      threadId: gmailThreadId.optional(),
      /** …or this address (a CRM contact page). */
      email: z.email().max(320).optional(),
      name: z.string().max(200).optional(),
      synthesise: z.boolean().default(false),
    })
    .refine((r) => (r.threadId === undefined) !== (r.email === undefined), 'Give either a threadId or an email'),
  z.object({ type: z.literal('scout.today') }),
  OverrideInput.extend({ type: z.literal('scout.override') }),
  z.object({ type: z.literal('scout.override.revoke'), overrideId: id, reason: z.string().trim().min(1, 'A reason is required').max(500) }),
  // The suppression list (extension pages only)
  z.object({ type: z.literal('suppression.list') }),
  z.object({ type: z.literal('suppression.add'), email: z.email().max(320), note: z.string().trim().min(1, 'Say why: it goes in the audit log').max(500) }),
  z.object({ type: z.literal('suppression.remove'), email: z.email().max(320), reason: z.string().trim().min(1, 'A reason is required').max(500) }),
  // Herald's sequences (the approval panel only: creating, enrolling, pausing and resuming are a person's acts)
  z.object({ type: z.literal('sequence.list') }),
  z.object({
    type: z.literal('sequence.create'),
    name: z.string().trim().min(1, 'Name the sequence').max(200),
    /** The connected mailbox's zone; contacts without a zone get it. */
    timeZone: TimeZone,
    window: SendWindow,
    steps: z.array(SequenceStep).min(1, 'Add at least one step').max(20),
    contacts: z.array(EnrolContact).max(5_000).default([]),
  }),
  z.object({ type: z.literal('sequence.enrol'), sequenceId: id, contacts: z.array(EnrolContact).min(1).max(5_000) }),
  z.object({ type: z.literal('sequence.pause'), sequenceId: id, note: z.string().trim().min(1, 'Say why: it goes in the audit log').max(1000) }),
  z.object({ type: z.literal('sequence.resume'), sequenceId: id, note: z.string().trim().min(1, 'Say what you reviewed: it goes in the audit log').max(1000) }),
  /** Queue the steps that are due now (the alarm does this every few minutes anyway). */
  z.object({ type: z.literal('sequence.run') }),
  // Cipher's CRM cleanup (the approval panel only): scan proposes, a person approves the exact preview, and may roll back
  z.object({ type: z.literal('cleanup.scan') }),
  z.object({ type: z.literal('cleanup.list') }),
  /** `approver`: a name, needed when the approval contract asks for a second, different approver on bulk change sets. */
  z.object({ type: z.literal('cleanup.approve'), changeId: id, proposalHash: z.string().regex(/^[0-9a-f]{64}$/), approver: z.string().trim().max(100).optional() }),
  z.object({ type: z.literal('cleanup.deny'), changeId: id, reason: z.string().trim().min(1, 'Say why: it goes in the audit log').max(500) }),
  z.object({ type: z.literal('cleanup.rollback'), changeId: id }),
  // Cipher's CRM sync (the approval panel only): propose from local data, a person approves the exact diff, results per record
  z.object({ type: z.literal('sync.propose') }),
  z.object({ type: z.literal('sync.list') }),
  z.object({ type: z.literal('sync.approve'), changeId: id, proposalHash: z.string().regex(/^[0-9a-f]{64}$/), approver: z.string().trim().max(100).optional() }),
  z.object({ type: z.literal('sync.deny'), changeId: id, reason: z.string().trim().min(1, 'Say why: it goes in the audit log').max(500) }),
  /** Apply the records of an approved sync not yet done (after a failure or a stopped worker). */
  z.object({ type: z.literal('sync.resume'), changeId: id }),
  // Pipeline: stats and stage changes. A CRM deal page may only propose a move; the approval panel approves, moves and undoes.
  z.object({ type: z.literal('pipeline.view') }),
  z.object({ type: z.literal('pipeline.change'), dealId: crmId, toStageId: crmId, pipelineId: crmId.optional() }),
  z.object({ type: z.literal('pipeline.propose'), crm: CrmKind.optional(), dealId: crmId, toStageId: crmId, pipelineId: crmId.optional() }),
  z.object({ type: z.literal('pipeline.approve'), changeId: id, proposalHash: z.string().regex(/^[0-9a-f]{64}$/) }),
  z.object({ type: z.literal('pipeline.deny'), changeId: id, reason: z.string().trim().min(1, 'Say why: it goes in the audit log').max(500) }),
  z.object({ type: z.literal('pipeline.undo'), changeId: id }),
  /** The rep's sent emails in the local cache, to choose their voice from (settings). */
  z.object({ type: z.literal('voice.candidates') }),
  // The approval contract (lib/contract): the popup reads it; only the approval panel changes, exports or imports it
  z.object({ type: z.literal('contract.get') }),
  /** The whole edited contract; validated (shape and invariants) by the background, refused with the reason. */
  z.object({ type: z.literal('contract.update'), contract: z.unknown() }),
  z.object({ type: z.literal('contract.export') }),
  z.object({ type: z.literal('contract.import'), json: z.string().max(200_000) }),
  /** Each agent, its tools and boundaries (from the runtime's declarations) and its recent actions. */
  z.object({ type: z.literal('agents.map') }),
  // Operator chat and command palette (the approval panel only): agents answer with read tools and make proposals; nothing executes
  z.object({ type: z.literal('chat.send'), conversationId: id.optional(), text: z.string().trim().min(1, 'Ask something').max(2000) }),
  /** The conversation's messages, oldest first; without an id, the latest conversation. */
  z.object({ type: z.literal('chat.history'), conversationId: id.optional() }),
  /** Deletes the conversation kept locally (every conversation without an id). */
  z.object({ type: z.literal('chat.clear'), conversationId: id.optional() }),
  z.object({ type: z.literal('chat.stop'), conversationId: id }),
  /** One chat tool run directly, as its owning agent, through the same allowlist as the chat. */
  z.object({ type: z.literal('palette.run'), tool: z.string().min(1).max(100), input: z.record(z.string(), z.unknown()).default({}) }),
  // Any context
  z.object({ type: z.literal('status.get') }),
]);
export type Request = z.infer<typeof Request>;
export type RequestType = Request['type'];
export type RequestOf<T extends RequestType> = Extract<Request, { type: T }>;

/** The envelope every answer travels in: never a thrown error across contexts. */
export type Envelope<T> = { ok: true; data: T } | { ok: false; error: { code: ErrorCode; message: string } };

export type ErrorCode =
  | 'invalid_request'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'not_configured'
  | 'upstream'
  | 'model'
  | 'internal';

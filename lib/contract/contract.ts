import { z } from 'zod';
import { DEFAULT_CAPS, DEFAULT_THRESHOLDS, MailboxCaps, SequenceThresholds } from '../agents/herald/sequences/model';

/**
 * The approval contract: one versioned policy, as data, that says which actions need a person,
 * the sending caps and auto-pause thresholds, who approves, and what never happens. The
 * background reads it (sequences' caps and thresholds, the second approver on bulk CRM change
 * sets). Some lines are invariants: no contract can weaken them, and one that tries is refused
 * with the reason (see `invariantViolations`).
 */

/** Actions whose approval a contract states. */
export const APPROVAL_ACTIONS = ['send', 'crm.sync', 'crm.cleanup', 'pipeline.change', 'sequence.resume'] as const;
export type ApprovalAction = (typeof APPROVAL_ACTIONS)[number];

/** Approvals no contract can remove, each with the reason given when one tries. */
export const REQUIRED_APPROVALS: Record<ApprovalAction, string> = {
  send: 'Sending always needs an explicit click in the approval panel; a contract cannot remove it.',
  'crm.sync': 'A CRM sync always needs a person to approve the exact change set; a contract cannot remove it.',
  'crm.cleanup': 'A CRM cleanup (merges, deletes) always needs a person to approve the exact preview; a contract cannot remove it.',
  'pipeline.change': "A stage move proposed by an agent or from a CRM page always waits for a person in the approval panel; a contract cannot remove it.",
  'sequence.resume': 'A paused sequence is only ever resumed by a person; a contract cannot remove it.',
};

/** The "never" list: literal invariants, part of every contract, in this order. */
export const NEVER = [
  'No agent ever sends',
  'No delete without a snapshot',
  'No CRM write without an approved change set',
  'No alert dismissed without a person',
] as const;

/**
 * Hard limits thresholds may not be loosened past. Tightening (lower rates, lower caps, a smaller
 * sample) is always allowed.
 */
export const HARD_LIMITS = {
  /** Google's bulk-sender guidelines: keep spam complaints below 0.3%. */
  complaintRate: { max: 0.003, why: "Google's bulk-sender limit for spam complaints is 0.3%" },
  /** Above 5% hard bounces mailbox providers throttle or block the sender. */
  hardBounceRate: { max: 0.05, why: 'hard bounces above 5% get a sender throttled or blocked' },
  optOutRate: { max: 0.05, why: 'an opt-out rate above 5% means the outreach is unwanted' },
  /** Google Workspace: 2,000 messages a day per user. */
  daily: { max: 2000, why: "Google Workspace's sending limit is 2,000 messages a day per user" },
  hourly: { max: 200, why: 'more than 200 an hour from one mailbox looks like a bulk blast to spam filters' },
  minSample: { max: 500, why: 'a sample above 500 sends judges problems far too late' },
  windowSends: { max: 2000, why: 'a window above 2,000 sends dilutes a fresh problem' },
} as const;

const RequiresApproval = z
  .object({
    send: z.boolean(),
    'crm.sync': z.boolean(),
    'crm.cleanup': z.boolean(),
    /** Stage moves an agent proposes. */
    'pipeline.change': z.boolean(),
    'sequence.resume': z.boolean(),
  })
  .strict();

export const ApprovalContract = z
  .object({
    version: z.literal(1),
    /** Bumped by every saved change. */
    revision: z.number().int().min(0),
    /** When this revision was saved (0: never: the built-in default). */
    updatedAt: z.number().int().min(0),
    requiresApproval: RequiresApproval,
    thresholds: z
      .object({
        /** Per-mailbox send caps for sequences. */
        caps: MailboxCaps.strict(),
        /** When a sequence pauses itself. */
        autoPause: SequenceThresholds,
      })
      .strict(),
    approvers: z
      .object({
        profile: z.literal('this-browser'),
        secondApprover: z.object({ enabled: z.boolean(), overRecords: z.number().int().min(1).max(1_000_000) }).strict(),
      })
      .strict(),
    never: z.array(z.string()).max(20),
  })
  .strict();
export type ApprovalContract = z.infer<typeof ApprovalContract>;

export const DEFAULT_CONTRACT: ApprovalContract = {
  version: 1,
  revision: 0,
  updatedAt: 0,
  requiresApproval: { send: true, 'crm.sync': true, 'crm.cleanup': true, 'pipeline.change': true, 'sequence.resume': true },
  thresholds: { caps: { ...DEFAULT_CAPS }, autoPause: { ...DEFAULT_THRESHOLDS } },
  approvers: { profile: 'this-browser', secondApprover: { enabled: false, overRecords: 100 } },
  never: [...NEVER],
};

/** Every way `c` weakens an invariant, in words. Empty: the contract may be used. */
export function invariantViolations(c: ApprovalContract): string[] {
  const out: string[] = [];
  for (const [action, why] of Object.entries(REQUIRED_APPROVALS) as [ApprovalAction, string][]) {
    if (!c.requiresApproval[action]) out.push(`requiresApproval.${action} cannot be false: ${why}`);
  }
  const missing = NEVER.filter((line) => !c.never.includes(line));
  const extra = c.never.filter((line) => !(NEVER as readonly string[]).includes(line));
  if (missing.length || extra.length || c.never.length !== NEVER.length) {
    const parts = [missing.length ? `missing: ${missing.map((m) => `"${m}"`).join(', ')}` : '', extra.length ? `not allowed: ${extra.map((m) => `"${m}"`).join(', ')}` : ''].filter(Boolean);
    out.push(`The "never" list is fixed and cannot be removed or changed (${parts.join('; ') || 'duplicated lines'}).`);
  }
  const t = c.thresholds.autoPause;
  const over = (name: keyof typeof HARD_LIMITS, value: number, show: (n: number) => string) => {
    const limit = HARD_LIMITS[name];
    if (value > limit.max) out.push(`${name} ${show(value)} is above the hard limit of ${show(limit.max)}: ${limit.why}.`);
  };
  const pct = (n: number) => `${+(n * 100).toFixed(3)}%`;
  const num = (n: number) => n.toLocaleString('en-US');
  over('complaintRate', t.complaintRate, pct);
  over('hardBounceRate', t.hardBounceRate, pct);
  over('optOutRate', t.optOutRate, pct);
  over('minSample', t.minSample, num);
  over('windowSends', t.windowSends, num);
  over('daily', c.thresholds.caps.daily, num);
  over('hourly', c.thresholds.caps.hourly, num);
  if (c.thresholds.caps.hourly > c.thresholds.caps.daily) out.push('The hourly cap cannot be above the daily cap.');
  return out;
}

export type ParsedContract = { ok: true; contract: ApprovalContract } | { ok: false; reason: string };

const zodReason = (e: z.ZodError) => e.issues.map((i) => `${i.path.join('.') || 'contract'}: ${i.message}`).join('; ');

/** Validates a contract (an object, or its JSON text): its shape, then its invariants. */
export function parseContract(input: unknown): ParsedContract {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (e) {
      return { ok: false, reason: `Contract refused: not valid JSON (${e instanceof Error ? e.message : String(e)}).` };
    }
  }
  const parsed = ApprovalContract.safeParse(value);
  if (!parsed.success) return { ok: false, reason: `Contract refused: ${zodReason(parsed.error)}` };
  const violations = invariantViolations(parsed.data);
  if (violations.length) return { ok: false, reason: `Contract refused: ${violations.join(' ')}` };
  return { ok: true, contract: parsed.data };
}

export interface ContractChange {
  path: string;
  before: unknown;
  after: unknown;
}

function leaves(value: unknown, prefix: string, out: Map<string, unknown>): Map<string, unknown> {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) leaves(v, prefix ? `${prefix}.${k}` : k, out);
  } else out.set(prefix, Array.isArray(value) ? JSON.stringify(value) : value);
  return out;
}

/** What changed between two contracts, leaf by leaf (the revision and save time are not changes). */
export function contractDiff(before: ApprovalContract, after: ApprovalContract): ContractChange[] {
  const a = leaves(before, '', new Map());
  const b = leaves(after, '', new Map());
  const paths = [...new Set([...a.keys(), ...b.keys()])].filter((p) => p !== 'revision' && p !== 'updatedAt');
  return paths.filter((p) => a.get(p) !== b.get(p)).map((path) => ({ path, before: a.get(path) ?? null, after: b.get(path) ?? null }));
}

const ACTION_WORDS: Record<ApprovalAction, string> = {
  send: 'Sending an email',
  'crm.sync': 'Writing a CRM sync',
  'crm.cleanup': 'A CRM cleanup (merges, deletes)',
  'pipeline.change': 'A pipeline stage move an agent proposes',
  'sequence.resume': 'Resuming a paused sequence',
};

const pct = (n: number) => `${+(n * 100).toFixed(3)}%`;

/** The contract in plain words, one line each, for the settings view. */
export function describeContract(c: ApprovalContract): string[] {
  const t = c.thresholds.autoPause;
  // Every action's approval is an invariant (a contract that drops one is refused), so each line says so.
  const lines = APPROVAL_ACTIONS.map((a) => `${ACTION_WORDS[a]} needs a person's approval in the approval panel (always: no contract can remove this).`);
  lines.push(`Sequences queue at most ${c.thresholds.caps.hourly} emails an hour and ${c.thresholds.caps.daily} a day per mailbox.`);
  lines.push(
    `A sequence pauses at once at ${pct(t.hardBounceRate)} hard bounces, ${pct(t.optOutRate)} opt-outs or ${pct(t.complaintRate)} spam complaints over its last ${t.windowSends} sends (judged from ${t.minSample} sends).`,
  );
  lines.push(`A sequence nobody has reviewed for ${t.reviewEveryDays} days pauses.`);
  lines.push('Approvals are given by a person in this browser profile.');
  lines.push(
    c.approvers.secondApprover.enabled
      ? `A cleanup or sync touching more than ${c.approvers.secondApprover.overRecords} records needs a second approval by a different named approver (both are recorded in the audit log; both happen in this browser profile).`
      : 'No second approver is required for bulk CRM changes.',
  );
  for (const n of c.never) lines.push(`Never: ${n.charAt(0).toLowerCase()}${n.slice(1)}.`);
  return lines;
}

/** Whether a bulk CRM change set of `records` records needs a second, different approver under `c`. */
export function needsSecondApprover(c: ApprovalContract, records: number): boolean {
  return c.approvers.secondApprover.enabled && records > c.approvers.secondApprover.overRecords;
}

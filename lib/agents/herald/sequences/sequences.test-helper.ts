// Shared by the sequence tests: a sequence, contacts, a stub drafter and a clock.
import { humanActor } from '../../../audit/log';
import type { CountersignDb, SequenceRow } from '../../../db/schema';
import type { TriageResult } from '../../scout/model';
import type { EnrolContact, NewSequence } from './model';
import type { DraftGate, DraftStepInput } from './run-due';
import { createSequence, enrol } from './sequences';

export const MAILBOX = { name: 'Sam Rep', email: 'sam.rep@example.com' };
export const REP = humanActor('rep');
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** Monday 12 January 2026, 08:00 UTC = 09:00 in Berlin. */
export const MONDAY_9_BERLIN = Date.parse('2026-01-12T08:00:00Z');

export const threeSteps = (over: Partial<NewSequence> = {}): NewSequence => ({
  name: 'Q1 logistics outreach',
  mailbox: MAILBOX,
  timeZone: 'Europe/Berlin',
  window: { start: '09:00', end: '17:00' },
  steps: [
    { delayBusinessDays: 0, instructions: 'Introduce the pilot.' },
    { delayBusinessDays: 2, instructions: 'Follow up with the case study.' },
    { delayBusinessDays: 3, instructions: 'Last note: close the loop.' },
  ],
  ...over,
});

export const contactsFor = (n: number, over: Partial<EnrolContact> = {}): EnrolContact[] =>
  Array.from({ length: n }, (_, i) => ({ email: `lead${i}@prospect${i % 17}.example`, name: `Lead ${i}`, company: `Prospect ${i % 17}`, ...over }));

export async function seedSequence(db: CountersignDb, now: number, contacts: EnrolContact[] = contactsFor(3), over: Partial<NewSequence> = {}): Promise<SequenceRow> {
  const seq = await createSequence(db, threeSteps(over), REP, now);
  await enrol(db, seq.id, contacts, REP, now);
  return seq;
}

/**
 * Run deps with a drafter that writes a fixed text per step and counts its calls. The gate is
 * passed in by the test (the real email gate): agent-side modules may not import it.
 */
export function stubDrafter(gate: DraftGate) {
  const calls: DraftStepInput[] = [];
  const draftStep = async (input: DraftStepInput) => {
    calls.push(input);
    return {
      subject: input.stepIndex === 0 ? `A pilot for ${input.enrolment.contact.company}` : `Re: A pilot for ${input.enrolment.contact.company}`,
      body: `Hi ${input.enrolment.contact.name},\n\n${input.step.instructions}\n\nSam`,
      evidence: [{ claim: 'company name', source: 'enrolment' }],
    };
  };
  return { draftStep, calls, gate };
}

export const hardBounce = (recipient: string): TriageResult => ({
  class: 'bounce',
  method: 'rule',
  reason: 'test: user unknown',
  bounce: { type: 'hard', status: '5.1.1', recipient, reason: 'user_unknown' },
});
export const replyOf = (cls: TriageResult['class'], over: Partial<TriageResult> = {}): TriageResult => ({ class: cls, method: 'rule', reason: `test: ${cls}`, ...over });

import type { Signal } from '../model';
import { readMessages, type LeadContext } from './context';
import { engagementSignals, textSignals, triageSignals } from './extract-activity';
import { fitSignals } from './extract-fit';
import type { Icp } from './icp';

/**
 * Every rule-based signal about a lead, in a fixed order (fit, engagement, intent/negative, triage),
 * each with the evidence it rests on. Pure: the same context gives the same signals.
 * The ICP is read only to know which technologies and competitors to look for.
 */
export function extractSignals(ctx: LeadContext, icp: Icp): Signal[] {
  const read = readMessages(ctx);
  const fromText = textSignals(read);
  const said = new Set(fromText.map((s) => s.key));
  return [...fitSignals(ctx, read, icp), ...engagementSignals(read), ...fromText, ...triageSignals(ctx, read).filter((s) => !said.has(s.key))];
}

/**
 * Wraps text a stranger controls (email text, names, subjects, CRM notes) in an element whose
 * name is random per call, so the text cannot close the fence and pose as instructions.
 * Used by every prompt that carries inbound text (Herald drafts, Scout research and extraction).
 */
export function fenceAsData(text: string): { fence: string; block: string } {
  const fence = `cs-${crypto.randomUUID()}`;
  return { fence, block: `<${fence}>\n${text}\n</${fence}>` };
}

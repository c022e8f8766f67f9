/**
 * Wraps text a stranger controls (email text, names, subjects, CRM notes) in an element whose
 * name is random per call, so the text cannot close the fence and pose as instructions.
 * Same convention as Herald's prompt (lib/llm/draft-reply.ts: `cs-<uuid>`).
 */
export function fenceAsData(text: string): { fence: string; block: string } {
  const fence = `cs-${crypto.randomUUID()}`;
  return { fence, block: `<${fence}>\n${text}\n</${fence}>` };
}

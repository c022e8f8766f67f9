import type { DecodedMessage } from '../../../mail/thread';
import { ago, day, isFrom, type ResearchContext } from './context';
import { clip, type FactDraft } from './model';
import { newText, questionsIn } from './text';

const MESSAGE_FACTS = 8;
const QUESTION_FACTS = 5;
const EXCERPT_CHARS = 300;

const byDate = (a: DecodedMessage, b: DecodedMessage) => Date.parse(a.date) - Date.parse(b.date);

function who(m: DecodedMessage, ctx: ResearchContext): string {
  if (isFrom(m, ctx.lead.email)) return `${m.from.name || m.from.email} (the lead)`;
  if (m.labelIds.includes('SENT') || (ctx.repEmail && isFrom(m, ctx.repEmail))) return `You (${m.from.email})`;
  return m.from.name ? `${m.from.name} <${m.from.email}>` : m.from.email;
}

/** What the threads say: who wrote when, the subject, the lead's latest words and questions. */
export function threadFacts(ctx: ResearchContext): FactDraft[] {
  const { lead, now } = ctx;
  const messages = [...ctx.messages].sort(byDate);
  if (messages.length === 0) return [];
  const facts: FactDraft[] = [];

  const threads = new Map<string, DecodedMessage[]>();
  for (const m of messages) threads.set(m.threadId, [...(threads.get(m.threadId) ?? []), m]);
  for (const list of threads.values()) {
    const first = list[0]!;
    const last = list.at(-1)!;
    const fromLead = list.filter((m) => isFrom(m, lead.email)).length;
    const span = day(first.date) === day(last.date) ? `on ${day(first.date)}` : `from ${day(first.date)} to ${day(last.date)}`;
    const lastWord = isFrom(last, lead.email) ? 'the lead wrote last and has had no reply yet' : `${who(last, ctx)} wrote last`;
    facts.push({
      text: `Thread "${clip(first.subject || '(no subject)', 150)}": ${list.length} message${list.length === 1 ? '' : 's'} ${span}, ${fromLead} from the lead; ${lastWord}.`,
      evidence: { source: 'message', ref: last.id, quote: clip(first.subject, 200) },
    });
  }

  for (const m of messages.slice(-MESSAGE_FACTS)) {
    const files = m.attachments.filter((a) => a.filename).map((a) => a.filename);
    const attached = files.length ? `, attaching ${files.slice(0, 5).join(', ')}` : '';
    facts.push({
      text: `${who(m, ctx)} wrote on ${day(m.date)}${attached}.`,
      evidence: { source: 'message', ref: m.id, quote: clip(newText(m), 160) },
    });
  }

  const fromLead = messages.filter((m) => isFrom(m, lead.email));
  const latest = fromLead.at(-1);
  if (!latest) {
    facts.push({
      text: `The lead (${lead.email}) has not written in ${threads.size === 1 ? 'this thread' : 'these threads'}.`,
      evidence: { source: 'message', ref: messages.at(-1)!.id, quote: lead.email },
    });
    return facts;
  }
  const excerpt = clip(newText(latest, lead.name), EXCERPT_CHARS);
  facts.push({
    text: `The lead's latest message (${day(latest.date)}, ${ago(latest.date, now)}) says: "${excerpt}"`,
    evidence: { source: 'message', ref: latest.id, quote: excerpt },
  });

  const asked = new Set<string>();
  for (const m of fromLead.slice(-3).reverse()) {
    for (const q of questionsIn(m)) {
      if (asked.size >= QUESTION_FACTS || asked.has(q.toLowerCase())) continue;
      asked.add(q.toLowerCase());
      facts.push({ text: `The lead asked (${day(m.date)}): "${clip(q, 300)}"`, evidence: { source: 'message', ref: m.id, quote: clip(q, 300) } });
    }
  }
  return facts;
}

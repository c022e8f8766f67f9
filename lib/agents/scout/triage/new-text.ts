import { splitReply } from '../../../mail/reply-split';
import type { InboundMessage } from './inbound';

/**
 * Where quoted history starts when the reply splitter did not see it: an Outlook header block
 * ("From: … / Sent: …" in several languages), a forwarded or original-message rule, or an
 * attribution line ("On … wrote:", "Am … schrieb …:", "Le … a écrit :").
 */
const HISTORY_START = new RegExp(
  [
    String.raw`^[ \t]*(?:From|Von|De|Da|Van|Från|Fra|差出人|送信者)[ \t]*:.*\n(?:.*\n){0,3}?[ \t]*(?:Sent|Date|Gesendet|Datum|Envoyé|Enviado|Fecha|Inviato|Data|Verzonden|Skickat|送信日時|日付)[ \t]*:`,
    String.raw`^[ \t]*-{2,}[ \t]*(?:original message|forwarded message|ursprüngliche nachricht|weitergeleitete nachricht|message d'origine|message transféré|mensaje original|mensaje reenviado|oorspronkelijk bericht|doorgestuurd bericht|messaggio originale|messaggio inoltrato|mensagem original|mensagem encaminhada|元のメッセージ)[ \t]*-{2,}`,
    String.raw`^[ \t]*(?:On|Am|Le|El|Op|Il|Em)[ \t].{4,200}(?:wrote|schrieb|a écrit|escribió|schreef|ha scritto|escreveu)[ \t]*:?[ \t]*$`,
    String.raw`^.{0,80}(?:wrote|schrieb|a écrit|escribió|schreef|ha scritto|escreveu):[ \t]*$`,
  ].join('|'),
  'imu',
);

/** The writer's own words in a reply: no quoted history, no quoted lines, no signature. */
export function ownWords(text: string): string {
  const at = HISTORY_START.exec(text)?.index ?? -1;
  const head = at < 0 ? text : text.slice(0, at);
  return head
    .split(/\r?\n/)
    .filter((line) => !line.trimStart().startsWith('>'))
    .join('\n')
    .trim();
}

/** What a message adds to its thread, the only part reply rules read. */
export function newTextOf(msg: InboundMessage): string {
  return ownWords(splitReply(msg.text, msg.html, msg.messageId).body);
}

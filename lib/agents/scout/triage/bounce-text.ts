// How mail systems write a bounce in words: who sends it, what it is called, how it says the
// message did not arrive, and where the returned copy of the message starts.

import { ENHANCED_STATUS } from './delivery-status';

/** Local parts mail systems send bounces from (typos included: "poostmaster" exists). */
const DAEMON_LOCAL_PART = /^(?:mailer[-_.]?daemon|mail[-_.]?daemon|postmaster|poostmaster|post[-_.]?master|mail[-_.]?delivery[-_.\w]*|bounces?|mdaemon|mailadmin|mail[-_.]?administrator)$/i;
/** Mailing list managers (fml, Mailman, majordomo) answer from the list's admin or owner address. */
const LIST_MANAGER_LOCAL_PART = /^(?:[\w.-]+-(?:admin|owner|request|bounces)|owner-[\w.-]+)$/i;
const DAEMON_NAME = /mail delivery (?:system|subsystem|service)|mailer[- ]daemon|postmaster|e-mail interconnect|mail administrator/i;

/** Sent by a mail system ('daemon'), by a mailing list manager ('list'), or by someone else (null). */
export function daemonSender(from: { name: string; address: string } | null): 'daemon' | 'list' | null {
  if (!from) return null;
  const local = from.address.split('@')[0] ?? '';
  if (DAEMON_LOCAL_PART.test(local) || DAEMON_NAME.test(from.name)) return 'daemon';
  return LIST_MANAGER_LOCAL_PART.test(local) ? 'list' : null;
}

/** A reply ("Re:", "AW:", "SV:") is a person answering, whatever follows; a forwarded bounce ("Fwd:") is still one. */
const REPLY_PREFIX = /^\s*(?:re|aw|sv|vs|antw|rif|res)\s*(?:\[\d+\])?\s*:/i;

/** The subject names a delivery failure and is not a person's reply about one. */
export const isBounceSubject = (subject: string): boolean => BOUNCE_SUBJECT.test(subject) && !REPLY_PREFIX.test(subject);

/** Subjects of delivery failure notices, in the languages mail systems write them in. */
export const BOUNCE_SUBJECT =
  /undeliver|undelivered|non[- ]?deliver|returned mail|return(?:ed)? to sender|delivery (?:status )?(?:notification|notice|report|failure|failed|has failed|problem)|delivery status|mail delivery (?:failed|failure|status|problem)|failure notice|failed delivery|delivery failed|could not (?:be )?deliver|couldn't be delivered|not delivered|mail system error|message (?:delivery )?(?:has )?failed|permanent (?:delivery )?failure|bounce notification|delayed mail|delivery (?:has been )?delayed|could not send (?:message|mail)|cannot send message|warning: message .{0,60} delayed|there was an error sending|non recapitabile|unzustellbar|nicht zustellbar|non remis|non distribu|no se (?:puede|pudo) entregar|no entregado|onbestelbaar|não (?:foi )?entregue|ошибка доставки|не доставлено|配信(?:不能|エラー|失敗|できません)|are not (?:a )?member|loop alert|メールエラー|送信(?:エラー|失敗)|未送達|退信|無法傳遞|无法投递|blocked by our bulk email filter/i;

/** Sentences a delivery failure notice uses to say the message did not arrive. */
export const BOUNCE_BODY = new RegExp(
  [
    String.raw`could not be delivered`,
    String.raw`couldn't be delivered`,
    String.raw`(?:was|were|is) not delivered`,
    String.raw`wasn't delivered`,
    String.raw`unable to deliver`,
    String.raw`(?:wasn't|was not|were not) able to deliver`,
    String.raw`delivery (?:to the following recipients? )?(?:has )?failed`,
    String.raw`failed permanently`,
    String.raw`permanent (?:error|failure|fatal errors?)`,
    String.raw`following (?:address(?:\(es\)|es)?|recipients?)(?: returned permanent errors| failed|:)`,
    String.raw`error (?:while )?delivering`,
    String.raw`delivery (?:attempts? )?(?:will continue|has been delayed|is delayed|delayed)`,
    String.raw`message (?:has been |was )?(?:rejected|blocked|returned|bounced)`,
    String.raw`(?:could|can) not (?:be )?(?:send|sent|delivered)`,
    String.raw`not yet been delivered`,
    String.raw`has not been delivered`,
    String.raw`returning message to sender`,
    String.raw`this is the mail system at`,
    String.raw`mail delivery software`,
    String.raw`transcript of session`,
    String.raw`undeliverable`,
    String.raw`invalid user address`,
    String.raw`reason: \d{3}`,
    String.raw`failure reasons`,
    String.raw`remote host said`,
    String.raw`smtp error from remote`,
    String.raw`had trouble delivering`,
    String.raw`error (?:message|report)s? (?:below|follow)`,
    String.raw`recipient(?:'s)? (?:address|mailbox) (?:is|was|has been) (?:rejected|full|unknown|disabled)`,
    String.raw`user'?s mailbox is full`,
    String.raw`mailbox is full`,
    String.raw`not a member of this (?:mailing )?list`,
    String.raw`the group you tried to contact`,
    String.raw`did not reach the following recipient`,
    String.raw`duplicated message-id`,
    String.raw`rejected by a remote mail server`,
    String.raw`had delivery problems`,
    String.raw`nicht zugestellt`,
    String.raw`n'a pas pu être (?:remis|distribué)`,
    String.raw`no (?:se )?(?:ha )?(?:podido|pudo) (?:ser )?entregar`,
    String.raw`non è stato (?:possibile )?(?:recapitat|consegnat)`,
    String.raw`kon niet worden bezorgd`,
    String.raw`não (?:foi|pôde ser) entregue`,
    String.raw`не может быть доставлено`,
    String.raw`не доставлено`,
    String.raw`届きませんでした`,
    String.raw`配信(?:できませんでした|不能|に失敗)`,
    String.raw`送信できませんでした`,
    String.raw`宛先不明`,
  ].join('|'),
  'i',
);

/**
 * Where a notice stops and the returned message (or its headers) starts. What follows is the
 * rep's own message and says nothing about the failure.
 */
const RETURNED_MESSAGE =
  /^[ \t]*(?:-{2,}.{0,60}(?:original message|copy of (?:the|your) message|returned message|message headers|below this line|undelivered message|headers? follow|forwarded message|message follows).{0,40}|.{0,60}(?:original message follows|message headers follow|below (?:this line )?is a copy of the message|copy of the message,? including all the headers).{0,40}|(?:return-path|received|dkim-signature|x-received|arc-seal|message-id|authentication-results):\s.*)$/im;

/** The notice a mail system wrote, without the returned copy of the message. */
export function noticeOf(text: string): string {
  const at = RETURNED_MESSAGE.exec(text)?.index ?? -1;
  return at < 0 ? text : text.slice(0, at);
}

/** "550 5.1.1", "550-5.1.1", "ERROR_CODE :550"… an SMTP reply code at a place it is written. */
const SMTP_REPLY = /(?:^|[\s:;(\['"#=])([45][0-7]\d)(?:[ -]+#?[245]\.\d{1,3}\.\d{1,3}(?![\d.]*\d)|[ -](?=[ \t]*\S)|,|$)/m;

/** An enhanced code right after an SMTP reply code: the remote server's own ("550-'5.2.2", "550 5.1.1"). */
const REPLY_WITH_ENHANCED = /(?:^|[\s:;(\['"#=])[45][0-7]\d[ -]+['"]?#?([45]\.\d{1,3}\.\d{1,3})(?![\d.]*\d)/m;

/**
 * The status a notice states: the enhanced code a remote server put after its reply code, else
 * the first enhanced code, else an SMTP reply code; null when it names none.
 */
export function statusInText(text: string): string | null {
  const remote = REPLY_WITH_ENHANCED.exec(text)?.[1];
  if (remote) return remote;
  const enhanced = new RegExp(ENHANCED_STATUS.source, 'g');
  for (const m of text.matchAll(enhanced)) {
    // A "5.0.0" is as good as none where a server's own code follows.
    if (m[1] !== '2') return m[0];
  }
  return SMTP_REPLY.exec(text)?.[1] ?? null;
}

/**
 * The lines where a remote server speaks: those with an SMTP reply or an enhanced code, and
 * those after "Remote host said:" style introductions.
 */
export function diagnosticLines(notice: string): string {
  const lines = notice.split(/\r?\n/);
  const picked: string[] = [];
  for (let i = 0; i < lines.length && picked.length < 6; i++) {
    const line = lines[i] ?? '';
    if (SMTP_REPLY.test(line) || ENHANCED_STATUS.test(line)) {
      // A server's reply is often wrapped over the indented lines below it.
      let said = line.trim();
      const indent = /^\s*/.exec(line)?.[0].length ?? 0;
      while (i + 1 < lines.length && (lines[i + 1] ?? '').trim() !== '' && (/^\s*/.exec(lines[i + 1] ?? '')?.[0].length ?? 0) >= Math.max(indent, 1)) said += ` ${(lines[++i] ?? '').trim()}`;
      picked.push(said);
    } else if (/(?:said|returned was|error message(?: below| was)?|reason|diagnostic[- ]code|failure reasons?)\s*:?\s*$/i.test(line.trim()) && lines[i + 1]) {
      picked.push(`${line.trim()} ${(lines[i + 1] ?? '').trim()}`);
      i++;
    }
  }
  return picked.join('\n');
}

const EMAIL = /[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+|"[^"\r\n]{1,64}"@[A-Za-z0-9.-]+/g;

/** Addresses a notice names, in order, without those it must not be (the sender, the daemon). */
export function addressesIn(text: string, exclude: readonly string[]): string[] {
  const skip = new Set(exclude.map((a) => a.toLowerCase()));
  const out: string[] = [];
  for (const m of text.matchAll(EMAIL)) {
    const address = m[0].startsWith('"') ? m[0] : m[0].replace(/^['.]+|['.]+$/g, '');
    const local = address.split('@')[0] ?? '';
    if (skip.has(address.toLowerCase()) || DAEMON_LOCAL_PART.test(local)) continue;
    if (!out.some((a) => a.toLowerCase() === address.toLowerCase())) out.push(address);
  }
  return out;
}

/** Phrasings that introduce the failed recipient ("RCPT TO:", "Recipient address:", "to <x>:"). */
const RECIPIENT_INTRO =
  /(?:rcpt to|recipient(?: address)?|original[- ]recipient|final[- ]recipient|delivering your mail to|could not be delivered to|to the following (?:address(?:\(es\)|es)?|recipients?)|following address(?:\(es\))? failed|failed permanently|recipients returned permanent errors|delivered to|mailbox)\s*:?\s*<?("[^"\r\n]{1,64}"@[A-Za-z0-9.-]+|[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@[A-Za-z0-9.-]{1,253}[A-Za-z0-9])/i;

/**
 * The recipient a text notice says failed; null when it names none. In order: an address a
 * phrase introduces ("could not be delivered to: x"), one opening a line as "<x>:" (Postfix,
 * qmail, Yahoo), one the server's reply names, then the first other address.
 */
export function recipientInText(notice: string, exclude: readonly string[]): string | null {
  const excluded = (a: string) => exclude.some((e) => e.toLowerCase() === a.toLowerCase());
  const introduced = RECIPIENT_INTRO.exec(notice)?.[1];
  if (introduced && !excluded(introduced)) return introduced;
  const bracketed = /^[ \t]*<([^<>\s]+@[^<>\s]+)>(?::|[ \t]*$)/m.exec(notice)?.[1];
  if (bracketed) return bracketed;
  return addressesIn(diagnosticLines(notice), exclude)[0] ?? addressesIn(notice, exclude)[0] ?? null;
}

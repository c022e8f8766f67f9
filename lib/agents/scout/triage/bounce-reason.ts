/**
 * Why a message bounced, in Sisimai's vocabulary (snake_case), and whether that makes the
 * address dead (hard) or worth another try later (soft).
 */
export const BOUNCE_REASONS = [
  'user_unknown',
  'host_unknown',
  'not_accept',
  'has_moved',
  'suspend',
  'mailbox_full',
  'message_too_big',
  'expired',
  'delayed',
  'network_error',
  'rate_limited',
  'greylisted',
  'blocked',
  'spam_detected',
  'virus_detected',
  'policy',
  'no_relaying',
  'rejected',
  'content_error',
  'system_error',
  'suppressed',
  'undefined',
] as const;
export type BounceReason = (typeof BOUNCE_REASONS)[number];

/**
 * The address itself is gone or refuses all mail: sending again cannot succeed. Every other
 * reason (a full mailbox, our reputation, their policy, a timeout) says nothing against the address.
 */
const HARD_REASONS: ReadonlySet<BounceReason> = new Set(['user_unknown', 'host_unknown', 'not_accept', 'has_moved', 'suspend', 'suppressed']);

/**
 * What the server's words say, first match wins: specific phrasings before generic ones, so
 * "Recipient address rejected: User unknown" is user_unknown and "… temporarily locked" a suspension.
 */
const REASON_PATTERNS: readonly (readonly [BounceReason, RegExp])[] = [
  ['greylisted', /gr[ae]y-?list/i],
  ['virus_detected', /\bvirus|malware|infected/i],
  [
    'rate_limited',
    /rate.?limit|too many (?:connections|messages|recipients|mails)|connection (?:rate|frequency)|frequency limited|receiving mail (?:at|too) a? ?rate|unexpected volume|sent to too many|sending rate|throttl/i,
  ],
  [
    'mailbox_full',
    /mailbox (?:is )?(?:full|over)|over ?quota|quota (?:exceeded|full)|exceeded (?:the |his |her |their )?(?:storage|quota)|out of storage|disk quota|mailbox size limit|user.{0,20}\bfull\b|full mailbox|mailbox.{0,20}\bfull\b|bo[iî]te .{0,20}pleine|postfach (?:ist )?voll|容量(?:オーバー|超過)|as their mailbox is full|mailbox exceeded|messages in recipient'?s mailbox exceeded/i,
  ],
  [
    'suspend',
    /account (?:has been |is |was )?(?:disabled|suspended|deactivated|locked|inactive|blocked|expired|frozen)|(?:account|mailbox|address|user) .{0,40}(?:is|was|has been) (?:disabled|inactive|suspended|deactivated)|mailbox (?:disabled|inactive|suspended)|inactive (?:e-?mail )?(?:address|account|mailbox|user)|temporar(?:y|ily) locked|disabled recipient|compte du destinataire est bloqu|recipient account is blocked/i,
  ],
  ['has_moved', /no longer on (?:this )?server|has moved|address (?:has )?changed/i],
  ['not_accept', /(?:does|do) not accept (?:any )?mail|null mx|mail receiving disabled/i],
  [
    'host_unknown',
    /host (?:or domain name )?not found|host ?unknown|unknown host|no such (?:domain|host)|domain (?:name )?not found|nxdomain|name service error|invalid domain|illegal host|domain (?:does not|doesn't) exist|unrouteable (?:mail )?domain|host name lookup fail|no mx(?: record)?|unknown domain|hostname (?:not found|lookup)|host lookup (?:did not complete|failed)|host \S+ not found|dns lookup failure|dns error|lookup of \S+ (?:responded|had no)|domain \S+ (?:couldn't|could not) be found/i,
  ],
  ['no_relaying', /relay(?:ing)? (?:access )?(?:denied|not permitted|prohibited)|unable to relay|not (?:permitted|allowed) to relay|relay access/i],
  [
    'rejected',
    /sender (?:address )?rejected|domain of sender|sender (?:verify|verification) failed|invalid sender|unauthenticated senders|not (?:a )?member|not allowed to post|permission to post|purported responsible address|mail from .{0,80} rejected|sender .{0,60} rejected|unroutable sender|provide a valid from|group you tried to contact|groups\.google\.com\/support/i,
  ],
  [
    'user_unknown',
    /user ?unknown|unknown (?:user|recipient|address|mailbox|local.?part|alias)|no such (?:user|mailbox|recipient|address|account|person)|(?:user|recipient|mailbox|address|account|alias)(?: \S+)? (?:does not|doesn't|did not) exist|does not exist|recip(?:ient)?notfound|(?:user|recipient|mailbox|address|addressee) (?:not found|unknown)|mailbox (?:unavailable|not available|not found)|invalid (?:recipient|mailbox|address|user|account)|not (?:a )?(?:registered|valid|known) (?:\w+ )?(?:user|recipient|mailbox|address)|is not a valid|doesn't have an? \S+ account|destinataire invalide|not listed in (?:public )?(?:name|domino)|unrouteable address|no mailbox|bad destination mailbox|recipient address rejected: access denied|not recognized|invalid (?:final delivery )?userid|宛先不明|存在しない/i,
  ],
  [
    'blocked',
    /client host .{0,40}(?:rejected|blocked)|blocked (?:using|by|ip|for)|black ?list|block ?list|dnsbl|\brbl\b|spamhaus|spamcop|sorbs|barracudacentral|ip address .{0,30}(?:blacklisted|blocked|listed)|adresse ip source bloqu|host network not allowed|reputation|not accepting connections|refused to talk|no smtp service|ptr (?:record|resource)|reverse dns|\brdns\b|blocked - see|^554 blocked|\bblocked\b.{0,30}\bip\b|invalid ip/i,
  ],
  [
    'spam_detected',
    /spam|\bUBE\b|unsolicited|bulk (?:e-?mail|mail)|content (?:was )?rejected|message content|suspicious|junk/i,
  ],
  ['content_error', /line (?:limit|too long)|headers? too (?:large|many|long)|invalid (?:mime|header)|malformed (?:message|header)|duplicate header|multiple addresses in from/i],
  [
    'policy',
    /dmarc|\bspf\b|dkim|polic(?:y|ies)|unauthenticated|authenticat|access denied|not authori[sz]ed|prohibited|denied|security|mismatch/i,
  ],
  ['message_too_big', /message (?:is )?too (?:large|big)|too large|size (?:limit|exceeds)|exceeds .{0,30}size|message size/i],
  [
    'expired',
    /expired|retry (?:time|timeout)|could not be delivered (?:for|within)|cannot send (?:message|mail) for|could not send (?:message|mail) for (?:the )?past|unable to deliver .{0,40}after|delivery time ?out|giving up|not been delivered .{0,40}(?:days|hours)|failing for a long time|failed \d+ attempts/i,
  ],
  [
    'network_error',
    /timed? ?out|connection refused|no route to host|lost connection|connection (?:closed|reset|dropped)|did not accept our requests to connect|unable to connect|could not connect|(?:not|un)reachable|hop count|mail loop|loop detected|too many hops/i,
  ],
  // "Recipient address rejected: <why>": only when no more specific why matched above.
  ['user_unknown', /recipient (?:address )?rejected|address rejected/i],
  ['rejected', /(?:was|were) rejected|mail rejected|mail rejet|^[ \t]*(?:\d{3} )?rejected\b|\brejected[ \t]*$|after mail from/im],
  [
    'system_error',
    /internal (?:system |server )?error|system (?:error|problem)|temporar(?:y|ily) (?:failure|unavailable|error|suspended)|service (?:currently )?(?:unavailable|not available)|service refus|try (?:again )?later|lock failure|transaction failed|local error|upstream error|could not load|mailer error|procmail|insufficient (?:disk |system )?(?:space|storage)|i\/o error|command (?:parameter )?not implemented|improper sequence|syntax error|failed to read|no such file or directory|loop alert|duplicated message-id/i,
  ],
];

/** RFC 3463 subject and detail codes whose meaning is specific enough to name the reason. */
function reasonOfStatus(status: string): BounceReason {
  const [, subject, detail] = status.split('.').map(Number);
  if (subject === 1) {
    if (detail === 1 || detail === 3 || detail === 0) return 'user_unknown';
    if (detail === 2) return 'host_unknown';
    if (detail === 6) return 'has_moved';
    if (detail === 10) return 'not_accept';
    if (detail === 7 || detail === 8) return 'rejected';
    return 'undefined';
  }
  if (subject === 2) {
    if (detail === 1) return 'suspend';
    if (detail === 2) return 'mailbox_full';
    if (detail === 3) return 'message_too_big';
    return 'undefined';
  }
  if (subject === 3) return detail === 4 ? 'message_too_big' : 'system_error';
  if (subject === 4) {
    if (detail === 7) return 'expired';
    if (detail === 4) return 'host_unknown';
    return 'network_error';
  }
  if (subject === 5) return 'system_error';
  if (subject === 6) return 'system_error';
  if (subject === 7) return detail === 1 ? 'blocked' : 'policy';
  return 'undefined';
}

/** The first reason the text names, or undefined. */
export function reasonOfText(text: string): BounceReason {
  if (text.trim() === '') return 'undefined';
  for (const [reason, pattern] of REASON_PATTERNS) if (pattern.test(text)) return reason;
  return 'undefined';
}

export interface ReasonEvidence {
  /** The remote server's own words (a Diagnostic-Code, the line with the SMTP reply). */
  diagnostic: string;
  /** RFC 3463 status or SMTP reply code. */
  status: string | null;
  /** The rest of the notice a mail system wrote around it. */
  notice: string;
  /** The report's Action was "delayed": the message is still being retried. */
  delayed: boolean;
}

/**
 * The reason a bounce names: the server's words first, then a status code specific enough to
 * mean one thing, then the surrounding notice. A delay warning is 'delayed' whatever it says:
 * the mail system is still trying.
 */
export function bounceReason(e: ReasonEvidence): BounceReason {
  if (e.delayed) return 'delayed';
  // A relay's summary ("5.1.0 - Unknown address error 550-'5.7.1 … Access denied'") comes before
  // the remote server's own reply: the reply is read first.
  const reply = /(?:^|[\s'"(:;-])[45][0-7]\d[ -]/m.exec(e.diagnostic);
  const fromReply = reply && reply.index > 0 ? reasonOfText(e.diagnostic.slice(reply.index)) : 'undefined';
  if (fromReply !== 'undefined') return fromReply;
  const fromDiagnostic = reasonOfText(e.diagnostic);
  if (fromDiagnostic !== 'undefined') return fromDiagnostic;
  const enhanced = e.status !== null && /^\d\.\d+\.\d+$/.test(e.status) && !/\.0\.0$/.test(e.status) ? reasonOfStatus(e.status) : 'undefined';
  if (enhanced !== 'undefined') return enhanced;
  return reasonOfText(e.notice);
}

/**
 * Hard when the reason says the address is dead; soft when it says the failure is passing or
 * about us. A reason the words do not name falls back on the status class (5: hard, 4: soft),
 * and on whether the notice calls the failure permanent.
 */
export function bounceType(reason: BounceReason, status: string | null, notice: string): 'hard' | 'soft' {
  if (HARD_REASONS.has(reason)) return 'hard';
  if (reason !== 'undefined') return 'soft';
  if (status?.startsWith('5')) return 'hard';
  if (status?.startsWith('4')) return 'soft';
  return /permanent|fatal|failed permanently|given up|giving up/i.test(notice) ? 'hard' : 'soft';
}

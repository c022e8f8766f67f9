export interface Referral {
  name: string | null;
  email: string | null;
}

const EMAIL_SOURCE = String.raw`[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+`;
const EMAIL = new RegExp(EMAIL_SOURCE);

/** One to three capitalised words, the way a person's name is written (case-sensitive on purpose). */
const NAME_SOURCE = String.raw`\p{Lu}[\p{Ll}'’-]+(?:[ \t]+(?:(?:van|von|de|der|da|di|del|le|la)[ \t]+)?\p{Lu}[\p{Ll}'’-]+){0,2}`;
const TITLE = String.raw`(?:(?:Mr|Mrs|Ms|Dr|Prof|Hr|Fr|Sr|Sra|Mme|Mlle|M)\.?|Herr|Frau|Herrn|Monsieur|Madame|Señor|Señora|Signor|Signora|Senhor|Senhora|de heer|mevrouw)[ \t]+`;

/** A person right where the text starts: "Jane Doe <jane@x.com>", "Frau Müller (m@x.de)", "jane@x.com", "Jane". */
const PERSON_AT_START = new RegExp(
  String.raw`^[\s,:–-]*(?:${TITLE})?(?:(${NAME_SOURCE})(?:[ \t]*(?:<|\(|\[|,|at|:|-|–)?[ \t]*(?:mailto:)?(${EMAIL_SOURCE}))?|(${EMAIL_SOURCE}))`,
  'u',
);
/** A person right before where the text ends: "Jane Doe (jane@x.com) " before "is the right person". */
const PERSON_AT_END = new RegExp(String.raw`(?:^|[^\p{L}])(${NAME_SOURCE})[ \t]*(?:[(<][ \t]*(${EMAIL_SOURCE})[ \t]*[)>])?[ \t]*$`, 'u');

/** Capitalised words that start sentences or name teams, not people. */
const NOT_A_NAME = new Set(
  'Please Our My The Their His Her He She They We I You It This That Thanks Thank Hi Hello Hey Dear Best Regards Cheers Sales Support Team Procurement Purchasing Marketing Finance Legal Operations Office Department Someone Anyone Him Them Bitte Unser Unsere Mein Meine Der Die Das Er Sie Wir Ich Vielen Danke Gruß Grüße Je Nous Vous Il Elle Merci Cordialement Le La Les Por Favor Nuestro Nuestra El Ella Gracias Saludos Ons Onze Mijn Hij Zij Bedankt Groeten Lei Grazie Saluti Nosso Nossa Ele Ela Obrigado Obrigada'.split(
    ' ',
  ),
);

function cleanName(candidate: string | undefined): string | null {
  if (!candidate) return null;
  const words = candidate.trim().split(/\s+/);
  while (words.length > 0 && NOT_A_NAME.has(words[0] ?? '')) words.shift();
  const name = words.join(' ');
  return name === '' || NOT_A_NAME.has(name) ? null : name.slice(0, 120);
}

/** A name without an address takes the address of the copied-in person of that name. */
function withCcAddress(person: Referral, cc: readonly Referral[], isOwn: (email: string | null) => boolean): Referral {
  const first = person.name?.split(/\s+/)[0]?.toLowerCase() ?? '';
  if (first === '' || person.email !== null) return person;
  const match = cc.find((c) => !isOwn(c.email) && ((c.name ?? '').toLowerCase().split(/\s+/).includes(first) || (c.email ?? '').toLowerCase().startsWith(first)));
  return match ? { name: match.name ?? person.name, email: match.email } : person;
}

export interface ReferralSearch {
  /** Where the phrase that points to someone is ("talk to", "is the right person"), if any. */
  trigger: { index: number; length: number } | null;
  /** The writer's own addresses: never the referral. */
  own: readonly string[];
  /** The people the reply was copied to. */
  cc: readonly Referral[];
  /**
   * Take any other address in the reply when none sits by the phrase. Right for a "wrong
   * person" reply (its one address is the right person's); too loose for a bare "email …".
   */
  anywhere: boolean;
}

/**
 * Who a reply points to, or null when it names nobody. A person right after the phrase ("talk to
 * Jane Doe <jane@x.com>"), or right before it ("Jane is the right person"), with an address in
 * the same stretch of text; a name alone takes its address from the Cc where that person was
 * copied in; then, when allowed, any other address in the reply; then a copied-in person of a
 * reply that says it copied someone.
 */
export function referralIn(text: string, search: ReferralSearch): Referral | null {
  const { trigger, own, cc } = search;
  const isOwn = (email: string | null) => email !== null && own.some((o) => o.toLowerCase() === email.toLowerCase());
  if (trigger) {
    const end = trigger.index + trigger.length;
    const after = text.slice(end, end + 160);
    const right = PERSON_AT_START.exec(after);
    const before = PERSON_AT_END.exec(text.slice(Math.max(0, trigger.index - 80), trigger.index).split(/[.!?\n]\s*/).at(-1) ?? '');
    const name = cleanName(right?.[1]) ?? cleanName(before?.[1]);
    const adjacent = right?.[2] ?? right?.[3] ?? before?.[2] ?? null;
    // "Jane Doe handles this, write to her at jane@x.com": a named person's address may come later.
    const later = name !== null ? (after.split(/\n\s*\n/)[0]?.match(EMAIL)?.[0] ?? null) : null;
    const email = [adjacent, later].find((e) => e != null && !isOwn(e)) ?? null;
    if (name !== null || email !== null) return withCcAddress({ name, email }, cc, isOwn);
  }
  if (search.anywhere) {
    const address = text.match(new RegExp(EMAIL_SOURCE, 'g'))?.find((e) => !isOwn(e));
    if (address) {
      const at = text.indexOf(address);
      const named = PERSON_AT_END.exec(text.slice(Math.max(0, at - 60), at).replace(/[<([]\s*(?:mailto:)?$/, ''));
      return { name: cleanName(named?.[1]), email: address };
    }
  }
  if (/\bcc\b|cc['’]?d|copied|looped in|looping in|in (?:cc|kopie|copie|copia|cópia)|en copie|en copia|em cópia/i.test(text)) {
    return cc.find((c) => !isOwn(c.email)) ?? null;
  }
  return null;
}

import type { DecodedMessage } from '../../../mail/thread';

/** A value read from a signature, with the line it came from (the evidence a rep can check). */
export interface SignatureField {
  value: string;
  line: string;
}

export interface ParsedSignature {
  name: SignatureField | null;
  title: SignatureField | null;
  company: SignatureField | null;
  phones: SignatureField[];
  website: SignatureField | null;
  linkedin: SignatureField | null;
  /** Address lines in order, e.g. "200 W Adams St", "Chicago, IL 60606". */
  address: SignatureField[];
}

export interface LeadSignature extends ParsedSignature {
  /** Gmail id of the message the signature was read from. */
  messageId: string;
  /** Where in that message: the block the splitter recognised, or the last lines of the body. */
  foundIn: 'signature' | 'body_end';
}

const VALEDICTION =
  /^(?:best|best regards|kind regards|warm regards|warmest regards|regards|many thanks|thanks|thanks again|thank you|cheers|sincerely|yours|yours sincerely|yours truly|all the best|talk soon|mit freundlichen grüßen|freundliche grüße|viele grüße|beste grüße|lg|vg|cordialement|bien à vous|bien cordialement|saludos|un saludo|saluti|cordiali saluti|groeten|met vriendelijke groet|hälsningar)[\s,.!]*$/i;
const SENT_FROM = /^sent from (?:my|mail|outlook|yahoo)\b/i;
const DISCLAIMER = /^(?:confidential|disclaimer|this (?:e-?mail|message|communication)|the information (?:contained|in this)|please consider the environment|unsubscribe)/i;

const LINKEDIN = /(?:https?:\/\/)?(?:[a-z]{2,3}\.)?linkedin\.com\/(?:in|pub|company)\/[^\s|<>()"',]+/i;
const URL_LIKE = /^(?:(?:w|web|website|site|url)\s*:\s*)?((https?:\/\/)?(www\.)?[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.([a-z]{2,})(?:\/[^\s]*)?)$/i;
const PHONE_LABEL = /^(?:t|tel|telephone|phone|ph|p|m|mob|mobile|cell|c|d|dir|direct|o|office|w|work|main)(?![a-z])\.?\s*[:.]?\s*/i;
const FAX_LABEL = /^(?:f|fax)(?![a-z])\.?\s*[:.]/i;
const PHONE = /^\+?\(?\d[\d\s().\-/]{5,}\d(?:\s*(?:x|ext\.?)\s*\d{1,6})?$/i;

const TITLE_WORDS =
  /\b(?:ceo|cto|cfo|coo|cio|ciso|cmo|cro|cpo|vp|svp|evp|avp|vice president|president|director|head|manager|lead|founder|co-founder|cofounder|owner|partner|principal|officer|chief|consultant|specialist|analyst|coordinator|executive|engineer|architect|administrator|buyer|purchaser|procurement|accountant|controller|counsel|attorney|recruiter|associate|representative|advisor|adviser|strategist|designer|developer|scientist|researcher|editor|producer|geschäftsführer|geschäftsführerin|leiter|leiterin|prokurist|directeur|directrice|responsable|gérant|gerente|direttore|jefe)\b/i;
const COMPANY_SUFFIX =
  /\b(?:inc|incorporated|llc|l\.l\.c|llp|ltd|limited|gmbh|ag|kg|se|s\.a|sa|sas|sarl|s\.r\.l|srl|spa|s\.p\.a|bv|b\.v|nv|n\.v|oy|ab|a\/s|aps|pty|plc|corp|corporation|company|group|holdings|labs|technologies|systems|solutions|logistics|partners)\.?$/i;
const STREET =
  /\b(?:street|st\.?|avenue|ave\.?|road|rd\.?|boulevard|blvd\.?|lane|ln\.?|drive|dr\.?|way|suite|ste\.?|floor|fl\.|place|pl\.|court|ct\.|square|sq\.|parkway|pkwy|highway|hwy|building|unit|p\.?\s?o\.?\s?box|straße|strasse|str\.|weg|platz|allee|gasse|ring|damm|rue|chemin|via|viale|calle|avenida|plaza|laan|gracht|straat)\b/i;
/** German-style compounds: "Industriestraße 12", "Am Lindenweg 3". */
const STREET_COMPOUND = /\p{L}(?:straße|strasse|str\.|weg|platz|allee|gasse|damm|laan|straat|gracht)\s+\d/iu;
const POSTCODE = [
  /\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b/, // US: IL 60606
  /\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b/, // UK: EC2A 4BX
  /\b\d{4,5}\s+[\p{Lu}][\p{L}.-]+/u, // DE, FR, NL, CH…: 10115 Berlin
  /\b[A-Z]\d[A-Z]\s?\d[A-Z]\d\b/, // Canada: M5V 2T6
];
const PERSON_TOKEN = /^[\p{Lu}][\p{L}'’.-]*$/u;

const splitSegments = (line: string) =>
  line
    .split(/\s*[|·•‧∙]\s*|\s+[–—-]\s+/)
    .map((s) => s.trim())
    .filter(Boolean);

const digitCount = (s: string) => (s.match(/\d/g) ?? []).length;
const endsLikeProse = (s: string) => /[?!]$/.test(s) || (/\.$/.test(s) && !COMPANY_SUFFIX.test(s) && s.split(/\s+/).length > 3);

function asPhone(segment: string): string | null {
  if (FAX_LABEL.test(segment)) return null;
  const bare = segment.replace(PHONE_LABEL, '').trim();
  if (!PHONE.test(bare)) return null;
  const digits = digitCount(bare.replace(/(?:x|ext\.?)\s*\d+$/i, ''));
  return digits >= 7 && digits <= 15 ? bare : null;
}

function asWebsite(segment: string): string | null {
  if (segment.includes('@')) return null;
  const m = URL_LIKE.exec(segment.trim().replace(/[.,;]$/, ''));
  if (!m) return null;
  // "Dana.Whitfield" is not a website: without a scheme or www., the TLD must look like one.
  const [, url, scheme, www, tld] = m;
  return scheme || www || /^[a-z]{2,6}$/.test(tld!) ? url! : null;
}

function isAddress(line: string): boolean {
  if (line.includes('@') || asWebsite(line) || asPhone(line)) return false;
  if ((STREET.test(line) && digitCount(line) > 0) || STREET_COMPOUND.test(line)) return true;
  return POSTCODE.some((p) => p.test(line));
}

function isTitle(segment: string): boolean {
  return TITLE_WORDS.test(segment) && segment.split(/\s+/).length <= 8 && !endsLikeProse(segment) && digitCount(segment) === 0;
}

function looksLikePersonName(segment: string): boolean {
  const tokens = segment.split(/\s+/);
  return tokens.length >= 1 && tokens.length <= 4 && tokens.every((t) => PERSON_TOKEN.test(t)) && !TITLE_WORDS.test(segment) && !COMPANY_SUFFIX.test(segment);
}

function matchesName(segment: string, hint: string | undefined): boolean {
  if (!hint) return false;
  const words = hint.toLowerCase().split(/[\s,]+/).filter((w) => w.length > 1);
  const s = segment.toLowerCase();
  return words.length > 0 && words.every((w) => s.includes(w)) && segment.split(/\s+/).length <= words.length + 2;
}

/** "Dana Whitfield" after "Dana": the line that names the person in full wins. */
function isBetterName(segment: string, current: SignatureField | null, hint: string | undefined): boolean {
  if (!matchesName(segment, hint) && !(current && looksLikePersonName(segment) && segment.startsWith(`${current.value} `))) return false;
  return !current || (!matchesName(current.value, hint) && segment.length > current.value.length);
}

/** The lines worth reading: delimiter, greetings, "Sent from…" and disclaimers removed. */
function signatureLines(block: string): string[] {
  const out: string[] = [];
  for (const raw of block.split(/\r?\n/)) {
    const line = raw.trim();
    if (DISCLAIMER.test(line)) break;
    if (!line || /^-{2,}\s*$/.test(line) || /^_{3,}$/.test(line) || VALEDICTION.test(line) || SENT_FROM.test(line) || line.length > 160) continue;
    out.push(line);
    if (out.length >= 14) break;
  }
  return out;
}

/**
 * Reads name, title, company, phones, website, LinkedIn and address from a signature block.
 * Only what a line plainly says is taken; a line that fits nothing is left alone, except that an
 * unlabelled short line beside the title is taken as the company ("VP Operations | Northwind").
 */
export function parseSignature(block: string, hints: { name?: string } = {}): ParsedSignature | null {
  const sig: ParsedSignature = { name: null, title: null, company: null, phones: [], website: null, linkedin: null, address: [] };
  const lines = signatureLines(block);
  const leftovers: { segment: string; line: string; index: number }[] = [];
  let titleIndex = -1;

  lines.forEach((line, index) => {
    const linkedin = LINKEDIN.exec(line);
    if (linkedin) {
      sig.linkedin ??= { value: linkedin[0].replace(/[.,;]$/, ''), line };
      return;
    }
    if (isAddress(line)) {
      sig.address.push({ value: line, line });
      return;
    }
    for (const segment of splitSegments(line)) {
      const phone = asPhone(segment);
      if (phone) {
        if (!sig.phones.some((p) => p.value === phone)) sig.phones.push({ value: phone, line });
        continue;
      }
      if (segment.includes('@') || FAX_LABEL.test(segment)) continue;
      const website = asWebsite(segment);
      if (website) {
        sig.website ??= { value: website, line };
        continue;
      }
      if (endsLikeProse(segment)) continue;
      if (isBetterName(segment, sig.name, hints.name) || (!sig.name && titleIndex < 0 && leftovers.length === 0 && looksLikePersonName(segment))) {
        sig.name = { value: segment, line };
        continue;
      }
      const atCompany = /^(.+?)\s+(?:at|@|bei|chez)\s+(.+)$/i.exec(segment);
      if (!sig.title && atCompany && isTitle(atCompany[1]!)) {
        sig.title = { value: atCompany[1]!.trim(), line };
        sig.company ??= { value: atCompany[2]!.trim(), line };
        titleIndex = index;
        continue;
      }
      const commaCompany = /^(.+?),\s+(.+)$/.exec(segment);
      if (!sig.title && commaCompany && isTitle(commaCompany[1]!) && COMPANY_SUFFIX.test(commaCompany[2]!)) {
        sig.title = { value: commaCompany[1]!.trim(), line };
        sig.company ??= { value: commaCompany[2]!.trim(), line };
        titleIndex = index;
        continue;
      }
      if (!sig.company && COMPANY_SUFFIX.test(segment) && segment.split(/\s+/).length <= 6) {
        sig.company = { value: segment, line };
        continue;
      }
      if (!sig.title && isTitle(segment)) {
        sig.title = { value: segment, line };
        titleIndex = index;
        continue;
      }
      leftovers.push({ segment, line, index });
    }
  });

  // A short capitalised line on the title's line or the one after it is, by convention, the company.
  if (!sig.company && titleIndex >= 0) {
    const beside = leftovers.find(
      (l) => (l.index === titleIndex || l.index === titleIndex + 1) && /^[\p{Lu}\d]/u.test(l.segment) && l.segment.split(/\s+/).length <= 6 && digitCount(l.segment) === 0,
    );
    if (beside) sig.company = { value: beside.segment, line: beside.line };
  }

  const found = sig.name || sig.title || sig.company || sig.phones.length || sig.website || sig.linkedin || sig.address.length;
  return found ? sig : null;
}

const GREETING = /^(?:hi|hello|hey|dear|good (?:morning|afternoon)|hallo|guten tag|bonjour|hola|ciao)\b/i;
/** "Inc.", "St.", "U.S.A." end a signature line; "works." ends a sentence. */
const ABBREVIATION_END = /(?:^|\s)(?:\p{Lu}\p{Ll}{0,3}\.|\p{Lu}(?:\.\p{Lu})+\.)$/u;

/** The last lines of a body that may be a signature the splitter did not recognise. */
export function bodyEnd(body: string): string {
  const lines = body
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => !l.startsWith('>'));
  const tail: string[] = [];
  for (let i = lines.length - 1; i >= 0 && tail.length < 10; i -= 1) {
    const line = lines[i]!;
    if (!line) {
      tail.unshift('');
      continue;
    }
    if (line.length > 100 || /[?!:]$/.test(line) || line.split(/\s+/).length > 12 || GREETING.test(line)) break;
    if (/\.$/.test(line) && !COMPANY_SUFFIX.test(line) && !VALEDICTION.test(line) && !ABBREVIATION_END.test(line)) break;
    tail.unshift(line);
  }
  return tail.join('\n').trim();
}

/** More than a bare name: a body's last lines count as a signature only with one of these. */
export const hasContactDetail = (s: ParsedSignature) => Boolean(s.title || s.company || s.phones.length || s.website || s.linkedin || s.address.length);

/**
 * The lead's signature from their newest message that has one: the block the message splitter
 * recognised, or else the last lines of the new text when they hold contact details.
 */
export function leadSignature(messages: readonly DecodedMessage[], leadEmail: string, leadName?: string): LeadSignature | null {
  const mine = messages.filter((m) => m.from.email.toLowerCase() === leadEmail.toLowerCase());
  const newestFirst = [...mine].sort((a, b) => Date.parse(b.date) - Date.parse(a.date));
  for (const m of newestFirst) {
    const name = leadName || m.from.name || undefined;
    const block = m.signature.trim() ? parseSignature(m.signature, { name }) : null;
    if (block && hasContactDetail(block)) return { ...block, messageId: m.id, foundIn: 'signature' };
    const tail = parseSignature(bodyEnd(m.body), { name });
    if (tail && hasContactDetail(tail)) return { ...tail, messageId: m.id, foundIn: 'body_end' };
    if (block) return { ...block, messageId: m.id, foundIn: 'signature' };
  }
  return null;
}

import type { ProspectFacts } from './model';
import { escapeRegExp, stem } from './text';

const LEGAL_SUFFIX = /[\s,]+(?:inc|llc|ltd|limited|gmbh|ag|sa|sas|bv|nv|plc|corp|corporation|co|company|group|holdings|pty|srl|oy|ab|as)\.?$/i;
const FREE_MAIL = new Set(['gmail', 'googlemail', 'yahoo', 'hotmail', 'outlook', 'live', 'msn', 'icloud', 'me', 'mac', 'aol', 'proton', 'protonmail', 'gmx', 'web', 'mail', 'yandex', 'zoho', 'fastmail', 'hey', 'example']);
const GENERIC_GREETEES = new Set(['there', 'team', 'all', 'everyone', 'everybody', 'folks', 'friend', 'friends', 'sir', 'madam', 'sir or madam', 'both', 'you', 'guys', 'yall', 'colleague', 'colleagues', 'again']);
/** Capitalised words that are not organisations: days, months, pronouns, quarters, time words. */
const NOT_ORGS = new Set(
  'monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november december the this that these next last our your my their you we i it its q1 q2 q3 q4 am pm eod eow noon christmas easter hq'.split(' '),
);

/** Who the draft is for, in the forms a draft might name them. */
export interface Recipient {
  firstNames: string[];
  lastName: string | null;
  /** Lower-case names the prospect's organisation goes by: "acme corp", "acme". */
  companyAliases: string[];
  /** Stems of the recipient's own name and company words: naming them is not evidence. */
  identityKeys: Set<string>;
}

export const normaliseCompany = (name: string) =>
  name
    .replace(/['’]s$/, '')
    .replace(LEGAL_SUFFIX, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}&]+/gu, ' ')
    .trim();

export function recipientOf(prospect: ProspectFacts, sender?: { company?: string }): Recipient {
  const nameParts = (prospect.name ?? '').trim().split(/\s+/).filter(Boolean);
  const [local = '', domain = ''] = prospect.email.toLowerCase().split('@');
  const firstNames = new Set<string>();
  if (prospect.firstName?.trim()) firstNames.add(prospect.firstName.trim().toLowerCase());
  if (nameParts[0]) firstNames.add(nameParts[0].toLowerCase());
  // dana.reyes@ or dana_reyes@ says the first name; "dreyes@" says nothing.
  const localParts = local.split(/[._-]/);
  if (localParts.length > 1 && /^\p{L}{2,}$/u.test(localParts[0]!)) firstNames.add(localParts[0]!);
  const aliases = new Set<string>();
  if (prospect.company?.trim()) {
    const full = normaliseCompany(prospect.company);
    if (full) aliases.add(full);
    const firstWord = full.split(' ')[0] ?? '';
    if (firstWord.length >= 4 && !NOT_ORGS.has(firstWord)) aliases.add(firstWord);
  }
  const label = domain.split('.').slice(-2, -1)[0] ?? '';
  if (label && !FREE_MAIL.has(label)) {
    aliases.add(label.replace(/-/g, ' '));
    const head = label.split('-')[0]!;
    if (head.length >= 4 && !NOT_ORGS.has(head)) aliases.add(head);
  }
  const own = sender?.company ? normaliseCompany(sender.company) : '';
  if (own) aliases.delete(own);
  const identityKeys = new Set<string>();
  for (const w of [...firstNames, ...nameParts, ...[...aliases].flatMap((a) => a.split(' '))]) if (w.length >= 2) identityKeys.add(stem(w));
  return { firstNames: [...firstNames], lastName: nameParts.length > 1 ? nameParts.at(-1)!.toLowerCase() : null, companyAliases: [...aliases], identityKeys };
}

const sameName = (a: string, b: string) => a === b || (Math.min(a.length, b.length) >= 3 && (a.startsWith(b) || b.startsWith(a)));

/** The name a greeting addresses and whether it is the recipient's; null when it names nobody. */
export function greetingMismatch(greeting: string, r: Recipient): { said: string; expected: string } | null {
  const m = /^(?:hi|hello|hey|dear|greetings|howdy|hiya|good\s+(?:morning|afternoon|evening))?\s*(?:(mr|mrs|ms|mx|dr|prof)\.?\s+)?([\p{L}'’-]+)?/iu.exec(greeting.trim());
  const title = m?.[1];
  const said = m?.[2];
  if (!said || !/^\p{Lu}/u.test(said) || GENERIC_GREETEES.has(said.toLowerCase())) return null;
  const lower = said.toLowerCase();
  if (title) {
    if (!r.lastName || sameName(lower, r.lastName)) return null;
    return { said: `${title} ${said}`, expected: r.lastName };
  }
  if (r.firstNames.length === 0 || r.firstNames.some((n) => sameName(lower, n))) return null;
  return { said, expected: r.firstNames[0]! };
}

const ORG = String.raw`(\p{Lu}[\p{L}\p{N}&'’-]{0,30}(?:\s\p{Lu}[\p{L}\p{N}&'’-]{0,30}){0,2})`;
/** Phrasings that place the recipient at an organisation, or speak of an organisation as theirs. */
const RECIPIENT_ORG_PATTERNS: readonly RegExp[] = [
  new RegExp(String.raw`\b(?:you(?:['’]re|\s+are)?\s+(?:working|doing|building|leading|running|based|over)|your\s+(?:team|role|work|folks|people|colleagues|group|peers)|things\s+(?:are\s+)?(?:going|moving)(?:\s+(?:well|great|smoothly|okay|ok|fast))?|everyone|folks|the\s+team|the\s+folks)\s+(?:over\s+|there\s+)?at\s+${ORG}`, 'gu'),
  new RegExp(String.raw`\b${ORG}['’]s\s+(?:team|growth|expansion|customers|clients|roadmap|stack|pipeline|sales|ops|operations|plans|launch|funding|office|offices|warehouse|hiring|recent|latest|new|move|rollout|success)\b`, 'gu'),
  new RegExp(String.raw`\b(?:saw|noticed|read|heard|learned|spotted|see)\s+(?:that\s+)?${ORG}\s+(?:is|are|was|has|have|had|just|recently|announced|launched|raised|hired|opened|expanded|plans|moved|acquired|signed)\b`, 'gu'),
  new RegExp(String.raw`\bcongrat(?:s|ulations)\s+(?:to\s+(?:the\s+team\s+at\s+|everyone\s+at\s+)?|on\s+)${ORG}`, 'gu'),
];
const SUBJECT_ORG = new RegExp(String.raw`\b(?:for|at|x|<>|\+|&)\s+${ORG}\s*[?!.]?\s*$`, 'u');

const isOrgOf = (name: string, r: Recipient) => {
  const n = normaliseCompany(name);
  const head = n.split(' ')[0]!;
  return r.companyAliases.some((a) => n === a || n.startsWith(`${a} `) || a.startsWith(`${n} `) || head === a || a.split(' ')[0] === head);
};

/** Organisations named as the recipient's that are not the prospect's: "your team at Initech" to someone at Acme. */
export function wrongCompanies(text: string, r: Recipient, opts: { subject?: boolean; sender?: string; people?: readonly string[] } = {}): { name: string; index: number }[] {
  if (r.companyAliases.length === 0) return [];
  const own = opts.sender ? normaliseCompany(opts.sender) : '';
  const people = new Set([...r.firstNames, ...(r.lastName ? [r.lastName] : []), ...(opts.people ?? []).map((p) => p.toLowerCase())]);
  const out: { name: string; index: number }[] = [];
  const consider = (name: string, index: number) => {
    const n = normaliseCompany(name);
    const head = n.split(' ')[0]!;
    if (!n || NOT_ORGS.has(head) || people.has(head) || /\d/.test(head) || (own && (n === own || head === own.split(' ')[0]))) return;
    if (!isOrgOf(name, r)) out.push({ name, index });
  };
  if (opts.subject) {
    const m = SUBJECT_ORG.exec(text);
    if (m) consider(m[1]!, m.index);
  }
  for (const pattern of RECIPIENT_ORG_PATTERNS) for (const m of text.matchAll(pattern)) consider(m[1]!, m.index);
  return out;
}

/** Whether a text names the prospect's organisation. */
export function companyPattern(r: Recipient): RegExp | null {
  if (r.companyAliases.length === 0) return null;
  const alternatives = [...r.companyAliases].sort((a, b) => b.length - a.length).map((a) => a.split(' ').map(escapeRegExp).join(String.raw`[\s-]+`));
  return new RegExp(String.raw`(?<![\p{L}\p{N}])(?:${alternatives.join('|')})(?![\p{L}\p{N}])`, 'iu');
}

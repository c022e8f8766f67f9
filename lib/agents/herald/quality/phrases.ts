import { normalise } from './text';

/** Lines that could open or close any email to anyone. Matched on normalised text (case, punctuation, apostrophes ignored). */
export const STOCK_PHRASES: readonly string[] = [
  'hope this finds you well', 'hope this email finds you well', 'hope this message finds you well', 'hope this note finds you well',
  'hope you are well', "hope you're well", 'hope you are doing well', "hope you're doing well", 'hope all is well', 'hope you had a great weekend', 'hope your week is going well',
  'just checking in', 'just following up', 'just wanted to follow up', 'just wanted to check in', 'following up on my last email', 'following up on my previous email',
  'touch base', 'touching base', 'circle back', 'circling back', 'bump this', 'bumping this', 'top of your inbox', 'per my last email',
  'i wanted to reach out', 'wanted to reach out', 'i am reaching out', "i'm reaching out", 'reaching out to introduce', 'allow me to introduce', 'my name is',
  'quick question', 'i know you are busy', "i know you're busy", 'pick your brain', 'i came across your profile',
  'at your earliest convenience', "don't hesitate to", 'do not hesitate to', 'let me know if you have any questions', 'feel free to reach out',
  'synergy', 'synergies', 'game changer', 'best in class', 'cutting edge', 'world class', 'industry leading', 'leading provider', 'next level',
  'low hanging fruit', 'move the needle', 'value add', 'win win', 'hop on a call', 'jump on a call', 'few minutes of your time', '15 minutes of your time',
  'companies like yours', 'businesses like yours', 'drive results', 'revolutionize', 'revolutionise', 'take your business', 'in today\'s fast paced',
];

/** Words and marks that spam filters and wary readers both react to. "free" alone is fine ("are you free Tuesday"); "free trial" is not. */
export const SPAM_PHRASES: readonly string[] = [
  'act now', 'risk free', 'no obligation', 'limited time', 'click here', 'click below', 'buy now', 'order now', 'call now', 'apply now', 'sign up free',
  'once in a lifetime', 'no strings attached', 'no cost', 'lowest price', 'best price', 'special promotion', 'exclusive deal', 'dont miss out', 'last chance',
  'guarantee', 'guaranteed', 'guarantees', 'winner', 'cash bonus', 'double your', 'earn money', 'make money', 'urgent', 'as seen on', 'this is not spam',
  'dear friend', 'miracle', 'incredible deal', 'instant access', 'amazing offer', 'cheap', 'discount', 'save big', 'bonus', 'prize',
];
const FREE = /\b(?:for|totally|completely|absolutely|100%)\s+free\b|\bfree\s+(?:trial|demo|gift|offer|access|consultation|months?|quote|sample|shipping|money|upgrade|audit|assessment|report|e-?book|download|seats?|licen[cs]es?|of\s+charge)\b/gi;
const PUNCTUATION = /!{2,}|\?{3,}|\${2,}|\b100\s?%/g;
const CAPS_WORD = /(?<![\p{L}\p{N}])\p{Lu}{4,}(?![\p{L}\p{N}])/gu;
/** Capitals a business email uses: acronyms and units. */
const ACRONYMS = new Set('ASAP AMER APAC EMEA LATAM DACH NORAM GDPR HIPAA CCPA SAML SCIM AWS GCP SAAS PAAS IAAS HTML JSON YAML REST HTTP HTTPS VPN SFTP NASA NASDAQ NYSE FIFO LIFO ERP CRM EBITDA KPIS OKRS CSAT NPS SOC2 PCI ISO USA EMEA UTC GMT CEST BST PST EST CET ASIN SKUS RFID IPO RFP RFPS RFQ RFQS MSA SLA SLAS NDA'.split(' '));

const normalisedList = (phrases: readonly string[]) => phrases.map((p) => ({ phrase: p, key: normalise(p) }));
const STOCK = normalisedList(STOCK_PHRASES);
const SPAM = normalisedList(SPAM_PHRASES);

/** Phrases of `list` found in `text`, dropping one contained in a longer one found ("hope you're well" inside "hope you're doing well" is not). */
function phrasesIn(text: string, list: readonly { phrase: string; key: string }[]): string[] {
  const hay = normalise(text);
  const found = list.filter((p) => hay.includes(p.key));
  return found.filter((p) => !found.some((q) => q !== p && q.key.includes(p.key))).map((p) => p.phrase);
}

export const stockPhrasesIn = (text: string) => phrasesIn(text, STOCK);

export function spamTriggersIn(text: string): string[] {
  const found = phrasesIn(text, SPAM);
  for (const m of text.matchAll(FREE)) found.push(m[0].toLowerCase());
  for (const m of text.matchAll(PUNCTUATION)) found.push(m[0]);
  for (const m of text.matchAll(CAPS_WORD)) if (!ACRONYMS.has(m[0])) found.push(m[0]);
  return [...new Set(found)];
}

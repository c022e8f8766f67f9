import type { ProspectFacts, SourcedText } from './model';
import type { Recipient } from './recipient';
import { contentKeys, distinctiveKeys, escapeRegExp } from './text';

/** Something that can back a line: a fact about the prospect, or the source the model cited. */
interface Support {
  label: string;
  keys: Set<string>;
  distinctive: Set<string>;
}

export interface Supports {
  list: Support[];
  identityKeys: ReadonlySet<string>;
}

export function supportsFor(prospect: ProspectFacts, evidence: readonly SourcedText[] | undefined, r: Recipient): Supports {
  const list: Support[] = [];
  const add = (text: string, label: string) => {
    const keys = contentKeys(text, r.identityKeys);
    if (keys.size) list.push({ label, keys, distinctive: distinctiveKeys(text) });
  };
  for (const f of prospect.facts) add(f.text, `${f.text} (${f.source})`);
  for (const e of evidence ?? []) add(e.source, `${e.source} (cited for "${e.text}")`);
  return { list, identityKeys: r.identityKeys };
}

/**
 * The fact or evidence a sentence rests on: it shares three content words with it, or two where
 * one is a number or a name. The recipient's own name and company do not count: every mail-merge
 * has those.
 */
export function supportOf(sentence: string, supports: Supports): string | null {
  const keys = contentKeys(sentence, supports.identityKeys);
  if (keys.size === 0) return null;
  let best: { label: string; score: number } | null = null;
  for (const s of supports.list) {
    let shared = 0;
    let distinctive = 0;
    for (const k of keys) {
      if (!s.keys.has(k)) continue;
      shared++;
      if (s.distinctive.has(k)) distinctive++;
    }
    const enough = shared >= 3 || (shared >= 2 && distinctive >= 1) || (shared >= 2 && shared / Math.min(keys.size, s.keys.size) >= 0.5);
    if (enough && (!best || shared + distinctive > best.score)) best = { label: s.label, score: shared + distinctive };
  }
  return best?.label ?? null;
}

const EVENT = String.raw`(?:expand|grow|grew|hir|launch|mov|open|scal|build|built|plan|rais|migrat|roll|switch|struggl|invest|enter|acquir|announc|clos|sign|doubl|tripl|won|win|start|adopt|partner|relocat|restructur|rebrand|releas|ship|hit|reach|join|promot|took|taken|became|implement|evaluat|replac|consolidat|cut|lay|laid|sav|spen|los|lost|fac|deal|using|use|rely|run|ran)\w*`;
const CLAIM_PATTERNS: readonly RegExp[] = [
  new RegExp(String.raw`\byou(?:['’]re|\s+are|['’]ve|\s+have|\s+had|\s+were)?\s+(?:(?:been|now|currently|recently|just|already|also|still|actively)\s+){0,2}${EVENT}`, 'i'),
  /\byour\s+(?:team|company|org\w*|firm|business|group|department|ops|sales|marketing|engineering|product|leadership|ceo|cto|founders?|board|headcount|revenue|customers|clients|offices?|warehouses?|expansion|launch|funding|round|acquisition|move|rollout)\s+(?:\w+\s+){0,2}?(?:is|are|was|were|has|have|had|just|recently|now|announced|launched|raised|hired|opened|expanded|grew|moved|signed|closed|doubled|won|started|acquired|rolled|went|hit|reached|needs?|struggles?|uses?)\b/i,
  /\byour\s+(?:recent|new|latest|upcoming|ongoing|current)\s+[\p{L}-]{3,}/iu,
  /\b(?:i|we)\s+(?:just\s+|recently\s+)?(?:saw|noticed|read|heard|came\s+across|learned|spotted|understand|gather)\b.{0,80}?\b(?:you|your|that)\b/i,
  /\bcongrat(?:s|ulations)\b/i,
  /\byou\s+(?:mentioned|said|asked|wrote|noted|told|shared|flagged|raised|brought\s+up|pointed\s+out|described|explained|were\s+asking|were\s+looking)\b/i,
];
/** A claim inside a condition or a question is not a claim: "if you're expanding…". */
const HEDGE = /\b(?:if|whether|in\s+case|unless|should|once|when|whenever|as\s+you)\s+(?:\S+\s+){0,2}$/i;
/** "help you reach", "teams like you use": the rep talking about what could be, not about them. */
const NOT_ABOUT_THEM = /\b(?:help(?:s|ing)?|let(?:s)?|to|can|could|would|might|may|will|make(?:s)?|like|for|with|than|where|what|how)\s+$/i;

/** Whether a body sentence states something about the prospect as fact. */
export function claimsAboutProspect(sentence: string, companyRe: RegExp | null): boolean {
  if (/\?\s*$/.test(sentence)) return false;
  const patterns = companyRe ? [...CLAIM_PATTERNS, companyClaim(companyRe)] : CLAIM_PATTERNS;
  for (const p of patterns) {
    const m = p.exec(sentence);
    if (!m) continue;
    const before = sentence.slice(Math.max(0, m.index - 40), m.index);
    if (!HEDGE.test(before) && !NOT_ABOUT_THEM.test(before)) return true;
  }
  return false;
}

const companyClaims = new WeakMap<RegExp, RegExp>();
function companyClaim(companyRe: RegExp): RegExp {
  let re = companyClaims.get(companyRe);
  if (!re) {
    re = new RegExp(String.raw`${companyRe.source}(?:['’]s)?\s+(?:(?:team|just|recently|now|is|are|has|have|had|also|was|were)\s+){0,2}${EVENT}`, 'iu');
    companyClaims.set(companyRe, re);
  }
  return re;
}

/** Whether a sentence names the prospect's title ("as VP of Operations"). */
export function titlePattern(title: string | undefined): RegExp | null {
  const t = title?.trim();
  if (!t || t.length < 3) return null;
  return new RegExp(String.raw`(?<![\p{L}])${t.split(/\s+/).map(escapeRegExp).join(String.raw`\s+`)}(?![\p{L}])`, 'iu');
}

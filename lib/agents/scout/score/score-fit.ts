import type { Signal } from '../model';
import { countryCode, regionCountries } from './geo';
import type { Icp, IcpSection } from './icp';
import type { Factor } from './score';

const norm = (s: string) => s.trim().toLowerCase();
/** `needle` as whole words inside `hay`. */
const containsWords = (hay: string, needle: string) => ` ${norm(hay).replace(/[^\p{L}\p{N}]+/gu, ' ')} `.includes(` ${norm(needle).replace(/[^\p{L}\p{N}]+/gu, ' ')} `);

interface Match {
  signal: Signal;
  /** The ICP entry it matched, for the label. */
  entry: string;
  points: number;
}

type Matcher = (signal: Signal, icp: Icp) => { entry: string; weight: number }[];

const text = (s: Signal) => (typeof s.value === 'string' ? s.value : String(s.value));

const SECTIONS: readonly { section: IcpSection; key: string; label: string; match: Matcher }[] = [
  { section: 'industries', key: 'industry', label: 'Industry', match: (s, icp) => icp.industries.filter((i) => containsWords(text(s), i.name) || containsWords(i.name, text(s))).map((i) => ({ entry: i.name, weight: i.weight })) },
  {
    section: 'companySizes',
    key: 'company_size',
    label: 'Company size',
    match: (s, icp) => (typeof s.value !== 'number' ? [] : icp.companySizes.filter((r) => (s.value as number) >= r.min && (r.max === null || (s.value as number) <= r.max)).map((r) => ({ entry: r.max === null ? `${r.min}+` : `${r.min}–${r.max}`, weight: r.weight }))),
  },
  { section: 'seniorities', key: 'seniority', label: 'Seniority', match: (s, icp) => icp.seniorities.filter((x) => x.level === s.value).map((x) => ({ entry: x.level, weight: x.weight })) },
  { section: 'titles', key: 'title', label: 'Title', match: (s, icp) => icp.titles.filter((t) => containsWords(text(s), t.keyword)).map((t) => ({ entry: t.keyword, weight: t.weight })) },
  {
    section: 'regions',
    key: 'region',
    label: 'Region',
    match: (s, icp) => {
      const code = countryCode(text(s));
      return icp.regions.filter((r) => (code !== null && regionCountries(r.name).includes(code)) || norm(r.name) === norm(text(s))).map((r) => ({ entry: r.name, weight: r.weight }));
    },
  },
  { section: 'technologies', key: 'technology', label: 'Uses', match: (s, icp) => icp.technologies.filter((t) => norm(t.name) === norm(text(s)) || containsWords(text(s), t.name)).map((t) => ({ entry: t.name, weight: t.weight })) },
];

/**
 * A match's points round(section weight × item weight). Per section one factor: an anti-fit
 * (negative) match wins over a fit, else the best fit; ties go to the first signal (CRM before
 * signature before domain). Technologies add up, each at most once, capped at the section weight.
 */
export function fitFactors(signals: readonly Signal[], icp: Icp): Factor[] {
  const out: Factor[] = [];
  for (const { section, key, label, match } of SECTIONS) {
    const weight = icp.weights[section];
    const matches: Match[] = [];
    for (const s of signals) {
      if (s.group !== 'fit' || s.key !== key) continue;
      for (const m of match(s, icp)) matches.push({ signal: s, entry: m.entry, points: Math.round(weight * m.weight) });
    }
    const toFactor = (m: Match, points = m.points): Factor => ({
      group: 'fit',
      key,
      label: `${label}: ${text(m.signal)}${norm(m.entry) === norm(text(m.signal)) ? '' : ` (ICP: ${m.entry})`}`,
      points,
      evidence: m.signal.evidence,
    });
    if (key === 'technology') {
      let budget = weight;
      let debt = weight;
      const byTech = new Map<string, Match>();
      for (const m of matches) if (!byTech.has(norm(m.entry)) || Math.abs(m.points) > Math.abs(byTech.get(norm(m.entry))!.points)) byTech.set(norm(m.entry), m);
      for (const m of byTech.values()) {
        const points = m.points >= 0 ? Math.min(m.points, budget) : Math.max(m.points, -debt);
        if (m.points >= 0) budget -= points;
        else debt += points;
        if (points !== 0) out.push(toFactor(m, points));
      }
      continue;
    }
    const negative = matches.filter((m) => m.points < 0).sort((a, b) => a.points - b.points)[0];
    const best = negative ?? matches.filter((m) => m.points > 0).sort((a, b) => b.points - a.points)[0];
    if (best) out.push(toFactor(best));
  }
  return out;
}

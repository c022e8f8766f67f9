import type { Seniority } from './icp';

const w = (...alternatives: string[]) => new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'iu');

/**
 * Title → seniority, first match wins, so the order matters: "Assistant to the CEO" is an IC,
 * "Managing Director" is C-level (UK and German usage), "Head of" sits with VPs.
 */
const LEVELS: readonly [Seniority, RegExp][] = [
  ['ic', w('assistant to', 'executive assistant', 'intern', 'internship', 'trainee', 'werkstudent', 'praktikant(?:in)?', 'stagiaire', 'becario')],
  ['c_level', w('chief \\p{L}+ officer', 'ceo', 'cfo', 'cto', 'coo', 'cmo', 'cro', 'cio', 'ciso', 'cpo', 'cco', 'founder', 'co-?founder', '(?<!product |process |data )owner', '(?<!vice[- ])president', 'managing director', 'managing partner', 'geschäftsführer(?:in)?', 'vorstand', 'directeur général', 'directrice générale', 'pdg', 'director general', 'director ejecutivo')],
  ['vp', w('vp', 'svp', 'evp', 'avp', 'vice[- ]president', 'head of', 'general manager', 'bereichsleiter(?:in)?')],
  ['director', w('director', 'directrice', 'directeur', 'direktor(?:in)?', 'directora')],
  ['manager', w('manager', 'team lead', 'tech lead', 'lead (?:engineer|developer|designer|architect|consultant)', '(?:sales|project|product|engineering|design|marketing|growth|ops|operations|program|account|revops) lead', 'supervisor', 'leiter(?:in)?', 'teamleiter(?:in)?', 'responsable', 'gerente', 'jefe', 'jefa')],
  ['ic', w('engineer', 'developer', 'analyst', 'specialist', 'consultant', 'associate', 'coordinator', 'representative', 'rep', 'administrator', 'architect', 'designer', 'scientist', 'recruiter', 'accountant', 'executive', 'officer', 'sdr', 'bdr', 'ae', 'account executive', 'ingenieur(?:in)?', 'entwickler(?:in)?', 'berater(?:in)?', 'ingénieur', 'chargée? de \\p{L}+', 'analista', 'ingeniero', 'ejecutivo')],
];

/** The seniority a job title states, or null when the text is not recognisably a title. */
export function seniorityOf(title: string): Seniority | null {
  for (const [level, pattern] of LEVELS) if (pattern.test(title)) return level;
  return null;
}

/**
 * The job title in a signature block: the first short line that reads as a title. Lines with an
 * address, a link or mostly digits (phones) are not titles; long lines are prose, not a title.
 */
export function titleLine(signature: string): { line: string; seniority: Seniority } | null {
  for (const raw of signature.split('\n')) {
    const line = raw.trim();
    if (!line || line.length > 80 || line.split(/\s+/).length > 8) continue;
    if (/@|https?:|www\.|[:;!?]/.test(line) || (line.match(/\d/g)?.length ?? 0) > 3) continue;
    const level = seniorityOf(line);
    if (level) return { line, seniority: level };
  }
  return null;
}

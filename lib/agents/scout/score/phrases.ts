import type { PhraseRule } from './text-scan';

/**
 * The phrasings rules recognise, in English, German, French and Spanish. Each is a plain-meaning
 * phrase a person writes; none is an instruction to the software. Keys are the signal keys
 * (weights.ts gives their points). Patterns are matched case-insensitively within one line.
 */
const rule = (key: string, source: string, negatable = true): PhraseRule => ({ key, pattern: new RegExp(source, 'giu'), negatable });
const words = (...alternatives: string[]) => `(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`;

const MONTHS = 'january|february|march|april|may|june|july|august|september|october|november|december';
const DAYS = 'monday|tuesday|wednesday|thursday|friday|saturday|sunday';
const TAGE = 'montag|dienstag|mittwoch|donnerstag|freitag|morgen|dann|nächste woche';
const JOURS = 'lundi|mardi|mercredi|jeudi|vendredi|demain';
const DIAS = 'lunes|martes|miércoles|jueves|viernes|mañana';

/** Buying intent: what the lead asks or says about buying. */
export const INTENT_RULES: readonly PhraseRule[] = [
  rule('pricing', words('pricing', 'price list', 'prices?', 'how much (?:does|would|will|is|do)', '(?:what|how much) (?:does|would|will) (?:it|this|that) cost', 'cost per \\w+', 'per (?:seat|user|license|licence)', 'a quote', 'quote for', 'quotation', 'preise?', 'preisliste', 'kosten', 'angebot', 'prix', 'tarifs?', 'devis', 'precios?', 'cotización', 'presupuesto')),
  rule('timeline', words('timeline', 'time ?frame', 'deadline', 'go[- ]live', 'roll[- ]?out', 'launch (?:by|in|date)', 'by (?:the )?end of (?:the )?(?:month|quarter|year|q[1-4])', '(?:this|next) quarter', `by (?:q[1-4]|${MONTHS})`, 'within (?:the next )?\\d+ (?:weeks|months)', 'asap', 'as soon as possible', 'zeitplan', 'bis ende', 'starttermin', 'échéance', "d'ici (?:la )?fin", 'calendrier', 'plazo', 'fecha límite', 'cuanto antes')),
  rule('budget', words('budget (?:is |has been |was )?(?:approved|allocated|signed off|set aside|confirmed|available|in place)', '(?:we have|we\'ve got|we’ve got|there is|there\'s|there’s) (?:a |the |some )?budget', 'budget for (?:this|it|the project|next year|q[1-4])', 'budget (?:ist )?(?:freigegeben|genehmigt|eingeplant)', 'budget (?:est )?(?:validé|approuvé|prévu)', 'presupuesto (?:aprobado|asignado)')),
  rule('evaluation', words('evaluat(?:e|es|ing|ion)', 'shortlist(?:ed)?', 'rfp', 'request for proposals?', 'vendor selection', 'proof of concept', 'poc', 'business case', 'evaluierung', 'évaluation', 'evaluación', 'evaluando')),
  rule('trial', words('trial', 'pilot', 'sandbox', 'test drive', 'try it(?: out)?', 'testphase', 'testversion', 'testzugang', 'essai', 'période d\'essai', 'prueba', 'piloto')),
  rule('comparison', words('compar(?:e|ed|es|ing|ison) (?:you|your|it|with|to|against)', 'vs\\.?', 'versus', 'alternatives? to', 'how (?:do|does) (?:you|it) (?:compare|stack up)', 'vergleich(?:en)?', 'comparé', 'comparaison', 'comparación', 'comparar')),
  rule('demo_request', words('(?:a|the|your) demo', 'walk ?through', '(?:schedule|set up|book|arrange) a (?:call|meeting|demo)', '(?:hop|jump) on a call', '(?:find|grab) (?:some )?time', 'termin vereinbaren', 'démonstration', 'demostración')),
];

/** What says the lead is less likely to buy now. Already negative phrasings: not negatable. */
export const NEGATIVE_RULES: readonly PhraseRule[] = [
  rule('unsubscribe', words('unsubscribe', 'remove me from (?:your|this|the) (?:list|mailing list|emails?)', 'take me off (?:your|this|the) (?:list|mailing list)', 'stop (?:emailing|contacting|sending)', '(?:do not|don\'t|don’t) (?:contact|email) me', 'opt(?:ed)? out', 'abmelden', 'austragen', 'nicht mehr kontaktieren', 'désabonner', 'désinscri\\w*', 'ne plus me contacter', 'darme de baja', 'dejar de recibir'), false),
  rule('not_interested', words('not interested', 'no interest', 'not a (?:good )?fit', 'not for us', 'kein interesse', 'nicht interessiert', 'pas intéressée?s?', 'ne nous intéresse pas', 'no (?:nos )?interesa', 'no estamos interesados'), false),
  rule('too_expensive', words('too expensive', 'too pricey', '(?:the )?price is too high', '(?:out of|over|beyond) (?:our|the) (?:budget|price range)', 'can\'t afford', 'can’t afford', 'zu teuer', 'trop cher', 'demasiado caro'), true),
  rule('no_budget', words('no budget', '(?:don\'t|don’t|do not|doesn\'t|doesn’t|does not) have (?:the |a |any )?budget', 'budget (?:is |has been |was )?(?:frozen|cut|spent|exhausted)', 'budget freeze', 'kein budget', 'pas de budget', 'sin presupuesto'), false),
  rule('not_now', words('not (?:right )?now', 'not at (?:the|this) (?:moment|time)', 'maybe next (?:year|quarter)', 'revisit (?:this|it) (?:in|next)', 'reach out again in', 'nicht jetzt', 'pas maintenant', 'ahora no', 'más adelante'), false),
];

/** A meeting that is happening: booked, accepted, "see you on Thursday". */
export const MEETING_RULES: readonly PhraseRule[] = [
  rule('meeting', words('booked', 'see you (?:on|then|next|tomorrow|soon at)', `see you (?:${DAYS})`, 'looking forward to (?:our|the) (?:call|meeting|demo|chat)', `talk (?:to you )?(?:tomorrow|on (?:${DAYS}))`, '(?:accepted|confirmed) (?:the|your) (?:invite|invitation)', 'confirmed for', `bis (?:${TAGE})`, `à (?:${JOURS})`, `nos vemos (?:el |)(?:${DIAS})`, `hasta el (?:${DIAS})`)),
];

/** Subjects calendar apps write when an invitee answers. */
export const ACCEPTED_SUBJECT = /^(?:accepted|angenommen|accepté|aceptad[oa]|updated invitation|invitation):/iu;

/** Flag phrasings (competitor_signed is built from the ICP's competitor list: flags-text.ts). */
export const LEFT_COMPANY_RULES: readonly PhraseRule[] = [
  rule('left_company', words('no longer (?:with|at|works? (?:at|for)|employed (?:at|by)|part of)', 'left the (?:company|organi[sz]ation|business)', 'nicht mehr (?:bei|im unternehmen|für)', 'hat das unternehmen verlassen', 'ne fait plus partie', 'a quitté (?:la société|l\'entreprise)', 'ya no (?:trabaja|forma parte)'), false),
];

export const LEGAL_HOLD_RULES: readonly PhraseRule[] = [
  rule('legal_hold', words('legal review', '(?:with|in) legal', 'our legal team', 'procurement', 'security review', 'security questionnaire', 'vendor (?:risk )?assessment', 'infosec review', 'data processing agreement', 'rechtsabteilung', 'rechtliche prüfung', 'service juridique', 'revue juridique', 'departamento legal', 'revisión legal')),
];

import { dateText, findDates, type DateReference, type IsoDate } from './dates';

const pad = (n: number) => String(n).padStart(2, '0');

/** Calendar fields of the message's date in the writer's own time zone. */
function localParts(ref: DateReference): { year: number; month: number } {
  const shifted = new Date(ref.instant.getTime() + (ref.timezone ?? 0) * 60_000);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1 };
}

const quarterStart = (year: number, q: number): IsoDate => `${year}-${pad((q - 1) * 3 + 1)}-01`;

const ORDINAL_QUARTER: Record<string, number> = { first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4, last: 4 };

/** Periods sales people are put off to, which date parsers do not read: quarters, next year. */
function period(text: string, ref: DateReference): IsoDate | null {
  const { year, month } = localParts(ref);
  const current = Math.floor((month - 1) / 3) + 1;
  const q =
    /(?<![\p{L}\p{N}])Q([1-4])(?:[ /'’-]*((?:20)?\d{2}))?(?![\p{L}\p{N}])/iu.exec(text) ??
    /\b(first|1st|second|2nd|third|3rd|fourth|4th|last) quarter(?: of (?:(20\d{2})|next year))?/i.exec(text);
  if (q) {
    const n = ORDINAL_QUARTER[(q[1] ?? '').toLowerCase()] ?? Number(q[1]);
    const stated = q[2] ? Number(q[2].length === 2 ? `20${q[2]}` : q[2]) : null;
    const y = stated ?? (/next year/i.test(q[0]) || n <= current ? year + 1 : year);
    return quarterStart(y, n);
  }
  if (/next quarter|nächste[sn]? quartal|(?:le )?trimestre prochain|próximo trimestre|volgend kwartaal|prossimo trimestre|来期/iu.test(text)) {
    return current === 4 ? quarterStart(year + 1, 1) : quarterStart(year, current + 1);
  }
  if (/next (?:fiscal )?year|new year|nächste[sn]? jahr|l['’]année prochaine|próximo año|año que viene|volgend jaar|(?:prossimo anno|anno prossimo)|próximo ano|ano que vem|来年/iu.test(text)) {
    return `${year + 1}-01-01`;
  }
  if (/next month|nächste[nr]? monat|le mois prochain|próximo mes|volgende maand|prossimo mese|próximo mês|来月/iu.test(text)) {
    return month === 12 ? `${year + 1}-01-01` : `${year}-${pad(month + 1)}-01`;
  }
  return null;
}

/** Month names chrono does not read alone ("en janvier", "im März"), by month number. */
const MONTHS: readonly RegExp[] = [
  /janvier|januar|enero|januari|gennaio|janeiro/,
  /février|fevrier|februar|febrero|februari|febbraio|fevereiro/,
  /mars|märz|maerz|marzo|maart|março/,
  /avril|abril|aprile/,
  /\bmai\b|mayo|maggio|\bmaio\b|\bmei\b/,
  /juin|juni|junio|giugno|junho/,
  /juillet|juli|julio|luglio|julho/,
  /août|aout|agosto|augustus/,
  /septembre|september|septiembre|settembre|setembro/,
  /octobre|oktober|octubre|ottobre|outubro/,
  /novembre|november|noviembre|novembro/,
  /décembre|decembre|dezember|diciembre|december|dicembre|dezembro/,
];

function monthNamed(text: string, ref: DateReference): IsoDate | null {
  const lower = text.toLowerCase();
  const found = MONTHS.map((re, i) => ({ at: re.exec(lower)?.index ?? -1, month: i + 1 })).filter((m) => m.at >= 0).sort((a, b) => a.at - b.at)[0];
  if (!found) return null;
  const { year, month } = localParts(ref);
  return `${found.month > month ? year : year + 1}-${pad(found.month)}-01`;
}

/**
 * When a "not now" reply says to come back, as an ISO date, or null when it names no time.
 * Quarters and "next year" start on their first day; a month alone ("circle back in March")
 * on the 1st of its next occurrence.
 */
export function notNowUntilOf(written: string, ref: DateReference): IsoDate | null {
  const text = dateText(written);
  const named = period(text, ref);
  if (named) return named;
  const first = findDates(text, ref).find((m) => m.start >= ref.instant.toISOString().slice(0, 10));
  return first ? first.start : monthNamed(text, ref);
}

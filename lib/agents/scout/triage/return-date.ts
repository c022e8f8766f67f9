import { addDays, dateText, findDates, type DateMention, type DateReference, type IsoDate } from './dates';

/** Words that put the writer back at work on the date that follows (or, in Japanese, precedes). */
const BACK_BEFORE =
  /(?:\bback\b|\breturn(?:s|ing)?\b|\breachable again\b|\bin the office (?:again )?(?:on|from)\b|zur[üu]ck|wieder (?:im b[üu]ro|erreichbar|da|verf[üu]gbar|zur[üu]ck)|\bab (?:dem |den )?|retour|de nouveau|à partir du|de vuelta|regres(?:o|aré|ar[ée])|reincorpor|a partir del|terug|weer (?:op kantoor|aanwezig|bereikbaar)|vanaf|rientr|ritorn|di nuovo|a partire da|de volta|retorn|regress|a partir de)[^.!?\n]{0,40}$/i;
const BACK_AFTER = /^[^。.!?\n]{0,12}(?:戻り|戻ります|出社|復帰|帰社|wieder (?:im b[üu]ro|erreichbar|da|zur[üu]ck)|zur[üu]ck)/i;

/** Words that make the date the last day away ("until", "bis", "jusqu'au"); read as the day back. */
const UNTIL_BEFORE = /(?<!\p{L})(?:until|till|through|thru|bis(?: (?:zum|einschlie[ßs]lich|inkl\.?))?|jusqu['’]?(?:au|à|a)|hasta(?: el)?|tot(?: en met)?|fino (?:al|a|il)|até|up to)(?!\p{L})[^.!?\n]{0,25}$/iu;
const UNTIL_AFTER = /^\s*(?:まで|迄)/;

/** Words that say the date is the first day away, not the last. */
const FROM_BEFORE = /(?:\bfrom\b|\bstarting\b|\bvom\b|\bdu\b|\bdesde\b|\bvan\b|\bdal\b|\bde\b)\s*(?:the\s*)?$/i;

const SENTENCE_START = /[.!?\n](?=[^.!?\n]*$)/;

function before(text: string, m: DateMention): string {
  const head = text.slice(Math.max(0, m.index - 80), m.index);
  const cut = SENTENCE_START.exec(head);
  return cut ? head.slice(cut.index + 1) : head;
}

/**
 * The day an auto-reply says its writer is back, as an ISO date, or null when it states none.
 * In order: a date after "back / return / zurück / de retour …"; a date after "until / bis /
 * jusqu'au …" (read as the day back, as most writers mean it); the day after a stated absence
 * ("traveling July 10-31", "out of the office Friday").
 */
export function returnDateOf(written: string, ref: DateReference): IsoDate | null {
  const text = dateText(written);
  const mentions = findDates(text, ref).filter((m) => m.dayStated);
  const back = mentions.find((m) => BACK_BEFORE.test(before(text, m)) || BACK_AFTER.test(text.slice(m.end)));
  if (back) return back.until ?? back.start;
  const until = mentions.find((m) => UNTIL_BEFORE.test(before(text, m)) || UNTIL_AFTER.test(text.slice(m.end)));
  if (until) return until.until ?? until.start;
  const range = mentions.find((m) => m.until !== null);
  if (range?.until) return addDays(range.until, 1);
  const single = mentions.find((m) => !FROM_BEFORE.test(before(text, m)));
  if (single && mentions.length === 1) return addDays(single.start, 1);
  return null;
}
